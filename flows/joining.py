"""Opening an invite link: consent or refusal, how to appear, the summary wish."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from flows import consent as consenting
from flows import dialogue, model, newcomers
from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone, InvalidInput
from flows.model import ONE_PERSON_INVITES, PSEUDONYM_MAX, DisplayMode, InviteKind, Phase
from flows.people import ensure_person
from flows.sessions import ROUND_QUESTION
from flows.visible import shows_nothing
from storage import Database, Tx
from storage.records import Invite, Participant, Person, Round, Session


@dataclass(frozen=True, slots=True)
class InviteView:
    invite: Invite
    session: Session | None
    # A one-person link that someone else already claimed: it does not admit the asker.
    taken: bool = False
    # The asker was taken out of this session by its facilitator: the link no longer admits them.
    removed: bool = False


@dataclass(frozen=True, slots=True)
class Joined:
    participant: Participant
    session: Session
    open_round: Round | None
    already: bool
    # The session's own wording of the open round's question for them; None: the default.
    wording: str | None = None


# The guided step of choosing a pseudonym: the name is typed next.
PSEUDONYM = "pseudonym"
STEP_TEXT = "text"


class Welcome(StrEnum):
    """What opening a participant's invite leads to."""

    ASK_CONSENT = "ask_consent"  # tell what the session is and what is stored; ask consent
    ALREADY_JOINED = "already_joined"  # they take part, and agreed to the current text
    JOINS_CLOSED = "joins_closed"  # the session takes no newcomers, or took them out


class Consented(StrEnum):
    """What a yes to the consent question leads to."""

    ASK_DISPLAY = "ask_display"  # a new participant: ask how they want to appear
    REPEATED = "repeated"  # a second tap while choosing: the first already asked
    ALREADY_SET_UP = "already_set_up"  # they took part already, choices made


@dataclass(frozen=True, slots=True)
class Agreed:
    joined: Joined
    next: Consented


@dataclass(frozen=True, slots=True)
class Declined:
    """A no to the consent question; `session` is None when they already take part."""

    session: Session | None

    @property
    def already_joined(self) -> bool:
        return self.session is None


async def look_up(db: Database, clock: Clock, actor: Actor, code: str) -> InviteView | None:
    """The invite behind a code, if it still works (see `look_up_in`)."""
    async with db.read() as tx:
        return await look_up_in(tx, clock.now(), code, actor.person_id)


async def look_up_in(
    tx: Tx, now: dt.datetime, code: str, person_id: int | None
) -> InviteView | None:
    """The invite behind a code; None when it never existed, was renewed, expired or its
    session closed. A one-person link claimed by someone else comes back `taken`."""
    invite = await tx.sessions.invite(code)
    if invite is None or invite.revoked_at is not None or invite.kind == InviteKind.ACTION:
        return None  # an action's link is not a way into the session (see flows.handover)
    if invite.expires_at is not None and now >= invite.expires_at:
        return None
    taken = (
        invite.kind in ONE_PERSON_INVITES
        and invite.used_at is not None
        and (person_id is None or invite.claimed_by != person_id)
    )
    if invite.session_id is None:
        return InviteView(invite, None, taken) if invite.kind == InviteKind.FACILITATOR else None
    session = await tx.sessions.get(invite.session_id)
    if session is None or session.phase == Phase.CLOSED:
        return None
    if (
        invite.kind in (InviteKind.PARTICIPANT, InviteKind.ORGANISER)
        and session.invites_expire_at is not None
        and now >= session.invites_expire_at
    ):
        return None
    removed = person_id is not None and await tx.participation.was_removed(session.id, person_id)
    return InviteView(invite, session, taken, removed)


async def claim(tx: Tx, clock: Clock, actor: Actor, view: InviteView) -> Person:
    """Give a one-person link to the actor, or refuse: someone else has it."""
    if view.taken:
        raise Gone("invite_used")
    person = await ensure_person(tx, actor, clock)
    if not await tx.sessions.claim_invite(view.invite.code, person.id, clock.now()):
        raise Gone("invite_used")
    return person


async def consent(db: Database, clock: Clock, actor: Actor, code: str) -> Joined:
    """Record consent for the invite's session and perspective."""
    async with db.transaction() as tx:
        view = await look_up_in(tx, clock.now(), code, actor.person_id)
        if view is None or view.session is None or view.invite.kind != InviteKind.PARTICIPANT:
            raise Gone("invite_invalid")
        if view.removed:
            raise Gone("joins_closed")
        session = view.session
        person = await ensure_person(tx, actor, clock)
        existing = await tx.participation.participant_for(session.id, person.id)
        if (
            existing is not None
            and existing.left_at is None
            and existing.consent_version == model.CONSENT_VERSION
        ):
            participant, already = existing, True
        elif existing is None and session.joins_closed_at is not None:
            raise Gone("joins_closed")
        else:
            participant = await tx.participation.add_participant(
                session_id=session.id,
                person_id=person.id,
                perspective=view.invite.perspective or "",
                consent_version=model.CONSENT_VERSION,
                now=clock.now(),
            )
            already = False
            await newcomers.announce_if_unfinished(tx, clock, session, participant)
        open_round = await tx.rounds.current(session.id)
        wording = await _wording(tx, open_round, participant.perspective)
    return Joined(participant, session, open_round, already, wording)


async def refuse(db: Database, clock: Clock, code: str) -> Session:
    """Remember only that someone of this perspective said no."""
    async with db.transaction() as tx:
        view = await look_up_in(tx, clock.now(), code, None)
        if view is None or view.session is None or view.invite.kind != InviteKind.PARTICIPANT:
            raise Gone("invite_invalid")
        await tx.participation.add_refusal(
            session_id=view.session.id,
            perspective=view.invite.perspective or "",
            consent_version=model.CONSENT_VERSION,
            now=clock.now(),
        )
        return view.session


async def welcome(db: Database, actor: Actor, view: InviteView) -> Welcome:
    """Whether a participant's invite leads to the consent question, or why not."""
    session = view.session
    if session is None:
        raise Gone("invite_invalid")
    where = await own_participation(db, actor, session.id)
    if view.removed or (where is None and session.joins_closed_at is not None):
        return Welcome.JOINS_CLOSED
    if where is not None and consenting.is_current(where):
        return Welcome.ALREADY_JOINED
    return Welcome.ASK_CONSENT


async def agree(db: Database, clock: Clock, actor: Actor, code: str) -> Agreed:
    """Yes to the consent question: join (once), then how to appear is asked."""
    joined = await consent(db, clock, actor, code)
    if not joined.already:
        return Agreed(joined, Consented.ASK_DISPLAY)
    if joined.participant.setup_done:
        return Agreed(joined, Consented.ALREADY_SET_UP)
    # A double tap, or a slow network: the first tap already thanked them and asked.
    return Agreed(joined, Consented.REPEATED)


async def decline(db: Database, clock: Clock, actor: Actor, code: str) -> Declined:
    """No to the consent question: store only the refusal, unless they already take part."""
    view = await look_up(db, clock, actor, code)
    session = view.session if view is not None else None
    if session is not None and await own_participation(db, actor, session.id) is not None:
        return Declined(None)
    return Declined(await refuse(db, clock, code))


async def appear(
    db: Database, actor: Actor, participant_id: int, mode: DisplayMode, name: str | None = None
) -> bool:
    """How to appear, chosen by a button. A name asked for before (the other button, tapped
    first) is no longer awaited: else the next words typed would become that name.

    False: nothing changed, the same choice as before (a double tap, or the choice of
    appearing by role only, which is also where everyone starts)."""
    asked_for_name = await dialogue.end_step(db, actor, PSEUDONYM, participant_id=participant_id)
    before, after = await _display(db, participant_id, mode, name)
    shown_before = (before.display_mode, before.display_name)
    return asked_for_name or shown_before != (after.display_mode, after.display_name)


async def ask_pseudonym(db: Database, clock: Clock, actor: Actor, participant_id: int) -> bool:
    """The participant wants a pseudonym: the next words they type are the name.

    False: the name is already asked for (a double tap, or a slow network): nothing is
    asked again, and the step keeps the moment it was asked (see `choose_pseudonym`)."""
    data = {"participant_id": participant_id}
    current = await dialogue.current(db, actor)
    if current is not None and current.flow == PSEUDONYM and current.data == data:
        return False
    await dialogue.begin(db, clock, actor, PSEUDONYM, STEP_TEXT, data)
    return True


async def choose_pseudonym(
    db: Database, actor: Actor, participant_id: int, text: str
) -> Participant | None:
    """Sign answers with the typed name; the step ends once it is saved.

    None: a round's question reached them after they were asked for a name: the words
    answer the question, they are no name (else an answer would sign every answer, for the
    facilitator and the summary to see). The step ends, nothing is saved as a name, and the
    words are plain typed words (`dialogue.finish`); the channel handles them as any and
    asks again. A question still held for the morning (the quiet hours) was not seen: the
    words are the name.
    """
    return await dialogue.finish(db, actor, PSEUDONYM, _name(db, actor, participant_id, text))


async def _name(db: Database, actor: Actor, participant_id: int, text: str) -> Participant:
    current = await dialogue.current(db, actor)
    async with db.read() as tx:
        participant = await tx.participation.participant(participant_id)
        round_ = None if participant is None else await tx.rounds.current(participant.session_id)
        asked = (
            None
            if round_ is None or actor.person_id is None
            else await tx.outbox.delivered_at(actor.person_id, ROUND_QUESTION, round_.id)
        )
    if current is not None and asked is not None and asked > current.updated_at:
        raise dialogue.Overtaken()
    return await set_display(db, participant_id, DisplayMode.PSEUDONYM, text)


def clean_pseudonym(text: str) -> str:
    value = " ".join(text.split())
    if shows_nothing(value):
        raise InvalidInput("empty", field="pseudonym")
    if len(value) > PSEUDONYM_MAX:
        raise InvalidInput("too_long", field="pseudonym", limit=PSEUDONYM_MAX)
    return value


async def set_display(
    db: Database, participant_id: int, mode: DisplayMode, name: str | None = None
) -> Participant:
    """Choose how one's answers are signed: first name, pseudonym or perspective only."""
    _before, after = await _display(db, participant_id, mode, name)
    return after


async def _display(
    db: Database, participant_id: int, mode: DisplayMode, name: str | None
) -> tuple[Participant, Participant]:
    """Set how answers are signed; the participant before and after, read in one go."""
    if mode is DisplayMode.ANONYMOUS:
        name = None
    elif mode is DisplayMode.PSEUDONYM:
        name = clean_pseudonym(name or "")
    else:
        name = " ".join((name or "").split())[:PSEUDONYM_MAX] or None
        if name is None:
            mode = DisplayMode.ANONYMOUS
    async with db.transaction() as tx:
        before = await tx.participation.participant(participant_id)
        if before is None:
            raise Gone()
        await tx.participation.set_display(participant_id, mode.value, name)
        after = await tx.participation.participant(participant_id)
    if after is None:
        raise Gone()
    return before, after


async def set_summary_wish(db: Database, clock: Clock, participant_id: int, wants: bool) -> Joined:
    """Record whether the participant wants the summary; setup is then complete.

    The first time, the facilitator hears of the newcomer. `already`: setup was complete
    before (a second tap on the same button).
    """
    async with db.transaction() as tx:
        before = await tx.participation.participant(participant_id)
        if before is None:
            raise Gone()
        await tx.participation.set_wants_summary(participant_id, wants)
        participant = await tx.participation.participant(participant_id)
        session = await tx.sessions.get(before.session_id)
        if participant is None or session is None:
            raise Gone()
        if not before.setup_done:
            await newcomers.announce(tx, clock, session, participant)
        open_round = await tx.rounds.current(session.id)
        wording = await _wording(tx, open_round, participant.perspective)
    return Joined(participant, session, open_round, before.setup_done, wording)


async def join_as_organiser(
    db: Database, clock: Clock, actor: Actor, code: str
) -> tuple[Session, bool]:
    """Register the organiser; return the session and whether they were new.

    An organiser link is claimed by the first person to open it: a forwarded link must not
    hand everyone's words to whoever it reaches.
    """
    async with db.transaction() as tx:
        view = await look_up_in(tx, clock.now(), code, actor.person_id)
        if view is None or view.session is None or view.invite.kind != InviteKind.ORGANISER:
            raise Gone("invite_invalid")
        if view.taken:
            raise Gone("invite_used")
        session = view.session
        person = await ensure_person(tx, actor, clock)
        known = await tx.participation.is_organiser(session.id, person.id)
        if not known and session.joins_closed_at is not None:
            raise Gone("joins_closed")
        await claim(tx, clock, actor, view)
        new = await tx.participation.add_organiser(session.id, person.id, clock.now())
        return session, new


async def become_facilitator(db: Database, clock: Clock, actor: Actor, code: str) -> None:
    """Use a one-time facilitator invite (its claimant may open it again)."""
    async with db.transaction() as tx:
        view = await look_up_in(tx, clock.now(), code, actor.person_id)
        if view is None or view.invite.kind != InviteKind.FACILITATOR or view.session is not None:
            raise Gone("invite_invalid")
        person = await claim(tx, clock, actor, view)
        await tx.people.set_facilitator(person.id, True)


async def own_participation(db: Database, actor: Actor, session_id: int) -> Participant | None:
    """The actor's participation in a session, if they take part now."""
    if actor.person is None:
        return None
    async with db.transaction() as tx:
        participant = await tx.participation.participant_for(session_id, actor.person.id)
    if participant is None or participant.left_at is not None:
        return None
    return participant


async def _wording(tx: Tx, open_round: Round | None, perspective: str) -> str | None:
    """The session's wording of the open round's question for a perspective, if any."""
    if open_round is None:
        return None
    return await tx.questions.wording(open_round.session_id, open_round.kind, perspective)
