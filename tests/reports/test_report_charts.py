"""The bar charts' geometry: scaled to the largest value, nothing drawn outside the viewBox."""

from __future__ import annotations

from reports.charts import PAGE, SHADES, WIDTH, grouped_bars, split_bars


def test_bars_scale_to_the_largest_value_and_zero_draws_nothing() -> None:
    chart = grouped_bars(["a", "b"], [("one", [4, 0]), ("two", [2, None])])
    (four, zero), (two, unknown) = (g.bars for g in chart.groups)
    assert four.width == max(b.width for g in chart.groups for b in g.bars)
    assert two.width == four.width / 2
    assert zero.width == 0 and unknown.width == 0 and unknown.value is None
    assert [four.fill, zero.fill] == list(SHADES[:2])
    # The bars of a group lie below its label and one below the other.
    group = chart.groups[0]
    assert group.label_y <= four.y < zero.y
    assert chart.height >= unknown.y + unknown.height


def test_a_long_legend_wraps_within_the_chart() -> None:
    series = ["ouders/inwoners", "gezinswerkers", "partnerorganisaties", "gemeente"]
    chart = grouped_bars(series, [("thema", [1, 2, 3, 4])])
    assert len({s.y for s in chart.legend}) == 2
    for swatch in chart.legend:
        assert swatch.text_x + 0.6 * chart.font * len(swatch.label) <= WIDTH
    assert all(b.y > max(s.y for s in chart.legend) + chart.swatch for b in chart.groups[0].bars)
    widest = max(b.text_x for b in chart.groups[0].bars)
    assert widest + 2 * chart.font <= WIDTH  # room for the number at the longest bar


def test_a_lighter_start_for_fewer_series() -> None:
    chart = grouped_bars(["x", "y", "z"], [("g", [1, 1, 1])], shades=1)
    assert [s.fill for s in chart.legend] == list(SHADES[1:4])


def test_a_long_theme_name_breaks_between_words_within_the_chart() -> None:
    """A theme's name may be 60 characters: on one line it ran past the chart's edge and was
    cut off. It breaks between words, and its bars start below its last line."""
    name = "Informatie delen tussen hulpverleners met toestemming van ouders"
    chart = grouped_bars(["a"], [(name, [1]), ("kort", [2])])
    long, short = chart.groups
    assert " ".join(long.lines) == name and len(long.lines) == 2
    assert short.lines == ["kort"]
    # A bold character is about 0.62 em in DejaVu Sans: each line fits with room to spare.
    assert all(0.68 * chart.font * len(line) <= WIDTH for line in long.lines)
    last_line_y = long.label_y + (len(long.lines) - 1) * chart.line
    assert long.bars[0].y > last_line_y
    assert short.label_y > long.bars[-1].y + long.bars[-1].height


def test_a_theme_name_of_one_long_word_is_broken_with_a_hyphen_within_the_chart() -> None:
    """A single word longer than a line stayed whole and was cut off at the chart's edge."""
    name = "Jongerenparticipatiebevorderingsprojectenondersteuningsregeling"  # 63 letters
    chart = grouped_bars(["a"], [(f"Over {name} samen", [1])])
    (group,) = chart.groups
    assert all(0.68 * chart.font * len(line) <= WIDTH for line in group.lines)
    assert len(group.lines) == 2 and group.lines[0].endswith("-")
    assert group.lines[0].startswith("Over Jongeren")
    # Read as one text (copied, searched), the word is one word with its hyphen.
    assert "".join(group.spaced).replace("-", "", 1) == f"Over {name} samen"
    # A word just too long for a line leaves a few letters for the next, not one or two.
    (fresh,) = grouped_bars(["a"], [("x" * 50, [1])]).groups
    assert [len(line) for line in fresh.lines] == [46 + 1, 4]


def test_many_groups_are_split_over_charts_of_a_page_each_drawn_to_one_scale() -> None:
    """Forty themes made one chart 87 cm tall on paper, and a picture is never split over
    pages: the themes past the first page's foot were not printed. Now each chart is at most
    a page tall, with its own legend, as many themes in each as the others (give or take one),
    every bar drawn to the scale of the largest number of all."""
    series = ["Ouders/inwoners", "Gezinswerkers", "Partnerorganisaties", "Gemeente"]
    groups: list[tuple[str, list[int | None]]] = [
        (f"Thema {i}", [(i * 7) % 9, (i * 3) % 5, 0, 1]) for i in range(41)
    ]
    charts = split_bars(series, groups)
    assert len(charts) > 1 and all(chart.height <= PAGE for chart in charts)
    assert [g.label for chart in charts for g in chart.groups] == [label for label, _ in groups]
    sizes = [len(chart.groups) for chart in charts]
    assert max(sizes) - min(sizes) <= 1
    # As few charts as fit: one group more in the first would make it too tall.
    assert grouped_bars(series, groups[: sizes[0] + 1]).height > PAGE
    assert all([s.label for s in chart.legend] == series for chart in charts)
    lengths: dict[int | None, set[float]] = {}
    for chart in charts:
        for bar in (b for g in chart.groups for b in g.bars):
            lengths.setdefault(bar.value, set()).add(bar.width)
    assert all(len(widths) == 1 for widths in lengths.values())
    assert lengths[8] == {max(max(widths) for widths in lengths.values())}  # the largest


def test_a_few_groups_stay_one_chart() -> None:
    groups: list[tuple[str, list[int | None]]] = [(f"Thema {i}", [i, 1]) for i in range(7)]
    assert split_bars(["a", "b"], groups) == [grouped_bars(["a", "b"], groups)]
