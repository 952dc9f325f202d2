"""Leaders group a session's answers into themes on the web: a round's unsorted answers,
each with its suggested themes first, alike answers to put in with it, a proposed name for
a new theme; themes typed in advance, renamed and merged.

The same flows as the Telegram handlers (bot/handlers/themes.py). Every form posts and
redirects (303) back to the page; a refused name is shown back on the page.
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from flows import themes
from flows.access import Actor
from flows.errors import AnswerGone, FlowError, Gone
from reports.i18n import Texts
from reports.refusals import refusal
from web import respond
from web.context import context
from web.identity import visitor
from web.numbers import asked_row, row_id

# Refusals about what was typed or chosen: shown on the page, beside its form.
NAME_REFUSALS = ("empty", "too_long", "theme_exists", "same_theme")
# A form names a theme that is not there (any more): merged away since the page was shown.
THEME_GONE = "no_such_theme"


async def themes_page(request: Request) -> Response:
    """The session's themes and one round's answers to sort."""
    return await _page(request)


async def add_themes(request: Request) -> Response:
    """Add the themes typed, one per line or separated by commas."""
    ctx = context(request)
    session_id, _ = await _led(request)
    form = await respond.form(request)
    try:
        await themes.add_themes(ctx.db, ctx.clock, session_id, _text(form, "names"))
    except FlowError as error:
        return await _refused(request, error, "add")
    return respond.see_other(_back(request, session_id, form))


async def sort_answer(request: Request) -> Response:
    """Put an answer in a theme, in a new theme, or skip it; with the alike answers ticked."""
    ctx = context(request)
    session_id, _ = await _led(request)
    form = await respond.form(request)
    answer = _number(_text(form, "answer"))
    alike = [_number(str(value)) for value in form.getlist("alike")]
    choice = _text(form, "theme")
    try:
        if choice == "new":
            await themes.new_theme_with_alike(
                ctx.db, ctx.clock, session_id, answer, _text(form, "name"), alike
            )
        else:
            theme_id = None if choice == "skip" else _number(choice)
            await themes.place_with_alike(ctx.db, ctx.clock, session_id, answer, theme_id, alike)
    except AnswerGone:
        # Its writer erased it since the page was shown: the page as it is now, saying so,
        # with the answers still to sort.
        return respond.see_other(_back(request, session_id, form) + "&done=answer_gone")
    except Gone as gone:
        if gone.code != THEME_GONE:
            raise
        return _theme_gone(request, session_id, form)
    except FlowError as error:
        return await _refused(request, error, f"answer-{answer}")
    return respond.see_other(_back(request, session_id, form))


async def rename_theme(request: Request) -> Response:
    """Give a theme another name."""
    ctx = context(request)
    session_id, _ = await _led(request)
    form = await respond.form(request)
    try:
        theme = await themes.theme_of_session(ctx.db, session_id, _number(_text(form, "theme")))
        await themes.rename(ctx.db, theme.id, _text(form, "name"))
    except Gone as gone:
        if gone.code != THEME_GONE:
            raise
        return _theme_gone(request, session_id, form)
    except FlowError as error:
        return await _refused(request, error, "rename")
    return respond.see_other(_back(request, session_id, form))


async def merge_themes(request: Request) -> Response:
    """Merge a theme into another; its answers move there."""
    ctx = context(request)
    session_id, _ = await _led(request)
    form = await respond.form(request)
    try:
        theme = await themes.theme_of_session(ctx.db, session_id, _number(_text(form, "theme")))
    except Gone:
        # Merged already (a second tap, another leader): the themes as they are now.
        return respond.see_other(_back(request, session_id, form))
    try:
        into = await themes.theme_of_session(ctx.db, session_id, _number(_text(form, "into")))
        if into.id == theme.id:
            # The same theme picked twice (an easy slip with two lists): said beside the form.
            return await _refused(request, FlowError("same_theme"), "merge")
        await themes.merge(ctx.db, theme.id, into.id)
    except Gone as gone:
        if gone.code != THEME_GONE:
            raise
        return _theme_gone(request, session_id, form)
    return respond.see_other(_back(request, session_id, form))


async def _page(
    request: Request,
    *,
    error: FlowError | None = None,
    error_at: str | None = None,
    status: int = 200,
) -> Response:
    ctx = context(request)
    session_id, actor = await _led(request)
    # The person's language: the one they picked stays on every page they follow.
    lang = actor.lang
    round_id = _asked(request, "round")
    page = await themes.round_page(ctx.db, ctx.similarity, session_id, round_id)
    secret = request.path_params["secret"]
    here = f"/p/{secret}/session/themes"
    return respond.html(
        request,
        "themes.html.j2",
        lang=lang,
        page=page,
        o=page.overview,
        themes_path=here,
        session_page=f"/p/{secret}/session?session={session_id}",
        query=f"?session={session_id}",
        round_query="" if page.round is None else f"&round={page.round.round.id}",
        error=None if error is None else str(refusal(Texts(lang), error)),
        error_at=error_at,
        status=status,
        done=request.query_params.get("done", ""),
    )


def _theme_gone(request: Request, session_id: int, form: FormData) -> Response:
    """A form about a theme merged away since the page was shown (in another tab, in the
    chat, by another leader): nothing changed; the page as it is now, saying so."""
    return respond.see_other(_back(request, session_id, form) + "&done=theme_gone")


async def _refused(request: Request, error: FlowError, where: str) -> Response:
    """A name the flows refused: the page again, saying why beside the form."""
    if error.code not in NAME_REFUSALS:
        raise error
    return await _page(request, error=error, error_at=where, status=422)


async def _led(request: Request) -> tuple[int, Actor]:
    """The session the page is about, checked against the visitor; and the visitor."""
    ctx = context(request)
    actor = await visitor(request, request.path_params["secret"])
    session_id = await themes.led_session(ctx.db, ctx.clock, actor, _asked(request, "session"))
    return session_id, actor


def _back(request: Request, session_id: int, form: FormData) -> str:
    path = f"/p/{request.path_params['secret']}/session/themes?session={session_id}"
    round_id = str(form.get("round", ""))
    return path + (f"&round={round_id}" if row_id(round_id) is not None else "")


def _asked(request: Request, name: str) -> int | None:
    return asked_row(request.query_params.get(name, ""))


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _number(value: str) -> int:
    found = row_id(value)
    if found is None:
        raise Gone()
    return found
