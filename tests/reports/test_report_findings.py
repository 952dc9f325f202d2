"""The report made from a synthesis: rendered, parsed, and its numbers read back per theme and
perspective, in the grid, the charts' data tables, the response and the actions."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from flows.summary import (
    ActionLine,
    Entry,
    PerspectiveCount,
    PerspectiveGroup,
    RoundSection,
    Summary,
)
from flows.synthesis import DRAFT, Quote, Synthesis
from reports.i18n import Texts
from reports.labels import NO_THEME, PERSPECTIVE_PLURAL
from reports.report import report_html
from sandbox.synthesis_example import PERSPECTIVES, example_synthesis
from tests.reports.many_themes import THEMES, many_themes
from tests.reports.report_dom import Element, parse

NAMES = ("Sanne", "Zwaluw", "Mo", "Karin")


def rendered(lang: str = "nl", synthesis: Synthesis | None = None, **kwargs: object) -> Element:
    return parse(report_html(synthesis or example_synthesis(lang), lang, **kwargs))  # type: ignore[arg-type]


def numbers(row: Element) -> dict[str, int]:
    """A table row's number per perspective column."""
    return {
        td.attrs["data-perspective"]: int(td.text) for td in row.all("td", data_perspective=None)
    }


def theme_key(theme_id: int | None) -> str:
    return "" if theme_id is None else str(theme_id)


def test_the_grid_puts_every_perspective_side_by_side_per_theme() -> None:
    synthesis = example_synthesis()
    grid = rendered().by_id("grid-table")
    headers = grid.one("thead").all("th", data_perspective=None)
    assert [th.attrs["data-perspective"] for th in headers] == PERSPECTIVES
    assert [th.text for th in headers] == [
        "Ouders/inwoners", "Gezinswerkers", "Partnerorganisaties", "Gemeente",
    ]  # fmt: skip
    rows = grid.one("tbody").all("tr")
    assert [r.attrs["data-theme"] for r in rows] == [theme_key(r.theme_id) for r in synthesis.grid]
    for row, theme in zip(rows, synthesis.grid, strict=True):
        cells = row.all("td")
        assert [td.attrs["data-perspective"] for td in cells] == PERSPECTIVES
        for td, cell in zip(cells, theme.cells, strict=True):
            assert int(td.attrs["data-answers"]) == cell.answers
            quotes = [li.text for li in td.all("li")]
            expected = [q.text + (f" — {q.signed}" if q.signed else "") for q in cell.quotes]
            assert quotes == expected
            if not cell.answers:
                assert td.text == "–"
    waiting = rows[0]
    assert [int(td.attrs["data-answers"]) for td in waiting.all("td")] == [3, 2, 1, 1]
    assert "7 antwoorden" in waiting.one("th").text
    privacy = rows[3]
    assert [td.text for td in privacy.all("td")][::2] == ["–", "–"]
    assert rows[-1].one("th").text.startswith("Niet in een thema")


def test_the_answers_chart_and_its_table_hold_the_grid_numbers() -> None:
    synthesis = example_synthesis()
    page = rendered()
    table = page.by_id("answers-data")
    for row, theme in zip(table.one("tbody").all("tr"), synthesis.grid, strict=True):
        assert numbers(row) == {c.perspective: c.answers for c in theme.cells}
        assert int(row.classed("total")[0].text) == theme.answers
    svg = page.one("svg", id="answers-chart")
    assert svg.attrs["role"] == "img"
    assert svg.attrs["width"] == "100%"
    assert re.fullmatch(r"0 0 \d+ [\d.]+", svg.attrs["viewBox".lower()])
    title = svg.one("title")
    assert title.text == "Aantal antwoorden per thema, per perspectief"
    labelled = svg.attrs["aria-labelledby"].split()
    assert title.attrs["id"] in labelled and all(page.by_id(i) for i in labelled)
    texts = [t.text for t in svg.all("text")]
    legend, drawn = texts[: len(PERSPECTIVES)], texts[len(PERSPECTIVES) :]
    assert legend == ["Ouders/inwoners", "Gezinswerkers", "Partnerorganisaties", "Gemeente"]
    expected: list[str] = []
    for theme in synthesis.grid:
        expected.append(theme.name or "Niet in een thema")
        expected.extend(str(c.answers) for c in theme.cells)
    assert drawn == expected
    # A bar for every non-zero number, none for a zero.
    bars = svg.all("rect")[len(PERSPECTIVES) :]  # after the legend's swatches
    assert len(bars) == sum(1 for t in synthesis.grid for c in t.cells if c.answers)


def test_the_response_table_counts_against_the_invited_with_refusals() -> None:
    page = rendered()
    rows = {
        tr.attrs["data-perspective"]: {
            name: tr.classed(name)[0].text
            for name in ("invited", "joined", "answered", "refused", "rate")
        }
        for tr in page.by_id("response-table").one("tbody").all("tr")
    }
    assert rows == {
        # 5 of 8 is 62.5%: rounded half up, as a reader (and Excel) does, not to the even 62%.
        "parent": {"invited": "8", "joined": "5", "answered": "4", "refused": "2", "rate": "63%"},
        "worker": {"invited": "4", "joined": "4", "answered": "3", "refused": "0", "rate": "100%"},
        "partner": {"invited": "3", "joined": "2", "answered": "2", "refused": "1", "rate": "67%"},
        "municipality": {
            "invited": "–", "joined": "1", "answered": "1", "refused": "0", "rate": "–",
        },
    }  # fmt: skip
    svg = page.one("svg", id="response-chart")
    assert svg.one("title").text == "Uitgenodigd, aangemeld en geantwoord, per perspectief"
    texts = [t.text for t in svg.all("text")][3:]
    assert texts == [
        "Ouders/inwoners", "8", "5", "4",
        "Gezinswerkers", "4", "4", "3",
        "Partnerorganisaties", "3", "2", "2",
        "Gemeente", "–", "1", "1",
    ]  # fmt: skip


def test_the_actions_are_grouped_by_owner_with_theme_date_and_status() -> None:
    _ = Texts("nl")
    table = rendered().by_id("actions-table")
    groups = {
        body.attrs["data-owner"]: [
            (tr.classed("what")[0].text, tr.classed("theme")[0].text, tr.classed("due")[0].text,
             tr.classed("status")[0].text)
            for tr in body.all("tr", data_owner=None)
        ]
        for body in table.all("tbody")
    }  # fmt: skip
    assert list(groups) == ["buurtteam", "gemeente", "school"]
    # Each group is headed by its owner as typed, starting with a capital like any heading.
    assert [body.one("th", scope="rowgroup").text for body in table.all("tbody")] == [
        "Buurtteam", "Gemeente", "School",
    ]  # fmt: skip
    assert groups["buurtteam"] == [
        ("Terugbelbelofte: binnen twee werkdagen", "Wachttijd voor hulp", "3 feb 2027",
         _("on track")),
        ("Vast aanspreekpunt per gezin", "Eén vast aanspreekpunt", "1 apr 2027", _("no news yet")),
    ]  # fmt: skip
    assert groups["gemeente"] == [
        ("Afwijkingsruimte in de verordening", "Regels en geld", "30 jun 2027", _("stuck")),
        ("Folder over privacy voor ouders", "–", "–", _("no news yet")),
    ]
    assert groups["school"] == [
        ("Overleg intern begeleiders en buurtteam", "Samenwerking met school", "–", _("done"))
    ]


def test_the_recognition_per_theme_and_the_most_recognised_items() -> None:
    synthesis = example_synthesis()
    page = rendered()
    for row, theme in zip(
        page.by_id("recognition-table").one("tbody").all("tr"), synthesis.grid, strict=True
    ):
        assert numbers(row) == {p: theme.recognitions.get(p, 0) for p in PERSPECTIVES}
        assert int(row.classed("total")[0].text) == sum(theme.recognitions.values())
        assert int(row.classed("broadly")[0].text) == theme.broadly_recognised
    items = page.one("ol").all("li")
    # Most recognised first; the item nobody recognised is not among them.
    assert [int(li.attrs["data-total"]) for li in items] == [7, 5, 3]
    assert [li.attrs["data-broadly"] for li in items] == ["yes", "no", "yes"]
    assert "breed herkend" in items[0].text and "breed herkend" not in items[1].text
    first = {
        s.attrs["data-perspective"]: s.text for s in items[0].all("span", data_perspective=None)
    }
    assert first == {
        "parent": "ouders/inwoners 3", "worker": "gezinswerkers 2",
        "partner": "partnerorganisaties 1", "municipality": "gemeente 1",
    }  # fmt: skip


def test_the_kern_has_the_rode_draden_and_the_differences() -> None:
    page = rendered()
    kern = page.by_id("kern")
    assert kern.one("h2", id="kern-heading").text == "De kern: rode draden"
    threads = kern.all("article")
    assert [(a.one("h3").text, int(a.attrs["data-answers"])) for a in threads] == [
        ("Wachttijd voor hulp", 7), ("Eén vast aanspreekpunt", 4),
        ("Samenwerking met school", 3), ("Regels en geld", 3),
    ]  # fmt: skip
    assert threads[1].classed("raised")[0].text == (
        "4 antwoorden, van ouders/inwoners, gezinswerkers en mensen van de gemeente"
    )
    assert threads[2].one("footer").text == "— Karin (partnerorganisatie)"
    assert threads[0].one("footer").text == "— Ouder/inwoner"
    differences = [li.text for li in kern.all("li")]
    assert differences == [
        "Privacy en toestemming: alleen genoemd door gezinswerkers",
        "Samenwerking met school: anders gezien door ouders/inwoners en partnerorganisaties",
    ]


def test_no_name_stands_where_a_quote_is_unsigned() -> None:
    synthesis = example_synthesis()
    unsigned = {
        q.contribution_id
        for row in synthesis.grid
        for cell in row.cells
        for q in cell.quotes
        if q.signed is None
    }
    page = rendered()
    shown = [e for e in page.iter() if e.attrs.get("data-contribution")]
    assert {int(e.attrs["data-contribution"]) for e in shown} & unsigned
    for element in shown:
        signed = int(element.attrs["data-contribution"]) not in unsigned
        named = [name for name in NAMES if name in element.text]
        assert bool(named) == signed, element.text


@pytest.mark.parametrize(
    ("lang", "method", "status", "kern"),
    [
        ("nl", "We zoeken geen fouten, we leren samen.", "Goedgekeurd: versie 2 van 28 jan 2027",
         "De kern: rode draden"),
        ("en", "We learn together; we're not here to find fault.",
         "Approved: version 2 of 28 Jan 2027", "The core: common threads"),
    ],
)  # fmt: skip
def test_the_cover_in_both_languages(lang: str, method: str, status: str, kern: str) -> None:
    page = rendered(lang)
    assert page.one("html").attrs["lang"] == lang
    cover = page.by_id("cover")
    assert cover.by_id("municipality").text == "Gemeente Nijmegen"
    assert cover.by_id("area").text == "Oost"
    assert cover.by_id("facilitator").text == "Fatima de Vries"
    # Compact: the month and year once when they are the same.
    period = "11–25 jan 2027" if lang == "nl" else "11–25 Jan 2027"
    assert cover.by_id("period").text == period
    assert cover.by_id("status").text == status
    assert method in cover.classed("method")[0].text
    assert page.by_id("kern-heading").text == kern
    assert (
        page.one("head").one("title").text
        == f"Buurtteams Oost: het perspectief van gezinnen – {Texts(lang)('Report')}"
    )


def test_a_draft_says_so_and_has_no_version() -> None:
    page = rendered(synthesis=example_synthesis(status=DRAFT))
    assert page.by_id("status").text == "Concept: nog niet goedgekeurd door de gespreksleider"
    assert page.by_id("cover").attrs["data-status"] == "draft"


def test_what_people_typed_is_escaped() -> None:
    synthesis = example_synthesis()
    row = synthesis.grid[0]
    cell = row.cells[0]
    odd = Quote(999, "hurt", "parent", "<script>alert(1)</script> & 😕", None)
    grid = [
        dataclasses.replace(row, cells=[dataclasses.replace(cell, quotes=[odd]), *row.cells[1:]])
    ]
    cover = dataclasses.replace(synthesis.cover, title="Oost <b>& co</b>")
    html = report_html(
        dataclasses.replace(synthesis, grid=grid + synthesis.grid[1:], cover=cover), "nl"
    )
    assert "<script>" not in html and "<b>&" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 😕" in html
    assert parse(html).by_id("title").text == "Oost <b>& co</b>"


def test_the_transcript_follows_as_an_appendix_only_when_given() -> None:
    assert not [e for e in rendered().iter() if e.attrs.get("id") == "appendix"]
    transcript = Summary(
        session_id=1, title="t", theme="t", lang="nl", made_on=dt.date(2027, 1, 28),
        counts=[PerspectiveCount("parent", 1, 1, 2)],
        rounds=[RoundSection("went_well", [PerspectiveGroup("parent", [
            Entry("parent", "name", "Sanne", "Goed geluisterd"),
            Entry("parent", "anonymous", None, "Snel geholpen"),
        ])], people=1, contributions=2)],
        actions=[ActionLine("Terugbellen", "buurtteam", None)],
    )  # fmt: skip
    appendix = rendered(transcript=transcript).by_id("appendix")
    assert appendix.one("h3").text == "Wat ging goed?"
    assert [li.text for li in appendix.all("li")] == [
        "Sanne: Goed geluisterd",
        "Ouder/inwoner: Snel geholpen",
    ]


def test_a_session_of_two_perspectives_has_two_columns() -> None:
    synthesis = example_synthesis(perspectives=["parent", "worker"])
    page = rendered(synthesis=synthesis)
    headers = page.by_id("grid-table").one("thead").all("th", data_perspective=None)
    assert [th.attrs["data-perspective"] for th in headers] == ["parent", "worker"]
    first = page.by_id("answers-data").one("tbody").all("tr")[0]
    assert numbers(first) == {"parent": 3, "worker": 2}


@pytest.mark.parametrize(
    ("lang", "keys", "who"),
    [
        ("nl", ["parent", "worker", "partner"],
         "Ouders/inwoners, gezinswerkers en partnerorganisaties beantwoordden"),
        ("nl", ["parent", "municipality"], "Ouders/inwoners en mensen van de gemeente beantwoordden"),
        ("en", ["worker", "partner"], "Family workers and partner organisations each answered"),
    ],
)  # fmt: skip
def test_how_we_worked_names_the_perspectives_the_session_had(
    lang: str, keys: list[str], who: str
) -> None:
    synthesis = dataclasses.replace(example_synthesis(lang), perspectives=keys)
    method = rendered(lang, synthesis).classed("method")[0].one("p").text
    assert method.startswith(who)


def test_more_joined_than_invited_shows_no_response_above_a_hundred_percent() -> None:
    # Four family workers joined; the number invited was typed as 3 before the fourth did.
    synthesis = example_synthesis()
    synthesis = dataclasses.replace(
        synthesis,
        response=[
            dataclasses.replace(r, invited=3) if r.perspective == "worker" else r
            for r in synthesis.response
        ],
    )
    for lang in ("nl", "en"):
        table = rendered(lang, synthesis).by_id("response-table")
        rates = {
            tr.attrs["data-perspective"]: tr.classed("rate")[0].text
            for tr in table.one("tbody").all("tr")
        }
        assert rates == {"parent": "63%", "worker": "–", "partner": "67%", "municipality": "–"}
        worker = table.one("tr", data_perspective="worker")
        assert [worker.classed(name)[0].text for name in ("invited", "joined")] == ["3", "4"]


def test_the_response_chart_leaves_out_invited_when_nobody_gave_it() -> None:
    synthesis = example_synthesis()
    synthesis = dataclasses.replace(
        synthesis, response=[dataclasses.replace(r, invited=None) for r in synthesis.response]
    )
    page = rendered(synthesis=synthesis)
    svg = page.one("svg", id="response-chart")
    assert svg.one("title").text == "Aangemeld en geantwoord, per perspectief"
    assert page.by_id("response").one("figcaption").text == svg.one("title").text
    texts = [t.text for t in svg.all("text")]
    assert texts[:2] == ["Aangemeld", "Geantwoord"]  # the legend
    assert texts[2:] == [
        t for r in synthesis.response
        for t in ({"parent": "Ouders/inwoners", "worker": "Gezinswerkers",
                   "partner": "Partnerorganisaties", "municipality": "Gemeente"}[r.perspective],
                  str(r.joined), str(r.answered))
    ]  # fmt: skip
    # The table still says that the number invited is not known.
    table = page.by_id("response-table")
    assert {td.text for td in table.classed("invited")} == {"–"}


@pytest.mark.parametrize(
    ("lang", "start", "end", "shown"),
    [
        ("nl", dt.date(2027, 1, 11), dt.date(2027, 2, 3), "11 jan – 3 feb 2027"),
        ("nl", dt.date(2026, 12, 11), dt.date(2027, 1, 8), "11 dec 2026 – 8 jan 2027"),
        ("en", dt.date(2027, 1, 11), dt.date(2027, 2, 3), "11 Jan – 3 Feb 2027"),
        ("nl", dt.date(2027, 1, 11), dt.date(2027, 1, 11), "11 jan 2027"),
    ],
)  # fmt: skip
def test_the_period_is_written_compactly(
    lang: str, start: dt.date, end: dt.date, shown: str
) -> None:
    synthesis = example_synthesis(lang)
    cover = dataclasses.replace(synthesis.cover, period_from=start, period_to=end)
    page = rendered(lang, dataclasses.replace(synthesis, cover=cover))
    assert page.by_id("period").text == shown


def test_a_theme_nobody_was_shown_has_dashes_for_its_recognitions() -> None:
    synthesis = example_synthesis()
    grid = [
        dataclasses.replace(row, recognitions={}, broadly_recognised=0, shared=False)
        if row.name == "Meedoen in de buurt" else row
        for row in synthesis.grid
    ]  # fmt: skip
    page = rendered(synthesis=dataclasses.replace(synthesis, grid=grid))
    rows = page.by_id("recognition-table").one("tbody").all("tr")
    for row, theme in zip(rows, grid, strict=True):
        shown = [td.text for td in row.all("td")]
        if theme.shared:
            assert shown == [str(theme.recognitions.get(p, 0)) for p in PERSPECTIVES] + [
                str(sum(theme.recognitions.values())), str(theme.broadly_recognised),
            ]  # fmt: skip
        else:
            assert shown == ["–"] * (len(PERSPECTIVES) + 2)
    assert page.by_id("not-shared").text.startswith("–: ")
    # Where every theme was shared, no note explains a dash.
    assert not [e for e in rendered().iter() if e.attrs.get("id") == "not-shared"]


def test_a_session_without_answers_has_no_empty_tables_or_charts() -> None:
    synthesis = dataclasses.replace(
        example_synthesis(), grid=[], kern=[], differences=[], recognised=[], actions=[]
    )
    page = rendered(synthesis=synthesis)
    grid = page.by_id("grid")
    assert "grid-section" not in grid.attrs["class"]  # no landscape page for one sentence
    assert grid.all("table") == [] and grid.classed("empty")[0].text.startswith("Nog niemand")
    assert page.all("svg", id="answers-chart") == []
    assert [e for e in page.iter() if e.attrs.get("id") in ("answers", "recognition-table")] == []
    # Every heading left has something under it.
    for section in page.one("main").all("section"):
        assert [e for e in section.children if isinstance(e, Element) and e.tag != "h2"], (
            section.attrs.get("id")
        )


def test_the_most_recognised_are_in_the_order_the_summary_gives_them() -> None:
    """The synthesis ranks recognitions across perspectives first (one large group cannot put
    its item on top); the report re-sorted them by count, so the printed report and the sent
    summary listed the same items in a different order."""
    synthesis = example_synthesis()
    # As the synthesis ranks them: both broad recognitions first, then the one of 5 marks.
    ranked = [synthesis.recognised[0], synthesis.recognised[2], synthesis.recognised[1]]
    page = rendered(synthesis=dataclasses.replace(synthesis, recognised=ranked))
    items = page.one("ol").all("li")
    assert [int(li.attrs["data-contribution"]) for li in items] == [
        r.quote.contribution_id for r in ranked
    ]
    assert [int(li.attrs["data-total"]) for li in items] == [7, 3, 5]


@pytest.mark.parametrize(
    ("lang", "title", "desc"),
    [
        ("nl", "Aantal antwoorden per thema, per perspectief ({} van {})",
         "Dezelfde aantallen staan in de tabel na deze grafieken."),
        ("en", "Number of answers per theme, per perspective ({} of {})",
         "The same numbers are in the table after these charts."),
    ],
    ids=["nl", "en"],
)  # fmt: skip
def test_forty_themes_are_charted_a_page_at_a_time_and_counted_in_one_table(
    lang: str, title: str, desc: str
) -> None:
    """Forty themes made one chart taller than a printed page, and a chart is never split over
    pages: the themes past the page's foot were lost. Now several charts, each a figure with
    its title, description and legend; the table with every number follows them once."""
    synthesis = many_themes(lang)
    page = rendered(lang, synthesis)
    section = page.by_id("answers")
    figures = section.all("figure")
    parts = len(figures)
    assert parts > 2
    legend = [p.capitalize() for p in (Texts(lang)(PERSPECTIVE_PLURAL[k]) for k in PERSPECTIVES)]
    for number, figure in enumerate(figures, start=1):
        svg = figure.one("svg")
        assert svg.attrs["id"] == f"answers-chart-{number}"
        assert svg.one("title").text == title.format(number, parts)
        assert figure.one("figcaption").text == title.format(number, parts)
        assert svg.one("desc").text == desc
        assert all(page.by_id(i) for i in svg.attrs["aria-labelledby"].split())
        assert [t.text for t in svg.all("text")][: len(legend)] == legend
    # Every theme in a chart, in the grid's order, each once.
    labels = [t.text for f in figures for t in f.all("text", font_weight="bold")]
    assert labels == [*THEMES, Texts(lang)(NO_THEME)]
    table = page.by_id("answers-data")
    rows = table.one("tbody").all("tr")
    assert [r.attrs["data-theme"] for r in rows] == [theme_key(r.theme_id) for r in synthesis.grid]
    for row, theme in zip(rows, synthesis.grid, strict=True):
        assert numbers(row) == {c.perspective: c.answers for c in theme.cells}
    blocks = [e for e in section.children if isinstance(e, Element)]
    assert blocks.index(figures[-1]) < blocks.index(section.classed("table-scroll")[0])
