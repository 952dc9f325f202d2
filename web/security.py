"""Safe by default: CSRF on every form, strict headers on every response.

Forms are protected with asgi-csrf (a signed token in a cookie and in each form). It lets
a POST without any cookie through, so `RequireCookie` refuses those first: every form
of ours is served with the token cookie, so only a forged or replayed post lacks it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgi_csrf import asgi_csrf
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "csrftoken"
CSRF_FIELD = "csrftoken"
# No scripts or styles from elsewhere, no inline ones, no framing, forms post only to us.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Personal links carry their secret in the path: never hand it on to another site.
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Refuse = Callable[[Scope, Send], Awaitable[None]]


class SecurityHeaders:
    """Add the strict headers to every response (HSTS too when served over HTTPS)."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        self.app = app
        self.headers = [*HEADERS]
        if https:
            self.headers.append((b"strict-transport-security", b"max-age=31536000"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [_http_only(n, v) for n, v in message.get("headers", [])]
                names = {name for name, _ in headers}
                message["headers"] = [
                    *headers,
                    *((n, v) for n, v in self.headers if n not in names),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def _http_only(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    """No script of ours reads a cookie (the form token is rendered into each form), so
    every cookie is HttpOnly, the form token's included (asgi-csrf leaves that out)."""
    if name.lower() == b"set-cookie" and b"httponly" not in value.lower():
        return name, value + b"; HttpOnly"
    return name, value


def protect_forms(
    app: ASGIApp,
    *,
    signing_secret: str,
    https: bool,
    refuse: Refuse,
    exempt: Callable[[Scope], bool],
) -> ASGIApp:
    """Wrap `app` so every unsafe request must carry the form token; `exempt` requests
    (the Telegram webhook, which has its own secret header) need none."""

    async def failed(scope: Scope, send: Send, message_id: object) -> None:
        await refuse(scope, send)

    guarded = asgi_csrf(
        app,
        cookie_name=CSRF_COOKIE,
        signing_secret=signing_secret,
        cookie_secure=https,
        cookie_samesite="Strict",
        skip_if_scope=exempt,
        send_csrf_failed=failed,
    )

    async def require_cookie(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE and not exempt(scope):
            has_cookie = any(name == b"cookie" for name, _ in scope.get("headers", []))
            if not has_cookie:
                await refuse(scope, send)
                return
        await guarded(scope, receive, send)

    return require_cookie


def form_token(scope: Scope) -> str:
    """The token every form carries in its hidden `csrftoken` field."""
    make: Callable[[], str] = scope["csrftoken"]
    return make()
