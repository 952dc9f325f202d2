"""The shared result on the web: participants read the mirror and mark what they recognise,
propose actions and back each other's; leaders share a round's mirror, see how it is
recognised, and turn proposals into agreed actions.

The same flows as the Telegram handlers (bot/handlers/mirror.py, bot/handlers/proposals.py).
Every form posts and then redirects (303) back to its page.
"""

from __future__ import annotations

import structlog
from starlette.requests import Request
from starlette.responses import Response

from flows import leaving, mirror, proposals, web_links
from flows.access import Act, Actor, TargetKind, authorize, permitted
from flows.errors import AnswerGone, FlowError, Gone, InvalidInput, WrongPhase
from flows.model import ACTION_MAX, OWNER_MAX, Perspective
from flows.records import Session
from reports import labels
from reports import mirror as mirror_texts
from reports.i18n import Texts
from reports.refusals import refusal
from web import respond
from web.context import context
from web.identity import known_visitor, visitor
from web.numbers import asked_row, row_id
from web.session_view import session_asked

log = structlog.get_logger()

# Why an item the mirror showed is not there: left out since, or erased by its writer.
GONE = ("gone", "answer_gone")


# -- Participants.


async def mirror_page(request: Request) -> Response:
    """The shared mirrors of their sessions, per theme, each item with its Herkenbaar button."""
    actor, secret = await known_visitor(request)
    db = context(request).db
    views = await mirror.of_person(db, actor)
    shown = [(view, mirror_texts.groups(mirror_texts.numbered(view))) for view in views]
    return respond.html(
        request,
        "mirror.html.j2",
        lang=actor.lang,
        mirrors=shown,
        home=f"/p/{secret}",
        gone=request.query_params.get("done")
        if request.query_params.get("done") in GONE
        else None,
        # Someone who left (or never joined) is not told a mirror may still come.
        taking_part=bool(await leaving.memberships(db, actor)),
    )


async def recognise(request: Request) -> Response:
    """Mark the item as recognised, or undo it; then the mirror again, at that item."""
    try:
        actor, secret, answer = await _allowed(
            request, Act.RECOGNISE, TargetKind.CONTRIBUTION, "answer"
        )
    except AnswerGone:
        # Its writer erased it since the page was shown: the mirror as it is now, saying so.
        return respond.see_other(f"/p/{request.path_params['secret']}/mirror?done=answer_gone")
    ctx = context(request)
    try:
        await mirror.toggle(ctx.db, ctx.clock, actor, answer, want=await _wanted(request))
    except Gone:
        # Left out or erased since the page was shown: the mirror as it is now says so.
        return respond.see_other(f"/p/{secret}/mirror?done=gone")
    return respond.see_other(f"/p/{secret}/mirror#item-{answer}")


async def proposals_page(request: Request) -> Response:
    """The proposals of their sessions with Steun buttons, and a form to propose one."""
    actor, secret = await known_visitor(request)
    return await _proposals(request, actor, secret)


async def _proposals(
    request: Request,
    actor: Actor,
    secret: str,
    *,
    error: InvalidInput | None = None,
    typed: str = "",
    status: int = 200,
) -> Response:
    db = context(request).db
    boards = await proposals.boards_of(db, actor)
    return respond.html(
        request,
        "proposals.html.j2",
        lang=actor.lang,
        status=status,
        boards=boards,
        home=f"/p/{secret}",
        saved=request.query_params.get("done") == "proposed",
        action_max=ACTION_MAX,
        error=None if error is None else refusal(Texts(actor.lang), error),
        typed=typed,
        taking_part=bool(boards) or bool(await leaving.memberships(db, actor)),
    )


async def propose(request: Request) -> Response:
    """Keep the action they propose in their own words."""
    actor, secret = await known_visitor(request)
    ctx = context(request)
    form = await respond.form(request)
    participant = row_id(str(form.get("participant", "")))
    if participant is None:
        raise Gone("no_such_participant")
    await authorize(ctx.db, actor, Act.PROPOSE, TargetKind.PARTICIPANT, participant)
    text = str(form.get("text", ""))
    try:
        proposal = await proposals.propose(ctx.db, ctx.clock, actor, participant, text)
    except InvalidInput as error:
        # Empty or too long: the page again, saying why beside the form, with the words kept.
        return await _proposals(request, actor, secret, error=error, typed=text, status=422)
    log.info("proposal_added", proposal_id=proposal.id, session_id=proposal.session_id)
    return respond.see_other(f"/p/{secret}/proposals?done=proposed")


async def endorse(request: Request) -> Response:
    """Back someone else's proposal, or undo it."""
    actor, secret, proposal = await _allowed(request, Act.ENDORSE, TargetKind.PROPOSAL, "proposal")
    ctx = context(request)
    await proposals.endorse(ctx.db, ctx.clock, actor, proposal, want=await _wanted(request))
    return respond.see_other(f"/p/{secret}/proposals#proposal-{proposal}")


# -- Leaders.


async def leader_mirror(request: Request) -> Response:
    """How each shared item is recognised per perspective, and the form to share a mirror."""
    ctx = context(request)
    secret = request.path_params["secret"]
    actor = await visitor(request, secret)
    lang = actor.lang
    session = await web_links.result_session(ctx.db, actor, session_asked(request))
    shown = await mirror.counts(ctx.db, session.id)
    may_share = await _may(request, actor, session, Act.SHARE_MIRROR)
    unshared = await mirror.unshared(ctx.db, session.id) if may_share else []
    last = await mirror.last_closed(ctx.db, session.id) if may_share else None
    done = request.query_params.get("done", "")
    # After "nothing in a theme yet": the round the question is about, while still unshared
    # (another tab or the chat may have shared it since: then there is nothing to ask).
    asked_round = asked_row(request.query_params.get("round", "")) if done == "unsorted" else None
    asked = (
        None if asked_round is None else await mirror.closed_round(ctx.db, session.id, asked_round)
    )
    if asked is not None and any(r.id == asked.id for r, _ in shown):
        asked = None
    return respond.html(
        request,
        "session_mirror_counts.html.j2",
        lang=lang,
        session=session,
        mirrors=list(reversed(shown)),
        perspectives=[p.value for p in Perspective if p.value in session.perspectives],
        base=f"/p/{secret}/session",
        query=f"?session={session.id}",
        done=done,
        may_share=may_share,
        unshared=unshared,
        last=last,
        asked=asked,
        # A question about the last round stands in for that round's own share button.
        asked_last=asked is not None and all(r.id != asked.id for r in unshared),
    )


async def share_mirror(request: Request) -> Response:
    """Share the last closed round's mirror with every participant (once), or that of the
    earlier round the form names."""
    ctx = context(request)
    secret = request.path_params["secret"]
    actor = await visitor(request, secret)
    session = await web_links.led_session(ctx.db, actor, Act.SHARE_MIRROR, session_asked(request))
    form = await respond.form(request)
    round_id = asked_row(str(form.get("round", "")))
    # Sent by the second button, after the page said no answer is in a theme yet.
    flat = form.get("without_themes") == "yes"
    back = f"/p/{secret}/session/mirror?session={session.id}"
    try:
        shared = await mirror.share(
            ctx.db, ctx.clock, session.id, round_id=round_id, without_themes=flat
        )
    except WrongPhase as error:
        if error.code != "mirror_unsorted":
            raise
        # The page asks about that round by its id, also when it is the last one.
        return respond.see_other(f"{back}&done=unsorted&round={error.details['round_id']}")
    if shared.new:
        log.info("mirror_shared", mirror_id=shared.mirror.id, recipients=shared.recipients)
    done = "shared" if shared.new else "shared_before"
    return respond.see_other(f"{back}&done={done}")


async def leader_proposals(request: Request) -> Response:
    """The proposals, most backed first, each with a form to agree it as an action."""
    ctx = context(request)
    actor = await visitor(request, request.path_params["secret"])
    session = await web_links.result_session(ctx.db, actor, session_asked(request))
    return await _leader_proposals(request, session, actor)


async def _leader_proposals(
    request: Request,
    session: Session,
    actor: Actor,
    *,
    error: FlowError | None = None,
    error_at: int | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The leaders' proposals page; `error` said beside the form of proposal `error_at`,
    with what was `typed` in it kept."""
    ctx, lang = context(request), actor.lang
    secret = request.path_params["secret"]
    return respond.html(
        request,
        "session_proposals.html.j2",
        lang=lang,
        status=status,
        session=session,
        proposals=await proposals.of_session(ctx.db, session.id),
        themes=await proposals.themes_of(ctx.db, session.id),
        parties=labels.PARTIES,
        action_max=ACTION_MAX,
        owner_max=OWNER_MAX,
        base=f"/p/{secret}/session",
        query=f"?session={session.id}",
        done=request.query_params.get("done") == "agreed",
        error=None if error is None else refusal(Texts(lang), error),
        error_at=error_at,
        # The field the slip is about (the flow names it), so it is said beside that field.
        error_field=_field_of(error),
        typed=typed or {},
        may_agree=await _may(request, actor, session, Act.AGREE_PROPOSAL),
    )


def _field_of(error: FlowError | None) -> str:
    """The form field a refusal is about: named by the flow, or the theme that went."""
    if error is not None and error.code == "no_such_theme":
        return "theme"
    return "" if error is None else str(error.details.get("field", ""))


async def _may(request: Request, actor: Actor, session: Session, act: Act) -> bool:
    """Whether the visitor may do `act` in the session: an organiser reads the leaders'
    pages, but is shown no form that would refuse them."""
    grant = await authorize(
        context(request).db, actor, Act.VIEW_SESSION, TargetKind.SESSION, session.id
    )
    return permitted(act, grant.roles)


async def agree_proposal(request: Request) -> Response:
    """Turn a proposal into an agreed action: what, who, by when, and its theme."""
    ctx = context(request)
    secret = request.path_params["secret"]
    actor = await visitor(request, secret)
    proposal_id = request.path_params["proposal"]
    await authorize(ctx.db, actor, Act.AGREE_PROPOSAL, TargetKind.PROPOSAL, proposal_id)
    proposal = await proposals.get(ctx.db, proposal_id)
    back = f"/p/{secret}/session/proposals?session={proposal.session_id}"
    form = await respond.form(request)
    typed = {name: str(form.get(name, "")) for name in ("what", "owner", "due", "theme")}

    async def beside_the_form(error: FlowError, status: int) -> Response:
        """The page again, saying why beside this proposal's form, with what was typed kept."""
        session = await web_links.led_session(ctx.db, actor, Act.VIEW_SESSION, proposal.session_id)
        return await _leader_proposals(
            request, session, actor, error=error, error_at=proposal_id, typed=typed, status=status
        )

    theme_id = row_id(typed["theme"])
    if typed["theme"] and theme_id is None:
        return await beside_the_form(Gone("no_such_theme"), 409)
    try:
        action = await proposals.agree(
            ctx.db,
            ctx.clock,
            actor,
            proposal_id,
            what=typed["what"],
            owner=typed["owner"],
            due=typed["due"],
            theme_id=theme_id,
        )
    except InvalidInput as error:
        # A slip (a day in the past, an empty field): nothing lost.
        return await beside_the_form(error, 422)
    except Gone as gone:
        if gone.code == "no_such_theme":
            # Merged into another theme since the page was shown: choose a theme again.
            typed["theme"] = ""
            return await beside_the_form(gone, 409)
        if gone.code != "proposal_agreed":
            raise
        # The same form again (a second tap) or another leader was first: it is agreed.
        return respond.see_other(f"{back}&done=agreed")
    log.info("proposal_agreed", proposal_id=proposal_id, action_id=action.id)
    return respond.see_other(f"{back}&done=agreed")


async def _allowed(
    request: Request, act: Act, kind: TargetKind, name: str
) -> tuple[Actor, str, int]:
    """The person the link names, with its secret, and the row the path names under `name`
    (an answer, a proposal), checked against the access table for `act`."""
    actor, secret = await known_visitor(request)
    row_id: int = request.path_params[name]
    await authorize(context(request).db, actor, act, kind, row_id)
    return actor, secret, row_id


async def _wanted(request: Request) -> bool | None:
    """What a Recognisable or Back button asks for: `want=yes` or `want=no`, so a second
    tap or a page left open does not undo it (None: a form without it turns it over)."""
    want = (await respond.form(request)).get("want")
    return {"yes": True, "no": False}.get(want) if isinstance(want, str) else None
