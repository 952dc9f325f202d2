"""How a session is doing: who joined, who answered, who cannot be reached."""

from __future__ import annotations

from dataclasses import dataclass

from flows.clock import Clock, local_today
from flows.followup import overdue
from flows.lookup import session_or_gone
from flows.model import Perspective, rounds_held
from storage import Database
from storage.records import Action, Participant, Round, Session


@dataclass(frozen=True, slots=True)
class RoundProgress:
    kind: str
    round: Round | None
    # perspective -> (people who answered, contributions)
    answered: dict[str, tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Status:
    session: Session
    joined: dict[str, int]
    rounds: list[RoundProgress]
    unreachable: list[Participant]
    organisers: int
    refusals: int
    actions: int
    overdue: list[Action]

    @property
    def current_round(self) -> Round | None:
        return next((r.round for r in self.rounds if r.round and r.round.is_open), None)


async def status(db: Database, clock: Clock, session_id: int) -> Status:
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        participants = await tx.participation.participants_in(session.id)
        rounds = {r.kind: r for r in await tx.rounds.of_session(session.id)}
        counts = await tx.rounds.counts(session.id)
        unreachable = []
        for participant in participants:
            person = await tx.people.get(participant.person_id)
            if person is not None and person.unreachable_since is not None:
                unreachable.append(participant)
        organisers = len(await tx.participation.organisers_of(session.id))
        refusals = await tx.participation.refusal_count(session.id)
        all_actions = await tx.actions.of_session(session.id)
    perspectives = [p.value for p in Perspective if p.value in session.perspectives]
    joined = {p: sum(1 for x in participants if x.perspective == p) for p in perspectives}
    progress = []
    for kind in rounds_held(set(rounds)):
        answered = {p: (0, 0) for p in perspectives}
        for count in counts:
            if count.kind == kind.value:
                answered[count.perspective] = (count.people, count.contributions)
        progress.append(RoundProgress(kind.value, rounds.get(kind.value), answered))
    late = overdue(all_actions, local_today(clock, session.tz))
    return Status(
        session, joined, progress, unreachable, organisers, refusals, len(all_actions), late
    )
