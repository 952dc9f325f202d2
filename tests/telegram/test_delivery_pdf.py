"""A report whose PDF cannot be made now is sent later, not retried in a tight loop."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from collections.abc import AsyncIterator

from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows


@contextlib.asynccontextmanager
async def pdf_workers_keep_dying() -> AsyncIterator[None]:
    """Kill every worker process the moment it appears (a machine out of memory)."""

    async def kill() -> None:
        while True:
            for worker in multiprocessing.active_children():
                worker.kill()
            await asyncio.sleep(0.005)

    killer = asyncio.create_task(kill())
    try:
        yield
    finally:
        killer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await killer


async def test_a_report_whose_pdf_worker_keeps_dying_waits_and_goes_out_later(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send("Het buurtteam belde snel terug")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")

    async with pdf_workers_keep_dying():
        await facilitator.press("Verstuur")
    summaries = [m for m in sanne.messages if m.text.startswith("Samenvatting")]
    assert len(summaries) == 1
    assert all(m.document is None for m in sanne.messages)
    (waiting,) = rows(
        world.db_path,
        "SELECT attempts FROM outbox WHERE sent_at IS NULL"
        " AND dropped_at IS NULL AND kind = 'summary'",
    )
    assert waiting["attempts"] == 1  # tried once, then left to its backoff

    await world.advance(seconds=10)
    assert sum(m.document is not None for m in sanne.messages) == 1
    assert len([m for m in sanne.messages if m.text.startswith("Samenvatting")]) == 1
