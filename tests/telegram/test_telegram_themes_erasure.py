"""The theme suggestions keep nothing derived from erased words in memory."""

from __future__ import annotations

from flows.similarity import Similarity
from sandbox import scenario
from sandbox.world import World


async def test_an_erasure_empties_the_suggestions_cache(world: World) -> None:
    femke = world.admin()
    links = await scenario.create_session(femke)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/open")
    await sanne.send("De wachtlijst duurde maanden")
    await femke.send("/sluit")
    similarity: Similarity = world.services.similarity
    # What sorting the closed round leaves behind.
    similarity.prepare(["De wachtlijst duurde maanden"])
    assert similarity.cached == 1

    await sanne.send("/vergeetmij")
    await sanne.press("Ja, wis alles")
    assert similarity.cached == 0
