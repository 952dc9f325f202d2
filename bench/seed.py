"""Sessions with many participants, made through the domain directly (fast), for benchmarks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flows import joining, sessions
from flows.access import Actor
from flows.clock import SystemClock
from flows.model import DisplayMode, Perspective
from sandbox.world import ADMIN_ID
from storage import Database

CLOCK = SystemClock()
FIRST_PARTICIPANT = 100_000


@dataclass(frozen=True)
class Seeded:
    session_id: int
    participant_ids: list[int]  # Telegram user ids


async def seed(db_path: Path, participants: int, *, quiet_hours: bool = False) -> Seeded:
    """A session owned by the sandbox admin with `participants` who consented (four perspectives)."""
    db = await Database.open(db_path)
    try:
        owner = Actor(ADMIN_ID, None, True, "nl")
        made = await sessions.create_session(
            db, CLOCK, owner, title="Benchmark", theme="Meten", perspectives=list(Perspective)
        )
        await sessions.set_quiet_hours(db, made.session.id, quiet_hours)
        order = list(Perspective)
        ids = []
        for index in range(participants):
            tg_id = FIRST_PARTICIPANT + index
            actor = Actor(tg_id, None, False, "nl")
            code = made.participant_codes[order[index % len(order)]]
            joined = await joining.consent(db, CLOCK, actor, code)
            mode = (DisplayMode.NAME, DisplayMode.ANONYMOUS)[index % 2]
            await joining.set_display(db, joined.participant.id, mode, f"Deelnemer{index}")
            await joining.set_summary_wish(db, joined.participant.id, index % 3 == 0)
            ids.append(tg_id)
        return Seeded(made.session.id, ids)
    finally:
        await db.close()


async def answers(db_path: Path, seeded: Seeded, per_person: int) -> int:
    """Open the first round and give every participant `per_person` answers."""
    db = await Database.open(db_path)
    try:
        await sessions.open_next_round(db, CLOCK, seeded.session_id)
        count = 0
        async with db.transaction() as tx:
            current = await tx.rounds.current(seeded.session_id)
            assert current is not None
            for tg_id in seeded.participant_ids:
                person = await tx.people.by_tg(tg_id)
                assert person is not None
                participant = await tx.participation.participant_for(seeded.session_id, person.id)
                assert participant is not None
                for n in range(per_person):
                    text = f"Antwoord {n} van {tg_id}: het buurtteam luisterde goed & kwam snel <langs>."
                    await tx.contributions.add(
                        round_id=current.id, participant_id=participant.id, body=text,
                        source_ref=f"seed:{tg_id}:{n}", now=CLOCK.now(),
                    )  # fmt: skip
                    count += 1
        return count
    finally:
        await db.close()
