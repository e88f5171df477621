"""The entailment judge: an NLI cross-encoder in ONNX that says whether an answer made a point."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.config import Settings
    from trainer.core.scoring import EntailmentJudge


def judge_for(settings: Settings) -> EntailmentJudge | None:
    """The one way to load the judge: None when judging is off, no model is found, or its file is not ours.

    NliModelError (one line, naming the file) when a model is found but cannot be read. Slow when it loads
    (a second or two: call it once, from a background thread); with use_judge off it imports nothing heavy.
    """
    if not settings.use_judge:
        return None
    from trainer.judge.nli import NliModelError, OnnxNliJudge
    from trainer.judge.source import find_nli_model

    source = find_nli_model(settings)
    if source is None or source.sha256_ok is False:
        return None
    try:
        return OnnxNliJudge(source)
    except NliModelError:
        raise
    except Exception as exc:  # onnxruntime and tokenizers raise their own kinds for a file that is not a model
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        where = "nli_model_path in config.yaml" if source.label == "configured" else source.label
        raise NliModelError(f"{where}: {source.onnx} is not a model trainer can read ({first})") from None
