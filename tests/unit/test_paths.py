"""Where user data lives: TRAINER_HOME honoured, created 0700, and computed on every call."""

from __future__ import annotations

import importlib
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from trainer import paths


@pytest.mark.parametrize(
    "function, expected",
    [
        (paths.home, ""),
        (paths.db_path, "trainer.db"),
        (paths.banks_dir, "banks"),
        (paths.config_path, "config.yaml"),
        (paths.models_dir, "models"),
    ],
)
def test_everything_lives_under_trainer_home(trainer_home: Path, function: Callable[[], Path], expected: str) -> None:
    assert function() == (trainer_home / expected if expected else trainer_home)


def test_the_autouse_fixture_points_trainer_home_at_tmp_path(trainer_home: Path, tmp_path: Path) -> None:
    assert os.environ["TRAINER_HOME"] == str(tmp_path) == str(trainer_home)
    assert paths.home() == tmp_path


@pytest.mark.parametrize("relative", ["new", "a/b/c", "with space/ünï"])
def test_trainer_home_is_created_0700(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, relative: str) -> None:
    target = tmp_path / relative
    monkeypatch.setenv("TRAINER_HOME", str(target))
    assert not target.exists()
    assert paths.home() == target
    assert target.is_dir()
    assert stat.S_IMODE(target.stat().st_mode) == 0o700


def test_banks_dir_is_created_0700(trainer_home: Path) -> None:
    banks = paths.banks_dir()
    assert banks.is_dir() and stat.S_IMODE(banks.stat().st_mode) == 0o700


def test_files_are_not_created_by_asking_for_their_path(trainer_home: Path) -> None:
    assert not paths.db_path().exists()
    assert not paths.config_path().exists()


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_0700_whatever_the_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask: int) -> None:
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path / "home"))
    old = os.umask(umask)
    try:
        created = paths.home()
    finally:
        os.umask(old)
    assert stat.S_IMODE(created.stat().st_mode) & 0o077 == 0


def test_computed_on_every_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    results = []
    for name in ("first", "second", "first"):
        monkeypatch.setenv("TRAINER_HOME", str(tmp_path / name))
        results.append((paths.home(), paths.db_path(), paths.config_path(), paths.banks_dir()))
    assert results[0][0] == tmp_path / "first"
    assert results[1] == (
        tmp_path / "second",
        tmp_path / "second" / "trainer.db",
        tmp_path / "second" / "config.yaml",
        tmp_path / "second" / "banks",
    )
    assert results[2] == results[0]


def test_importing_computes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path / "at-import"))
    importlib.reload(paths)
    assert not (tmp_path / "at-import").exists()  # nothing created just by importing
    monkeypatch.setenv("TRAINER_HOME", str(tmp_path / "later"))
    assert paths.home() == tmp_path / "later"


def test_tilde_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TRAINER_HOME", "~/trainer-data")
    assert paths.home() == tmp_path / "trainer-data"


def test_without_trainer_home_the_platform_dir_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # point the platform's data dir into tmp_path, so even this test never touches the real user dir
    monkeypatch.delenv("TRAINER_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "xdg" / "trainer"))
    assert paths.home() == tmp_path / "xdg" / "trainer"
    assert (tmp_path / "xdg" / "trainer").is_dir()


def test_builtin_banks_dir_holds_the_shipped_banks() -> None:
    folder = paths.builtin_banks_dir()
    assert {p.name for p in folder.glob("*.yaml")} >= {"stock.yaml", "brainteasers.yaml"}
