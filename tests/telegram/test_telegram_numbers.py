"""Buttons whose data names a number no row can have (a superscript two, or longer than any
id): the button says it no longer works, as for a row that is gone; nothing fails."""

from __future__ import annotations

from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows

GONE = "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen."
HUGE = "9" * 30  # past SQLite's 64-bit integers; callback data still fits in 64 bytes


async def test_buttons_with_numbers_no_row_can_have_no_longer_work(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    (participant,) = rows(world.db_path, "SELECT id FROM participants")[0]
    (session,) = rows(world.db_path, "SELECT id FROM sessions")[0]
    for number in (HUGE, "²"):
        toast = await sanne.press_data(f"consent.ok:{participant}:{number}", sanne.last)
        assert toast == GONE, number
        toast = await facilitator.press_data(f"mir.round:{session}:{number}", facilitator.last)
        assert toast == GONE, number
        toast = await facilitator.press_data(f"th.sort:{session}:{number}", facilitator.last)
        assert toast == GONE, number
    # Nobody was told something failed.
    assert not any("misging" in t or "ging iets mis" in t for t in sanne.texts + facilitator.texts)
