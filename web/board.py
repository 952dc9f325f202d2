"""The live board for the beamer: a read-only page, and the stream that keeps it current.

The link's secret is the only key; the page shows counts only (flows/board.py).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import aclosing

from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from flows import board as board_flow
from reports.board import board_live, board_page
from web.context import context
from web.identity import address_key, lang_of
from web.respond import PRIVATE

# A comment line this often keeps proxies from closing a quiet stream.
PING_SECONDS = 15


async def board(request: Request) -> Response:
    """The board as it is now (an unknown or replaced link: the "link no longer works" page)."""
    secret = request.path_params["secret"]
    lang = lang_of(request)
    ctx = context(request)
    shown = await board_flow.show(ctx.db, secret, ctx.brake, address_key(request))
    events = request.url_for("board_events", secret=secret).path + f"?lang={lang}"
    return HTMLResponse(board_page(lang, shown, events=events), headers=PRIVATE)


async def board_events(request: Request) -> Response:
    """Server-sent events: the changing part of the board, whenever a count changes."""
    secret = request.path_params["secret"]
    lang = lang_of(request)
    ctx = context(request)
    await board_flow.show(
        ctx.db, secret, ctx.brake, address_key(request)
    )  # a stopped link gets its page, not a stream

    async def changes() -> AsyncIterator[ServerSentEvent]:
        # Closed with the stream (a browser gone, the server stopping): the board stops
        # being looked at once no screen shows it.
        async with aclosing(ctx.boards.follow(ctx.db, secret)) as boards:
            async for shown in boards:
                yield ServerSentEvent(board_live(lang, shown), event="board")

    return EventSourceResponse(changes(), ping=PING_SECONDS, headers=PRIVATE)
