"""Speech figures (issue 13): WER with and without hints, fillers, long pauses, the voice heard back, noise,
the accurate vs fast recogniser, live vs batch verdict latency and peak RSS.

    .venv/bin/python bench/speech.py                 # everything (several minutes on 2 cores)
    .venv/bin/python bench/speech.py --only hints    # one section: wer hints fillers pauses voice noise latency
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.wer import corpus_wer  # noqa: E402
from trainer.config import Settings  # noqa: E402
from trainer.core.fillers import count_fillers  # noqa: E402
from trainer.core.scoring import score_answer  # noqa: E402
from trainer.speech.capture import SPEECH_RATE, LiveFileSource, read_clip, resample, write_wav  # noqa: E402
from trainer.speech.espeak_voice import Pyttsx3Voice  # noqa: E402
from trainer.speech.hibari_voice import HibariVoice  # noqa: E402
from trainer.speech.listener import Listener  # noqa: E402
from trainer.speech.pauses import long_pauses  # noqa: E402
from trainer.speech.whisper import WhisperRecogniser  # noqa: E402
from trainer.speech.whisper_models import find_model_source  # noqa: E402

EXTERNAL = ROOT.parent / "shared" / "data" / "external" / "speech"
DEV_SET = ROOT.parent / "shared" / "data" / "talking_points_dev.jsonl"
ESPEAK_VOICES = ["gmw/en-US", "gmw/en", "gmw/en-GB-x-rp", "gmw/en-029", "en-us+f3", "gmw/en-GB-scotland"]
FILLER_SOUNDS = {"um", "uh", "er", "erm", "umm", "uhm", "ah", "hmm"}
BANK_QUESTIONS = [
    q["text"] for q in yaml.safe_load((ROOT / "question_banks" / "stock.yaml").read_text(encoding="utf-8"))["questions"]
][:6]
"""The first six questions of the built-in stock bank."""

#: Interview answers with the talking points each makes (the points go in as hotwords).
ANSWERS: list[tuple[str, tuple[str, str, str]]] = [
    (
        "In my last job I led the migration of our billing system to the cloud. We cut hosting costs by "
        "thirty percent. The hardest part was getting the finance team to trust the new numbers, so I ran "
        "both systems side by side for a month.",
        ("led the billing migration", "cut hosting costs by thirty percent", "ran both systems side by side"),
    ),
    (
        "My greatest weakness is that I find it hard to delegate. I now write down every task I keep for "
        "myself and ask whether someone else could grow by doing it. Last quarter my team lead said I hand "
        "over work much earlier than before.",
        ("finds it hard to delegate", "writes down tasks to hand over", "team lead saw improvement"),
    ),
    (
        "I disagreed with my manager about releasing on a Friday. I showed her the incident data from the "
        "last six releases, and we agreed to move releases to Tuesdays. Since then we have had no weekend "
        "outages.",
        ("disagreed about Friday releases", "showed incident data", "no weekend outages since"),
    ),
    (
        "I want this role because I like building tools that other engineers use every day. Your platform "
        "team works on exactly that, and I have spent four years on internal developer tooling.",
        ("likes building tools for engineers", "platform team fits", "four years of developer tooling"),
    ),
    (
        "When a customer escalated a data loss bug, I took ownership of it over the weekend. I restored "
        "their records from backups, wrote the postmortem, and added a check that stops the bug coming back.",
        ("took ownership of an escalation", "restored records from backups", "added a check against regressions"),
    ),
    (
        "To estimate how many piano tuners work in Chicago, I would start from about three million people, "
        "assume one piano for every twenty households, and say a tuner services about a thousand pianos a "
        "year. That gives roughly a hundred tuners.",
        ("starts from the population", "pianos per household", "roughly a hundred tuners"),
    ),
    (
        "My manager wanted to ship the new version in March, and we disagreed about the release date because "
        "the tests were not ready. I asked for a meeting, and we compared the data on open bugs. We agreed on a "
        "phased launch, which went smoothly.",
        ("disagreed about the release date", "compared the data", "agreed on a phased launch"),
    ),
    (
        "I am proud of the onboarding guide I wrote for new support staff. It cut the time to their first solo "
        "shift from three weeks to one, and two other teams now use it.",
        ("wrote an onboarding guide", "cut ramp-up from three weeks to one", "other teams adopted it"),
    ),
    (
        "When two engineers on my team kept arguing in code reviews, I met each of them alone first. Then we "
        "agreed on a short style guide together, and the reviews became much calmer.",
        ("two engineers in conflict", "met each one privately", "agreed a style guide"),
    ),
    (
        "In five years I want to lead a small team that builds payment systems. I am already mentoring two "
        "junior developers, and I am studying for a security certificate.",
        ("lead a payments team", "mentoring two juniors", "studying for a security certificate"),
    ),
]


def human_clips() -> list[tuple[Path, str]]:
    """The external human recordings with their reference transcripts."""
    clips = []
    for reference in sorted(EXTERNAL.glob("*.txt")):
        audio = next((p for p in EXTERNAL.glob(reference.stem + ".*") if p.suffix != ".txt"), None)
        if audio is not None:
            clips.append((audio, reference.read_text(encoding="utf-8").strip()))
    return clips


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def espeak(path: Path, text: str, voice: str = "gmw/en-US", rate: int = 160) -> Path:
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(path), text], check=True)
    return path


def no_fillers(text: str) -> str:
    return " ".join(w for w in text.split() if w.strip(",.?!").lower() not in FILLER_SOUNDS)


def human_wer(recogniser: WhisperRecogniser, verbose: bool) -> float:
    """WER on the recorded human clips; returns the real-time factor."""
    pairs, busy, audio_s = [], 0.0, 0.0
    for path, reference in human_clips():
        clip = read_clip(path)
        started = time.perf_counter()
        text = recogniser.transcribe(clip.at_rate())
        busy += time.perf_counter() - started
        audio_s += clip.duration_s
        pairs.append((reference, text))
        if verbose:
            print(f"  {path.name}: {text}")
    rtf = busy / audio_s
    print(
        f"  {recogniser.name}: WER human clips (jfk + {len(pairs) - 1} LibriVox) {corpus_wer(pairs):.3f}, RTF {rtf:.3f}"
    )
    return rtf


def dev_answers(folder: Path, count: int = 24, words: int = 45) -> list[tuple[Path, str, Sequence[str]]]:
    """Spoken answers from the shared dev set (its first `words` words, fillers and all), espeak-ng voices in turn."""
    items = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = items[::3][:count]
    made = []
    for index, item in enumerate(chosen):
        text = " ".join(item["answer"].split()[:words])
        voice, rate = ESPEAK_VOICES[index % len(ESPEAK_VOICES)], 150 + 10 * (index % 4)
        made.append((espeak(folder / f"dev-{item['id']}.wav", text, voice, rate), text, item["points"]))
    return made


def hints_figures(recogniser: WhisperRecogniser, folder: Path, verbose: bool) -> None:
    """WER with and without the points as hints: 10 read answers, and 24 spoken dev-set answers."""
    read = [(espeak(folder / f"read-{i}.wav", text), text, points) for i, (text, points) in enumerate(ANSWERS)]
    for label, corpus in (
        ("10 read answers (espeak-ng en-US)", read),
        ("24 dev-set answers, 6 voices", dev_answers(folder)),
    ):
        plain, hinted, shorter, busy, audio_s = [], [], 0, 0.0, 0.0
        for path, reference, points in corpus:
            audio = read_clip(path).at_rate()
            started = time.perf_counter()
            plain.append((no_fillers(reference), no_fillers(recogniser.transcribe(audio))))
            hinted.append((no_fillers(reference), no_fillers(recogniser.transcribe(audio, points))))
            busy += time.perf_counter() - started
            audio_s += 2 * audio.size / SPEECH_RATE
            shorter += len(hinted[-1][1].split()) < 0.9 * len(plain[-1][1].split())
            if verbose:
                print(f"  {path.name}\n    plain: {plain[-1][1]}\n    hints: {hinted[-1][1]}")
        print(
            f"  {label}: WER without hints {corpus_wer(plain):.3f}, with hints {corpus_wer(hinted):.3f} "
            f"(fillers left out of both); hinted >10% shorter: {shorter}; RTF {busy / audio_s:.3f}"
        )
    failing_text, failing_points = ANSWERS[6]
    kept = []
    for voice, rate in (("gmw/en-029", 190), ("gmw/en-029", 160), ("gmw/en-US", 175)):
        audio = read_clip(espeak(folder / "failing.wav", failing_text, voice, rate)).at_rate()
        heard = recogniser.transcribe(audio, failing_points).lower()
        kept.append(all(p in heard for p in ("release date", "compared", "phased launch")))
    print(
        f"  the failing answer of issue 13, 3 voices: 'release date', 'compared', 'phased launch' kept in {sum(kept)}/3"
    )


FOUR_FILLERS = (
    "So, um, I led the migration of our billing system. Uh, we cut hosting costs by thirty percent. "
    "And, um, the hardest part was, uh, getting finance to trust the new numbers."
)


def filler_figures(recogniser: WhisperRecogniser, folder: Path) -> None:
    """Fillers counted in an answer with four (um, uh, um, uh) set off by commas, in five voices."""
    points = ANSWERS[0][1]
    counts = []
    for voice in ESPEAK_VOICES[:5]:
        audio = read_clip(espeak(folder / "fillers.wav", FOUR_FILLERS, voice)).at_rate()
        heard = recogniser.transcribe(audio, points)
        counts.append(len([f for f in count_fillers(heard) if f in ("um", "uh")]))
    print(f"  four fillers said, counted per voice: {counts} (>= 3 in {sum(c >= 3 for c in counts)}/5)")
    said = heard_n = 0
    for path, reference, dev_points in dev_answers(folder, count=12):
        heard_n += len(count_fillers(recogniser.transcribe(read_clip(path).at_rate(), dev_points)))
        said += len(count_fillers(reference))
    print(f"  12 dev-set answers read without pauses (espeak says 'um' as 'am'): fillers counted {heard_n} of {said}")


def pause_figures(recogniser: WhisperRecogniser, folder: Path) -> None:
    """Long pauses found in answers with a sox silence of 1.0, 2.0, 3.5 and 5 s between two sentences."""
    first = espeak(folder / "p1.wav", "In my last job I led the migration of our billing system to the cloud.")
    second = espeak(folder / "p2.wav", "We cut hosting costs by thirty percent, and finance trusted the numbers.")
    for pause_s in (1.0, 2.0, 3.5, 5.0):
        path = folder / f"paused-{pause_s}.wav"
        subprocess.run(f"sox {first} -p pad 0 {pause_s} | sox - {second} {path}", shell=True, check=True)
        audio = read_clip(path).at_rate()
        heard = recogniser.transcribe_timed(audio, ANSWERS[0][1])
        found = long_pauses(heard.words, audio)
        print(
            f"  {pause_s:.1f} s of silence (+ espeak's own tail): long_pauses {len(found)}, "
            f"pause_s {[p.seconds for p in found]}"
        )


def voice_figures(recogniser: WhisperRecogniser, folder: Path) -> None:
    """Six bank questions spoken by each voice, heard back by the recogniser."""
    for voice in (HibariVoice(), Pyttsx3Voice()):
        pairs, synth, spoken = [], 0.0, 0.0
        for question in BANK_QUESTIONS:
            started = time.perf_counter()
            samples, rate = voice.render(question)
            synth += time.perf_counter() - started
            spoken += len(samples) / rate
            pairs.append((question, recogniser.transcribe(resample(samples, rate))))
        print(f"  {voice.name}: WER heard back {corpus_wer(pairs):.3f}; synthesis RTF {synth / spoken:.3f}")
        voice.close()


def babble(folder: Path, seconds: float, seed: int) -> np.ndarray:
    """Background talk: four espeak-ng voices reading other answers at once."""
    rng = np.random.default_rng(seed)
    mix = np.zeros(int(seconds * SPEECH_RATE), dtype=np.float32)
    texts = [a for a, _ in ANSWERS]
    for index, voice in enumerate(ESPEAK_VOICES[1:5]):
        text = " ".join(texts[(seed + index + k) % len(texts)] for k in range(3))
        audio = read_clip(espeak(folder / f"babble-{index}.wav", text, voice, 150 + 10 * index)).at_rate()
        start = int(rng.integers(0, max(1, audio.size - mix.size)))
        part = audio[start : start + mix.size]
        mix[: part.size] += part
    return mix


def mix_at(speech: np.ndarray, noise: np.ndarray, snr_db: float) -> np.ndarray:
    noise = noise[: speech.size]
    gain = np.sqrt(np.mean(speech**2) / (np.mean(noise**2) * 10 ** (snr_db / 10)))
    mixed = speech + gain * noise
    return (mixed / max(1.0, float(np.abs(mixed).max()))).astype(np.float32)


def noise_figures(recogniser: WhisperRecogniser, folder: Path) -> None:
    """Read answers mixed with background talk at 10 dB SNR; silence and white noise must stay empty."""
    pairs_clean, pairs_noisy = [], []
    for index, (text, points) in enumerate(ANSWERS):
        speech = read_clip(espeak(folder / f"n-{index}.wav", text)).at_rate()
        noisy = mix_at(speech, babble(folder, speech.size / SPEECH_RATE + 1, index), 10.0)
        pairs_clean.append((text, recogniser.transcribe(speech, points)))
        pairs_noisy.append((text, recogniser.transcribe(noisy, points)))
    print(
        f"  10 read answers: WER clean {corpus_wer(pairs_clean):.3f}, babble at 10 dB SNR {corpus_wer(pairs_noisy):.3f}"
    )
    rng = np.random.default_rng(1)
    white = recogniser.transcribe(rng.normal(0, 0.05, 10 * SPEECH_RATE).astype(np.float32), ANSWERS[0][1])
    silent = recogniser.transcribe(np.zeros(10 * SPEECH_RATE, dtype=np.float32), ANSWERS[0][1])
    print(f"  10 s white noise -> {white!r}; 10 s silence -> {silent!r}")


def long_answer(seconds: float, kind: str, voice: Any, folder: Path, run: int) -> tuple[Path, str]:
    """A WAV of about `seconds` of answer: espeak sentences, or the human clips with pauses between."""
    path = folder / f"{kind}-{seconds:.0f}-{run}.wav"
    if kind == "espeak":
        texts = [a for a, _ in ANSWERS]
        texts = texts[run % len(texts) :] + texts[: run % len(texts)]
        words_per_s = 160 / 60
        chosen: list[str] = []
        while sum(len(t.split()) for t in chosen) / words_per_s < seconds:
            chosen.append(texts[len(chosen) % len(texts)])
        text = " ".join(chosen)
        voice.save_to_wav(text, path)
        clip = read_clip(path)
        write_wav(path, clip.samples[: int(seconds * clip.rate)], clip.rate)
        return path, text
    clips = [read_clip(p).at_rate() for p, _ in human_clips()]
    rng = np.random.default_rng(run)
    parts, total = [], 0
    while total < seconds * SPEECH_RATE:
        clip = clips[int(rng.integers(len(clips)))]
        gap = np.zeros(int(rng.uniform(0.3, 1.0) * SPEECH_RATE), dtype=np.float32)
        parts += [clip, gap]
        total += len(clip) + len(gap)
    write_wav(path, np.concatenate(parts)[: int(seconds * SPEECH_RATE)], SPEECH_RATE)
    return path, ""


def live_vs_batch(
    recogniser: WhisperRecogniser,
    voice: Any,
    lengths: Sequence[float],
    runs: int,
    kinds: Sequence[str],
    speed: float,
    max_phrase_s: float,
) -> None:
    """End of audio to verdict (transcript scored), live through LiveFileSource vs batch after the end."""
    points = ANSWERS[0][1]
    print(f"\nverdict latency, end of audio -> scored ({runs} run(s) each, replay speed {speed:g}x):")
    print(f"{'answer':>14} {'live p50':>9} {'live p95':>9} {'batch p50':>10} {'live/batch':>11} {'phrases':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            for seconds in lengths:
                live, batch, phrases = [], [], []
                for run in range(runs):
                    path, _ = long_answer(seconds, kind, voice, Path(tmp), run)
                    source = LiveFileSource(path, speed=speed)
                    listener = Listener(
                        source, recogniser, hotwords=points, max_phrase_s=max_phrase_s, on_partial=lambda p, w: None
                    )
                    result = listener.run()
                    score_answer(result.text, points, duration_s=result.speech_s, spoken=True)
                    assert source.ended_at is not None
                    live.append(time.perf_counter() - source.ended_at)
                    phrases.append(len(result.phrases))
                    started = time.perf_counter()
                    text = recogniser.transcribe(read_clip(path).at_rate(), points)
                    score_answer(text, points, spoken=True)
                    batch.append(time.perf_counter() - started)
                p95 = float(np.percentile(live, 95))
                print(
                    f"{kind + f' {seconds:.0f} s':>14} {statistics.median(live):9.2f} {p95:9.2f} "
                    f"{statistics.median(batch):10.2f} {statistics.median(live) / statistics.median(batch):11.2f} "
                    f"{statistics.median(phrases):8.0f}"
                )


def live_lag(recogniser: WhisperRecogniser, folder: Path) -> None:
    """How far the words shown while talking lag behind the speech (a 30 s answer replayed in real time).

    Each update shows n words; the n-th word's end in the audio (from the file's word timestamps) is when it
    was said, and the update's arrival is when it was shown.
    """
    text = " ".join(a for a, _ in ANSWERS[:4])
    path = espeak(folder / "live.wav", text)
    audio = read_clip(path).at_rate()
    ends = [w.end for w in recogniser.transcribe_timed(audio).words]
    source = LiveFileSource(path)
    lags: list[float] = []

    def shown(_phrase: str, words: str) -> None:
        assert source.started_at is not None
        n = min(len(words.split()), len(ends))
        if n:
            lags.append(time.perf_counter() - source.started_at - ends[n - 1])

    Listener(source, recogniser, hotwords=ANSWERS[0][1], on_partial=shown, on_phrase=shown).run()
    print(
        f"live words while talking ({audio.size / SPEECH_RATE:.0f} s answer, {len(lags)} updates): lag behind speech "
        f"p50 {statistics.median(lags):.2f} s, p95 {float(np.percentile(lags, 95)):.2f} s"
    )


class TimingOutput:
    """Stands in for a sound card (none here): consumes blocks at playback pace, notes the first."""

    block_s = 0.05

    def check(self) -> tuple[bool, str]:
        return True, ""

    def play(self, samples: np.ndarray, rate: int, stop: threading.Event, on_start: Callable[[], None]) -> bool:
        on_start()
        stop.wait(min(0.2, len(samples) / rate))  # a moment of "playback"; the start is what counts
        return not stop.is_set()


def speech_start() -> None:
    """From speak() (the question appearing) to the first block handed to the output, for each voice."""
    questions = [
        "What is your greatest weakness?",
        "Tell me about a time you disagreed with your manager, what you did, and what happened in the end.",
        "Why do you want this job?",
    ]
    for voice in (HibariVoice(output=TimingOutput()), Pyttsx3Voice(output=TimingOutput())):
        cold = voice.speak(questions[0]).first_sound_s
        warm = [voice.speak(q).first_sound_s or 0.0 for q in questions * 3]
        voice.close()
        print(
            f"speech start, {voice.name} (render + hand-off; no sound card here): first question {cold:.3f} s "
            f"(loads the voice), then p50 {statistics.median(warm):.3f} s, max {max(warm):.3f} s"
        )


def session_memory(model: str, folder: Path) -> None:
    """Peak RSS of a fresh process that loads the judge, the recogniser and the voice and scores one spoken answer."""
    path = espeak(folder / "memory.wav", ANSWERS[6][0])
    script = f"""
import os, resource, sys
sys.path.insert(0, {str(ROOT)!r})
from trainer.config import Settings
from trainer.core.scoring import score_answer
from trainer.judge import judge_for
from trainer.speech.recognisers import load_recogniser
from trainer.speech.transcribe import transcribe_file
from trainer.speech.voices import make_voice
from trainer.ui.engines import release_freed_memory
def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024
settings = Settings(recogniser={model!r})
judge = judge_for(settings); release_freed_memory(); steps = [("judge", rss())]
recogniser = load_recogniser(settings); release_freed_memory(); steps.append((recogniser.name, rss()))
voice = make_voice(settings); voice.render("Tell me about yourself."); release_freed_memory()
steps.append((voice.name, rss()))
points = {list(ANSWERS[6][1])!r}
heard = transcribe_file({str(path)!r}, recogniser, live=True, hotwords=points, speed=4.0)
score_answer(heard.text, points, duration_s=heard.speech_s, spoken=True, judge=judge)
steps.append(("one answer scored", rss()))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print("  " + ", then ".join(f"{{name}} {{mb}} MB" for name, mb in steps) + f"; peak RSS {{peak}} MB")
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    print(result.stdout.rstrip() or f"  failed: {result.stderr.strip().splitlines()[-1:]}")


SECTIONS = ("wer", "hints", "fillers", "pauses", "voice", "noise", "latency", "lag", "memory")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--model", choices=["fast", "accurate"], default="fast", help="recogniser for the sections")
    parser.add_argument("--runs", type=int, default=2, help="live replays per answer length")
    parser.add_argument("--lengths", type=float, nargs="+", default=[30, 120])
    parser.add_argument("--kinds", nargs="+", default=["espeak", "human"], choices=["espeak", "human"])
    parser.add_argument("--speed", type=float, default=1.0, help="replay speed (1 = real time, as a user)")
    parser.add_argument("--max-phrase", type=float, default=12.0)
    parser.add_argument("--verbose", action="store_true", help="print every transcript")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        import os

        os.environ["TRAINER_HOME"] = str(home)
        folder = Path(tmp)
        started = time.perf_counter()
        recogniser = WhisperRecogniser(find_model_source(Settings(recogniser=args.model)))
        recogniser.warm_up()
        print(
            f"{recogniser.name}: load + warm-up {time.perf_counter() - started:.2f} s; peak RSS {peak_rss_mb():.0f} MB"
        )
        if "wer" in args.only:
            print("\nWER on recorded human speech, fast vs accurate:")
            human_wer(recogniser, args.verbose)
            other = "accurate" if args.model == "fast" else "fast"
            second = WhisperRecogniser(find_model_source(Settings(recogniser=other)))
            second.warm_up()
            human_wer(second, args.verbose)
            del second
        sections = [
            (
                "hints",
                "\nhints (the question's points) with vs without:",
                lambda: hints_figures(recogniser, folder, args.verbose),
            ),
            ("fillers", "\nfillers:", lambda: filler_figures(recogniser, folder)),
            (
                "pauses",
                "\nlong pauses (>= 2.5 s) from word timestamps and the audio:",
                lambda: pause_figures(recogniser, folder),
            ),
            (
                "voice",
                "\nthe voice, six bank questions heard back by the recogniser:",
                lambda: voice_figures(recogniser, folder),
            ),
            ("noise", "\nnoise:", lambda: noise_figures(recogniser, folder)),
        ]
        for name, title, run in sections:
            if name in args.only:
                print(title)
                run()
        if "latency" in args.only:
            voice = Pyttsx3Voice()
            live_vs_batch(recogniser, voice, args.lengths, args.runs, args.kinds, args.speed, args.max_phrase)
            speech_start()
        if "lag" in args.only:
            live_lag(recogniser, folder)
        if "memory" in args.only:
            print(f"\na spoken session's memory ({args.model} recogniser, resident after each load):")
            session_memory(args.model, folder)
    print(f"\npeak RSS (this bench process, its recognisers and voices loaded): {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
