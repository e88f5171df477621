"""The Listener's phrase and stop logic, with a scripted source and a fake recogniser (no model, no device)."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from types import TracebackType

import numpy as np
import pytest
import speech_recognition as sr

from trainer.core.errors import AudioError
from trainer.speech.capture import BlockStream, to_pcm16
from trainer.speech.input_tap import END_OF_AUDIO, INPUT_LOST, SILENCE, STOPPED, TIME_LIMIT, level_of
from trainer.speech.listener import ERROR, Listener
from trainer.speech.recognisers import FakeRecogniser

RATE = 16_000
CHUNK = 1024


def speech(seconds: float, amp: float = 0.3) -> np.ndarray:
    """Stand-in for a voice: loud noise the energy detector treats as speech."""
    return (np.random.default_rng(int(seconds * 1000)).uniform(-amp, amp, int(seconds * RATE))).astype(np.float32)


def quiet(seconds: float) -> np.ndarray:
    return np.random.default_rng(1).normal(0, 0.0005, int(seconds * RATE)).astype(np.float32)


class ScriptedSource(sr.AudioSource):
    """Audio that is all there at once (no pacing): tests run in audio time, not wall time.

    `endless` keeps producing quiet after the script, as a microphone would; `wait_s` makes each
    read take that long (a real-time device), so a stop from another thread can land mid-answer.
    """

    def __init__(self, samples: np.ndarray, endless: bool = False, wait_s: float = 0.0, fail: bool = False):
        self.SAMPLE_RATE = RATE
        self.SAMPLE_WIDTH = 2
        self.CHUNK = CHUNK
        self.samples = samples
        self.endless = endless
        self.wait_s = wait_s
        self.fail = fail
        self.stream: object = None
        self.closed = False

    def __enter__(self) -> ScriptedSource:
        if self.fail:
            raise AudioError("no microphone: test")
        self.stream = _Reader(self)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.closed = True
        self.stream = None


class _Reader:
    def __init__(self, source: ScriptedSource) -> None:
        self.source = source
        self.pcm = to_pcm16(source.samples)
        self.offset = 0
        self.filler = to_pcm16(quiet(CHUNK / RATE))

    def read(self, frames: int) -> bytes:
        if self.source.wait_s:
            time.sleep(self.source.wait_s)
        if self.offset >= len(self.pcm):
            return self.filler if self.source.endless else b""
        block = self.pcm[self.offset : self.offset + frames * 2]
        self.offset += frames * 2
        return block


def listen(samples: np.ndarray, texts: Sequence[str] = (), **kwargs: object) -> tuple[Listener, list, list, list]:
    recogniser = kwargs.pop("recogniser", None) or FakeRecogniser(texts)
    source = kwargs.pop("source", None) or ScriptedSource(samples, endless=bool(kwargs.pop("endless", False)))
    levels: list[float] = []
    phrases: list[tuple[str, str]] = []
    done: list[tuple[str, float, str]] = []
    listener = Listener(
        source,
        recogniser,  # type: ignore[arg-type]
        on_level=levels.append,
        on_phrase=lambda p, s: phrases.append((p, s)),
        on_done=lambda t, a, r: done.append((t, a, r)),
        **kwargs,  # type: ignore[arg-type]
    )
    return listener, levels, phrases, done


def test_phrases_split_at_pauses_and_transcribed_in_order() -> None:
    audio = np.concatenate([quiet(0.5), speech(1.5), quiet(1.2), speech(2.0), quiet(1.2), speech(1.0), quiet(0.3)])
    listener, levels, phrases, done = listen(audio, ["one", "two", "three"])
    result = listener.run()
    assert result.text == "one two three"
    assert phrases == [("one", "one"), ("two", "one two"), ("three", "one two three")]
    assert done == [("one two three", pytest.approx(len(audio) / RATE, abs=0.07), END_OF_AUDIO)]
    assert result.reason == END_OF_AUDIO
    assert result.phrases == ("one", "two", "three")
    assert result.speech_s == pytest.approx(6.9, abs=0.2)
    assert levels and all(0.0 <= v <= 1.0 for v in levels)
    assert max(levels) > 0.6 and min(levels) < 0.3


def test_each_phrase_holds_its_speech_at_16_khz_with_the_hotwords() -> None:
    audio = np.concatenate([quiet(0.5), speech(1.5), quiet(1.2), speech(2.0), quiet(0.2)])
    recogniser = FakeRecogniser(["a", "b"])
    listener, *_ = listen(audio, recogniser=recogniser, hotwords=["led the team", "cut costs"])
    listener.run()
    (first, hot1), (second, hot2) = recogniser.calls
    assert hot1 == hot2 == ("led the team", "cut costs")
    # each phrase: its speech plus up to half a second kept either side
    assert 1.5 * RATE <= first <= 2.6 * RATE
    assert 2.0 * RATE <= second <= 3.1 * RATE


def test_silence_or_clicks_alone_are_never_sent_to_the_recogniser() -> None:
    recogniser = FakeRecogniser(["hallucinated"])
    listener, *_ = listen(quiet(3.0), recogniser=recogniser)
    result = listener.run()
    assert recogniser.calls == []
    assert result.text == ""
    assert result.speech_s == 0.0


def test_stops_after_the_configured_silence_once_speech_started() -> None:
    audio = np.concatenate([quiet(2.0), speech(1.0)])
    listener, _levels, _phrases, done = listen(audio, ["hello"], endless=True, silence_stop_s=3.0)
    result = listener.run()
    assert result.reason == SILENCE
    assert result.text == "hello"
    assert result.audio_s == pytest.approx(3.0 + 3.0, abs=0.15)
    assert done[0][2] == SILENCE


def test_silence_before_speaking_does_not_stop_the_answer() -> None:
    audio = np.concatenate([quiet(4.0), speech(1.0)])
    listener, *_ = listen(audio, ["late start"], endless=True, silence_stop_s=2.0)
    result = listener.run()
    assert result.reason == SILENCE
    assert result.text == "late start"
    assert result.audio_s > 5.0


def test_time_limit_ends_the_answer_mid_phrase_and_keeps_its_words() -> None:
    listener, *_ = listen(speech(10.0), ["cut off"], time_limit_s=4.0)
    result = listener.run()
    assert result.reason == TIME_LIMIT
    assert result.audio_s == pytest.approx(4.0, abs=0.07)
    assert result.text == "cut off"


def test_stop_from_another_thread_ends_at_once_and_transcribes_the_last_phrase() -> None:
    source = ScriptedSource(np.concatenate([quiet(0.3), speech(60.0)]), wait_s=CHUNK / RATE / 20)
    listener, _levels, _phrases, done = listen(np.zeros(0), ["so far"], source=source)
    listener.start()
    time.sleep(0.3)
    stopped_at = time.perf_counter()
    listener.stop()
    result = listener.wait(timeout=5)
    assert result is not None
    assert time.perf_counter() - stopped_at < 1.0
    assert result.reason == STOPPED
    assert result.text == "so far"
    assert done and done[0][2] == STOPPED
    assert source.closed


def test_an_over_long_phrase_is_cut_at_a_gap_between_words() -> None:
    # 20 s of talk with 0.2 s gaps (too short to end a phrase) every 2 s
    parts = []
    for _ in range(10):
        parts += [speech(1.8), quiet(0.2)]
    recogniser = FakeRecogniser(["x", "y", "z"])
    listener, *_ = listen(np.concatenate(parts), recogniser=recogniser, max_phrase_s=6.0)
    result = listener.run()
    assert len(recogniser.calls) >= 3
    assert all(samples <= 8.5 * RATE for samples, _ in recogniser.calls)
    assert result.text.startswith("x y z")


def test_no_gap_at_all_still_cuts_under_whisper_window() -> None:
    # loud talk whose only dips are single blocks: never two quiet blocks in a row
    blocks = [speech(CHUNK / RATE, amp=0.05 if i % 10 == 0 else 0.3) for i in range(int(40 * RATE / CHUNK))]
    recogniser = FakeRecogniser(["a", "b"])
    listener, *_ = listen(np.concatenate(blocks), recogniser=recogniser, max_phrase_s=12.0)
    listener.run()
    assert len(recogniser.calls) >= 2
    assert all(samples < 30 * RATE for samples, _ in recogniser.calls)
    assert sum(samples for samples, _ in recogniser.calls) >= 39 * RATE


def test_a_steady_hum_is_learnt_as_noise_not_speech() -> None:
    recogniser = FakeRecogniser()
    hum = np.concatenate([speech(60.0, amp=0.05)])
    listener, *_ = listen(hum, recogniser=recogniser, silence_stop_s=5.0)
    result = listener.run()
    # only the first seconds, before the noise floor is learnt, can pass for speech
    assert sum(samples for samples, _ in recogniser.calls) <= 4 * RATE
    assert result.reason == SILENCE


def test_a_source_that_cannot_open_ends_with_an_error_not_an_exception() -> None:
    source = ScriptedSource(np.zeros(0), fail=True)
    listener, _levels, _phrases, done = listen(np.zeros(0), source=source)
    result = listener.run()
    assert result.reason == ERROR
    assert result.error == "no microphone: test"
    assert done == [("", 0.0, ERROR)]


def test_a_failing_recogniser_keeps_the_other_phrases() -> None:
    calls = iter([RuntimeError("boom"), "second"])

    def respond(audio: np.ndarray, hotwords: Sequence[str]) -> str:
        outcome = next(calls)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    audio = np.concatenate([speech(1.0), quiet(1.2), speech(1.0)])
    listener, *_ = listen(audio, recogniser=FakeRecogniser(respond=respond))
    result = listener.run()
    assert result.text == "second"
    assert result.error is not None and "boom" in result.error
    assert result.reason == END_OF_AUDIO


def test_a_vanished_device_ends_as_input_lost() -> None:
    class StallingSource(ScriptedSource):
        def __enter__(self) -> StallingSource:
            stream = BlockStream(stall_s=0.1)
            stream.put(to_pcm16(speech(0.5)))
            self.stream = stream
            return self

    listener, *_ = listen(np.zeros(0), ["half"], source=StallingSource(np.zeros(0)))
    result = listener.run()
    assert result.reason == INPUT_LOST
    assert result.text == "half"


def test_phrases_are_transcribed_while_the_answer_goes_on() -> None:
    seen_at: list[float] = []
    ended = threading.Event()

    def respond(audio: np.ndarray, hotwords: Sequence[str]) -> str:
        seen_at.append(time.perf_counter())
        return "p"

    source = ScriptedSource(
        np.concatenate([speech(1.0), quiet(1.0), speech(1.0), quiet(1.0), speech(1.0)]), wait_s=CHUNK / RATE / 8
    )
    listener, *_ = listen(np.zeros(0), recogniser=FakeRecogniser(respond=respond), source=source)
    listener.on_done = lambda *_: ended.set()
    started = time.perf_counter()
    listener.run()
    finished = time.perf_counter()
    assert len(seen_at) == 3
    # the first phrase was transcribed well before the audio ran out
    assert seen_at[0] - started < (finished - started) * 0.7


def test_level_meter_scale() -> None:
    assert level_of(b"") == 0.0
    assert level_of(to_pcm16(np.zeros(100, dtype=np.float32))) == 0.0
    full = level_of(to_pcm16(np.full(100, 0.99, dtype=np.float32)))
    assert 0.99 <= full <= 1.0
    assert level_of(to_pcm16(np.full(100, 0.001, dtype=np.float32))) == pytest.approx(0.0, abs=0.01)
    assert level_of(to_pcm16(np.full(100, 0.03, dtype=np.float32))) == pytest.approx(0.5, abs=0.05)


def test_recording_is_kept_for_saving(tmp_path) -> None:
    audio = np.concatenate([speech(1.0), quiet(0.5)])
    listener, *_ = listen(audio, ["x"])
    listener.run()
    kept = listener.audio()
    assert len(kept) == pytest.approx(len(audio), abs=CHUNK)
    listener.save_wav(tmp_path / "answer.wav")
    assert (tmp_path / "answer.wav").stat().st_size > len(audio)


def test_words_of_a_long_phrase_are_shown_while_it_is_still_being_spoken() -> None:
    """A 6 s phrase with no pause in it: partial transcripts arrive before the phrase ends (issue 13)."""
    source = ScriptedSource(
        np.concatenate([quiet(0.3), speech(6.0), quiet(1.5)]), wait_s=CHUNK / RATE
    )  # real time: partials come about every second
    fake = FakeRecogniser(respond=lambda audio, hotwords: " ".join(["word"] * int(len(audio) / RATE)))
    partials: list[tuple[float, str]] = []
    phrases: list[float] = []
    started = time.perf_counter()
    listener = Listener(
        source,
        fake,
        on_partial=lambda phrase, words: partials.append((time.perf_counter() - started, words)),
        on_phrase=lambda phrase, words: phrases.append(time.perf_counter() - started),
        max_phrase_s=12.0,
    )
    result = listener.run()
    assert len(result.phrases) == 1 and phrases
    early = [at for at, _ in partials if at < phrases[0]]
    assert len(early) >= 2, (partials, phrases)
    # each shows more of the phrase than the one before
    counts = [len(words.split()) for _, words in partials]
    assert counts == sorted(counts)
