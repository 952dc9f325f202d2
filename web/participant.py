"""A participant on the web: open an invite, agree, choose how to appear, and answer on
their own page, reached by the personal link they get when they agree.

The same flows as the Telegram handlers (bot/handlers/participant.py): the link's secret
is the participant's identity, as a Telegram user id is there. Every form posts and then
redirects (303), so a reload never sends it twice; a form posted twice has one effect.
"""

from __future__ import annotations

import re
from typing import Any

import structlog
from starlette.requests import Request
from starlette.responses import Response

from flows import answering, departed, invites, joining, screening, taking_part
from flows.access import Act, Actor, TargetKind, authorize
from flows.answering import Ambiguous, NeedsConsent, NotNow
from flows.errors import Braked, Gone, InvalidInput, WrongPhase
from flows.invites import Route
from flows.model import ANSWER_MAX, DisplayMode
from flows.screening import Screened
from flows.taking_part import Standing
from reports import participant as texts
from reports.i18n import Texts
from reports.refusals import refusal
from web import identity, respond
from web.context import context
from web.identity import identity_for, lang_of, new_secret, visitor
from web.numbers import row_id

log = structlog.get_logger()

# What `new_secret()` makes: a join form carries one, so posting it twice joins once.
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{32}")
# A form's nonce becomes the answer's source: the same form posted twice stores one answer.
NONCE_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
APPEAR = {mode.value: mode for mode in DisplayMode}


# -- Invites.


async def invite(request: Request) -> Response:
    """Welcome, purpose, what is stored, and the question whether to take part.

    Opening changes nothing but the brake: link previewers open links too.
    """
    code = request.path_params["code"]
    lang = lang_of(request)
    stranger = identity.stranger(request)
    ctx = context(request)
    opened = await invites.open_link(
        ctx.db, ctx.clock, stranger, code, ctx.brake, tries_key=stranger.identity
    )
    refused = _refused(request, opened, lang)
    if refused is not None:
        return refused
    assert opened.view is not None and opened.view.session is not None
    welcome = await joining.welcome(ctx.db, stranger, opened.view)
    if welcome is not joining.Welcome.ASK_CONSENT:
        return respond.html(request, "join_closed.html.j2", lang=lang, status=410)
    return respond.html(
        request,
        "join.html.j2",
        lang=lang,
        session=opened.view.session,
        perspective=opened.view.invite.perspective or "",
        terms=ctx.terms,
        contact=ctx.privacy_contact,
        code=code,
        key=new_secret(),
    )


async def answer_invite(request: Request) -> Response:
    """Yes: a new personal link, consent and the participant; no: only the refusal."""
    code = request.path_params["code"]
    lang = lang_of(request)
    form = await respond.form(request)
    stranger = identity.stranger(request)
    ctx = context(request)
    opened = await invites.open_link(
        ctx.db, ctx.clock, stranger, code, ctx.brake, tries_key=stranger.identity
    )
    refused = _refused(request, opened, lang)
    if refused is not None:
        return refused
    if form.get("choice") == "no":
        declined = await joining.decline(ctx.db, ctx.clock, stranger, code)
        if declined.session is not None:
            log.info("consent_refused", session_id=declined.session.id, channel="web")
        return respond.see_other(f"/i/{code}/bye")
    # The join form's own key, so that posting it twice joins once; else a fresh one.
    key = str(form.get("key", ""))
    secret = key if SECRET_SHAPE.fullmatch(key) else new_secret()
    joiner = Actor(identity_for(secret), None, False, lang)
    try:
        agreed = await joining.agree(ctx.db, ctx.clock, joiner, code)
    except Gone as error:
        if error.code == "joins_closed":
            return respond.html(request, "join_closed.html.j2", lang=lang, status=410)
        raise
    joined = agreed.joined
    log.info(
        "consent_given",
        session_id=joined.session.id,
        perspective=joined.participant.perspective,
        again=joined.already,
        channel="web",
    )
    if agreed.next is joining.Consented.ALREADY_SET_UP:
        return respond.see_other(f"/p/{secret}")
    return respond.see_other(f"/p/{secret}/name")


async def declined(request: Request) -> Response:
    """A kind goodbye after a no: nothing about them was stored."""
    lang = lang_of(request)
    return respond.html(
        request, "join_declined.html.j2", lang=lang, goodbye=texts.declined(Texts(lang))
    )


# -- The participant's own page.


async def own_page(request: Request) -> Response:
    """The session, the open round's question, a form to answer, and their own answers."""
    found = await _participant(request)
    if isinstance(found, Response):
        return found
    actor, standings = found
    return _own_page(request, actor, standings)


async def appear_form(request: Request) -> Response:
    found = await _participant(request)
    if isinstance(found, Response):
        return found
    actor, standings = found
    return _appear_page(request, actor, standings[0])


async def appear(request: Request) -> Response:
    """Sign answers with a first name, a chosen name, or only the role."""
    found = await _participant(request)
    if isinstance(found, Response):
        return found
    actor, standings = found
    form = await respond.form(request)
    mode = APPEAR.get(str(form.get("appear", "")), DisplayMode.ANONYMOUS)
    name = str(form.get("name", ""))
    try:
        await joining.set_display(
            context(request).db, standings[0].participant.id, mode, name or None
        )
    except InvalidInput as error:
        return _appear_page(
            request, actor, standings[0], mode=mode, name=name, error=error, status=422
        )
    return respond.see_other(f"/p/{_secret(request)}/wish")


async def summary_form(request: Request) -> Response:
    found = await _participant(request)
    if isinstance(found, Response):
        return found
    actor, standings = found
    return _page(request, actor, "me_summary.html.j2", standing=standings[0])


async def summary_wish(request: Request) -> Response:
    """Whether they want the summary on their page when it is sent; joining is then done."""
    found = await _participant(request)
    if isinstance(found, Response):
        return found
    _actor, standings = found
    form = await respond.form(request)
    ctx = context(request)
    wants = form.get("summary") == "yes"
    await joining.set_summary_wish(ctx.db, ctx.clock, standings[0].participant.id, wants)
    return respond.see_other(f"/p/{_secret(request)}?done=joined")


async def add_answer(request: Request) -> Response:
    """Store one answer in the open round; bad or late words are shown back, never lost."""
    secret = _secret(request)
    form = await respond.form(request)
    text = str(form.get("text", ""))
    nonce = str(form.get("nonce", ""))
    if not NONCE_SHAPE.fullmatch(nonce):
        nonce = new_secret()  # a form without its nonce is still stored, once
    # The round whose question the form showed: words for it never land in a later one.
    shown = str(form.get("round", ""))
    meant_for = row_id(shown)
    ctx = context(request)
    # The usual case first, as in Telegram: filed in one statement shared with the answers
    # arriving meanwhile, before anyone is looked up (a link that names a participant is
    # the key; the brake is for links that name nobody, which this never stores).
    fast = await screening.answer_at_once(
        ctx.db,
        ctx.clock,
        screening.finder(ctx.guard),
        identity_for(secret),
        lang_of(request),
        text,
        f"web:{nonce}",
        is_admin=False,
        meant_for=meant_for,
    )
    if fast is not None:
        _log_stored(fast[1])
        return _after_answer(request, fast[1])
    try:
        actor = await visitor(request, secret)
    except Braked:
        return _kept(request, identity.stranger(request), text, "too_many_tries", status=429)
    if actor.person is None:
        return _kept(request, actor, text, "link_invalid", status=404)
    try:
        result = await screening.receive(
            ctx.db,
            ctx.clock,
            actor,
            screening.finder(ctx.guard),
            text,
            f"web:{nonce}",
            meant_for=meant_for,
        )
    except InvalidInput as error:
        found = await _participant(request, actor)
        if isinstance(found, Response):
            return _kept(request, actor, text, "not_taking_part", status=410)
        return _own_page(request, actor, found[1], text=text, error=error, status=422)
    if isinstance(result, Screened):
        _log_stored(result)
        return _after_answer(request, result)
    if isinstance(result, NeedsConsent):
        return _page(
            request,
            actor,
            "me_consent.html.j2",
            session=result.session,
            participant=result.participant,
            pending=result.pending.id,
            text=text,
            terms=ctx.terms,
            contact=ctx.privacy_contact,
        )
    return _kept(request, actor, text, _why_not(result), status=409)


async def consent_again(request: Request) -> Response:
    """Agree to the changed consent text; the words that waited for it are filed."""
    found = await _participant(request)
    if isinstance(found, Response):
        return found
    actor, _standings = found
    form = await respond.form(request)
    participant_id = row_id(str(form.get("participant", "")))
    pending_id = row_id(str(form.get("pending", "")))
    if participant_id is None or pending_id is None:
        raise Gone()
    ctx = context(request)
    await authorize(ctx.db, actor, Act.RENEW_CONSENT, TargetKind.PARTICIPANT, participant_id)
    screened = await screening.agree_again(
        ctx.db, ctx.clock, screening.finder(ctx.guard), participant_id, pending_id
    )
    _log_stored(screened)
    return _after_answer(request, screened)


async def change_form(request: Request) -> Response:
    """The answer's words in a text box, to change them."""
    found = await _own_answer(request, Act.EDIT_OWN)
    if isinstance(found, Response):
        return found
    actor, answer_id = found
    try:
        found_answer = await answering.changing(context(request).db, answer_id)
    except WrongPhase:
        return _kept(request, actor, "", "round_closed", status=409)
    return _page(
        request,
        actor,
        "me_change.html.j2",
        changing=found_answer,
        text=found_answer.contribution.body,
        error=None,
    )


async def change(request: Request) -> Response:
    """Replace the answer with the new words, screened as any answer is."""
    found = await _own_answer(request, Act.EDIT_OWN)
    if isinstance(found, Response):
        return found
    actor, answer_id = found
    form = await respond.form(request)
    text = str(form.get("text", ""))
    ctx = context(request)
    try:
        screened = await screening.edit(
            ctx.db, ctx.clock, screening.finder(ctx.guard), answer_id, text
        )
    except InvalidInput as error:
        return _page(
            request,
            actor,
            "me_change.html.j2",
            changing=await answering.changing(ctx.db, answer_id),
            text=text,
            error=refusal(Texts(actor.lang), error),
            status=422,
        )
    except WrongPhase:
        return _kept(request, actor, text, "round_closed", status=409)
    if screened.offer:
        return _after_answer(request, screened)
    return respond.see_other(f"/p/{_secret(request)}?done=changed")


async def delete_form(request: Request) -> Response:
    """Ask whether the answer should really be deleted."""
    found = await _own_answer(request, Act.DELETE_OWN)
    if isinstance(found, Response):
        return found
    actor, answer_id = found
    try:
        contribution = await answering.get_own(context(request).db, answer_id)
    except WrongPhase:
        return _kept(request, actor, "", "round_closed", status=409)
    return _page(request, actor, "me_delete.html.j2", answer=contribution)


async def delete(request: Request) -> Response:
    """Delete the answer for good; a second post finds it gone, which is what was asked."""
    try:
        found = await _own_answer(request, Act.DELETE_OWN)
        if isinstance(found, Response):
            return found
        actor, answer_id = found
        await answering.delete(context(request).db, answer_id)
    except Gone:
        pass  # deleted by the first of two posts: the result is the same
    except WrongPhase:
        return _kept(request, actor, "", "round_closed", status=409)
    return respond.see_other(f"/p/{_secret(request)}?done=deleted")


async def details_form(request: Request) -> Response:
    """The guard found details that may show who someone is: keep, hide, or change them."""
    found = await _own_answer(request, Act.DECIDE_FLAGGED)
    if isinstance(found, Response):
        return found
    actor, answer_id = found
    ctx = context(request)
    offer = await screening.offer(
        ctx.db,
        screening.finder(ctx.guard),
        texts.detail_label(Texts(actor.lang)),
        answer_id,
    )
    if not offer.findings:
        return respond.see_other(f"/p/{_secret(request)}")
    return _page(request, actor, "me_details.html.j2", offer=offer)


async def decide_details(request: Request) -> Response:
    """Hide what the guard found, or keep the answer as written (the facilitator checks it)."""
    found = await _own_answer(request, Act.DECIDE_FLAGGED)
    if isinstance(found, Response):
        return found
    actor, answer_id = found
    form = await respond.form(request)
    ctx = context(request)
    if form.get("choice") == "hide":
        await screening.hide_details(
            ctx.db,
            ctx.clock,
            screening.finder(ctx.guard),
            texts.detail_label(Texts(actor.lang)),
            answer_id,
        )
        done = "hidden"
    else:
        await answering.keep_flagged(ctx.db, answer_id)
        done = "kept"
    return respond.see_other(f"/p/{_secret(request)}?done={done}")


# -- Helpers: who is asking, and the pages they get.


def _secret(request: Request) -> str:
    secret: str = request.path_params["secret"]
    return secret


def _refused(request: Request, opened: invites.Opened, lang: str) -> Response | None:
    """Why an opened code leads to no invite to take part, as a page; None: it does."""
    if opened.route is Route.BRAKED:
        log.info("invite_braked", channel="web")
        return respond.problem(request, "too_many_tries", lang=lang, status=429)
    if opened.route is Route.UNKNOWN:
        log.info("invite_unknown", channel="web")
        return respond.dead_link(request, lang=lang)
    if opened.route is not Route.PARTICIPANT or opened.view is None:
        # An organiser's or facilitator's link is not an invite to answer.
        return respond.dead_link(request, lang=lang)
    return None


async def _participant(
    request: Request, actor: Actor | None = None
) -> tuple[Actor, list[Standing]] | Response:
    """The visitor of a personal link and where they stand, or the page that says why not."""
    actor = actor or await visitor(request, _secret(request))
    if actor.person is None:
        return respond.dead_link(request, lang=actor.lang)
    standings = await taking_part.standing(context(request).db, actor)
    if not standings:
        left = await departed.has_left(context(request).db, actor.person)
        return _page(request, actor, "me_gone.html.j2", status=410, left=left)
    return actor, standings


async def _own_answer(request: Request, act: Act) -> tuple[Actor, int] | Response:
    """The visitor and the answer a page is about, if it is theirs (else a flow refuses),
    or the page that says the link is unknown."""
    actor = await visitor(request, _secret(request))
    if actor.person is None:
        return respond.dead_link(request, lang=actor.lang)
    answer_id: int = request.path_params["answer"]
    await authorize(context(request).db, actor, act, TargetKind.CONTRIBUTION, answer_id)
    return actor, answer_id


def _page(
    request: Request, actor: Actor, template: str, *, status: int = 200, **values: Any
) -> Response:
    """One of the participant's pages, with their nav and their personal link."""
    secret = _secret(request)
    return respond.html(
        request,
        template,
        lang=actor.lang,
        status=status,
        home=f"/p/{secret}",
        personal_link=context(request).link(f"/p/{secret}"),
        **values,
    )


def _own_page(
    request: Request,
    actor: Actor,
    standings: list[Standing],
    *,
    text: str = "",
    error: InvalidInput | None = None,
    status: int = 200,
) -> Response:
    return _page(
        request,
        actor,
        "me.html.j2",
        status=status,
        standings=standings,
        done=request.query_params.get("done", ""),
        text=text,
        error=None if error is None else refusal(Texts(actor.lang), error),
        nonce=new_secret(),
        limit=ANSWER_MAX,
    )


def _appear_page(
    request: Request,
    actor: Actor,
    standing: Standing,
    *,
    mode: DisplayMode | None = None,
    name: str = "",
    error: InvalidInput | None = None,
    status: int = 200,
) -> Response:
    participant = standing.participant
    return _page(
        request,
        actor,
        "me_name.html.j2",
        status=status,
        standing=standing,
        mode=(mode or DisplayMode(participant.display_mode)).value,
        name=name or participant.display_name or "",
        error=None if error is None else refusal(Texts(actor.lang), error),
    )


def _kept(request: Request, actor: Actor, text: str, reason: str, *, status: int) -> Response:
    """Words that could not be stored, shown back so that nothing typed is lost."""
    return _page(request, actor, "me_kept.html.j2", status=status, text=text, reason=reason)


def _after_answer(request: Request, screened: Screened) -> Response:
    """Back to the page; to the personal-details choice first when the guard found some."""
    secret = _secret(request)
    if screened.offer:
        return respond.see_other(f"/p/{secret}/answers/{screened.stored.contribution.id}/details")
    # Said at the top, where the phone shows the page again: in Telegram each answer is
    # acknowledged too, and on a small screen the list below the form is out of sight.
    return respond.see_other(f"/p/{secret}?done=saved")


def _why_not(result: NotNow | Ambiguous) -> str:
    if isinstance(result, Ambiguous):
        return "which_session"
    if result.closed is not None or result.reason == "round_closed":
        return "round_closed"
    if result.reason in ("no_open_round", "left"):
        return result.reason
    return "not_taking_part"


def _log_stored(screened: Screened) -> None:
    stored = screened.stored
    log.info(
        "answer_stored",
        session_id=stored.round.session_id,
        round=stored.round.kind,
        contribution_id=stored.contribution.id,
        new=stored.new,
        flagged=screened.offer,
        channel="web",
    )
