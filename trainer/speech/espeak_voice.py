"""espeak-ng through pyttsx3: the fallback voice, rendered to a private WAV and played by sounddevice.

pyttsx3 2.99's espeak driver has measured quirks, each handled here:
- after one `save_to_file`, later `say()` calls write into that file instead of playing. We never
  call `say()`: every utterance is rendered with `save_to_file` into a fresh file of our own and
  played by sounddevice, so a saved file is never written again.
- saving prints "Audio saved to ..." on stdout, which would corrupt the TUI or JSON output; the
  driver module's `print` is redirected to our logger.
- `runAndWait()` after `save_to_file` may return before espeak-ng's thread has written the file
  (and a second save then lands in the first's file); we wait for "finished-utterance".
- `runAndWait()` begins by cancelling whatever espeak-ng still has queued, which silently drops
  rate and voice changes and can cut an utterance short; we wait for its queue to drain first.
- with no audio device `say()` returns at once and the sound is lost (it shells out to `aplay`);
  we check for an output device first and say "not spoken: no audio output device".
Playing through sounddevice also makes `stop()` work from another thread, which `say()` cannot.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import logging
import os
import sys
import tempfile
import threading
import time
import wave
import weakref
from pathlib import Path
from typing import Any

import numpy as np

from trainer.speech.voice_output import DEFAULT_RATE, AudioOutput, SoundDeviceOutput, Utterance, render_and_play

log = logging.getLogger(__name__)

ESPEAK = "espeak"
SYNTH_TIMEOUT_S = 10.0
ENGLISH_VOICES = ("gmw/en-us", "gmw/en", "en-us", "en")

# espeak-ng is one library instance per process and not thread-safe: every call goes through this
_ESPEAK_LOCK = threading.Lock()


def espeak_library_setup(
    system_library_found: bool, loader: Any | None, environ: dict[str, str] | os._Environ[str]
) -> str | None:
    """Choose the espeak-ng library: the system one, else espeakng-loader's (with ESPEAK_DATA_PATH set).

    Returns the library path to preload, or None for the system library (or none at all). Without
    ESPEAK_DATA_PATH the loader's library cannot find its voices and espeak ends the process.
    """
    if system_library_found or loader is None:
        return None
    environ["ESPEAK_DATA_PATH"] = str(loader.get_data_path())
    return str(loader.get_library_path())


def _prepare_espeak() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import ctypes.util

    found = ctypes.util.find_library("espeak-ng") is not None
    try:
        import espeakng_loader as loader
    except ImportError:
        loader = None
    library = espeak_library_setup(found, loader, os.environ)
    if library is not None:
        # pyttsx3 opens "libespeak-ng.so.1" by name; a copy already loaded under that soname is reused
        ctypes.CDLL(library, mode=ctypes.RTLD_GLOBAL)


def _quiet_driver_print(*args: Any, **kwargs: Any) -> None:
    log.debug("pyttsx3: %s", " ".join(str(a) for a in args))


_ENGINE: Any = None
_VOICES: weakref.WeakSet[Pyttsx3Voice] = weakref.WeakSet()


def _release_engine() -> None:
    """Drop the engine while the interpreter still works: pyttsx3's __del__ fails during shutdown."""
    global _ENGINE
    for voice in list(_VOICES):
        voice._engine = None
    _ENGINE = None
    gc.collect()


def _shared_engine() -> Any:
    """The process's one pyttsx3 engine (pyttsx3 and espeak-ng allow only one anyway)."""
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = _init_engine()
        atexit.register(_release_engine)
    return _ENGINE


def _init_engine() -> Any:
    """pyttsx3's espeak engine with its stdout prints sent to our logger."""
    _prepare_espeak()
    import pyttsx3

    engine = pyttsx3.init("espeak" if sys.platform.startswith("linux") else None)
    # a new proxy holds commands until the first runAndWait, whose stop() would then cancel them
    # in espeak-ng's queue: let them through now
    engine.proxy.setBusy(False)
    driver_module = sys.modules.get("pyttsx3.drivers.espeak")
    if driver_module is not None:
        # the driver's print() of "Audio saved to ..." looks up this module global before builtins
        driver_module.print = _quiet_driver_print  # type: ignore[attr-defined]
    return engine


def _wait_until_idle(timeout_s: float = 2.0) -> None:
    """Wait for espeak-ng's command queue to drain.

    pyttsx3's runAndWait starts by calling the driver's stop(), which cancels whatever espeak-ng
    still reports as playing: queued voice and rate changes (measured: the rate setting ignored)
    or the tail of the previous utterance (measured: files cut short, at random).
    """
    espeak = sys.modules.get("pyttsx3.drivers._espeak")
    if espeak is None:
        return
    deadline = time.perf_counter() + timeout_s
    while espeak.IsPlaying() and time.perf_counter() < deadline:
        time.sleep(0.002)


def _read_wav(path: Path) -> tuple[np.ndarray, int]:
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        pcm = wav.readframes(wav.getnframes())
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0, rate


class Pyttsx3Voice:
    """pyttsx3 renders each utterance to a private WAV, sounddevice plays it (interruptible)."""

    name = "espeak-ng"

    def __init__(self, voice: str | None = None, rate: int = DEFAULT_RATE, output: AudioOutput | None = None):
        self.voice = voice
        self.rate = rate
        self.output: AudioOutput = output or SoundDeviceOutput()
        self._engine: Any = None  # the shared engine, once this voice has configured its voice
        self._voice_id: str | None = None
        self._voice_problem: str | None = None
        self._stop = threading.Event()
        self._workdir = tempfile.TemporaryDirectory(prefix="trainer-voice-")
        _VOICES.add(self)

    def _ensure_engine(self) -> Any:
        if self._engine is None:
            try:
                self._engine = _shared_engine()
            except Exception as exc:  # no espeak library, or pyttsx3 missing a driver
                self._voice_problem = f"not spoken: no voice ({exc})"
                raise
            self._choose_voice()
        # one engine is shared by every voice: set ours before every use, the voice first since
        # espeak-ng resets the rate to the voice's own when a voice is chosen
        if self._voice_id is not None:
            self._engine.setProperty("voice", self._voice_id)
        self._engine.setProperty("rate", self.rate)
        return self._engine

    def _choose_voice(self) -> None:
        voices = {v.id: v for v in self._engine.getProperty("voices")}
        names = {str(v.name).lower(): v.id for v in voices.values()}
        wanted = self.voice
        if wanted:
            chosen = wanted if wanted in voices else names.get(wanted.lower())
            if chosen is None:
                self._voice_problem = f"not spoken: voice {wanted!r} not found (set voice in config.yaml)"
                return
        else:
            chosen = next((v for v in ENGLISH_VOICES if v in voices), None)
        self._voice_id = chosen

    @property
    def voice_id(self) -> str | None:
        """The espeak voice in use once loaded (None: espeak's default)."""
        return self._voice_id

    def voices(self) -> list[tuple[str, str]]:
        """(id, name) of every installed voice."""
        with _ESPEAK_LOCK:
            engine = self._ensure_engine()
            return [(str(v.id), str(v.name)) for v in engine.getProperty("voices")]

    def check_voice(self) -> tuple[bool, str]:
        """Can a voice be loaded? (No device needed.)"""
        try:
            with _ESPEAK_LOCK:
                self._ensure_engine()
        except Exception as exc:
            return False, f"not spoken: no voice ({exc})"
        if self._voice_problem:
            return False, self._voice_problem
        return True, ""

    def check(self) -> tuple[bool, str]:
        """Voice first, then an output device."""
        ok, reason = self.check_voice()
        if not ok:
            return ok, reason
        return self.output.check()

    def render(self, text: str) -> tuple[np.ndarray, int]:
        """Synthesize `text` to float32 samples and their rate (no sound)."""
        path = Path(self._workdir.name) / "utterance.wav"
        self.save_to_wav(text, path)
        return _read_wav(path)

    def save_to_wav(self, text: str, path: Path | str) -> None:
        """Write `text` spoken as a 16-bit mono WAV (espeak-ng: 22050 Hz). Prints nothing."""
        with _ESPEAK_LOCK:
            engine = self._ensure_engine()
            # espeak-ng queues the voice and rate changes; runAndWait begins with a stop() that
            # cancels anything still queued, so let them apply first
            _wait_until_idle()
            finished = threading.Event()
            token = engine.connect("finished-utterance", lambda **_: finished.set())
            try:
                engine.save_to_file(text, str(path))
                engine.runAndWait()
                # runAndWait can return while espeak-ng's own thread is still synthesizing (longer
                # texts); the file is written just before "finished-utterance", so wait for that
                if not finished.wait(SYNTH_TIMEOUT_S + len(text) / 100):
                    raise RuntimeError("espeak-ng did not finish")
                _wait_until_idle()
            finally:
                engine.disconnect(token)

    def speak(self, text: str) -> Utterance:
        """Blocking: render, then play until the end or `stop()`."""
        return render_and_play(self, text)

    def stop(self) -> None:
        """Stop playing (from any thread)."""
        self._stop.set()

    def close(self) -> None:
        """Remove the private folder of rendered utterances."""
        self._engine = None
        with contextlib.suppress(OSError):
            self._workdir.cleanup()
