"""The exports read back the way an analyst opens them: the workbook with openpyxl, the CSV
with `csv`, the JSON with `json`; the columns are the ones docs/exports.md lists."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from flows import exports
from flows.synthesis import Synthesis, synthesise
from reports import exports as writers
from reports.i18n import Texts
from reports.report import report_html
from sandbox.world import World
from tests.conftest import rows
from tests.exporting import LEFT_OUT, NOW, TRICKY, Played, fill, session_with_results
from tests.reports.report_dom import parse

DOC = Path(__file__).resolve().parents[2] / "docs" / "exports.md"


async def made(world: World) -> tuple[Played, exports.Export]:
    played = await session_with_results(world)
    export = await exports.gather(world.services.db, world.clock, played.session_id)
    return played, export


def table(sheet: Worksheet) -> list[dict[str, object]]:
    """The sheet's rows under its header row."""
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:] if any(row)]


async def test_the_workbook_has_its_sheets_headers_filters_chart_and_right_numbers(
    world: World,
) -> None:
    _, export = await made(world)
    book = openpyxl.load_workbook(io.BytesIO(writers.xlsx(export)))
    assert book.sheetnames == [
        "Over",
        "Antwoorden",
        "Thema's",
        "Thema × perspectief",
        "Herkenning",
        "Acties",
    ]
    nl = Texts("nl")
    for t in writers.TABLES:
        sheet = book[str(nl(t.sheet))]
        headers = [c.value for c in sheet[1]]
        assert headers == [c.title(nl) for c in t.columns]
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["A"].width > 5

    # Long answers wrap in a wide column; dates are Excel dates shown as dates.
    assert book["Antwoorden"]["E2"].alignment.wrap_text
    assert book["Antwoorden"].column_dimensions["E"].width >= 50
    assert book["Antwoorden"]["H2"].is_date
    answers = table(book["Antwoorden"])
    texts = [a["Antwoord"] for a in answers]
    assert TRICKY in texts and LEFT_OUT not in texts and len(answers) == 5
    # Pseudonyms by perspective and order of joining; no chosen name anywhere in the book.
    by_text = {a["Antwoord"]: a for a in answers}
    assert by_text["Het buurtteam belde snel terug"]["Schuilnaam"] == "Ouder 1"
    assert by_text["Snel een afspraak gehad"]["Schuilnaam"] == "Ouder 2"
    assert by_text["De lijnen met school waren kort"]["Schuilnaam"] == "Gezinswerker 1"
    assert by_text["De lijnen met school waren kort"]["Perspectief"] == "Gezinswerker"
    assert by_text["Het buurtteam belde snel terug"]["Ronde"] == "Wat ging goed?"
    assert by_text["Het buurtteam belde snel terug"]["Herkend"] == 2  # not by its writer
    written = by_text["Het buurtteam belde snel terug"]["Geschreven op"]
    assert isinstance(written, dt.datetime) and written.date() == dt.date(2026, 11, 24)
    everything = " ".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )
    for name in ("Sanne", "Kees", "Wim", "Pieter", "Femke"):
        assert name not in everything
    assert "lastige man" not in everything

    # The grid: answers per theme per perspective, without the left-out one.
    grid = {g["Thema"]: g for g in table(book["Thema × perspectief"])}
    assert grid["Bereikbaarheid"]["Ouders/inwoners"] == 2
    assert grid["Bereikbaarheid"]["Gezinswerkers"] == 1
    assert grid["Bereikbaarheid"]["Totaal"] == 3
    assert grid["Samenwerking"]["Ouders/inwoners"] == 1
    assert grid["Samenwerking"]["Gezinswerkers"] == 1
    assert grid["Nog leeg"]["Totaal"] == 0
    (chart,) = book["Thema × perspectief"]._charts
    assert len(chart.series) == 4
    assert export.perspectives == ("parent", "worker", "partner", "municipality")

    themes = {t["Thema"]: t for t in table(book["Thema's"])}
    assert themes["Bereikbaarheid"]["Antwoorden"] == 3
    assert themes["Bereikbaarheid"]["Perspectieven"] == 2

    recognised = {r["Antwoord"]: r for r in table(book["Herkenning"])}
    assert LEFT_OUT not in recognised
    first = recognised["Het buurtteam belde snel terug"]
    assert (first["Herkend door ouders/inwoners"], first["Herkend door gezinswerkers"]) == (1, 1)
    assert first["Breed herkend"] == "ja"
    # One parent of two does not make an answer broadly recognised (its writer, the one
    # worker, has no say in it).
    second = recognised["De lijnen met school waren kort"]
    assert second["Totaal"] == 1 and second["Breed herkend"] == "nee"

    (action,) = table(book["Acties"])
    assert action["Wat"] == "Vaste contactpersoon per school"
    assert action["Thema"] == "Samenwerking"
    assert action["Klaar op"] == dt.datetime(2026, 12, 24)

    about = " ".join(str(v) for row in book["Over"].iter_rows(values_only=True) for v in row)
    assert "Evaluatie Buurtteams Oost" in about and "Schuilnaam" in about


async def test_the_csv_is_for_dutch_excel_and_a_tricky_answer_round_trips(world: World) -> None:
    _, export = await made(world)
    body = writers.csv_bytes(export)
    assert body.startswith(b"\xef\xbb\xbf")
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].split(";")[:3] == ["Nummer", "Ronde", "Perspectief"]
    read = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert TRICKY in [r["Antwoord"] for r in read]
    assert LEFT_OUT not in text and "Sanne" not in text
    assert {r["Schuilnaam"] for r in read} == {"Ouder 1", "Ouder 2", "Gezinswerker 1"}
    actions = writers.csv_bytes(export, writers.ACTIONS).decode("utf-8-sig")
    (action,) = csv.DictReader(io.StringIO(actions, newline=""), delimiter=";")
    assert action["Klaar op"] == "2026-12-24" and action["Thema"] == "Samenwerking"


async def test_an_answer_whose_round_was_never_shared_has_no_recognition_count(
    world: World,
) -> None:
    played = await session_with_results(world)
    # A second round, answered and closed, whose mirror never went out.
    await played.facilitator.send("/open")
    await played.people["Sanne"].send("Het duurde lang voor er iemand kwam")
    await played.facilitator.send("/sluit")
    export = await exports.gather(world.services.db, world.clock, played.session_id)
    later, unmarked = "Het duurde lang voor er iemand kwam", "Snel een afspraak gehad"
    # Nobody could mark it: empty, not "recognised 0 times" as an answer nobody marked.
    book = openpyxl.load_workbook(io.BytesIO(writers.xlsx(export)))
    by_text = {a["Antwoord"]: a for a in table(book["Antwoorden"])}
    assert (by_text[later]["Herkend"], by_text[unmarked]["Herkend"]) == (None, 0)
    text = writers.csv_bytes(export).decode("utf-8-sig")
    read = {r["Antwoord"]: r for r in csv.DictReader(io.StringIO(text, newline=""), delimiter=";")}
    assert (read[later]["Herkend"], read[unmarked]["Herkend"]) == ("", "0")
    data = {a["answer"]: a for a in json.loads(writers.json_bytes(export))["answers"]}
    assert (data[later]["recognised"], data[unmarked]["recognised"]) == (None, 0)
    assert later not in [
        r["answer"] for r in json.loads(writers.json_bytes(export))["recognitions"]
    ]


def test_a_csv_cell_that_would_be_a_formula_is_text() -> None:
    column = writers.ANSWERS.columns[4]
    moment = dt.datetime(2026, 11, 24, tzinfo=dt.UTC)
    export = exports.Export(1, "t", "t", "nl", "Europe/Amsterdam", moment, [], [], [], [], [])
    assert writers._csv_cell(column, "=HYPERLINK(1)", export) == "'=HYPERLINK(1)"
    assert writers._csv_cell(column, "gewoon", export) == "gewoon"


async def test_the_json_has_every_table_with_english_keys_and_iso_dates(world: World) -> None:
    _, export = await made(world)
    data = json.loads(writers.json_bytes(export))
    assert list(data) == ["session", *(t.key for t in writers.TABLES)]
    assert data["session"]["title"] == "Evaluatie Buurtteams Oost"
    # Every perspective has its column; which of them the session had, a script reads here.
    assert data["session"]["perspectives"] == ["parent", "worker", "partner", "municipality"]
    assert json.loads(writers.json_bytes(replace(export, perspectives=("worker",))))["session"][
        "perspectives"
    ] == ["worker"]
    documented = re.search(r"plus `session` \(([^)]*)\)", DOC.read_text(encoding="utf-8"))
    assert documented is not None
    assert re.findall(r"`(\w+)`", documented.group(1)) == list(data["session"])
    for t in writers.TABLES:
        for row in data[t.key]:
            assert list(row) == [c.key for c in t.columns]
    answer = next(a for a in data["answers"] if a["answer"] == TRICKY)
    assert (answer["round"], answer["perspective"], answer["pseudonym"]) == (
        "went_well",
        "parent",
        "Ouder 1",
    )
    assert dt.datetime.fromisoformat(answer["written_at"]).tzinfo is not None
    assert LEFT_OUT not in json.dumps(data, ensure_ascii=False)
    grid = {g["theme"]: g for g in data["grid"]}
    assert (grid["Bereikbaarheid"]["parent"], grid["Bereikbaarheid"]["worker"]) == (2, 1)
    assert data["actions"][0]["due_on"] == "2026-12-24"
    broad = {r["answer"]: r["broadly_recognised"] for r in data["recognitions"]}
    assert broad == {
        "Het buurtteam belde snel terug": True,
        TRICKY: False,
        "Snel een afspraak gehad": False,
        "De lijnen met school waren kort": False,
        "We konden snel schakelen met de wijkagent": False,
    }


def test_the_doc_lists_exactly_the_columns_written() -> None:
    sections = re.split(r"^### ", DOC.read_text(encoding="utf-8"), flags=re.M)[1:]
    documented = {
        s.split("\n", 1)[0].strip(): re.findall(r"^- `(\w+)`:", s, flags=re.M) for s in sections
    }
    assert documented == {t.key: [c.key for c in t.columns] for t in writers.TABLES}


async def test_english_sessions_get_english_headers(world: World) -> None:
    _, export = await made(world)
    book = openpyxl.load_workbook(io.BytesIO(writers.xlsx(replace(export, lang="en"))))
    assert book.sheetnames[:2] == ["About", "Answers"]
    assert [c.value for c in book["Answers"][1]][:4] == [
        "Number",
        "Round",
        "Perspective",
        "Pseudonym",
    ]
    answers = table(book["Answers"])
    assert {a["Pseudonym"] for a in answers} == {"Parent 1", "Parent 2", "Family worker 1"}


async def test_the_chart_has_a_bar_only_for_the_perspectives_the_session_had(
    world: World,
) -> None:
    """Every perspective keeps its column (scripts read every session alike), but a chart
    with a legend entry for a group that was never invited has bars that never come."""
    _, export = await made(world)
    book = openpyxl.load_workbook(
        io.BytesIO(writers.xlsx(replace(export, perspectives=("parent", "worker"))))
    )
    sheet = book["Thema × perspectief"]
    assert [c.value for c in sheet[1]][2:6] == [
        "Ouders/inwoners", "Gezinswerkers", "Partnerorganisaties", "Gemeente",
    ]  # fmt: skip
    (chart,) = sheet._charts
    # Each series is named by its column's header and reads that column.
    assert [s.tx.strRef.f for s in chart.series] == [
        "'Thema × perspectief'!$C$1", "'Thema × perspectief'!$D$1",
    ]  # fmt: skip
    assert [s.val.numRef.f.split("!")[1] for s in chart.series] == ["$C$2:$C$4", "$D$2:$D$4"]


# A second round's answers, none of them put in a theme.
NOT_SORTED = "Niemand wist wie mijn vraag had"
SKIPPED = "De formulieren waren veel te lang"  # looked at and skipped
NOT_SORTED_LEFT_OUT = "Die ene medewerker was onbeschoft"
LATER = (
    ("Sanne", NOT_SORTED),
    ("Sanne", NOT_SORTED_LEFT_OUT),
    ("Kees", SKIPPED),
    ("Wim", "Het dossier ging kwijt bij de overdracht"),
)
NO_THEME = "Niet in een thema"


def report_grid(synthesis: Synthesis) -> list[tuple[str, dict[str, int], int]]:
    """The report's grid as printed (its chart's data table): per row the theme's name, the
    answers per perspective and the total."""
    page = parse(report_html(synthesis, "nl"))
    return [
        (
            tr.one("th").text,
            {
                td.attrs["data-perspective"]: int(td.text)
                for td in tr.all("td", data_perspective=None)
            },
            int(tr.classed("total")[0].text),
        )
        for tr in page.by_id("answers-data").one("tbody").all("tr")
    ]


def grids(export: exports.Export) -> dict[str, list[dict[str, object]]]:
    """The exports' grid as each file holds it, by the columns' keys: the workbook's sheet
    read with openpyxl, the CSV table with `csv` (numbers made numbers again), the JSON."""
    texts = Texts(export.lang)
    keys = {c.title(texts): c.key for c in writers.GRID.columns}
    book = openpyxl.load_workbook(io.BytesIO(writers.xlsx(export)))
    sheet = table(book[str(texts(writers.GRID.sheet))])
    text = writers.csv_bytes(export, writers.GRID).decode("utf-8-sig")
    read = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    numeric = {c.key for c in writers.GRID.columns if c.kind == writers.INT}
    return {
        "xlsx": [{keys[h]: v for h, v in row.items()} for row in sheet],
        "csv": [
            {keys[h]: int(v) if keys[h] in numeric and v else v for h, v in row.items()}
            for row in read
        ],
        "json": json.loads(writers.json_bytes(export))["grid"],
    }


def as_report(
    grid: list[dict[str, object]], perspectives: tuple[str, ...]
) -> list[tuple[str, dict[str, int], int]]:
    return [
        (str(row["theme"]), {p: row[p] for p in perspectives}, row["total"])  # type: ignore[misc]
        for row in grid
    ]


def per_perspective(grid: list[tuple[str, dict[str, int], int]]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for _, counts, _total in grid:
        for perspective, n in counts.items():
            totals[perspective] = totals.get(perspective, 0) + n
    return totals


async def test_the_grid_counts_the_answers_in_no_theme_as_the_report_does(world: World) -> None:
    """The report's grid ends with a row for the answers in no theme; the exports' grid has
    that row too, so a policy officer finds the same numbers in both. A left-out answer counts
    in neither."""
    played = await session_with_results(world)
    db, session_id = world.services.db, played.session_id

    # Every answer is in a theme: neither has a row for answers in no theme.
    export = await exports.gather(db, world.clock, session_id)
    report = report_grid(await synthesise(db, world.clock, session_id))
    assert NO_THEME not in [name for name, _, _ in report]
    for grid in grids(export).values():
        assert as_report(grid, export.perspectives) == report

    await played.facilitator.send("/open")
    for name, text in LATER:
        await played.people[name].send(text)
    await played.facilitator.send("/sluit")
    await world.settle()
    ids = {r["body"]: r["id"] for r in rows(world.db_path, "SELECT id, body FROM contributions")}
    fill(
        world.db_path,
        "INSERT INTO theme_answers (contribution_id, theme_id, sorted_at) VALUES (?, NULL, ?)",
        (ids[SKIPPED], NOW),
    )
    fill(
        world.db_path,
        "UPDATE contributions SET left_out_at = ? WHERE id = ?",
        (NOW, ids[NOT_SORTED_LEFT_OUT]),
    )

    export = await exports.gather(db, world.clock, session_id)
    report = report_grid(await synthesise(db, world.clock, session_id))
    # The report: the themes in the order they were made, then the answers in no theme.
    assert [name for name, _, _ in report] == [
        "Bereikbaarheid", "Samenwerking", "Nog leeg", NO_THEME,
    ]  # fmt: skip
    # Neither left-out answer (one in a theme, one in none) is counted.
    expected = {"parent": 5, "worker": 3, "partner": 0, "municipality": 0}
    assert per_perspective(report) == expected
    assert report[-1][1:] == ({"parent": 2, "worker": 1, "partner": 0, "municipality": 0}, 3)

    files = grids(export)
    for kind, grid in files.items():
        mine = as_report(grid, export.perspectives)
        assert mine == report, kind
        assert per_perspective(mine) == expected, kind
        # Every perspective keeps its column, also in the row of answers in no theme.
        assert [k for k in grid[-1] if k in exports.PERSPECTIVES] == list(exports.PERSPECTIVES)
    # That row has no theme number: an empty cell, JSON's null.
    assert [files[kind][-1]["theme_id"] for kind in ("xlsx", "csv", "json")] == [None, "", None]
    assert all(row["theme_id"] for grid in files.values() for row in grid[:-1])

    # The chart draws the row too, as the report's chart does.
    book = openpyxl.load_workbook(io.BytesIO(writers.xlsx(export)))
    (chart,) = book["Thema × perspectief"]._charts
    for series in chart.series:
        assert series.val.numRef.f.endswith("$5")  # the three themes' rows and that row
        assert series.cat.strRef.f.endswith("$B$2:$B$5")

    # In English, the name the English report gives it.
    english = grids(replace(export, lang="en"))
    assert {kind: grid[-1]["theme"] for kind, grid in english.items()} == dict.fromkeys(
        english, "Not sorted into a theme"
    )
