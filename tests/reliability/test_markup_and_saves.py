"""Outside text is never markup, and a failed save never crashes nor loses the answer (the real app, Pilot)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Label, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from trainer import paths
from trainer.catalog import load_catalog
from trainer.config import Settings
from trainer.core.models import AnswerScore, Attempt, Delivery, PointVerdict, Question
from trainer.core.reflection import Reflection
from trainer.core.session import Phase
from trainer.core.store import Store
from trainer.ui.app import TrainerApp, make_app
from trainer.ui.options import PracticeOptions
from trainer.ui.plain import plain, plain_text, shown
from trainer.ui.screens.practice import PracticeScreen
from trainer.ui.widgets.feedback import FeedbackPanel, feedback_text
from trainer.ui.widgets.reflection import reflection_text

#: what Textual would read as markup, a live link, or an escape sequence for the terminal
HOSTILE = [
    "[/usr/bin]",
    "C++ [/] tricks",
    "[@click=app.quit]quit[/]",
    "[b]bold[/b] and arr[i]",
    "[red]x",
    "\\[escaped] [",
    "\x1b[2J\x1b[31mred\x07",
    "ok\x9b31m",
]
hostile_text = st.text(
    alphabet=st.sampled_from(list("[]/@=\\:;#$x ab\x1b\x07\x9b")), min_size=1, max_size=40
) | st.sampled_from(HOSTILE)


def _visible(widget: Widget) -> str:
    """Every character the widget would send to the terminal."""
    width, height = widget.outer_size
    strips = widget.render_lines(Region(0, 0, max(width, 1), max(height, 1)))
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def _attempt(text: str) -> Attempt:
    when = datetime(2026, 11, 22, 9, tzinfo=UTC)
    verdict = PointVerdict(point=text, score=80, covered=True, evidence=text, reason="")
    missed = PointVerdict(point=text, score=10, covered=False, evidence=text, reason="not mentioned")
    score = AnswerScore(points=(verdict, missed), delivery=Delivery(words=3, fillers=0), method="lexical")
    question = Question(id="q", text=text, tip=text, bank=text)
    return Attempt(question, answer=f"{text} {text}", score=score, started_at=when, ended_at=when)


class Widgets(App[None]):
    """Each widget the app shows outside text in, fed one hostile text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        text = self.text
        yield Static(plain(text), id="static")
        yield Label(plain(text), id="label")
        yield OptionList(Option(plain(text)), id="options")
        yield SelectionList[int]((plain(text), 1), id="selection")
        yield DataTable(id="table")
        panel = FeedbackPanel(id="feedback")
        yield panel
        yield Static(reflection_text(Reflection(text, text, text)), id="reflection")

    def on_mount(self) -> None:
        table = self.query_one("#table", DataTable)
        table.add_columns("Question")
        table.add_row(plain_text(text := self.text))
        self.query_one("#feedback", FeedbackPanel).show(_attempt(text))
        self.notify(text, title=text)


@settings(max_examples=40, deadline=None)
@given(text=hostile_text)
def test_outside_text_is_shown_as_text_in_every_widget(text: str) -> None:
    import asyncio

    async def render() -> None:
        app = Widgets(text)
        async with app.run_test(size=(100, 60)) as pilot:
            await pilot.pause()
            for widget in app.query("#static, #label, #options, #selection, #table, #feedback, #reflection"):
                seen = _visible(widget)
                assert "\x1b" not in seen and "\x07" not in seen and "\x9b" not in seen, widget.id
            toasts = app.query("Toast")
            assert all("\x1b" not in _visible(toast) for toast in toasts)
            assert app.is_running  # no [@click=app.quit] was ever a live link

    asyncio.run(render())
    assert str(plain(text)) == shown(text)
    assert shown(text) in feedback_text(_attempt(text)).plain
    assert len(shown(text)) == len(text)  # one for one: evidence spans still fit
    assert all(ch not in shown(text) for ch in "\x1b\x07\x9b")


# --- the real app --------------------------------------------------------------------------------------------


def _bank(tmp_path: Path, name: str, question: str) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(
        f"name: {_quoted(name)}\nquestions:\n  - id: hostile\n    text: {_quoted(question)}\n"
        "    talking_points: [launch date moved up, daily list, shipped on time]\n",
        encoding="utf-8",
    )
    return path


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _app(store: Store, bank: Path, tmp_path: Path, mode: str = "practice") -> TrainerApp:
    empty = tmp_path / "no-builtin"
    empty.mkdir(exist_ok=True)
    catalog = load_catalog([bank], builtin_dir=empty)
    name = catalog.banks[0].name
    return make_app(
        settings=Settings(use_judge=False),
        store=store,
        mode=mode,
        practice=PracticeOptions(banks=(name,), count=1, typed=True) if mode == "practice" else None,
        catalog=catalog,
        rng=random.Random(1),
        judge_loader=None,
        recogniser_loader=None,
        voice_loader=None,
        microphone_check=lambda: (False, "no microphone"),
    )


@pytest.fixture
def store() -> Store:
    opened = Store.open(paths.db_path())
    yield opened  # type: ignore[misc]
    opened.close()


async def _until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 15.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


@pytest.mark.parametrize(
    "name, question",
    [
        ("C++ [/] tricks", "Where does [/usr/bin] point, and what is arr[i]?"),
        ("[@click=app.quit]Quit[/]", "Is [b]this[/b] bold?"),
    ],
    ids=["closing-tags", "live-link"],
)
async def test_bank_text_with_brackets_is_practised_as_written(
    tmp_path: Path, store: Store, name: str, question: str
) -> None:
    app = _app(store, _bank(tmp_path, name, question), tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        screen.notify(f"Bank: {name} {question}")  # a screen's notify asks for markup by default
        await pilot.pause()
        assert app._notifications and not any(note.markup for note in app._notifications)
        assert str(screen.query_one("#question", Static).render()) == question
        assert name in str(screen.query_one("#position", Label).render())
        screen.query_one("#answer", TextArea).load_text("We moved the launch date up [b]and[/b] shipped on time")
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: screen.session.phase is Phase.SCORED)
        assert "[b]and[/b]" in str(screen.query_one("#feedback", FeedbackPanel).render())
        assert app.is_running
    (saved,) = store.attempts()
    assert saved.question.text == question


async def test_home_lists_a_bank_named_with_closing_tags(tmp_path: Path, store: Store) -> None:
    app = _app(store, _bank(tmp_path, "C++ [/] tricks", "What is [/usr/bin] for?"), tmp_path, mode="home")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "C++ [/] tricks" in _visible(app.screen.query_one("#banks", SelectionList))


# --- failed saves --------------------------------------------------------------------------------------------


def _fill_disk(store: Store) -> None:
    """SQLite's own "database or disk is full", for real: the file may not grow by a single page."""
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")


async def test_a_full_disk_keeps_the_answer_on_screen_and_saves_it_when_there_is_room(
    tmp_path: Path, store: Store
) -> None:
    app = _app(store, _bank(tmp_path, "Plain", "What did you ship?"), tmp_path)
    answer = "The launch date moved up, I kept a daily list, and we shipped on time. " * 400  # needs new pages
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        _fill_disk(store)
        screen.query_one("#answer", TextArea).load_text(answer)
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: screen.session.phase is Phase.SCORED)
        assert app.is_running
        assert app.saves.reason == "the disk is full"
        assert screen.session.attempts[-1].answer == answer and screen.session.attempts[-1].id is None
        assert "not saved yet: the disk is full" in str(screen.query_one("#status", Static).render())
        assert any("Not saved yet: the disk is full" in note.message for note in app._notifications)
        assert store.attempts() == []
        store._db.execute("PRAGMA max_page_count = 1073741823")  # room again
        app.retry_saves()
        assert app.saves.waiting == []
        await pilot.press("escape")
        await pilot.pause()
    (saved,) = store.attempts()
    assert saved.answer == answer


async def test_another_program_holding_the_lock_delays_the_save_and_loses_nothing(tmp_path: Path, store: Store) -> None:
    app = _app(store, _bank(tmp_path, "Plain", "What did you ship?"), tmp_path)
    other = sqlite3.connect(paths.db_path(), isolation_level=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        assert isinstance(screen, PracticeScreen)
        other.execute("BEGIN IMMEDIATE")  # another trainer (or any program) in the middle of a long write
        screen.query_one("#answer", TextArea).load_text("We shipped on time")
        await pilot.press("ctrl+s")
        await _until(pilot, lambda: screen.session.phase is Phase.SCORED)
        assert app.saves.reason == "another program is writing to your practice data"
        await pilot.press("escape")  # the session can be ended meanwhile
        await pilot.pause()
        other.execute("COMMIT")
        app.retry_saves()
        assert app.saves.waiting == []
    other.close()
    (saved,) = store.attempts()
    assert saved.answer == "We shipped on time"
    assert store.session(saved.session_id or 0).ended_at is not None  # type: ignore[union-attr]
