"""The session's results to download, for its leaders and organisers: an Excel workbook,
CSV (the answers, or another table with `?table=`) and JSON."""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import Response

from flows import exports
from reports import exports as writers
from web import respond
from web.context import context
from web.identity import known_visitor, lang_of
from web.session_view import session_asked


async def export_xlsx(request: Request) -> Response:
    """Download the workbook: answers under pseudonyms, themes, the grid with its chart."""
    made = await _export(request)
    body = await asyncio.to_thread(writers.xlsx, made)
    return respond.download(body, writers.XLSX_TYPE, writers.filename(made, "xlsx"))


async def export_csv(request: Request) -> Response:
    """Download one table as CSV for Dutch Excel: the answers, or the `?table=` asked for."""
    made = await _export(request)
    table = writers.BY_KEY.get(request.query_params.get("table", writers.ANSWERS.key))
    if table is None:
        return respond.problem(request, "not_found", lang=lang_of(request), status=404)
    body = await asyncio.to_thread(writers.csv_bytes, made, table)
    return respond.download(body, writers.CSV_TYPE, writers.filename(made, "csv", table.key))


async def export_json(request: Request) -> Response:
    """Download every table as JSON, with English keys and ISO dates."""
    made = await _export(request)
    body = await asyncio.to_thread(writers.json_bytes, made)
    return respond.download(body, writers.JSON_TYPE, writers.filename(made, "json"))


async def _export(request: Request) -> exports.Export:
    ctx = context(request)
    actor, _secret = await known_visitor(request)
    return await exports.for_visitor(ctx.db, ctx.clock, actor, session_asked(request))
