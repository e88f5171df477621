"""The slow-to-load parts (the entailment judge; later the recogniser) loaded once, in the background."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

JudgeLoader = Callable[[], Any]


class Engines:
    """Holds engines that load in a worker thread while the UI stays usable; readers wait for them."""

    def __init__(self, judge_loader: JudgeLoader | None) -> None:
        self._judge_loader = judge_loader
        self._judge: Any = None
        self._judge_done = threading.Event()
        self.judge_status = "loading" if judge_loader else "off"
        self.judge_detail = ""
        if judge_loader is None:
            self._judge_done.set()

    def load_judge(self) -> None:
        """Load the judge (call from a worker thread); failures leave lexical scoring in place."""
        if self._judge_loader is None:
            return
        try:
            self._judge = self._judge_loader()
            self.judge_status = "ready" if self._judge is not None else "missing"
            if self._judge is not None:
                self.judge_detail = str(getattr(self._judge, "name", "entailment model"))
        except Exception as exc:  # a broken model must never take the app down
            self._judge = None
            self.judge_status = "failed"
            self.judge_detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        finally:
            self._judge_done.set()

    def judge(self, timeout: float = 60.0) -> Any:
        """The judge, waiting for it to finish loading; None means lexical scoring only."""
        self._judge_done.wait(timeout)
        return self._judge

    def judge_failed(self) -> None:
        """Stop using a judge that raised while scoring; lexical scoring carries on."""
        self._judge = None
        self.judge_status = "failed"
        self.judge_detail = "it raised an error while scoring"

    @property
    def judge_label(self) -> str:
        """A short status for the screen."""
        return {
            "loading": "scoring model loading…",
            "ready": "scoring model ready",
            "missing": "no scoring model: lexical scoring, less accurate",
            "failed": f"scoring model failed ({self.judge_detail}): lexical scoring, less accurate",
            "off": "lexical scoring (model off in config), less accurate",
        }[self.judge_status]
