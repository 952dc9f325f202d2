"""The session's leaders read along on the web while a round runs, and word its questions."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from flows import question_pages, watching
from flows.errors import FlowError, InvalidInput, WrongPhase
from flows.model import ROUND_ORDER
from flows.questions import SessionQuestions
from reports.i18n import Texts
from reports.refusals import refusal
from web import respond
from web.context import context
from web.identity import visitor
from web.numbers import asked_row
from web.session_view import session_asked

# While what the page shows can still change it fetches itself anew this often (no
# JavaScript needed).
REFRESH_SECONDS = 20


async def answers_page(request: Request) -> Response:
    """The answers so far in the round being watched, per perspective, newest first.

    Without `?round=` the page follows the session, as a leader at the table leaves it open
    all session: the round open now, else the one closed last, until the last round closed.
    With it, that round."""
    ctx = context(request)
    secret = request.path_params["secret"]
    actor = await visitor(request, secret)
    w = await watching.watch_on_web(ctx.db, actor, session_asked(request), _round_asked(request))
    following = f"{request.url.path}?session={w.session.id}"
    return respond.html(
        request,
        "session_answers.html.j2",
        lang=actor.lang,
        w=w,
        refresh=REFRESH_SECONDS if w.live else None,
        # Without JavaScript the page reloads itself only when asked to (a link on the page).
        reloading=request.query_params.get("refresh") == "on",
        back=f"/p/{secret}/session?session={w.session.id}",
        following=following,
        this=following if w.following or w.round is None else f"{following}&round={w.round.id}",
    )


def _round_asked(request: Request) -> int | None:
    """`?round=`: the round to keep showing; none: follow the session."""
    value = request.query_params.get("round", "")
    return asked_row(value)


async def questions_page(request: Request) -> Response:
    """The session's questions as each perspective reads them, with forms to change them."""
    ctx = context(request)
    actor = await visitor(request, request.path_params["secret"])
    found = await question_pages.questions_on_web(ctx.db, actor, session_asked(request))
    return _questions(request, actor.lang, found)


async def change_question(request: Request) -> Response:
    """Word a question for everyone or one perspective, or go back to the usual one."""
    ctx = context(request)
    actor = await visitor(request, request.path_params["secret"])
    form = await respond.form(request)
    kind = str(form.get("kind", ""))
    readers = str(form.get("readers", ""))
    text = None if form.get("do") == "default" else str(form.get("text", ""))
    asked = session_asked(request)
    try:
        found = await question_pages.change_on_web(
            ctx.db, ctx.clock, actor, asked, kind, None if readers == "all" else readers, text
        )
    except (InvalidInput, WrongPhase) as error:
        found = await question_pages.questions_on_web(ctx.db, actor, asked)
        return _questions(
            request, actor.lang, found, error=error, kind=kind, text=text or "", status=422
        )
    return respond.see_other(f"{request.url.path}?session={found.session.id}")


def _questions(
    request: Request,
    lang: str,
    found: SessionQuestions,
    *,
    error: FlowError | None = None,
    kind: str = "",
    text: str = "",
    status: int = 200,
) -> Response:
    secret = request.path_params["secret"]
    return respond.html(
        request,
        "session_questions.html.j2",
        lang=lang,
        status=status,
        q=found,
        spine=[k.value for k in ROUND_ORDER],
        action=f"{request.url.path}?session={found.session.id}",
        back=f"/p/{secret}/session?session={found.session.id}",
        error=None if error is None else refusal(Texts(lang), error),
        error_kind=kind,
        typed=text,
    )
