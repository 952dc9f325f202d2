"""Where a participant stands in their sessions: the round open for them and their own
answers in it, for a page that shows it all at once."""

from __future__ import annotations

from dataclasses import dataclass

from flows.access import Actor
from storage import Database
from storage.records import Contribution, Participant, Round, Session


@dataclass(frozen=True, slots=True)
class Standing:
    session: Session
    participant: Participant
    # The round that takes answers now, and the participant's own answers in it.
    open_round: Round | None
    answers: list[Contribution]
    # The round that closed last, to say that the next one will come.
    last_closed: Round | None
    # The session's own wording of the open round's question for them; None: the default.
    wording: str | None = None
    # How many of its rounds' mirrors were shared with the participants.
    mirrors: int = 0


async def standing(db: Database, actor: Actor) -> list[Standing]:
    """The sessions the actor takes part in now, newest first; empty when they take part in
    none (they never joined, left, or were taken out)."""
    if actor.person is None:
        return []
    async with db.read() as tx:
        result = []
        for participant in await tx.participation.participations_of(actor.person.id):
            session = await tx.sessions.get(participant.session_id)
            if session is None:
                continue
            open_round = await tx.rounds.current(session.id)
            answers = (
                []
                if open_round is None
                else await tx.contributions.of_participant(participant.id, open_round.id)
            )
            last_closed = await tx.rounds.last_closed(session.id)
            wording = (
                None
                if open_round is None
                else await tx.questions.wording(
                    session.id, open_round.kind, participant.perspective
                )
            )
            mirrors = len(await tx.mirrors.of_session(session.id))
            result.append(
                Standing(session, participant, open_round, answers, last_closed, wording, mirrors)
            )
        return result
