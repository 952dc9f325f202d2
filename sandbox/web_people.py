"""Simulated people on the web page: plain HTTP, as an old phone without JavaScript.

They open a web invite, say yes to it, and post answers from their personal page, through
the same forms (with the same form token) a browser would post.
"""

from __future__ import annotations

import re
import secrets
from types import TracebackType

import httpx

TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')
PERSONAL = re.compile(r"^/p/([A-Za-z0-9_-]+)")
# The first form of a page's main part (the nav holds none).
FIRST_FORM = re.compile(r'<form method="post" action="([^"]+)"')
# A browser keeps a connection open between pages; uvicorn closes one idle for 5 s. Dropped
# by us first, a connection is never reused just as the server closes it (a ReadError).
KEEP_ALIVE = httpx.Limits(keepalive_expiry=2.0)


class WebPageRefused(Exception):
    """The web page did not answer as a browser expects (a missing page, a refused form)."""


def invite_code(link: str) -> str:
    """The invite code a Telegram invite link carries: the web invite takes the same one."""
    return link.split("start=", 1)[1]


class WebPerson:
    """One person taking part through the web page. `async with WebPerson(...) as p:`."""

    def __init__(self, base_url: str, name: str, *, lang: str = "nl") -> None:
        self.name = name
        self.base_url = base_url
        self.http = httpx.AsyncClient(
            base_url=base_url,
            follow_redirects=False,
            headers={"accept-language": lang},
            limits=KEEP_ALIVE,
        )
        self.secret: str | None = None  # the personal link's secret, once they joined
        self._token: str | None = None

    async def __aenter__(self) -> WebPerson:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.http.aclose()

    @property
    def page(self) -> str:
        """Their personal page (the link to bookmark)."""
        if self.secret is None:
            raise RuntimeError(f"{self.name} has not joined yet")
        return f"{self.base_url}/p/{self.secret}"

    async def settle_in(self, *, appear: str, name: str | None, wants_summary: bool) -> None:
        """After joining: how to appear (a DisplayMode value, and the name for it) and
        whether they want the summary, on the two pages joining leads through."""
        for step, fields in (
            ("name", {"appear": appear, "name": name or ""}),
            ("wish", {"summary": "yes" if wants_summary else "no"}),
        ):
            path = f"/p/{self.secret}/{step}"
            await self._open(path)
            self._redirected(
                await self.http.post(path, data={**fields, "csrftoken": self.token}), path
            )

    @property
    def token(self) -> str:
        """The form token of the last page opened (it goes with this client's cookie)."""
        if self._token is None:
            raise RuntimeError(f"{self.name} has opened no page with a form")
        return self._token

    async def join(self, code: str) -> str:
        """Open the web invite and say yes; return the personal page's address."""
        path = f"/i/{code}"
        await self._open(path)
        answer = await self.http.post(path, data={"csrftoken": self._token or ""})
        landing = httpx.URL(self._redirected(answer, path)).path
        found = PERSONAL.match(landing)
        if found is None:
            raise WebPageRefused("joining led elsewhere than to a personal page")
        self.secret = found.group(1)
        return self.page

    async def answer(self, text: str) -> None:
        """Post one answer in the open round from the personal page."""
        await self._open(f"/p/{self.secret}")
        path = f"/p/{self.secret}/answer"
        # A nonce per form: a form posted twice is stored once.
        fields = {"text": text, "nonce": secrets.token_urlsafe(12), "csrftoken": self._token or ""}
        self._redirected(await self.http.post(path, data=fields), path)

    async def press_first(self, page: str) -> None:
        """Open one of their pages (`mirror`, `proposals`) and post its first form, as the
        first button on it would (on the mirror: "Herkenbaar" on the first item not their own)."""
        path = f"/p/{self.secret}/{page}"
        shown = await self.http.get(path)
        form = FIRST_FORM.search(shown.text)
        token = TOKEN.search(shown.text)
        if shown.status_code != 200 or form is None or token is None:
            raise WebPageRefused(f"GET {_shown(path)} answered {shown.status_code} without a form")
        action = form.group(1)
        answer = await self.http.post(action, data={"csrftoken": token.group(1)})
        self._redirected(answer, action)

    async def _open(self, path: str) -> None:
        """GET a page as a browser would: it sets the form-token cookie; keep the token."""
        shown = await self.http.get(path, follow_redirects=True)
        if shown.status_code != 200:
            raise WebPageRefused(f"GET {_shown(path)} answered {shown.status_code}")
        found = TOKEN.search(shown.text)
        if found is not None:
            self._token = found.group(1)

    def _redirected(self, answer: httpx.Response, path: str) -> str:
        if answer.status_code != 303:
            raise WebPageRefused(f"POST {_shown(path)} answered {answer.status_code}, not 303")
        return answer.headers["location"]


def _shown(path: str) -> str:
    """A path without the secret or code in it: never printed whole."""
    return re.sub(r"^/(\w)/[^/]+", r"/\1/…", path)
