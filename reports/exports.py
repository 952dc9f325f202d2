"""The exports written out: an Excel workbook, CSV for Dutch Excel, and JSON.

Every table and its columns are declared once here (TABLES); docs/exports.md lists the
same columns, and a test holds the two together. Headers and sheet names come from the
catalogues in the language of whoever asked (`Export.lang`); JSON keys and the values of lists of choices (round,
perspective, status) stay English there, so a script reads every session the same way.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

import xlsxwriter

from flows.exports import PERSPECTIVES, Answer, Export
from reports.filenames import slug
from reports.i18n import N_, NP_, Texts
from reports.labels import NO_THEME, PERSPECTIVE, PERSPECTIVE_PLURAL, PROGRESS, ROUND_TITLE

# What a column holds decides how it is written: a number, a date, a label for a key...
INT, TEXT, LONG, DATE, TIME = "int", "text", "long", "date", "time"
ROUND, PERSP, PERSPS, STATUS, BOOL = "round", "perspective", "perspectives", "status", "bool"

PSEUDONYM = {
    "parent": N_("Parent %(number)d"),
    "worker": N_("Family worker %(number)d"),
    "partner": N_("Partner %(number)d"),
    "municipality": N_("Municipality %(number)d"),
}
YES_NO = {True: N_("yes"), False: N_("no")}

# Characters that make a spreadsheet read a cell as a formula: a CSV cell starting with one
# gets an apostrophe in front, so an answer can never run as a formula in Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    header: str  # msgid; `%(group)s` is the perspective's plural name when `group` is set
    meaning: str  # msgid
    kind: str
    width: int
    group: str | None = None

    def title(self, _: Texts) -> str:
        if self.group is None:
            return str(_(self.header))
        text = str(_(self.header, group=_(PERSPECTIVE_PLURAL[self.group])))
        return text[:1].upper() + text[1:]  # a header starts with a capital


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    sheet: str  # msgid: the sheet's name (at most 31 characters in Excel)
    columns: tuple[Column, ...]
    rows: Callable[[Export, Texts], list[dict[str, Any]]]
    # The table in its CSV's name (context and msgid); the answers, the default, have none.
    file_word: tuple[str, str] | None = None


def pseudonym(_: Texts, answer: Answer) -> str:
    return str(_(PSEUDONYM[answer.perspective], number=answer.number))


def _answers(export: Export, _: Texts) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "round": a.round,
            "perspective": a.perspective,
            "pseudonym": pseudonym(_, a),
            "answer": a.text,
            "theme": a.theme,
            "recognised": a.recognised,
            "written_at": a.written_at,
        }
        for a in export.answers
    ]


def _themes(export: Export, _: Texts) -> list[dict[str, Any]]:
    return [
        {
            "id": t.id,
            "name": t.name,
            "answers": t.answers,
            "perspectives": t.perspectives,
            "created_at": t.created_at,
        }
        for t in export.themes
    ]


def _grid(export: Export, _: Texts) -> list[dict[str, Any]]:
    # The row of answers in no theme has no number, and the report's name for it.
    return [
        {
            "theme_id": g.theme_id,
            "theme": g.theme if g.theme_id is not None else str(_(NO_THEME)),
            **g.counts,
            "total": g.total,
        }
        for g in export.grid
    ]


def _recognitions(export: Export, _: Texts) -> list[dict[str, Any]]:
    return [
        {
            "answer_id": r.answer.id,
            "round": r.answer.round,
            "perspective": r.answer.perspective,
            "pseudonym": pseudonym(_, r.answer),
            "answer": r.answer.text,
            "theme": r.answer.theme,
            **{f"by_{p}": n for p, n in r.by_perspective.items()},
            "total": r.total,
            "shared_with": list(r.shared_with),
            "broadly_recognised": r.broadly_recognised,
        }
        for r in export.recognitions
    ]


def _actions(export: Export, _: Texts) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "what": a.what,
            "theme": a.theme,
            "owner": a.owner,
            "due_on": a.due_on,
            "status": a.status,
            "updated_at": a.updated_at,
        }
        for a in export.actions
    ]


# Columns more than one table has, declared once. A table that keys one otherwise takes it
# with its own key (`replace(THEME_NUMBER, key="theme_id")`): the words stay the same, but
# for a meaning the table adds to (the grid's row of answers in no theme has no number).
ANSWER_NUMBER = Column("id", N_("Number"), N_("The answer's number in this session."), INT, 9)
ANSWER_ROUND = Column("round", N_("Round"), N_("The round the answer was given in."), ROUND, 22)
ANSWER_PERSPECTIVE = Column(
    "perspective", N_("Perspective"), N_("The perspective of who answered."), PERSP, 20
)
THEME_NUMBER = Column("id", N_("Number"), N_("The theme's number in this session."), INT, 9)
THEME_NAME = Column("name", N_("Theme"), N_("The theme's name."), TEXT, 32)


def _per_perspective(key: str, header: str, meaning: str) -> tuple[Column, ...]:
    """A count column for each perspective, in their order: `key` with `{}` for the
    perspective, `header` with `%(group)s` for its plural name."""
    return tuple(Column(key.format(p), header, meaning, INT, 16, group=p) for p in PERSPECTIVES)


ANSWERS = Table(
    "answers",
    N_("Answers"),
    (
        ANSWER_NUMBER,
        ANSWER_ROUND,
        ANSWER_PERSPECTIVE,
        Column(
            "pseudonym",
            N_("Pseudonym"),
            N_(
                "Who answered, without their name: the perspective and the order of joining"
                " (Parent 2 is the second parent who joined)."
            ),
            TEXT,
            18,
        ),
        Column("answer", N_("Answer"), N_("The answer as it was written."), LONG, 60),
        Column(
            "theme", N_("Theme"), N_("The theme the facilitator put it in; empty: none."), TEXT, 24
        ),
        Column(
            "recognised",
            N_("Recognised"),
            N_(
                "How many participants marked this answer as recognisable; empty when its"
                " round was never shared back."
            ),
            INT,
            12,
        ),
        Column("written_at", N_("Written at"), N_("When the answer was written."), TIME, 18),
    ),
    _answers,
)

THEMES = Table(
    "themes",
    N_("Themes"),
    (
        THEME_NUMBER,
        THEME_NAME,
        Column("answers", N_("Answers"), N_("How many answers are in this theme."), INT, 12),
        Column(
            "perspectives",
            N_("Perspectives"),
            N_("How many perspectives gave an answer in this theme."),
            INT,
            14,
        ),
        Column("created_at", N_("Made at"), N_("When the theme was made."), TIME, 18),
    ),
    _themes,
    NP_("file name", "themes"),
)

GRID = Table(
    "grid",
    N_("Theme × perspective"),
    (
        replace(
            THEME_NUMBER,
            key="theme_id",
            meaning=N_("The theme's number in this session; empty: the answers in no theme."),
        ),
        replace(THEME_NAME, key="theme"),
        *_per_perspective(
            "{}", "%(group)s", N_("How many answers of this perspective are in the theme.")
        ),
        Column("total", N_("Total"), N_("All answers in the theme."), INT, 10),
    ),
    _grid,
    NP_("file name", "grid"),
)

RECOGNITIONS = Table(
    "recognitions",
    N_("Recognition"),
    (
        replace(ANSWER_NUMBER, key="answer_id"),
        ANSWER_ROUND,
        ANSWER_PERSPECTIVE,
        Column("pseudonym", N_("Pseudonym"), N_("Who answered, without their name."), TEXT, 18),
        Column("answer", N_("Answer"), N_("The answer as it was shared."), LONG, 60),
        Column("theme", N_("Theme"), N_("The theme the facilitator put it in."), TEXT, 24),
        *_per_perspective(
            "by_{}",
            N_("Recognised by %(group)s"),
            N_("How many people of this perspective recognised the answer."),
        ),
        Column("total", N_("Total"), N_("Everyone who recognised the answer."), INT, 10),
        Column(
            "shared_with",
            N_("Shared with"),
            N_("The perspectives the round's overview was shared with."),
            PERSPS,
            30,
        ),
        Column(
            "broadly_recognised",
            N_("Broadly recognised"),
            N_(
                "Yes when, in every perspective it was shared with, more than half recognised"
                " it, so that one large group cannot decide alone."
            ),
            BOOL,
            14,
        ),
    ),
    _recognitions,
    NP_("file name", "recognitions"),
)

ACTIONS = Table(
    "actions",
    N_("Actions"),
    (
        Column("id", N_("Number"), N_("The action's number in this session."), INT, 9),
        Column("what", N_("What"), N_("What was agreed."), LONG, 50),
        Column(
            "theme", N_("Theme"), N_("The theme the action comes from; empty: none."), TEXT, 24
        ),
        Column("owner", N_("Who"), N_("Who carries it out."), TEXT, 24),
        Column("due_on", N_("Due"), N_("When it should be done."), DATE, 14),
        Column(
            "status",
            N_("Status"),
            N_("The latest news: done, on track or stuck; empty: no news yet."),
            STATUS,
            14,
        ),
        Column("updated_at", N_("Changed at"), N_("When the action last changed."), TIME, 18),
    ),
    _actions,
    NP_("file name", "actions"),
)

TABLES: tuple[Table, ...] = (ANSWERS, THEMES, GRID, RECOGNITIONS, ACTIONS)
BY_KEY = {t.key: t for t in TABLES}

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
JSON_TYPE = "application/json"


def filename(export: Export, extension: str, table: str | None = None) -> str:
    """`dialoogbot-<short title>-<date>.xlsx`, a table's CSV with the table's name in the
    reader's words (`…-acties-<date>.csv`): letters, digits and dashes, for every phone."""
    day = _local(export.made_at, export.tz).date().isoformat()
    word = BY_KEY[table].file_word if table else None
    part = f"-{slug(Texts(export.lang).pgettext(*word))}" if word else ""
    return f"dialoogbot-{slug(export.title, 30)}{part}-{day}.{extension}"


# -- shown values: what a person reads in a cell (xlsx and CSV)


def _shown(_: Texts, column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == ROUND:
        return str(_(ROUND_TITLE[value]))
    if column.kind == PERSP:
        return str(_(PERSPECTIVE[value])).capitalize()
    if column.kind == PERSPS:
        return ", ".join(str(_(PERSPECTIVE_PLURAL[p])) for p in value)
    if column.kind == STATUS:
        return str(_(PROGRESS[value]))
    if column.kind == BOOL:
        return str(_(YES_NO[bool(value)]))
    return value


def _local(moment: dt.datetime, tz: str) -> dt.datetime:
    """Spreadsheets know no time zones: times are the session's local time."""
    return moment.astimezone(ZoneInfo(tz)).replace(tzinfo=None)


# -- Excel


def xlsx(export: Export) -> bytes:
    """The workbook: a sheet "About", then one sheet per table, and a chart of the grid."""
    _ = Texts(export.lang)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    header = book.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})
    date = book.add_format({"num_format": "dd-mm-yyyy", "valign": "top"})
    time = book.add_format({"num_format": "dd-mm-yyyy hh:mm", "valign": "top"})
    formats = {LONG: wrap, DATE: date, TIME: time}

    _about(book, export, _, header, wrap)
    for table in TABLES:
        sheet = book.add_worksheet(str(_(table.sheet)))
        rows = table.rows(export, _)
        for col, column in enumerate(table.columns):
            sheet.write_string(0, col, column.title(_), header)
            sheet.set_column(col, col, column.width)
        for r, row in enumerate(rows, start=1):
            for col, column in enumerate(table.columns):
                value = _shown(_, column, row[column.key])
                _write_cell(sheet, r, col, column, value, formats.get(column.kind, top), export.tz)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(table.columns) - 1)
        if table is GRID and rows:
            _chart(book, sheet, export, _, len(rows))
    book.close()
    return buffer.getvalue()


def _write_cell(
    sheet: Any, r: int, col: int, column: Column, value: Any, style: Any, tz: str
) -> None:
    if value is None:
        sheet.write_blank(r, col, None, style)
    elif column.kind == TIME:
        sheet.write_datetime(r, col, _local(value, tz), style)
    elif column.kind == DATE:
        sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), style)
    elif column.kind == INT:
        sheet.write_number(r, col, value, style)
    else:
        # Always a string: typed words starting with "=" must never become a formula.
        sheet.write_string(r, col, str(value), style)


def _chart(book: Any, sheet: Any, export: Export, _: Texts, count: int) -> None:
    """Answers per theme, a bar per perspective the session had: Excel's own chart, read
    from the sheet (which has a column for every perspective)."""
    name = str(_(GRID.sheet))
    chart = book.add_chart({"type": "column"})
    first = 2  # the first perspective's column on the grid sheet
    for i, perspective in enumerate(PERSPECTIVES):
        if perspective not in export.perspectives:
            continue
        chart.add_series(
            {
                "name": [name, 0, first + i],
                "categories": [name, 1, 1, count, 1],
                "values": [name, 1, first + i, count, first + i],
            }
        )
    chart.set_title({"name": str(_("Answers per theme and perspective"))})
    chart.set_y_axis({"name": str(_("Answers")), "major_gridlines": {"visible": True}})
    chart.set_size({"width": 720, "height": 400})
    sheet.insert_chart(count + 3, 1, chart)


def _about(book: Any, export: Export, _: Texts, header: Any, wrap: Any) -> None:
    sheet = book.add_worksheet(str(_("About")))
    bold = book.add_format({"bold": True, "font_size": 14})
    when = book.add_format({"num_format": "dd-mm-yyyy hh:mm", "align": "left"})
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 2, 80, wrap)
    sheet.write_string(0, 0, export.title, bold)
    sheet.write_string(1, 0, str(_("Theme")))
    sheet.write_string(1, 1, export.theme)
    sheet.write_string(2, 0, str(_("Made at")))
    sheet.write_datetime(2, 1, _local(export.made_at, export.tz), when)
    sheet.write_string(3, 0, str(_("Answers left out of the summary are not in this file.")))
    row = 5
    for col, title in enumerate((_("Sheet"), _("Column"), _("Meaning"))):
        sheet.write_string(row, col, str(title), header)
    for table in TABLES:
        for column in table.columns:
            row += 1
            sheet.write_string(row, 0, str(_(table.sheet)))
            sheet.write_string(row, 1, column.title(_))
            sheet.write_string(row, 2, str(_(column.meaning)))
    sheet.freeze_panes(6, 0)
    sheet.autofilter(5, 0, row, 2)


# -- CSV


def csv_bytes(export: Export, table: Table = ANSWERS) -> bytes:
    """One table for Dutch Excel: UTF-8 with a byte order mark, `;` between cells, quotes
    around cells that hold `;`, quotes or line breaks."""
    _ = Texts(export.lang)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([c.title(_) for c in table.columns])
    for row in table.rows(export, _):
        writer.writerow([_csv_cell(c, _shown(_, c, row[c.key]), export) for c in table.columns])
    return out.getvalue().encode("utf-8-sig")


def _csv_cell(column: Column, value: Any, export: Export) -> str:
    if value is None:
        return ""
    if column.kind == TIME:
        return _local(value, export.tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


# -- JSON


def json_bytes(export: Export) -> bytes:
    """Every table under its English key, with ISO 8601 dates and times (UTC)."""
    _ = Texts(export.lang)
    document: dict[str, Any] = {
        "session": {
            "title": export.title,
            "theme": export.theme,
            "lang": export.session_lang,
            "made_at": _iso(export.made_at),
            "perspectives": list(export.perspectives),
        }
    }
    for table in TABLES:
        document[table.key] = [
            {c.key: _iso(row[c.key]) for c in table.columns} for row in table.rows(export, _)
        ]
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# -- the three files together, as both channels hand them out


@dataclass(frozen=True, slots=True)
class File:
    name: str
    body: bytes
    media_type: str
    caption: str  # msgid


def files(export: Export) -> list[File]:
    """The workbook, the answers as CSV and everything as JSON (made off the event loop by
    the caller: a large session takes a while)."""
    return [
        File(filename(export, "xlsx"), xlsx(export), XLSX_TYPE, N_("The workbook for Excel.")),
        File(
            filename(export, "csv"),
            csv_bytes(export),
            CSV_TYPE,
            N_("The answers as CSV, for Dutch Excel."),
        ),
        File(
            filename(export, "json"),
            json_bytes(export),
            JSON_TYPE,
            N_("All tables as JSON, for scripts."),
        ),
    ]


def nothing_yet(_: Texts) -> str:
    return str(_("There are no answers to export yet."))
