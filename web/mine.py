"""A participant's own pages behind their personal link: the messages the bot has for
them, the summary they asked for, and their own data (export, leaving, erasure, a new
link). Each route identifies the visitor, calls one flow, renders, sends."""

from __future__ import annotations

import structlog
from starlette.requests import Request
from starlette.responses import Response

from flows import leaving, mydata, notices, people
from flows.access import Act, TargetKind, authorize
from flows.errors import Gone, NotAllowed
from reports import rights
from reports.filenames import PDF_TYPE
from reports.i18n import Texts
from reports.pdf import report_filename
from web import respond
from web.context import context
from web.identity import identity_for, known_visitor, lang_of, new_secret
from web.numbers import row_id

log = structlog.get_logger()

# What a finished step asks the data page to say (after its 303).
DONE = frozenset({"renewed", "left_kept", "left_erased", "not_member"})


async def messages(request: Request) -> Response:
    """What the bot has for them, newest first; what was waiting counts as delivered now."""
    actor, secret = await known_visitor(request)
    ctx = context(request)
    shown = await notices.messages(ctx.db, ctx.clock, actor)
    return respond.html(
        request,
        "messages.html.j2",
        lang=actor.lang,
        notices=shown,
        home=f"/p/{secret}",
        # Someone who left is not told that questions will still come.
        taking_part=bool(await leaving.memberships(ctx.db, actor)),
    )


async def summary(request: Request) -> Response:
    """The summaries they asked for, on the page, each with its printable report."""
    actor, secret = await known_visitor(request)
    shown = await notices.summaries(context(request).db, actor)
    return respond.html(
        request,
        "summary.html.j2",
        lang=actor.lang,
        summaries=shown,
        home=f"/p/{secret}",
    )


async def report_pdf(request: Request) -> Response:
    """The printable report of a summary they get (the newest, or `?summary=<id>`)."""
    actor, _secret = await known_visitor(request)
    asked = request.query_params.get("summary", "")
    ctx = context(request)
    shown = await notices.report(ctx.db, actor, row_id(asked))
    pdf = await ctx.pdfs.render(shown.summary, actor.lang)
    name = report_filename(shown.summary.title, shown.summary.version)
    return respond.download(pdf, PDF_TYPE, name)


async def data(request: Request) -> Response:
    """What is stored about them, their rights, and the buttons to use them."""
    actor, secret = await known_visitor(request)
    ctx = context(request)
    own = await notices.own_data(ctx.db, actor)
    done = request.query_params.get("done", "")
    return respond.html(
        request,
        "data.html.j2",
        lang=actor.lang,
        participations=(own.stored or {}).get("taking_part", []),
        memberships=own.memberships,
        done=done if done in DONE else None,
        new_link=ctx.link(f"/p/{secret}") if done == "renewed" else None,
        home=f"/p/{secret}",
        terms=ctx.terms,
        contact=ctx.privacy_contact,
    )


async def data_json(request: Request) -> Response:
    """Everything stored about them, as the file /mijngegevens sends."""
    actor, _secret = await known_visitor(request)
    stored = await mydata.export(context(request).db, actor)
    _ = Texts(actor.lang)
    document = rights.export_document(_, stored or {})
    return respond.download(document, "application/json", rights.export_filename(_))


async def leave(request: Request) -> Response:
    """Stop taking part in one session; their answers stay without name, or go."""
    actor, secret = await known_visitor(request)
    form = await respond.form(request)
    participant_id = row_id(str(form.get("participant", "")))
    answers = str(form.get("answers", ""))
    if participant_id is None or answers not in ("keep", "erase"):
        back = f"/p/{secret}/data"
        return respond.problem(request, "method", lang=actor.lang, status=400, back=back)
    ctx = context(request)
    try:
        # The participation named in the form is checked to be the visitor's own.
        await authorize(ctx.db, actor, Act.LEAVE, TargetKind.PARTICIPANT, participant_id)
        left = await leaving.leave(
            ctx.db, ctx.clock, participant_id, keep_answers=answers == "keep"
        )
    except (Gone, NotAllowed):
        # Left already (the form posted twice, a reload) or never theirs: nothing changes.
        return respond.see_other(f"/p/{secret}/data?done=not_member")
    done = "left_kept" if left.answers_stay else "left_erased"
    return respond.see_other(f"/p/{secret}/data?done={done}")


async def forget_ask(request: Request) -> Response:
    """Ask once more before erasing everything."""
    actor, secret = await known_visitor(request)
    return respond.html(request, "data_forget.html.j2", lang=actor.lang, home=f"/p/{secret}")


async def forget(request: Request) -> Response:
    """Erase the person and their words everywhere; the link dies with them."""
    actor, _secret = await known_visitor(request)
    ctx = context(request)
    gone = await mydata.forget(ctx.db, ctx.clock, actor)
    log.info(
        "person_forgotten",
        participations=gone.participations,
        answers=gone.contributions,
        summaries_changed=gone.summaries_changed,
        scrubbed=gone.scrubbed,
    )
    # The personal link names nobody now: the answer goes to a page outside it.
    return respond.see_other(f"/forgotten?answers={gone.contributions}&lang={actor.lang}")


async def forgotten(request: Request) -> Response:
    """What the erasure took: everything, this many answers included."""
    asked = request.query_params.get("answers", "")
    return respond.html(
        request,
        "data_forgotten.html.j2",
        lang=lang_of(request),
        answers=row_id(asked) or 0,
    )


async def renew_link(request: Request) -> Response:
    """A new personal link; the old one stops working at once."""
    actor, _secret = await known_visitor(request)
    fresh = new_secret()
    await people.renew_identity(context(request).db, actor.identity, identity_for(fresh))
    # The new link is shown once, on the page it leads to (it is never stored or logged).
    return respond.see_other(f"/p/{fresh}/data?done=renewed")
