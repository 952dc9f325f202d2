"""What every route gets besides the request: the services the composition root made."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from starlette.requests import Request

from flows.board import LiveBoards
from flows.brake import WrongCodeBrake
from flows.clock import Clock
from flows.pii import PersonalDetailsGuard
from flows.records import Database
from flows.retention import Terms
from flows.similarity import Similarity
from reports.pdf import PdfMaker


@dataclass(frozen=True, slots=True)
class WebContext:
    db: Database
    clock: Clock
    guard: PersonalDetailsGuard | None
    brake: WrongCodeBrake
    pdfs: PdfMaker
    # The public address, without a trailing slash: links we hand out start with it.
    base_url: str
    # The language for a visitor whose browser asks for none of ours.
    lang: str
    terms: Terms
    privacy_contact: str | None
    # Whether the process is fit to serve: the database answers, delivery runs.
    healthy: Callable[[], Awaitable[bool]]
    # Live boards open on screens: closed when the server stops, so their streams end.
    boards: LiveBoards = field(default_factory=LiveBoards)
    # The bot's Telegram username, for the Telegram link printed beside a web link.
    bot_username: str | None = None
    # The same theme suggestions as in Telegram (one per process).
    similarity: Similarity = field(default_factory=Similarity)

    @property
    def secure(self) -> bool:
        """Cookies only over HTTPS when the public address is HTTPS (the demo is plain HTTP)."""
        return self.base_url.startswith("https://")

    def link(self, path: str) -> str:
        """An absolute link to one of our pages, for a QR code or a message."""
        return f"{self.base_url}{path}"


def context(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.ctx
    return ctx
