"""The web page's table of contents: every route, and what wraps them all.

A route does four things: identify the visitor (web/identity.py), call one flow,
render (reports/web.py), send (web/respond.py).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from pathlib import Path

from starlette.applications import Starlette
from starlette.convertors import register_url_convertor
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from flows.errors import Braked, FlowError, Gone, NotAllowed
from reports.i18n import Texts
from reports.refusals import refusal
from web import (
    board,
    draft,
    exports,
    mine,
    mirror,
    participant,
    respond,
    session_view,
    themes,
    watching,
)
from web.context import WebContext, context
from web.identity import lang_of
from web.numbers import RowConvertor
from web.security import SecurityHeaders, protect_forms

STATIC_DIR = Path(__file__).resolve().parent / "static"


async def home(request: Request) -> Response:
    """Say what this is and how to take part."""
    return respond.html(request, "home.html.j2", lang=lang_of(request))


async def healthz(request: Request) -> Response:
    """Answer a container's health check: the database answers and delivery runs."""
    healthy = await context(request).healthy()
    return JSONResponse({"healthy": healthy}, status_code=200 if healthy else 503)


# `{answer:row}`: an id too long for any row matches no route, before a handler sees it.
register_url_convertor("row", RowConvertor())

ROUTES: list[BaseRoute] = [
    Route("/", home, name="home"),
    Route("/healthz", healthz, name="healthz"),
    # -- Invites: a web link per perspective, the card for the table, the personal link.
    Route("/i/{code}", participant.invite, methods=["GET"], name="invite"),
    Route("/i/{code}", participant.answer_invite, methods=["POST"]),
    Route("/i/{code}/bye", participant.declined, name="invite_declined"),
    #
    # -- The participant's own page (reached by their personal link).
    Route("/p/{secret}", participant.own_page, name="own_page"),
    Route("/p/{secret}/name", participant.appear_form, methods=["GET"], name="appear"),
    Route("/p/{secret}/name", participant.appear, methods=["POST"]),
    Route("/p/{secret}/wish", participant.summary_form, methods=["GET"], name="wish"),
    Route("/p/{secret}/wish", participant.summary_wish, methods=["POST"]),
    Route("/p/{secret}/answer", participant.add_answer, methods=["POST"], name="answer"),
    Route("/p/{secret}/consent", participant.consent_again, methods=["POST"]),
    Route("/p/{secret}/answers/{answer:row}/change", participant.change_form, methods=["GET"]),
    Route("/p/{secret}/answers/{answer:row}/change", participant.change, methods=["POST"]),
    Route("/p/{secret}/answers/{answer:row}/delete", participant.delete_form, methods=["GET"]),
    Route("/p/{secret}/answers/{answer:row}/delete", participant.delete, methods=["POST"]),
    Route("/p/{secret}/answers/{answer:row}/details", participant.details_form, methods=["GET"]),
    Route(
        "/p/{secret}/answers/{answer:row}/details", participant.decide_details, methods=["POST"]
    ),
    #
    # messages, summary, own data
    Route("/p/{secret}/messages", mine.messages, name="messages"),
    Route("/p/{secret}/summary", mine.summary, name="summary"),
    Route("/p/{secret}/report.pdf", mine.report_pdf, name="report_pdf"),
    Route("/p/{secret}/data", mine.data, name="data"),
    Route("/p/{secret}/data.json", mine.data_json, name="data_json"),
    Route("/p/{secret}/leave", mine.leave, methods=["POST"], name="leave"),
    Route("/p/{secret}/forget", mine.forget_ask, name="forget_ask"),
    Route("/p/{secret}/forget", mine.forget, methods=["POST"], name="forget"),
    Route("/p/{secret}/link", mine.renew_link, methods=["POST"], name="renew_link"),
    Route("/forgotten", mine.forgotten, name="forgotten"),
    # -- Organisers and facilitators: the session view, the report.
    Route("/o/{code}", session_view.organiser_invite, methods=["GET"], name="organiser"),
    Route("/o/{code}", session_view.claim_organiser, methods=["POST"], name="organiser_claim"),
    Route("/p/{secret}/session", session_view.session_page, name="session"),
    Route("/p/{secret}/session/report.pdf", session_view.session_report, name="session_report"),
    Route(
        "/p/{secret}/session/card/{perspective}.pdf",
        session_view.invite_card,
        name="session_card",
    ),
    #
    # -- The live board for the beamer.
    Route("/b/{secret}", board.board, name="board"),
    Route("/b/{secret}/events", board.board_events, name="board_events"),
    #
    # -- watching a round, the questions (routes)
    Route("/p/{secret}/session/answers", watching.answers_page, name="session_answers"),
    Route("/p/{secret}/session/questions", watching.questions_page, name="session_questions"),
    Route("/p/{secret}/session/questions", watching.change_question, methods=["POST"]),
    #
    # -- themes (routes)
    Route("/p/{secret}/session/themes", themes.themes_page, methods=["GET"], name="themes"),
    Route("/p/{secret}/session/themes", themes.add_themes, methods=["POST"]),
    Route("/p/{secret}/session/themes/sort", themes.sort_answer, methods=["POST"]),
    Route("/p/{secret}/session/themes/rename", themes.rename_theme, methods=["POST"]),
    Route("/p/{secret}/session/themes/merge", themes.merge_themes, methods=["POST"]),
    #
    # -- mirror, recognition, proposals (routes)
    Route("/p/{secret}/mirror", mirror.mirror_page, name="mirror"),
    Route("/p/{secret}/mirror/{answer:row}", mirror.recognise, methods=["POST"]),
    Route("/p/{secret}/proposals", mirror.proposals_page, name="proposals"),
    Route("/p/{secret}/propose", mirror.propose, methods=["POST"], name="propose"),
    Route("/p/{secret}/proposals/{proposal:row}/back", mirror.endorse, methods=["POST"]),
    Route("/p/{secret}/session/mirror", mirror.leader_mirror, name="session_mirror"),
    Route("/p/{secret}/session/mirror/share", mirror.share_mirror, methods=["POST"]),
    Route("/p/{secret}/session/proposals", mirror.leader_proposals, name="session_proposals"),
    Route(
        "/p/{secret}/session/proposals/{proposal:row}/agree",
        mirror.agree_proposal,
        methods=["POST"],
    ),
    #
    # -- the reviewed summary (routes)
    Route("/p/{secret}/session/draft", draft.draft_page, name="draft"),
    Route("/p/{secret}/session/draft/facts", draft.save_facts, methods=["POST"]),
    Route("/p/{secret}/session/draft/answers/{answer:row}", draft.toggle_answer, methods=["POST"]),
    Route("/p/{secret}/session/draft/send", draft.approve, methods=["POST"]),
    #
    # -- the report and the exports (routes)
    Route("/p/{secret}/session/export.xlsx", exports.export_xlsx, name="export_xlsx"),
    Route("/p/{secret}/session/export.csv", exports.export_csv, name="export_csv"),
    Route("/p/{secret}/session/export.json", exports.export_json, name="export_json"),
    #
    Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
]


async def not_found(request: Request, exc: Exception) -> Response:
    return respond.problem(request, "not_found", lang=lang_of(request), status=404)


async def http_problem(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    code = {404: "not_found", 405: "method", 429: "too_many_tries"}.get(status, "broken")
    return respond.problem(request, code, lang=lang_of(request), status=status)


async def flow_refused(request: Request, exc: Exception) -> Response:
    """A flow said no: a row that is gone, an act not allowed. Nothing was changed."""
    if isinstance(exc, Braked):
        return respond.problem(request, "too_many_tries", lang=lang_of(request), status=429)
    if isinstance(exc, Gone) and exc.code == "link_invalid":
        # A personal link that names nobody: the same answer as every personal page gives.
        return respond.dead_link(request, lang=lang_of(request))
    if isinstance(exc, Gone):
        return respond.problem(request, "link_invalid", lang=lang_of(request), status=410)
    if isinstance(exc, NotAllowed) and exc.code == "for_leaders":
        # An organiser: whose page this is, and the way back to the one that is theirs.
        secret = request.path_params.get("secret")
        back = f"/p/{secret}/session" if isinstance(secret, str) else None
        return respond.problem(
            request, "for_leaders", lang=lang_of(request), status=403, back=back
        )
    if isinstance(exc, NotAllowed):
        return respond.problem(request, "not_allowed", lang=lang_of(request), status=403)
    # Allowed, but not now (a round still open, a page left open): say why, in plain words.
    lang = lang_of(request)
    reason = refusal(Texts(lang), exc) if isinstance(exc, FlowError) else None
    return respond.problem(
        request, "refused", lang=lang, status=409, detail=None if reason is None else str(reason)
    )


async def broken(request: Request, exc: Exception) -> Response:
    return respond.problem(request, "broken", lang=lang_of(request), status=500)


def build(ctx: WebContext, *, signing_key: str, extra: Sequence[BaseRoute] = ()) -> Starlette:
    """The web application; `extra` routes (the Telegram webhook) share its server but not
    its forms: they are exempt from the form token and bring their own checks."""
    exempt_paths = frozenset(route.path for route in extra if isinstance(route, Route))

    def exempt(scope: Scope) -> bool:
        return scope.get("path") in exempt_paths

    # The form token's key is derived, so forms open before a restart still work after it.
    csrf_secret = hmac.new(signing_key.encode(), b"web-forms", hashlib.sha256).hexdigest()
    app = Starlette(
        routes=[*extra, *ROUTES],
        middleware=[
            Middleware(SecurityHeaders, https=ctx.secure),
            Middleware(
                protect_forms,
                signing_secret=csrf_secret,
                https=ctx.secure,
                refuse=respond.refuse_form,
                exempt=exempt,
            ),
        ],
        exception_handlers={
            404: not_found,
            HTTPException: http_problem,
            FlowError: flow_refused,
            Exception: broken,
        },
    )
    app.state.ctx = ctx
    return app
