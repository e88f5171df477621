"""Review's plots of how answers are built: STAR parts told, measurable results, hedges a minute."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from textual.dom import DOMNode

from trainer.core.models import Attempt
from trainer.core.structure_progress import hedges_over_time, structure_per_session
from trainer.ui.widgets.progress_plot import ProgressPlot


def structure_plots() -> Iterator[ProgressPlot]:
    """The plots, empty until filled."""
    yield ProgressPlot("STAR parts told per behavioural answer (of 4)", bars=True, id="star-plot")
    yield ProgressPlot("Behavioural answers with a measurable result (%)", bars=True, id="measurable-plot")
    yield ProgressPlot("Hedges a minute, spoken answers", id="hedges-plot")


def fill_structure_plots(screen: DOMNode, attempts: Sequence[Attempt]) -> None:
    """Plot the saved answers, session by session (hedges answer by answer)."""
    sessions = structure_per_session(attempts)
    moments = [s.started_at for s in sessions]
    screen.query_one("#star-plot", ProgressPlot).show(moments, [s.parts_per_answer for s in sessions], ceiling=4)
    screen.query_one("#measurable-plot", ProgressPlot).show(
        moments, [s.measurable_share for s in sessions], ceiling=100
    )
    hedges = hedges_over_time(attempts)
    screen.query_one("#hedges-plot", ProgressPlot).show([m for m, _ in hedges], [v for _, v in hedges])
