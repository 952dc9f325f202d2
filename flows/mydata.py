"""A person's rights over their data: everything we hold as one document, or erasure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.access import Actor
from flows.clock import DEFAULT_TZ, Clock
from flows.summary import erase_from_summaries
from storage import Database
from storage.records import Contribution


@dataclass(frozen=True, slots=True)
class Forgotten:
    participations: int
    contributions: int
    summaries_changed: int
    # The database file and its WAL hold no copy of what went (see Database.scrub).
    scrubbed: bool = True


async def export(db: Database, actor: Actor) -> dict[str, Any] | None:
    """Everything stored about the actor, or None when nothing is.

    Every table that points to a person is read here (tests/telegram/test_promises.py checks this
    against the schema): a new link to people needs a place in this document.
    """
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
                    # Where the session runs: its days are read there (a yes just after
                    # midnight is that day, not the day before in UTC).
                    "time_zone": session.tz if session else DEFAULT_TZ,
                    "perspective": participant.perspective,
                    "consent_version": participant.consent_version,
                    "consented_at": participant.consented_at.isoformat(),
                    "appears_as": participant.display_mode,
                    "name_shown": participant.display_name,
                    "wants_summary": participant.wants_summary,
                    "choices_made": participant.setup_done,
                    "left_at": participant.left_at and participant.left_at.isoformat(),
                    "answers": [_answer(c, rounds) for c in answers],
                    # What they did with the shared result: their own proposals in their
                    # words, and how many answers and proposals of others they marked.
                    "your_proposals": [
                        {
                            "text": p.body,
                            "at": p.created_at.isoformat(),
                            "made_an_agreed_action": p.action_id is not None,
                        }
                        for p in await tx.proposals.made_by(participant.id)
                    ],
                    "proposals_you_backed": len(await tx.proposals.endorsed_by(participant.id)),
                    "answers_you_recognised": len(await tx.mirrors.recognised_by(participant.id)),
                }
            )
        leading = [
            {"session": s.title, "created_at": s.created_at.isoformat(), "phase": s.phase}
            for s in await tx.sessions.owned_by(person.id)
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
                    "status_note": action.status_note,
                }
            )
        active = None
        if person.active_session_id is not None:
            active = await tx.sessions.get(person.active_session_id)
        dialogue = await tx.dialogues.get(person.id)
        return {
            # How each channel (Telegram, the web page) knows them.
            "identities": [
                {"channel": i.channel, "external_id": i.external_id}
                for i in await tx.people.identities(person.id)
            ],
            "language": person.lang,
            "facilitator": person.is_facilitator,
            "known_since": person.created_at.isoformat(),
            "unreachable_since": person.unreachable_since and person.unreachable_since.isoformat(),
            "session_you_work_on": active.title if active else None,
            "taking_part": participations,
            "answers_waiting_for_a_session": waiting,
            "organiser_of": await tx.personal.organising(person.id),
            "sessions_you_lead": leading,
            "sessions_you_co_facilitate": await tx.personal.co_facilitating(person.id),
            "links_you_made": await tx.personal.invites_made(person.id),
            "links_you_opened_as_the_one_person": await tx.personal.links_claimed(person.id),
            "sessions_you_were_removed_from": await tx.personal.removed_from(person.id),
            "actions_you_recorded": await tx.personal.actions_recorded(person.id),
            "actions_you_took_over": took,
            "summaries_you_approved": await tx.personal.summaries_approved(person.id),
            "messages_from_the_bot": await tx.personal.messages(person.id),
            "step_in_progress": dialogue
            and {
                "flow": dialogue.flow,
                "step": dialogue.step,
                "data": dialogue.data,
                "since": dialogue.updated_at.isoformat(),
            },
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
            changed += await erase_from_summaries(tx, session_id, gone_words, leavers)
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
    scrubbed = await db.scrub()
    return Forgotten(len(participants), len(contributions), changed, scrubbed)


def _answer(contribution: Contribution, rounds: dict[int, str]) -> dict[str, Any]:
    return {
        "round": rounds.get(contribution.round_id),
        "text": contribution.body,
        "at": contribution.created_at.isoformat(),
        "changed_at": contribution.edited_at and contribution.edited_at.isoformat(),
        # The personal-details guard found something here and the author kept it.
        "personal_details_flag": contribution.flagged,
        # The facilitator left it out of the summary, the report and the exports.
        "left_out_of_summary_at": contribution.left_out_at
        and contribution.left_out_at.isoformat(),
    }
