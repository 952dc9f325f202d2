"""Sessions with many participants, made through the domain directly (fast), for benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flows import actions, joining, sessions
from flows.access import Actor
from flows.clock import SystemClock
from flows.model import ROUND_ORDER, DisplayMode, Perspective
from flows.people import Identity
from sandbox.world import ADMIN_ID
from storage import Database

CLOCK = SystemClock()
FIRST_PARTICIPANT = 100_000


def telegram(user_id: int) -> Identity:
    """How the Telegram channel knows the simulated person with this user id."""
    return Identity("telegram", str(user_id))


@dataclass(frozen=True)
class Seeded:
    session_id: int
    participant_ids: list[int]  # Telegram user ids
    # The session's invite code per perspective (its value, e.g. "parent"): for web joins.
    participant_codes: dict[str, str] = field(default_factory=dict)


async def seed(
    db_path: Path, participants: int, *, quiet_hours: bool = False, first: int = FIRST_PARTICIPANT
) -> Seeded:
    """A session owned by the sandbox admin with `participants` who consented (four perspectives).

    Their Telegram ids count up from `first`.
    """
    db = await Database.open(db_path)
    try:
        owner = Actor(telegram(ADMIN_ID), None, True, "nl")
        made = await sessions.create_session(
            db, CLOCK, owner, title="Benchmark", theme="Meten", perspectives=list(Perspective)
        )
        await sessions.set_quiet_hours(db, CLOCK, made.session.id, quiet_hours)
        order = list(Perspective)
        ids = []
        for index in range(participants):
            tg_id = first + index
            actor = Actor(telegram(tg_id), None, False, "nl")
            code = made.participant_codes[order[index % len(order)]]
            joined = await joining.consent(db, CLOCK, actor, code)
            mode = (DisplayMode.NAME, DisplayMode.ANONYMOUS)[index % 2]
            await joining.set_display(db, joined.participant.id, mode, f"Deelnemer{index}")
            # Straight to storage: through the domain, each would queue a newcomer notice
            # for the admin, and delivering thousands of those would skew the measurement.
            async with db.transaction() as tx:
                await tx.participation.set_wants_summary(joined.participant.id, index % 3 == 0)
            ids.append(tg_id)
        codes = {str(p.value): code for p, code in made.participant_codes.items()}
        return Seeded(made.session.id, ids, codes)
    finally:
        await db.close()


async def answers(db_path: Path, seeded: Seeded, per_person: int) -> int:
    """Open the next round and give every participant `per_person` answers in it."""
    db = await Database.open(db_path)
    try:
        await sessions.open_next_round(db, CLOCK, seeded.session_id)
        count = 0
        async with db.transaction() as tx:
            current = await tx.rounds.current(seeded.session_id)
            assert current is not None
            for tg_id in seeded.participant_ids:
                person = await tx.people.by_identity(telegram(tg_id))
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


async def finished(db_path: Path, seeded: Seeded, per_round: int, agreed: int = 5) -> int:
    """Hold all three rounds (`per_round` answers from everyone in each) and agree actions.

    Returns the number of contributions; the session is ready for its summary.
    """
    count = 0
    for _ in ROUND_ORDER:
        count += await answers(db_path, seeded, per_round)
        db = await Database.open(db_path)
        try:
            await sessions.close_current_round(db, CLOCK, seeded.session_id)
        finally:
            await db.close()
    db = await Database.open(db_path)
    try:
        owner = Actor(telegram(ADMIN_ID), None, True, "nl")
        for n in range(agreed):
            await actions.add(
                db, CLOCK, owner, seeded.session_id, what=f"Afspraak {n}: terugbellen binnen"
                " twee dagen", owner="buurtteam", due_on=CLOCK.now().date(),
            )  # fmt: skip
    finally:
        await db.close()
    return count
