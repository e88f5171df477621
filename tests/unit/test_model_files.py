"""The model files' one home: the sha256 helper both adapters check their models with, and the shared source."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from trainer.model_files import ModelSource, sha256_of


@pytest.mark.parametrize("size", [0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 7, 3 * (1 << 20)])
def test_sha256_of_reads_in_chunks_and_matches_hashlib(tmp_path: Path, size: int) -> None:
    data = bytes(i % 251 for i in range(size))
    model = tmp_path / "model.bin"
    model.write_bytes(data)
    assert sha256_of(model) == hashlib.sha256(data).hexdigest()


def test_a_source_has_nothing_checked_unless_it_says_so() -> None:
    source = ModelSource("config", "/models/mine", "config recogniser_model_path /models/mine")
    assert (source.sha256_ok, source.model) == (None, "")
