"""Who a web visitor is: the only place that maps a personal link to an identity.

A personal link holds a random secret; we keep only its SHA-256 as the identity's
external id, so the database alone cannot rebuild anyone's link.
"""

from __future__ import annotations

import hashlib
import secrets

from starlette.requests import Request

from flows import people
from flows.access import Actor
from flows.people import Identity
from reports.i18n import LANGS
from web.context import context

CHANNEL = "web"
SECRET_BYTES = 24  # 192 bits: unguessable, and short enough for a bookmark


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def identity_for(secret: str) -> Identity:
    return Identity(CHANNEL, hashlib.sha256(secret.encode()).hexdigest())


def lang_of(request: Request) -> str:
    """The language to answer in: `?lang=` when given, else the browser's first of ours."""
    asked = request.query_params.get("lang", "")
    if asked in LANGS:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        base = part.split(";")[0].strip().split("-")[0].lower()
        if base in LANGS:
            return base
    return context(request).lang


async def visitor(request: Request, secret: str) -> Actor:
    """The actor a personal link names (a person, or nobody when the link is unknown)."""
    return await people.identify(
        context(request).db,
        CHANNEL,
        identity_for(secret).external_id,
        lang_of(request),
        is_admin=False,
    )
