"""The report a policy officer shows: what a session found, as one printable HTML page.

Made from a `Synthesis` (the same one the summary and the exports use), so the numbers
never disagree; the old transcript (round by round) follows as an appendix when given.
"""

from __future__ import annotations

import decimal

from babel.numbers import format_percent

from flows.summary import Summary
from flows.synthesis import Cell, RecognisedItem, Response, Synthesis, ThemeRow
from reports import labels
from reports.charts import BarChart, grouped_bars, split_bars
from reports.i18n import N_, Texts
from reports.render import render

# What a difference between perspectives is, by `Difference.kind`.
DIFFERENCE = {
    # After a theme's name and a colon: not a sentence of its own.
    "only_one": N_("only raised by %(perspectives)s"),
    "differ": N_("seen differently by %(perspectives)s"),
}


def report_html(synthesis: Synthesis, lang: str, transcript: Summary | None = None) -> str:
    """The whole report, for the browser and for the PDF maker."""
    _ = Texts(lang)
    return render(
        lang,
        "report/findings.html.j2",
        s=synthesis,
        answers_charts=answers_charts(_, synthesis),
        response_chart=response_chart(_, synthesis),
        response_title=_("Invited, joined and answered, per perspective")
        if invited_known(synthesis)
        else _("Joined and answered, per perspective"),
        most_recognised=most_recognised(synthesis),
        difference=lambda kind, perspectives: _(
            DIFFERENCE.get(kind, DIFFERENCE["differ"]),
            perspectives=perspective_list(_, perspectives),
        ),
        perspectives=lambda keys: perspective_list(_, keys),
        who_answered=who_answered(_, took_part(synthesis)),
        nobody_from=who_answered(_, nobody_joined(synthesis)),
        theme_name=lambda row: _theme_name(_, row),
        cell_of=cell_of,
        rate=lambda response: _rate(lang, response),
        transcript=transcript,
    )


def answers_charts(_: Texts, synthesis: Synthesis) -> list[BarChart]:
    """Answers per theme, a bar per perspective (in the session's order): one chart, or
    several of a page each when there are many themes (an SVG taller than the page was cut
    off at its foot, and the themes below it were not printed)."""
    series = [_label(_, p) for p in synthesis.perspectives]
    groups: list[tuple[str, list[int | None]]] = []
    for row in synthesis.grid:
        answers = {cell.perspective: cell.answers for cell in row.cells}
        groups.append((_theme_name(_, row), [answers.get(p, 0) for p in synthesis.perspectives]))
    return split_bars(series, groups)


def response_chart(_: Texts, synthesis: Synthesis) -> BarChart:
    """Per perspective: invited, joined, answered; without invited when no number of invited
    was given (a row of dashes under a legend for bars that are never drawn)."""
    if not invited_known(synthesis):
        return grouped_bars(
            [str(_("Joined")), str(_("Answered"))],
            [(_label(_, r.perspective), [r.joined, r.answered]) for r in synthesis.response],
            shades=2,
        )
    series = [str(_("Invited")), str(_("Joined")), str(_("Answered"))]
    groups: list[tuple[str, list[int | None]]] = [
        (_label(_, r.perspective), [r.invited, r.joined, r.answered]) for r in synthesis.response
    ]
    return grouped_bars(series, groups, shades=1)


def invited_known(synthesis: Synthesis) -> bool:
    """Whether the facilitator gave how many were invited, for any perspective."""
    return any(r.invited is not None for r in synthesis.response)


def most_recognised(synthesis: Synthesis, limit: int = 5) -> list[RecognisedItem]:
    """The recognised items in the synthesis's order (recognised across perspectives first),
    as the summary lists them: the printed report and the sent summary agree."""
    return [item for item in synthesis.top_recognised if item.total][:limit]


def perspective_list(_: Texts, keys: list[str]) -> str:
    """`ouders/inwoners, gezinswerkers en mensen van de gemeente`: the way a sentence names
    them."""
    names = [str(_(labels.PEOPLE.get(key, key))) for key in keys]
    if len(names) < 2:
        return "".join(names)
    return str(_("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1]))


def who_answered(_: Texts, keys: list[str]) -> str:
    """`Ouders/inwoners, gezinswerkers en mensen van de gemeente`: the perspectives a session
    had, as the subject of the method's sentence (not every session has all four)."""
    names = [str(_(labels.PEOPLE.get(key, key))) for key in keys]
    if len(names) > 1:
        names = [str(_("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1]))]
    text = "".join(names)
    return text[:1].upper() + text[1:]


def nobody_joined(synthesis: Synthesis) -> list[str]:
    """The perspectives invited that nobody joined from, or whose people all left again
    taking their answers: the method names them apart, not among those who answered."""
    none = {r.perspective for r in synthesis.response if not r.joined and not r.answered}
    if none >= set(synthesis.perspectives):
        return []  # nobody at all: the method speaks of everyone invited
    return [p for p in synthesis.perspectives if p in none]


def took_part(synthesis: Synthesis) -> list[str]:
    nobody = nobody_joined(synthesis)
    return [p for p in synthesis.perspectives if p not in nobody]


def _plural(_: Texts, key: str) -> str:
    return str(_(labels.PERSPECTIVE_PLURAL.get(key, key)))


def _label(_: Texts, key: str) -> str:
    # A perspective as a chart's label, written as the tables beside it head their columns.
    return _plural(_, key).capitalize()


def cell_of(row: ThemeRow, perspective: str) -> Cell:
    """The row's cell for a perspective; an empty one when the row has none for it."""
    for cell in row.cells:
        if cell.perspective == perspective:
            return cell
    return Cell(perspective, 0, 0)


def _theme_name(_: Texts, row: ThemeRow) -> str:
    # The grid's row of answers nobody sorted has no theme of its own.
    return row.name or str(_(labels.NO_THEME))


def _rate(lang: str, response: Response) -> str:
    """Joined out of invited; "–" when the number invited is unknown, or out of date (more
    joined since it was typed: a response above 100% says nothing a reader can use)."""
    if response.more_than_invited:
        return "–"
    return _percent(lang, response.joined, response.invited)


def _percent(lang: str, part: int, whole: int | None) -> str:
    if not whole:
        return "–"
    # Babel rounds in the decimal context, half to even by default: 5 of 8 would be 62%.
    with decimal.localcontext() as context:
        context.rounding = decimal.ROUND_HALF_UP
        return format_percent(decimal.Decimal(part) / decimal.Decimal(whole), locale=lang)
