"""Speech figures: WER, real-time factor, live vs batch verdict latency, peak RSS and voice start time."""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.config import Settings  # noqa: E402
from trainer.core.scoring import score_answer  # noqa: E402
from trainer.core.wer import corpus_wer  # noqa: E402
from trainer.speech.capture import SPEECH_RATE, LiveFileSource, read_clip, write_wav  # noqa: E402
from trainer.speech.listener import Listener  # noqa: E402
from trainer.speech.stt import Transcriber, WhisperTranscriber, find_model_source  # noqa: E402
from trainer.speech.tts import Pyttsx3Speaker  # noqa: E402

EXTERNAL = ROOT.parent / "shared" / "data" / "external" / "speech"

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


def wer_figures(
    transcriber: Transcriber, espeak: list[tuple[Path, str, Sequence[str]]], verbose: bool = False
) -> float:
    """Batch WER on human clips and espeak answers; returns the real-time factor over all of them."""
    busy = audio_s = 0.0
    human = []
    for path, reference in human_clips():
        clip = read_clip(path)
        started = time.perf_counter()
        text = transcriber.transcribe(clip.at_rate())
        busy += time.perf_counter() - started
        audio_s += clip.duration_s
        human.append((reference, text))
        if verbose:
            print(f"  {path.name}: {text}")
    print(f"WER human clips (jfk + {len(human) - 1} LibriVox), batch: {corpus_wer(human):.3f}")
    plain, hinted = [], []
    for path, reference, points in espeak:
        clip = read_clip(path)
        started = time.perf_counter()
        plain.append((reference, transcriber.transcribe(clip.at_rate())))
        busy += time.perf_counter() - started
        audio_s += clip.duration_s
        hinted.append((reference, transcriber.transcribe(clip.at_rate(), points)))
        if verbose:
            print(f"  {path.name}: {plain[-1][1]}\n  {'':>{len(path.name)}}  hotwords: {hinted[-1][1]}")
    print(
        f"WER espeak answers ({len(espeak)}), batch: {corpus_wer(plain):.3f}; with points as hotwords: "
        f"{corpus_wer(hinted):.3f}"
    )
    rtf = busy / audio_s
    print(f"real-time factor (batch, {audio_s:.0f} s of audio): {rtf:.3f}")
    return rtf


def long_answer(seconds: float, kind: str, speaker: Pyttsx3Speaker, folder: Path, run: int) -> tuple[Path, str]:
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
        speaker.save_to_wav(text, path)
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
    transcriber: Transcriber,
    speaker: Pyttsx3Speaker,
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
                    path, _ = long_answer(seconds, kind, speaker, Path(tmp), run)
                    source = LiveFileSource(path, speed=speed)
                    listener = Listener(source, transcriber, hotwords=points, max_phrase_s=max_phrase_s)
                    result = listener.run()
                    score_answer(result.text, points, duration_s=result.speech_s, spoken=True)
                    assert source.ended_at is not None
                    live.append(time.perf_counter() - source.ended_at)
                    phrases.append(len(result.phrases))
                    started = time.perf_counter()
                    text = transcriber.transcribe(read_clip(path).at_rate(), points)
                    score_answer(text, points, spoken=True)
                    batch.append(time.perf_counter() - started)
                p95 = float(np.percentile(live, 95))
                print(
                    f"{kind + f' {seconds:.0f} s':>14} {statistics.median(live):9.2f} {p95:9.2f} "
                    f"{statistics.median(batch):10.2f} {statistics.median(live) / statistics.median(batch):11.2f} "
                    f"{statistics.median(phrases):8.0f}"
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
    """From speak() (the question appearing) to the first block handed to the output."""
    questions = [
        "What is your greatest weakness?",
        "Tell me about a time you disagreed with your manager, what you did, and what happened in the end.",
        "Why do you want this job?",
    ]
    speaker = Pyttsx3Speaker(output=TimingOutput())
    cold = speaker.speak(questions[0]).first_sound_s
    warm = [speaker.speak(q).first_sound_s or 0.0 for q in questions * 3]
    speaker.close()
    print(
        f"\nspeech start (render + hand-off to the output; no sound card here): first question "
        f"{cold:.3f} s (loads espeak), then p50 {statistics.median(warm):.3f} s, max {max(warm):.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="live replays per answer length")
    parser.add_argument("--lengths", type=float, nargs="+", default=[30, 60, 120])
    parser.add_argument("--kinds", nargs="+", default=["espeak", "human"], choices=["espeak", "human"])
    parser.add_argument("--speed", type=float, default=1.0, help="replay speed (1 = real time, as a user)")
    parser.add_argument("--beam", type=int, default=None, help="override the beam size")
    parser.add_argument("--max-phrase", type=float, default=12.0)
    parser.add_argument("--verbose", action="store_true", help="print every transcript")
    parser.add_argument("--wer-only", action="store_true", help="skip the latency and voice figures")
    args = parser.parse_args()

    started = time.perf_counter()
    transcriber = WhisperTranscriber(find_model_source(Settings()))
    if args.beam:
        transcriber.beam_size = args.beam
    transcriber.warm_up()
    print(f"model load + warm-up: {time.perf_counter() - started:.2f} s; peak RSS {peak_rss_mb():.0f} MB")
    speaker = Pyttsx3Speaker()
    with tempfile.TemporaryDirectory() as tmp:
        espeak = []
        for index, (text, points) in enumerate(ANSWERS):
            path = Path(tmp) / f"answer-{index}.wav"
            speaker.save_to_wav(text, path)
            espeak.append((path, text, points))
        wer_figures(transcriber, espeak, args.verbose)
    if args.wer_only:
        return
    live_vs_batch(transcriber, speaker, args.lengths, args.runs, args.kinds, args.speed, args.max_phrase)
    speech_start()
    print(f"\npeak RSS with the model loaded: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
