"""The summary draft on the web page, for a session's leaders: what it says now, the answers
to leave out, the cover facts, the opening and closing, the invited, and approving it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from flows import summary_draft, web_links
from flows.access import Actor
from flows.errors import AnswerGone, InvalidInput, WrongPhase
from flows.summary import DRAFT_FACTS
from reports.i18n import Texts
from reports.refusals import refusal
from web import respond
from web.context import context
from web.identity import visitor
from web.numbers import row_id
from web.session_view import session_asked

# Beside each field of the cover form, what the page showed in it (`shown_municipality`).
SHOWN = "shown_"


async def draft_page(request: Request) -> Response:
    """The draft only the session's leaders see, with its forms."""
    actor = await visitor(request, request.path_params["secret"])
    return await _draft(request, actor, await _session_asked(request, actor))


async def _draft(
    request: Request,
    actor: Actor,
    session_id: int,
    *,
    error: InvalidInput | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The draft page; after a slip in the cover form, `error` beside it and what was
    `typed` in it kept."""
    ctx = context(request)
    secret = request.path_params["secret"]
    draft = await summary_draft.web_draft(ctx.db, ctx.clock, actor, session_id)
    return respond.html(
        request,
        "draft.html.j2",
        lang=actor.lang,
        status=status,
        d=draft,
        s=draft.summary,
        base=f"/p/{secret}/session/draft",
        query=f"?session={session_id}",
        session_page=f"/p/{secret}/session?session={session_id}",
        done=request.query_params.get("done", ""),
        error=None if error is None else refusal(Texts(actor.lang), error),
        error_field=_field_of(error),
        typed=typed or {},
    )


def _field_of(error: InvalidInput | None) -> str:
    """The form field a slip is about, so the page says it beside that field: the one the
    flow names, for a number invited the one of its perspective."""
    if error is None:
        return ""
    field = str(error.details.get("field", ""))
    perspective = error.details.get("perspective")
    return f"{field}_{perspective}" if field == "invited" and perspective else field


async def toggle_answer(request: Request) -> Response:
    """Leave one answer out of the summary, or put it back."""
    ctx = context(request)
    secret = request.path_params["secret"]
    actor = await visitor(request, secret)
    # `want=out` or `want=in`: the same form posted twice does not undo it.
    want = (await respond.form(request)).get("want")
    out = {"out": True, "in": False}.get(want) if isinstance(want, str) else None
    try:
        session_id = await summary_draft.web_toggle(
            ctx.db, ctx.clock, actor, request.path_params["answer"], out
        )
    except AnswerGone:
        # Its writer erased it since the page was shown: the draft as it is now, saying so.
        session_id = await _session_asked(request, actor)
        return respond.see_other(
            f"/p/{secret}/session/draft?session={session_id}&done=answer_gone#answers"
        )
    at = request.path_params["answer"]  # back at the answer, not the top of a long list
    return respond.see_other(f"/p/{secret}/session/draft?session={session_id}#answer-{at}")


async def save_facts(request: Request) -> Response:
    """Keep the cover facts, the opening and closing, and the invited numbers."""
    ctx = context(request)
    secret = request.path_params["secret"]
    actor = await visitor(request, secret)
    session_id = await _session_asked(request, actor)
    form = await respond.form(request)
    facts = {name: str(form.get(name, "")) for name in DRAFT_FACTS if name in form}
    invited = {
        str(key).removeprefix("invited_"): str(value)
        for key, value in form.items()
        if str(key).startswith("invited_")
    }
    # What the page showed in each field: only the fields changed on it are kept.
    shown = {
        str(key).removeprefix(SHOWN): str(value)
        for key, value in form.items()
        if str(key).startswith(SHOWN)
    }
    try:
        await summary_draft.web_facts(ctx.db, ctx.clock, actor, session_id, facts, invited, shown)
    except InvalidInput as error:
        typed = {**facts, **{f"invited_{p}": n for p, n in invited.items()}}
        # The page again shows what it showed first: what the leader did not change there
        # is still not theirs to put back.
        typed |= {f"{SHOWN}{name}": text for name, text in shown.items()}
        return await _draft(request, actor, session_id, error=error, typed=typed, status=422)
    return respond.see_other(f"/p/{secret}/session/draft?session={session_id}&done=saved")


async def approve(request: Request) -> Response:
    """Approve the draft and send it (a correction once a version went out)."""
    ctx = context(request)
    secret = request.path_params["secret"]
    actor = await visitor(request, secret)
    session_id = await _session_asked(request, actor)
    form = await respond.form(request)
    # The version the page showed (a form from before it carried one: none to check), and
    # the mark of the draft it showed (a form from before it carried one: "", never sent).
    version = row_id(str(form.get("version", "")))
    seen = str(form.get("mark", ""))
    back = f"/p/{secret}/session/draft?session={session_id}"
    try:
        await summary_draft.web_approve(ctx.db, ctx.clock, actor, session_id, version, seen)
    except WrongPhase as refused:
        if refused.code == "summary_changed":
            # Changed since the page was shown: the draft as it is now, to check again.
            return respond.see_other(f"{back}&done=changed")
        if refused.code != "summary_sent_before":
            raise
        # The same form again (a second tap) or a page left open: nothing went out twice.
        return respond.see_other(f"{back}&done=sent_before")
    return respond.see_other(f"{back}&done=sent")


async def _session_asked(request: Request, actor: Actor) -> int:
    """`?session=` as the session view links it; else the session that view would show."""
    asked = session_asked(request)
    if asked is not None:
        return asked
    ctx = context(request)
    view = await web_links.session_view(ctx.db, ctx.clock, actor, None)
    return view.session.id
