"""Where the shared human speech clips live (../shared beside the repo, in CI too) and their references."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXTERNAL_SPEECH = REPO.parent / "shared" / "data" / "external" / "speech"


def human_clips() -> list[tuple[Path, str]]:
    """The recorded human clips (jfk + LibriVox) beside their reference transcripts."""
    pairs = []
    for reference in sorted(EXTERNAL_SPEECH.glob("*.txt")):
        audio = [p for p in EXTERNAL_SPEECH.glob(reference.stem + ".*") if p.suffix in (".wav", ".flac")]
        if audio:
            pairs.append((audio[0], reference.read_text(encoding="utf-8").strip()))
    return pairs
