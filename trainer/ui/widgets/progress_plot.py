"""A terminal plot of one measure over time (textual-plotext), with the band worth aiming for."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from textual_plotext import PlotextPlot

#: most date labels that stay readable under an 80-column plot
MAX_LABELS = 6
#: about this many labels up the y axis
Y_TICKS = 5


def date_labels(moments: Sequence[datetime]) -> tuple[list[int], list[str]]:
    """Tick positions (1-based) and day labels for up to `MAX_LABELS` of the moments, one label per day."""
    if not moments:
        return [], []
    count = len(moments)
    step = max(1, -(-count // MAX_LABELS))
    candidates = list(range(1, count + 1, step))
    if candidates[-1] != count:
        if len(candidates) == MAX_LABELS:
            candidates.pop()
        candidates.append(count)
    positions: list[int] = []
    labels: list[str] = []
    for position in candidates:
        label = moments[position - 1].astimezone().strftime("%d %b")
        if label not in labels:  # several answers on one day: the day is named once, at its first
            positions.append(position)
            labels.append(label)
    return positions, labels


def nice_ticks(low: float, high: float, *, whole: bool = False) -> list[float]:
    """About `Y_TICKS` round values (steps of 1, 2, 2.5 or 5 times a power of ten) from `low` to `high`."""
    raw = max(high - low, 1e-9) / Y_TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(f * magnitude for f in factors if f * magnitude >= raw)
    if whole:
        step = max(1.0, round(step))
    first = math.ceil(low / step) * step
    count = int((high - first) / step + 1e-9) + 1
    return [round(first + i * step, 6) for i in range(count)]


class ProgressPlot(PlotextPlot):
    """One series, oldest on the left: bars (per session) or a line with markers (per answer)."""

    DEFAULT_CSS = """
    ProgressPlot {
        height: 16;
        min-height: 10;
    }
    """

    def __init__(
        self,
        title: str,
        *,
        bars: bool = False,
        band: tuple[float, float] | None = None,
        ceiling: float | None = None,
        whole_numbers: bool = False,
        from_zero: bool = True,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.plot_title = title
        self.bars = bars
        #: lines drawn at these values (e.g. the 130-160 words a minute to aim for)
        self.band = band
        #: a fixed top of the y axis (e.g. the points there were to make)
        self.ceiling = ceiling
        #: a count, so the y axis is labelled in whole numbers
        self.whole_numbers = whole_numbers
        #: False: the y axis starts near the lowest value (a pace of 0 is never the question)
        self.from_zero = from_zero
        self.moments: list[datetime] = []
        self.values: list[float] = []

    def on_mount(self) -> None:
        self._draw()

    def show(self, moments: Sequence[datetime], values: Sequence[float], *, ceiling: float | None = None) -> None:
        """Plot `values` against `moments` (oldest first)."""
        self.moments, self.values = list(moments), list(values)
        if ceiling is not None:
            self.ceiling = ceiling
        self._draw()

    def _draw(self) -> None:
        plt = self.plt
        plt.clear_figure()
        if not self.values:
            plt.title(f"{self.plot_title}: nothing to show yet")
            self.refresh()
            return
        plt.title(self.plot_title)
        xs = list(range(1, len(self.values) + 1))
        if self.bars:
            plt.bar(xs, self.values, width=0.6, color="cyan")
        else:
            plt.plot(xs, self.values, marker="braille", color="cyan")
            plt.scatter(xs, self.values, marker="●", color="cyan")
        for value in self.band or ():
            plt.horizontal_line(value, color="green")
        shown = [*self.values, *(self.band or ())]
        top = max([*shown, self.ceiling or 0]) or 1.0
        bottom = 0.0 if self.from_zero else min(shown)
        margin = (top - bottom) * 0.1 or 1.0
        bottom = 0.0 if self.from_zero else max(0.0, bottom - margin)
        plt.ylim(bottom, top + margin)
        ticks = nice_ticks(bottom, top + margin, whole=self.whole_numbers)
        plt.yticks(ticks, [f"{t:g}" for t in ticks])
        if len(xs) == 1:
            plt.xlim(0, 2)  # one point would otherwise sit on the frame
        positions, labels = date_labels(self.moments)
        plt.xticks([float(p) for p in positions], labels)
        self.refresh()
