"""The report as a PDF: tagged (PDF/UA-1), in the reader's language, over several pages."""

from __future__ import annotations

import io
import logging
import multiprocessing
import re
from collections.abc import Iterator
from dataclasses import replace

import pytest
from pypdf import PageObject, PdfReader
from structlog.testing import capture_logs
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from flows.model import TITLE_MAX
from reports.pdf import PdfFailed, PdfMaker, report_pdf
from reports.render import TEMPLATES_DIR
from reports.report import report_html
from sandbox.synthesis_example import example_synthesis
from tests.reports.many_themes import THEMES, many_themes
from tests.reports.report_dom import parse


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture(scope="module")
def dutch() -> PdfReader:
    return read(report_pdf(example_synthesis("nl"), "nl"))


def test_the_pdf_is_tagged_for_accessibility(dutch: PdfReader) -> None:
    root = dutch.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert dutch.metadata is not None
    assert dutch.metadata.title == "Buurtteams Oost: het perspectief van gezinnen – Verslag"
    # PDF/UA asks for the title in the window, not the file name.
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_the_pdf_holds_the_report_over_several_pages(dutch: PdfReader) -> None:
    assert len(dutch.pages) > 1
    text = text_of(dutch)
    assert "We zoeken geen fouten, we leren samen." in text
    assert "De kern: rode draden" in text
    assert "Terugbelbelofte: binnen twee werkdagen" in text
    # Digits stay in the text font: a number and its word are not torn apart.
    assert "7 antwoorden, van ouders/inwoners" in text
    # The grid is on a landscape page of its own.
    widths = {round(float(page.mediabox.width)) for page in dutch.pages}
    assert widths == {595, 842}


async def test_the_maker_makes_the_report_in_its_worker_in_english() -> None:
    maker = PdfMaker()
    try:
        reader = read(await maker.report(example_synthesis("en"), "en"))
    finally:
        maker.close()
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert "We learn together; we're not here to find fault." in text_of(reader)


async def test_the_maker_starts_a_new_worker_when_its_worker_died() -> None:
    maker = PdfMaker()
    try:
        await maker.report(example_synthesis("en"), "en")
        for worker in multiprocessing.active_children():
            worker.kill()  # as the out-of-memory killer would
            worker.join()
        # Before, the dead worker's pool refused every later report.
        reader = read(await maker.report(example_synthesis("en"), "en"))
    finally:
        maker.close()
    assert "We learn together; we're not here to find fault." in text_of(reader)


def test_a_list_marker_comes_with_its_item_in_the_pdf_text(dutch: PdfReader) -> None:
    """Text taken from the PDF (copied, read out by a tool without tags) has each marker before
    its item, not all of them together at the bottom of the page."""
    lines = [line.strip() for page in dutch.pages for line in page.extract_text().splitlines()]
    # No line is a marker alone, or only markers.
    assert [line for line in lines if not line.replace("•", "").strip()] == []
    synthesis = example_synthesis("nl")
    kinds = {"only_one": "alleen genoemd door", "differ": "anders gezien door"}
    for difference in synthesis.differences:
        (line,) = [line for line in lines if line.startswith(f"• {difference.name}:")]
        assert kinds[difference.kind] in line
    # The most recognised items keep their numbers, each before its own quote.
    ranked = [line for line in lines if line[:2] in ("1.", "2.", "3.")]
    assert [line[:2] for line in ranked] == ["1.", "2.", "3."]
    assert all(len(line) > 5 for line in ranked)


# A page WeasyPrint 70 cannot lay out: a marker with content of its own has no min-content
# width ("not handled yet"), raised in the middle of rendering.
UNLAYABLE = """<!DOCTYPE html><html lang="nl"><head><title>Kaart</title>
<style>li::marker { content: "→ "; }</style></head>
<body><ul><li>Geheim antwoord van Sanne</li></ul></body></html>"""


async def test_a_page_weasyprint_cannot_render_fails_plainly_and_the_worker_goes_on() -> None:
    maker = PdfMaker()
    try:
        with capture_logs() as events, pytest.raises(PdfFailed) as failed:
            await maker.from_html(UNLAYABLE, "pdf/ua-1")
        # Said once, by the type of the error: no retry of what fails the same way again,
        # and no words of the page in the log (nor chained to the error the caller logs).
        assert [(e["event"], e["error"]) for e in events] == [("pdf_render_failed", "TypeError")]
        assert "Sanne" not in str(events)
        assert failed.value.__cause__ is None and failed.value.__suppress_context__
        # The same worker makes the next report.
        workers = {w.pid for w in multiprocessing.active_children()}
        reader = read(await maker.report(example_synthesis("en"), "en"))
        assert {w.pid for w in multiprocessing.active_children()} == workers
    finally:
        maker.close()
    assert "We learn together; we're not here to find fault." in text_of(reader)


def test_the_answers_chart_and_its_table_share_a_page(dutch: PdfReader) -> None:
    """A reader sees the numbers beside the bars, not a table without a title overleaf."""
    synthesis = example_synthesis("nl")
    caption = "Aantal antwoorden per thema, per perspectief"
    pages = [page.extract_text().splitlines() for page in dutch.pages]
    (chart_page,) = [i for i, lines in enumerate(pages) if caption in lines]
    # A row of the data table: its theme (or the theme's last line), a number per perspective
    # and the total (the recognition table's rows have one number more).
    row = re.compile(r"^\D*?((?:\d+ ){" + str(len(synthesis.perspectives)) + r"}\d+)$")
    rows = [
        (i, found.group(1))
        for i, lines in enumerate(pages)
        for line in lines
        if (found := row.match(line.strip()))
    ]
    assert [[int(n) for n in numbers.split()] for _, numbers in rows] == [
        [cell.answers for cell in theme.cells] + [theme.answers] for theme in synthesis.grid
    ]
    assert {i for i, _ in rows} == {chart_page}


def text_starts(page: PageObject) -> list[tuple[float, float, str]]:
    """Where each piece of a page's text starts (points from its left, and up from its foot)."""
    starts: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        starts.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return starts


@pytest.fixture(scope="module")
def english() -> PdfReader:
    return read(report_pdf(example_synthesis("en"), "en"))


@pytest.mark.parametrize("themes", ["six", "forty"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_nothing_runs_off_the_page(
    lang: str, themes: str, dutch: PdfReader, english: PdfReader
) -> None:
    """Every word starts inside the right margin and above the page's foot: a table too wide
    for the page (its last column, headed "Broadly recognised items" in English, or pushed
    out by a long compound in a theme's name) was cut off at the paper's edge, and the chart
    of a session with forty themes, one picture taller than a page, lost the themes below the
    page's foot."""
    example = dutch if lang == "nl" else english
    reader = example if themes == "six" else read(report_pdf(many_themes(lang), lang))
    margin = 16 / 25.4 * 72  # the pages' right margin, 16 mm
    title = example_synthesis(lang).cover.title
    past: list[tuple[int, str]] = []
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        # The bottom margins, 20 mm (18 mm on a landscape page), hold the footer alone.
        foot = (18 if width > height else 20) / 25.4 * 72
        for x, y, text in text_starts(page):
            footer = text == title or re.fullmatch(r"\d+ / \d+", text)
            if text and (x > width - margin or y > height or (y < foot and not footer)):
                past.append((number, text))
    assert past == []


def cells(box: boxes.Box, table: str = "") -> Iterator[tuple[str, boxes.TableCellBox]]:
    """Every table cell's box under this box, with its table's class."""
    for child in getattr(box, "children", []):
        within = child.element.get("class", "") if isinstance(child, boxes.TableBox) else table
        if isinstance(child, boxes.TableCellBox):
            yield within, child
        yield from cells(child, within)


def descendants(box: boxes.Box) -> Iterator[boxes.Box]:
    for child in getattr(box, "children", []):
        yield child
        yield from descendants(child)


def outside(box: boxes.Box, page: boxes.PageBox) -> bool:
    """Whether the box reaches past the page's content box (its margins, or off the paper)."""
    left, top = page.content_box_x(), page.content_box_y()
    x, y = box.border_box_x(), box.border_box_y()
    return (
        x < left - 0.5
        or y < top - 0.5
        or x + box.border_width() > left + page.width + 0.5
        or y + box.border_height() > top + page.height + 0.5
    )


def words(text: str) -> list[str]:
    """The text's words, a slash or a dash ending one: where a line may end, no word broken."""
    return re.findall(r"[^\s/-]+[/-]?|[/-]", text)


def lines_of(cell: boxes.Box) -> list[str]:
    return [
        "".join(text.text for text in descendants(line) if isinstance(text, boxes.TextBox))
        for line in descendants(cell)
        if isinstance(line, boxes.LineBox)
    ]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_forty_themes_print_every_chart_and_table_within_the_page(lang: str) -> None:
    """The answers' chart of forty themes was one picture taller than three pages, which
    WeasyPrint cannot split over pages: every theme below the first page's foot was lost. And
    a theme named with one long compound ("Jongerenparticipatiebevorderingsprojecten")
    widened the tables of numbers until their last columns stood past the paper's edge, and
    ran over the next column of the grid. Measured on the boxes WeasyPrint lays out."""
    html = report_html(many_themes(lang), lang)
    document = HTML(string=html, base_url=str(TEMPLATES_DIR)).render()
    drawn: list[str] = []
    off: list[tuple[int, str, str]] = []
    over: list[tuple[int, str]] = []
    broken: list[tuple[int, list[str]]] = []
    for number, page in enumerate(document.pages, start=1):
        frame = page._page_box  # the layout of the page: its content box and what is on it
        for box in descendants(frame):
            if isinstance(box, boxes.ReplacedBox) and box.element_tag.endswith("}svg"):
                drawn.append(box.element.get("id"))
                if outside(box, frame):
                    off.append((number, "svg", box.element.get("id")))
        for table, cell in cells(frame):
            text = " ".join("".join(cell.element.itertext()).split())
            if outside(cell, frame):
                off.append((number, cell.element_tag, text))
            edge = cell.border_box_x() + cell.border_width()
            if any(
                t.position_x + t.width > edge + 0.5
                for t in descendants(cell)
                if isinstance(t, boxes.TextBox)
            ):
                over.append((number, text))
            # A theme's name may be hyphenated; a number, a date, a header never breaks a word.
            kept = "data" in table.split() and "theme" not in cell.element.get("class", "").split()
            if kept and words(" ".join(lines_of(cell))) != words(text):
                broken.append((number, lines_of(cell)))
    assert off == [] and over == [] and broken == []
    # Every chart is laid out once, on a page and whole, and together they have every theme:
    # each theme's bars are on paper.
    charts = parse(html).all("svg")
    assert sorted(drawn) == sorted(svg.attrs["id"] for svg in charts) and len(charts) > 2
    labels = [
        label.text
        for svg in charts
        if svg.attrs["id"].startswith("answers-chart")
        for label in svg.all("text", font_weight="bold")
    ]
    assert labels[:-1] == list(THEMES)  # and the answers in no theme


def test_the_grid_uses_the_width_of_its_landscape_page(dutch: PdfReader) -> None:
    """The grid got a landscape page for its columns, but kept the portrait text's width in
    its middle: a quarter of the paper stayed empty while its quotes wrapped every few words."""
    margin = 16 / 25.4 * 72
    (first, *_) = [p for p in dutch.pages if p.mediabox.width > p.mediabox.height]
    starts = dict((text, x) for x, _, text in reversed(text_starts(first)))
    # The heading at the margin, the first column's header a cell's padding from it.
    assert starts["Per thema alle perspectieven naast elkaar"] < margin + 1
    assert starts["Thema"] < margin + 6


def test_the_report_renders_without_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    """Rules WeasyPrint does not know (media features, `overflow-x`, `display: contents`) are
    for screens only: the PDF maker no longer warns about them in every report."""
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        report_pdf(example_synthesis("nl"), "nl")
    assert [r.getMessage() for r in caplog.records if r.name == "weasyprint"] == []


def test_a_section_heading_and_its_lead_stay_with_the_table_they_introduce() -> None:
    """With a long theme name the answers' table grew, and "Recognition per theme" with its
    explanation stood at the foot of a page, its table overleaf."""
    synthesis = example_synthesis("nl")
    name = "Informatie delen tussen hulpverleners met toestemming van ouders"
    grid = [replace(r, name=name) if r.name == "Regels en geld" else r for r in synthesis.grid]
    reader = read(report_pdf(replace(synthesis, grid=grid), "nl"))
    pages = [page.extract_text().splitlines() for page in reader.pages]
    (heading,) = [i for i, lines in enumerate(pages) if "Herkenning per thema" in lines]
    # The table's first row: its theme and six numbers (per perspective, total, broadly).
    first = re.compile(r"^Wachttijd voor hulp( \d+){6}$")
    assert [line for line in pages[heading] if first.match(line.strip())]
    # And the long name breaks between words in the chart, every word of it there.
    chart_page = next(
        lines for lines in pages if "Aantal antwoorden per thema, per perspectief" in lines
    )
    assert "Informatie delen tussen hulpverleners met" in chart_page
    assert "toestemming van ouders" in chart_page


def test_every_list_item_is_tagged_with_its_body(dutch: PdfReader) -> None:
    """PDF/UA: a list item holds a label and/or a body (LI > Lbl, LBody), its words in the
    body; not words straight under the item (what an `inside` marker made of it)."""
    items: list[list[str]] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict) or "/S" not in node:
            return
        kids = node.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        objects = [k.get_object() if hasattr(k, "get_object") else k for k in kids]
        if node["/S"] == "/LI":
            items.append([k["/S"] for k in objects if isinstance(k, dict) and "/S" in k])
        for kid in objects:
            walk(kid)

    for top in dutch.trailer["/Root"]["/StructTreeRoot"]["/K"]:
        walk(top)
    synthesis = example_synthesis("nl")
    quotes = sum(len(c.quotes) for row in synthesis.grid for c in row.cells)
    assert len(items) >= quotes + len(synthesis.differences)
    assert all("/LBody" in kids and set(kids) <= {"/Lbl", "/LBody"} for kids in items), items


def _cells_of_tables(
    reader: PdfReader,
) -> list[tuple[dict[str, int], list[tuple[int, list[str]]]]]:
    """Per tagged table: its header cells' ids (id -> row) and each data cell's row and the
    ids of the header cells it names."""
    tables: list[tuple[dict[str, int], list[tuple[int, list[str]]]]] = []

    def walk(
        node: object, table: tuple[dict[str, int], list[tuple[int, list[str]]]] | None, row: int
    ) -> int:
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict) or "/S" not in node:
            return row
        role = node["/S"]
        if role == "/Table":
            table = ({}, [])
            tables.append(table)
            row = -1
        elif role == "/TR":
            row += 1
        elif role == "/TH" and table is not None:
            table[0][str(node["/ID"])] = row
        elif role == "/TD" and table is not None:
            table[1].append((row, [str(h) for h in node["/A"]["/Headers"]]))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            row = walk(kid, table, row)
        return row

    for top in reader.trailer["/Root"]["/StructTreeRoot"]["/K"]:
        walk(top, None, -1)
    return tables


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_table_cell_names_its_own_column_and_row_headers(
    lang: str, dutch: PdfReader, english: PdfReader
) -> None:
    """PDF/UA: a screen reader announces a cell with the headers the PDF links it to; a cell
    must not be linked to the header of another row (an owner further down, say)."""
    tables = _cells_of_tables(dutch if lang == "nl" else english)
    assert len(tables) >= 5  # grid, answers, recognition, response, actions
    for headers, cells in tables:
        assert cells
        for row, named in cells:
            assert named and set(named) <= headers.keys()
            assert [h for h in named if headers[h] == 0], named  # its column's header
            assert all(headers[h] in (0, row) for h in named), (row, named, headers)


def test_the_page_number_stays_on_one_line_beside_the_longest_title() -> None:
    """A title of the most characters, in wide capitals, wraps in the footer; the page
    number beside it used to wrap too ("2 /" above "6")."""
    example = example_synthesis("nl")
    title = ("WWWWWWWWW " * 12)[:TITLE_MAX]
    html = report_html(replace(example, cover=replace(example.cover, title=title)), "nl")
    document = HTML(string=html, base_url=str(TEMPLATES_DIR)).render()
    numbers: list[list[str]] = []
    for page in document.pages:
        feet = {
            box.at_keyword: box
            for box in page._page_box.children
            if isinstance(box, boxes.MarginBox)
        }
        numbers.append(lines_of(feet["@bottom-right"]))
        if "@bottom-left" in feet:  # the title, on every page after the cover
            left = feet["@bottom-left"]
            assert left.position_x + left.width <= feet["@bottom-right"].position_x
    pages = len(document.pages)
    assert numbers == [[f"{n} / {pages}"] for n in range(1, pages + 1)]
