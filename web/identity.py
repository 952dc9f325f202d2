"""Who a web visitor is: the only place that maps a personal link to an identity.

A personal link holds a random secret; we keep only its SHA-256 as the identity's
external id, so the database alone cannot rebuild anyone's link. The secret's format and
its hash are defined once, in flows/web_links.py (the bot makes these links too).
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request

from flows import people, web_links
from flows.access import Actor
from flows.errors import Gone
from flows.people import Identity
from reports.i18n import LANGS
from web.context import context

CHANNEL = web_links.LINK_CHANNEL
# Who the wrong-code brake counts against on the web, where a visitor without a right link
# is nobody of ours: the network address, hashed (the brake's row lives a day at most and
# a right code or link clears it).
ADDRESS_CHANNEL = "web-address"

new_secret = web_links.new_secret
identity_for = web_links.link_identity


def chosen_lang(request: Request) -> str | None:
    """A language the visitor picked (`?lang=`, as the footer's switch sets it), if any."""
    asked = request.query_params.get("lang", "")
    return asked if asked in LANGS else None


def lang_of(request: Request) -> str:
    """The language to answer in: `?lang=` when given, else the language of the person the
    personal link names (once `visitor` found them), else the browser's first of ours."""
    chosen = chosen_lang(request)
    if chosen is not None:
        return chosen
    known = getattr(request.state, "visitor_lang", None)
    if isinstance(known, str):
        # A refusal behind their own link speaks as their own pages do, not as the browser.
        return known
    for part in request.headers.get("accept-language", "").split(","):
        base = part.split(";")[0].strip().split("-")[0].lower()
        if base in LANGS:
            return base
    return context(request).lang


def address_key(request: Request) -> Identity:
    """Whom the wrong-code brake counts a link attempt against: the hashed client address."""
    host = request.client.host if request.client is not None else ""
    return Identity(ADDRESS_CHANNEL, hashlib.sha256(f"address:{host}".encode()).hexdigest())


def stranger(request: Request) -> Actor:
    """Someone trying a code without a personal link: nobody of ours, known by their address."""
    return Actor(address_key(request), None, False, lang_of(request))


async def visitor(request: Request, secret: str) -> Actor:
    """The actor a personal link names (a person, or nobody when the link is unknown).

    Wrong links slow the address down (Braked: 429). The browser's language is only a
    guess: a known person keeps theirs unless they pick one with `?lang=`.
    """
    ctx = context(request)
    chosen = chosen_lang(request)
    actor = await web_links.follow_link(
        ctx.db,
        ctx.brake,
        secret,
        address_key(request),
        chosen or lang_of(request),
        lang_chosen=chosen is not None,
    )
    if actor.person is not None:
        request.state.visitor_lang = actor.lang
    return actor


async def known_visitor(request: Request) -> tuple[Actor, str]:
    """The person the personal link in the path names, with its secret. A link that names
    nobody is Gone("link_invalid"): web/app.py answers it as every personal page does
    (respond.dead_link)."""
    secret: str = request.path_params["secret"]
    actor = await visitor(request, secret)
    if actor.person is None:
        raise Gone("link_invalid")
    return actor, secret


async def newcomer(request: Request, secret: str) -> Actor:
    """The actor for a secret this visitor's form just made (a claim being posted): not
    counted as a wrong link while nobody holds it yet."""
    chosen = chosen_lang(request)
    return await people.identify(
        context(request).db,
        CHANNEL,
        identity_for(secret).external_id,
        chosen or lang_of(request),
        is_admin=False,
        lang_chosen=chosen is not None,
    )
