"""Organisers and facilitators on a laptop: the organiser's web invite, the session view
with its report, and the invite cards to print."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response

from flows import invites, web_links
from flows.errors import Gone
from flows.invites import Route
from flows.model import InviteKind, Perspective
from reports import cards, exports
from reports import invites as links
from reports.filenames import PDF_TYPE
from reports.i18n import Texts
from reports.pdf import report_filename
from web import respond
from web.context import context
from web.identity import lang_of, new_secret, newcomer, stranger, visitor
from web.numbers import asked_row

# A personal secret as new_secret() makes it: anything else posted as one is refused.
SECRET = re.compile(r"[A-Za-z0-9_-]{32}")


async def organiser_invite(request: Request) -> Response:
    """What the organiser link is for, with a button to claim it."""
    ctx, lang = context(request), lang_of(request)
    code = request.path_params["code"]
    opened = await invites.open_link(ctx.db, ctx.clock, stranger(request), code, ctx.brake)
    view = opened.view
    if opened.route is Route.BRAKED:
        return respond.problem(request, "too_many_tries", lang=lang, status=429)
    if view is None or view.invite.kind != InviteKind.ORGANISER:
        return respond.dead_link(request, lang=lang)
    if opened.route is Route.TAKEN:
        return respond.html(request, "organiser_taken.html.j2", lang=lang, status=410)
    # The personal secret is chosen now and posted back with the form, so a form posted
    # twice (a double click, a slow network) claims the link once, for the same person.
    return respond.html(
        request,
        "organiser.html.j2",
        lang=lang,
        session=view.session,
        action=request.url.path,
        key=new_secret(),
    )


async def claim_organiser(request: Request) -> Response:
    """Claim the organiser link for a new person known by a personal link; then their page."""
    ctx, lang = context(request), lang_of(request)
    code = request.path_params["code"]
    key = str((await respond.form(request)).get("key", ""))
    if not SECRET.fullmatch(key):
        return respond.problem(request, "form_expired", lang=lang, status=400)
    claimant = await newcomer(request, key)
    opened = await web_links.claim_organiser(
        ctx.db, ctx.clock, stranger(request), claimant, code, ctx.brake
    )
    if opened.route is Route.BRAKED:
        return respond.problem(request, "too_many_tries", lang=lang, status=429)
    if opened.route is Route.TAKEN:
        return respond.html(request, "organiser_taken.html.j2", lang=lang, status=410)
    if opened.route is not Route.ORGANISER:
        return respond.dead_link(request, lang=lang)
    return respond.see_other(f"/p/{key}/session")


async def session_page(request: Request) -> Response:
    """The session for its leaders and organisers: status, summary, report, actions."""
    ctx = context(request)
    secret = request.path_params["secret"]
    actor = await visitor(request, secret)
    view = await web_links.session_view(ctx.db, ctx.clock, actor, session_asked(request))
    return respond.html(
        request,
        "session.html.j2",
        # The person's language: the one they picked stays on every page they follow.
        lang=actor.lang,
        v=view,
        st=view.status,
        base=f"/p/{secret}/session",
        query=f"?session={view.session.id}",
        perspectives=[p for p in Perspective if p.value in view.session.perspectives],
        # The tables besides the answers, each its own CSV (`?table=`): (key, sheet msgid).
        csv_tables=[(t.key, t.sheet) for t in exports.TABLES if t is not exports.ANSWERS],
    )


async def session_report(request: Request) -> Response:
    """The printable report of the summary as it was sent."""
    ctx = context(request)
    actor = await visitor(request, request.path_params["secret"])
    summary = await web_links.sent_summary(ctx.db, actor, session_asked(request))
    pdf = await ctx.pdfs.render(summary, actor.lang)
    return respond.download(pdf, PDF_TYPE, report_filename(summary.title, summary.version))


async def invite_card(request: Request) -> Response:
    """A card to print for one perspective, with the QR code of its web invite."""
    ctx = context(request)
    actor = await visitor(request, request.path_params["secret"])
    lang = actor.lang
    found = await web_links.invite_codes(ctx.db, ctx.clock, actor, session_asked(request))
    try:
        perspective = Perspective(request.path_params["perspective"])
    except ValueError:
        raise Gone("no_such_perspective") from None
    code = found.participant_codes.get(perspective)
    if code is None:
        raise Gone("no_such_perspective")
    html = cards.card_html(
        lang,
        title=found.session.title,
        perspective=perspective.value,
        link=links.web_invite_link(ctx.base_url, code),
        telegram_link=links.telegram_link(ctx.bot_username, code) if ctx.bot_username else None,
    )
    pdf = await ctx.pdfs.from_html(html)
    name = cards.card_filename(Texts(lang), found.session.title, perspective.value)
    return respond.download(pdf, PDF_TYPE, name)


def session_asked(request: Request) -> int | None:
    """`?session=` when the visitor follows more than one session; else their own choice."""
    value = request.query_params.get("session", "")
    return asked_row(value, "no_such_session")
