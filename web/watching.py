"""The session's leaders read along on the web while a round runs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from flows import watching
from web import respond
from web.context import context
from web.identity import lang_of, visitor
from web.session_view import _session_asked as session_asked

# While a round is open the page fetches itself anew this often (no JavaScript needed).
REFRESH_SECONDS = 20


async def answers_page(request: Request) -> Response:
    """The answers so far in the round being watched, per perspective, newest first."""
    ctx, lang = context(request), lang_of(request)
    secret = request.path_params["secret"]
    actor = await visitor(request, secret)
    w = await watching.watch_on_web(ctx.db, actor, session_asked(request))
    return respond.html(
        request,
        "session_answers.html.j2",
        lang=lang,
        w=w,
        refresh=REFRESH_SECONDS if w.round is not None and w.round.is_open else None,
        back=f"/p/{secret}/session?session={w.session.id}",
        this=f"{request.url.path}?session={w.session.id}",
    )
