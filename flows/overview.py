"""Where a person stands right now, to explain it to them in plain words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flows.access import Actor
from flows.departed import left_every_session
from flows.model import Phase
from flows.summary import SUMMARY
from storage import Database, Tx
from storage.records import Action, Dialogue, Participant, Round, Session


@dataclass(frozen=True, slots=True)
class Taking:
    session: Session
    participant: Participant
    open_round: Round | None


@dataclass(frozen=True, slots=True)
class Whereabouts:
    taking_part: list[Taking]
    organising: list[Session]
    active_session: Session | None
    active_round: Round | None
    dialogue: Dialogue | None
    facilitates: bool
    # Actions this person took over from a facilitator and that are not done yet.
    actions: list[Action] = field(default_factory=list)
    # They stopped taking part and have no other part here (see flows/departed.py).
    left: bool = False
    # Sessions they organise whose last sent summary has not simply reached them: session
    # id -> "waiting" (on its way; "correction_waiting" for a later version) or "missed".
    summary_news: Mapping[int, str] = field(default_factory=dict)

    @property
    def open_rounds(self) -> list[Taking]:
        return [t for t in self.taking_part if t.open_round is not None]

    @property
    def gathering(self) -> Taking | None:
        """Where they take part in a session that gathers proposals (after its rounds)."""
        return next((t for t in self.taking_part if t.session.phase == Phase.ACTIONS), None)

    @property
    def known(self) -> bool:
        """Whether they have a part here besides answering (leading, organising, an action
        to carry out), so no invite link is what they need."""
        return self.facilitates or bool(self.active_session or self.organising or self.actions)


async def whereabouts(db: Database, actor: Actor) -> Whereabouts:
    person = actor.person
    if person is None:
        return Whereabouts([], [], None, None, None, actor.is_admin)
    async with db.transaction() as tx:
        taking = []
        for participant in await tx.participation.participations_of(person.id):
            session = await tx.sessions.get(participant.session_id)
            if session is not None:
                taking.append(Taking(session, participant, await tx.rounds.current(session.id)))
        organising = []
        summary_news: dict[int, str] = {}
        for session_id in await tx.participation.organised_by(person.id):
            session = await tx.sessions.get(session_id)
            if session is not None:
                organising.append(session)
                news = await _summary_news(tx, person.id, session)
                if news is not None:
                    summary_news[session_id] = news
        active = None
        active_round = None
        if person.active_session_id is not None:
            active = await tx.sessions.get(person.active_session_id)
            if (
                active is not None
                and active.owner_id != person.id
                and not await tx.sessions.is_co_facilitator(active.id, person.id)
            ):
                active = None
            if active is not None:
                active_round = await tx.rounds.current(active.id)
        dialogue = await tx.dialogues.get(person.id)
        actions = [a for a in await tx.actions.taken_by(person.id) if a.status != "done"]
        left = not actor.is_admin and await left_every_session(tx, person)
    return Whereabouts(
        taking, organising, active, active_round, dialogue,
        actor.is_admin or person.is_facilitator, actions, left, summary_news,
    )  # fmt: skip


async def _summary_news(tx: Tx, person_id: int, session: Session) -> str | None:
    """How the session's last sent summary stands for one of its organisers, when it has
    not simply reached them (see `Whereabouts.summary_news`)."""
    if session.phase != Phase.CLOSED:
        return None
    latest = await tx.summaries.latest_for(session.id)
    if latest is None:
        return None
    state = await tx.outbox.state(person_id, SUMMARY, latest.id)
    if state == "waiting":
        return "correction_waiting" if latest.version > 1 else "waiting"
    return "missed" if state == "dropped" else None
