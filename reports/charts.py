"""The geometry of the report's small bar charts; the SVG markup is in a template.

Horizontal bars, grouped: a group's label gets a line of its own above its bars, so a long
theme name is never squeezed or broken beside a bar. Sizes are in the viewBox's units: the
SVG scales to the width it is given (a phone, an A4 column) and its text scales with it.
"""

from __future__ import annotations

from dataclasses import dataclass

# The viewBox's width, and a text size that reads at about 10 pt on A4 and 10 px on a phone.
WIDTH = 440
FONT = 13
# Bars stay slim and close: a chart of ten themes and its data table fit on one A4 page.
_LABEL = 18  # the line a group's label stands on
_BAR = 10
_BAR_GAP = 2
_GROUP_GAP = 8
_VALUE_ROOM = 36  # the number at a bar's end
# A bold character's width in ems, with room for wide letters (DejaVu Sans averages 0.62):
# a label longer than the chart is wide breaks between words.
_LABEL_CHAR = 0.68
# The fewest letters of a long word put at the end of a line before its hyphen.
_LEAST_PIECE = 4
_LEGEND = 24
_SWATCH = 12
# The most a chart is tall: an SVG is never split over pages, and what falls below the paper's
# edge is lost. Printed 105 mm wide, 860 units are about 205 mm: with its heading and caption
# well within an A4 page (259 mm between its margins), and about a screen and a half on a
# phone. Four perspectives' bars under a one-line name: eleven themes a chart.
PAGE = 860

# Dark to light, so the series stay apart when printed in grey; each bar also has a dark
# outline (the lightest stays visible on white paper) and its number at its end.
SHADES = ("#1f3b57", "#4d7397", "#93b0cb", "#dde7f0")
OUTLINE = "#1f3b57"


@dataclass(frozen=True, slots=True)
class Bar:
    series: int
    value: int | None  # None: not known (drawn as no bar, with a dash)
    x: float
    y: float
    width: float
    height: float
    fill: str

    @property
    def text_x(self) -> float:
        return self.x + self.width + 4

    @property
    def text_y(self) -> float:
        return self.y + self.height - 1


@dataclass(frozen=True, slots=True)
class Group:
    label: str
    label_y: float  # the first line's baseline
    bars: list[Bar]
    lines: list[str]  # the label broken between words to fit the chart's width
    # The lines that end inside a word too long for one (with a hyphen): no space follows
    # them when the lines are read as one text (copied, searched, read aloud).
    within_word: frozenset[int] = frozenset()

    @property
    def spaced(self) -> list[str]:
        """Each line with what follows it when read as one text."""
        last = len(self.lines) - 1
        return [
            line if n == last or n in self.within_word else line + " "
            for n, line in enumerate(self.lines)
        ]


@dataclass(frozen=True, slots=True)
class Swatch:
    label: str
    x: float
    y: float
    fill: str

    @property
    def text_x(self) -> float:
        return self.x + _SWATCH + 4

    @property
    def text_y(self) -> float:
        return self.y + _SWATCH - 1


@dataclass(frozen=True, slots=True)
class BarChart:
    """A chart ready to draw: every group with its bars, and a legend for the series."""

    width: int
    height: float
    font: int
    swatch: int
    outline: str
    legend: list[Swatch]
    groups: list[Group]
    line: int = FONT + 2  # from one line of a label to the next


def grouped_bars(
    series: list[str],
    groups: list[tuple[str, list[int | None]]],
    *,
    shades: int = 0,
    largest: int | None = None,
) -> BarChart:
    """Bars for each group's values, one per series, scaled to the largest value.

    `series` are the legend's labels, `groups` pairs a label with one value per series.
    `shades` starts the series at a lighter shade (a chart with fewer series). `largest`: the
    value a full-length bar stands for, when not this chart's own largest.
    """
    fills = [SHADES[(shades + i) % len(SHADES)] for i in range(len(series))]
    legend = []
    x, y = 0.0, 2.0
    for label, fill in zip(series, fills, strict=True):
        # Room for the label at about 0.6 em a character, so swatches never overlap;
        # a legend wider than the chart goes on to a next line.
        needed = _SWATCH + 4 + 0.6 * FONT * len(label) + 14
        if x and x + needed > WIDTH:
            x, y = 0.0, y + _LEGEND - 4
        legend.append(Swatch(label, x, y, fill))
        x += needed
    largest = largest or _largest(groups)
    room = WIDTH - _VALUE_ROOM
    drawn = []
    y += _LEGEND
    for label, values in groups:
        lines, within_word = _lines(label)
        label_y = y + FONT + 2
        y += _LABEL + (len(lines) - 1) * (FONT + 2)
        bars = []
        for index, value in enumerate(values):
            length = 0.0 if not value else max(room * value / largest, 1.5)
            bars.append(Bar(index, value, 0, y, round(length, 1), _BAR, fills[index]))
            y += _BAR + _BAR_GAP
        drawn.append(Group(label, label_y, bars, lines, within_word))
        y += _GROUP_GAP
    return BarChart(WIDTH, round(y, 1), FONT, _SWATCH, OUTLINE, legend, drawn)


def split_bars(
    series: list[str], groups: list[tuple[str, list[int | None]]], *, height: float = PAGE
) -> list[BarChart]:
    """The groups over as few charts as keep each within `height`, each with its legend and
    about as many groups as the others (ten, ten and nine, not fourteen, fourteen and one).

    All are drawn to one scale, the largest value of all groups: a bar in the third chart
    compares with one in the first.
    """
    largest = _largest(groups)
    charts: list[BarChart] = []
    for count in range(1, max(len(groups), 1) + 1):
        size, more = divmod(len(groups), count)
        charts, start = [], 0
        for index in range(count):
            end = start + size + (1 if index < more else 0)
            charts.append(grouped_bars(series, groups[start:end], largest=largest))
            start = end
        if all(chart.height <= height for chart in charts):
            break
    return charts


def _largest(groups: list[tuple[str, list[int | None]]]) -> int:
    return max((v for _, values in groups for v in values if v), default=1)


def _lines(label: str) -> tuple[list[str], frozenset[int]]:
    """The label in lines that fit the chart's width, broken between words; a single word
    longer than a line is broken with a hyphen (past the chart's edge it was cut off), and
    the lines so broken are returned too."""
    room = int(WIDTH / (FONT * _LABEL_CHAR))
    lines: list[str] = []
    within_word: set[int] = set()
    for word in label.split():
        while word:
            free = room - len(lines[-1]) - 1 if lines else 0  # beside what the line holds
            if len(word) <= free:
                lines[-1] += " " + word
                break
            if len(word) <= room:
                lines.append(word)
                break
            # Longer than a line: fill the line (a few letters at least, and a few left for
            # the next), hyphen, go on.
            beside = min(free - 1, len(word) - _LEAST_PIECE)
            if beside >= _LEAST_PIECE:
                lines[-1] += " " + word[:beside] + "-"
                word = word[beside:]
            else:
                lines.append(word[: min(room - 1, len(word) - _LEAST_PIECE)] + "-")
                word = word[len(lines[-1]) - 1 :]
            within_word.add(len(lines) - 1)
    return (lines or [label]), frozenset(within_word)
