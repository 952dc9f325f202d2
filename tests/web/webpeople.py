"""A participant known only by a personal link, made without the joining pages: through the
same flows Telegram's join uses (look up the invite, agree, how to appear, the summary wish)."""

from __future__ import annotations

from flows import answering, joining, people
from flows.access import Actor
from flows.model import DisplayMode
from sandbox.world import World
from web.identity import CHANNEL, identity_for, new_secret


def invite_code(link: str) -> str:
    """The invite code in a Telegram invite link (`...?start=<code>`)."""
    return link.split("start=", 1)[1]


async def web_actor(world: World, secret: str, lang: str = "nl") -> Actor:
    external_id = identity_for(secret).external_id
    return await people.identify(world.services.db, CHANNEL, external_id, lang, is_admin=False)


async def join_on_the_web(
    world: World,
    link: str,
    *,
    name: str | None = None,
    wants_summary: bool = True,
    lang: str = "nl",
) -> str:
    """Join the session of a participant's invite link; return the personal link's secret."""
    db, clock = world.services.db, world.services.clock
    code = invite_code(link)
    secret = new_secret()
    actor = await web_actor(world, secret, lang)
    assert await joining.look_up(db, clock, actor, code) is not None
    agreed = await joining.agree(db, clock, await web_actor(world, secret, lang), code)
    participant = agreed.joined.participant.id
    mode = DisplayMode.NAME if name else DisplayMode.ANONYMOUS
    await joining.set_display(db, participant, mode, name)
    await joining.set_summary_wish(db, clock, participant, wants_summary)
    await world.settle()
    return secret


async def answer_on_the_web(world: World, secret: str, text: str, ref: str) -> None:
    """Store an answer for the web participant, as the answer page will."""
    stored = await answering.receive(
        world.services.db, world.services.clock, await web_actor(world, secret), text, ref
    )
    assert isinstance(stored, answering.Stored), stored
    await world.settle()
