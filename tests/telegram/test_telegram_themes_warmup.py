"""A closed round's answers are encoded ahead, so the first sorting screen does not wait:
whether /sluit or the deadline closed it, and after a restart once its sorting began."""

from __future__ import annotations

import datetime as dt

from flows import sessions, themes
from flows.similarity import Similarity, _key
from flows.warmup import WarmUp
from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows
from tests.telegram.rounds import ANSWERS, closed_round


def warm_up(world: World) -> WarmUp:
    running = world.bot.warm_up
    assert running is not None
    return running


def encoded(world: World) -> list[str]:
    """The answers whose sentence vectors are cached."""
    similarity: Similarity = world.services.similarity
    return [text for _, text in ANSWERS if _key(text) in similarity._vectors]


async def test_answers_are_encoded_once_the_round_closes_before_anyone_sorts(
    world: World,
) -> None:
    await closed_round(world)  # /sluit; nobody opens /themas
    await warm_up(world).idle()
    assert world.services.similarity.uses_encoder
    assert encoded(world) == [text for _, text in ANSWERS]


async def test_a_round_its_deadline_closes_is_encoded_too(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    (_, text), *_ = ANSWERS
    await sanne.send(text)
    (session,) = rows(world.db_path, "SELECT id FROM sessions")
    db = world.services.db
    await sessions.set_deadline(db, world.clock, session["id"], dt.timedelta(hours=2))
    await world.advance(hours=2, minutes=1)  # the timer closes the round
    assert rows(world.db_path, "SELECT closed_at FROM rounds")[0]["closed_at"] is not None
    await warm_up(world).idle()
    assert encoded(world) == [text]


async def test_after_a_restart_a_session_whose_sorting_is_under_way_is_encoded_again(
    world: World,
) -> None:
    await closed_round(world)
    await world.restart()  # a new process: its cache starts empty
    await warm_up(world).idle()
    # Nobody began to sort: its first screen waits, as encoding answers nobody may ever
    # sort would take the machine at every start.
    assert encoded(world) == []
    (session,) = rows(world.db_path, "SELECT id FROM sessions")
    (first, *_) = rows(world.db_path, "SELECT id FROM contributions ORDER BY id")
    db, clock, similarity = world.services.db, world.clock, world.services.similarity
    (theme,) = (await themes.add_themes(db, clock, session["id"], "Wachten")).added
    await themes.place(db, clock, similarity, session["id"], first["id"], theme.id)
    await world.restart()
    await warm_up(world).idle()
    assert encoded(world) == [text for _, text in ANSWERS]
