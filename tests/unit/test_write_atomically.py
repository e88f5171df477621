"""write_atomically, the one way a user's file is written: what each kind of target gets, as a table."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from trainer.core.files import FileExists, FileProblem, write_atomically


def _absent(folder: Path) -> Path:
    return folder / "out.md"


def _file(folder: Path) -> Path:
    target = folder / "out.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    return target


def _folder(folder: Path) -> Path:
    target = folder / "reports"
    target.mkdir()
    return target


def _fifo(folder: Path) -> Path:
    target = folder / "pipe"
    os.mkfifo(target)
    return target


def _link(folder: Path) -> Path:
    outside = folder / "elsewhere.txt"
    outside.write_text("precious", encoding="utf-8")
    target = folder / "link.md"
    target.symlink_to(outside)
    return target


def _dangling_link(folder: Path) -> Path:
    target = folder / "dangling.md"
    target.symlink_to(folder / "nowhere.md")
    return target


WRITES = [
    # (target, data, replace, expected mode of the written file)
    pytest.param(_absent, "new", True, 0o600, id="new-text-is-private"),
    pytest.param(_absent, b"\x00bytes", False, 0o600, id="new-bytes"),
    pytest.param(_file, "new", True, 0o640, id="replaced-keeps-its-mode"),
]


@pytest.mark.parametrize(("make", "data", "replace", "mode"), WRITES)
def test_writes(tmp_path: Path, make: Callable[[Path], Path], data: str | bytes, replace: bool, mode: int) -> None:
    target = make(tmp_path)
    write_atomically(target, data, replace=replace)
    expected = data.encode("utf-8") if isinstance(data, str) else data
    assert target.read_bytes() == expected
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


REFUSALS = [
    # (target, replace, error type, words in the one-line message)
    pytest.param(_file, False, FileExists, "already exists", id="existing-without-replace"),
    pytest.param(_folder, True, FileProblem, "a folder, not a file; give a file name inside it", id="folder"),
    pytest.param(_fifo, True, FileProblem, "not a regular file (a FIFO (named pipe))", id="fifo"),
    pytest.param(_link, True, FileProblem, "a symbolic link; give the file it points to", id="symlink"),
    pytest.param(_dangling_link, True, FileProblem, "a symbolic link", id="dangling-symlink"),
]


@pytest.mark.parametrize(("make", "replace", "error", "words"), REFUSALS)
def test_refusals_name_the_target_and_leave_it_as_it_was(
    tmp_path: Path, make: Callable[[Path], Path], replace: bool, error: type[FileProblem], words: str
) -> None:
    target = make(tmp_path)
    before = sorted((p.name, p.is_symlink()) for p in tmp_path.iterdir())
    with pytest.raises(error) as caught:
        write_atomically(target, "new", replace=replace)
    assert str(caught.value).startswith(f"{target}: ") and words in str(caught.value)
    assert "\n" not in str(caught.value)
    assert sorted((p.name, p.is_symlink()) for p in tmp_path.iterdir()) == before
    if (tmp_path / "elsewhere.txt").exists():
        assert (tmp_path / "elsewhere.txt").read_text(encoding="utf-8") == "precious"


def test_a_device_is_never_replaced() -> None:
    with pytest.raises(FileProblem, match="not a regular file \\(a character device\\)"):
        write_atomically("/dev/null", "the report")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_refused_check_leaves_nothing(tmp_path: Path) -> None:
    def refuse(temp: Path) -> None:
        assert temp.read_text(encoding="utf-8") == "draft"
        raise FileProblem(temp, "not good enough")

    with pytest.raises(FileProblem, match="not good enough"):
        write_atomically(tmp_path / "out.md", "draft", check=refuse)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_one_line_naming_it(tmp_path: Path) -> None:
    with pytest.raises(FileProblem) as caught:
        write_atomically(tmp_path / "no" / "out.md", "x")
    assert f"cannot write in {tmp_path / 'no'}" in str(caught.value)
