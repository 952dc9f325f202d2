"""A draft whose PDF cannot be made is still shown with its buttons, and can be sent."""

from __future__ import annotations

from sandbox import scenario
from sandbox.world import World
from tests.telegram.test_delivery_pdf import pdf_workers_keep_dying


async def test_a_draft_without_its_pdf_can_still_be_checked_and_sent(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send("Het buurtteam belde snel terug")
    await facilitator.send("/sluit")

    before = len(facilitator.messages)
    async with pdf_workers_keep_dying():
        await facilitator.send("/samenvatting")
    shown = facilitator.messages[before:]
    assert all(m.document is None for m in shown)
    assert any(
        "Het verslag om te printen (PDF) kon nu niet worden gemaakt" in m.text for m in shown
    )
    # The draft's menu came all the same, and sending works.
    await facilitator.press("Verstuur")
    assert len([m for m in sanne.messages if m.text.startswith("Samenvatting")]) == 1
