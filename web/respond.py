"""Send a page: render it in the visitor's language with the form token, or say calmly
what went wrong. Routes call these; the words are in reports/web.py and its templates."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import Scope, Send

from reports import web as pages
from web.identity import lang_of
from web.security import form_token

# Pages that show people's words or personal links are never kept by a cache on the way.
PRIVATE = {"cache-control": "no-store"}


async def form(request: Request) -> FormData:
    """The posted form, its line breaks as Telegram and our texts write them ("\\n"): a
    browser sends a text area's line breaks as CRLF, so 2,000 characters typed within the
    field's limit would count as more, and be stored unlike the same words from Telegram."""
    posted = await request.form()
    return FormData(
        [
            (key, value.replace("\r\n", "\n") if isinstance(value, str) else value)
            for key, value in posted.multi_items()
        ]
    )


def html(
    request: Request, template: str, *, lang: str, status: int = 200, **context: Any
) -> HTMLResponse:
    """Render `reports/templates/web/<template>` for this request."""
    # `here`: the page's own address, for the footer's language switch (`lang=` added to
    # what it asked, so the same session or round stays in view); none on a page answering a
    # form, whose path only takes a post.
    here = None
    if request.method == "GET":
        # Not `done`: the notice of what was just done is not said again in the other language.
        kept = urlencode(
            [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "done")]
        )
        here = f"{request.url.path}?{kept}&" if kept else f"{request.url.path}?"
    body = pages.page(lang, template, csrf=form_token(request.scope), here=here, **context)
    return HTMLResponse(body, status_code=status, headers=PRIVATE)


def problem(
    request: Request,
    code: str,
    *,
    lang: str,
    status: int,
    back: str | None = None,
    detail: str | None = None,
) -> HTMLResponse:
    body = pages.problem(lang, code, back=back, detail=detail)
    return HTMLResponse(body, status_code=status, headers=PRIVATE)


def dead_link(request: Request, *, lang: str) -> HTMLResponse:
    """A link or code that names nothing of ours: never made, replaced by a newer one, or
    its person erased. We cannot tell these apart without keeping more, so every personal
    page answers the same: 404 (not 410, which would claim it once worked)."""
    return problem(request, "link_invalid", lang=lang, status=404)


def download(body: bytes, media_type: str, filename: str) -> Response:
    """A file to save (a report, an export, one's own data): never kept by a cache either.
    `filename` is already letters, digits and dashes (see reports/filenames.py)."""
    disposition = f'attachment; filename="{filename}"'
    return Response(
        body, media_type=media_type, headers={**PRIVATE, "content-disposition": disposition}
    )


def see_other(url: str) -> RedirectResponse:
    """After a form is handled: the browser fetches the page anew, so a reload or the back
    button never posts the form twice."""
    return RedirectResponse(url, status_code=303, headers=PRIVATE)


async def refuse_form(scope: Scope, send: Send) -> None:
    """The form token is missing or wrong (a stale page, a forged post)."""
    request = Request(scope)
    lang = lang_of(request)
    response = HTMLResponse(pages.problem(lang, "form_expired"), status_code=403, headers=PRIVATE)
    await response(scope, _nothing, send)


async def _nothing() -> dict[str, Any]:
    return {"type": "http.disconnect"}
