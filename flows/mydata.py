"""A person's rights over their data: everything we hold as one document, or erasure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.access import Actor
from flows.clock import Clock
from flows.summary import Summary
from storage import Database
from storage.records import Contribution


@dataclass(frozen=True, slots=True)
class Forgotten:
    participations: int
    contributions: int
    summaries_changed: int


async def export(db: Database, actor: Actor) -> dict[str, Any] | None:
    """Everything stored about the actor, or None when nothing is."""
    person = actor.person
    if person is None:
        return None
    async with db.transaction() as tx:
        participations = []
        for participant in await tx.participation.all_of(person.id):
            session = await tx.sessions.get(participant.session_id)
            rounds = {r.id: r.kind for r in await tx.rounds.of_session(participant.session_id)}
            answers = await tx.contributions.of_participants([participant.id])
            participations.append(
                {
                    "session": session.title if session else None,
                    "perspective": participant.perspective,
                    "consent_version": participant.consent_version,
                    "consented_at": participant.consented_at.isoformat(),
                    "appears_as": participant.display_mode,
                    "name_shown": participant.display_name,
                    "wants_summary": participant.wants_summary,
                    "left_at": participant.left_at and participant.left_at.isoformat(),
                    "answers": [_answer(c, rounds) for c in answers],
                }
            )
        organising = [
            s.title for sid in await tx.participation.organised_by(person.id)
            if (s := await tx.sessions.get(sid)) is not None
        ]  # fmt: skip
        leading = [
            {"session": s.title, "created_at": s.created_at.isoformat(), "phase": s.phase}
            for s in await tx.sessions.run_by(person.id)
        ]
        waiting = [
            {"text": p.body, "at": p.created_at.isoformat()}
            for p in await tx.contributions.pending_of(person.id)
        ]
        took = []
        for action in await tx.actions.taken_by(person.id):
            session = await tx.sessions.get(action.session_id)
            took.append(
                {
                    "session": session.title if session else None,
                    "action": action.what,
                    "due_on": action.due_on and action.due_on.isoformat(),
                    "status": action.status,
                }
            )
        dialogue = await tx.dialogues.get(person.id)
    return {
        "telegram_user_id": person.tg_user_id,
        "language": person.lang,
        "facilitator": person.is_facilitator,
        "known_since": person.created_at.isoformat(),
        "unreachable_since": person.unreachable_since and person.unreachable_since.isoformat(),
        "taking_part": participations,
        "answers_waiting_for_a_session": waiting,
        "organiser_of": organising,
        "sessions_you_lead": leading,
        "actions_you_took_over": took,
        "step_in_progress": dialogue and {"flow": dialogue.flow, "step": dialogue.step},
    }


async def forget(db: Database, clock: Clock, actor: Actor) -> Forgotten:
    """Erase the actor and their words everywhere, approved summaries included."""
    person = actor.person
    if person is None:
        return Forgotten(0, 0, 0)
    async with db.transaction() as tx:
        participants = await tx.participation.all_of(person.id)
        contributions = await tx.contributions.of_participants([p.id for p in participants])
        gone_words = {c.id for c in contributions}
        changed = 0
        for session_id in {p.session_id for p in participants}:
            leavers = {p.id: p.perspective for p in participants if p.session_id == session_id}
            for record in await tx.summaries.of_session(session_id):
                summary = Summary.from_dict(record.snapshot)
                await tx.summaries.replace_snapshot(
                    record.id, summary.without(gone_words, leavers).to_dict()
                )
                changed += 1
        for participant in participants:
            await tx.participation.leave_erased(participant.id)
        # Their actions go back to whoever recorded them, who is asked from then on.
        await tx.actions.release_taken_by(person.id)
        if await tx.people.owns_sessions(person.id):
            # Their sessions stay for the others; the row keeps nothing that says who.
            await tx.contributions.drop_pending_of(person.id)
            await tx.dialogues.clear(person.id)
            await tx.outbox.drop_for_person(person.id, clock.now(), "forgotten")
            for session_id in await tx.participation.organised_by(person.id):
                await tx.participation.drop_organiser(session_id, person.id)
            await tx.people.make_anonymous(person.id)
        else:
            await tx.people.delete(person.id)  # cascades to everything else of theirs
    return Forgotten(len(participants), len(contributions), changed)


def _answer(contribution: Contribution, rounds: dict[int, str]) -> dict[str, Any]:
    return {
        "round": rounds.get(contribution.round_id),
        "text": contribution.body,
        "at": contribution.created_at.isoformat(),
        "changed_at": contribution.edited_at and contribution.edited_at.isoformat(),
    }
