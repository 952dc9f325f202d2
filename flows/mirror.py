"""The mirror: a closed round's answers per theme, shared without names, and what each
participant recognises in it (herkenbaar)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows import recognition, timers
from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone, NotAllowed, WrongPhase
from flows.lookup import session_or_gone
from flows.model import Perspective
from flows.synthesis import Quote, RecognisedItem
from storage import Database, Tx
from storage.mirrors import MirrorItem, MirrorRecord
from storage.outbox import Outgoing
from storage.records import Participant, Round, Session

MIRROR = "mirror"


@dataclass(frozen=True, slots=True)
class ItemCount:
    """One item with its recognitions per perspective of those recognising."""

    item: MirrorItem
    by_perspective: dict[str, int]
    broadly: bool

    @property
    def total(self) -> int:
        return sum(self.by_perspective.values())


@dataclass(frozen=True, slots=True)
class Shared:
    round: Round
    mirror: MirrorRecord
    # False: it was shared before; nobody got it twice.
    new: bool
    recipients: int
    counts: list[ItemCount]
    # Shared again: the marks on the mirrors of the earlier rounds too, newest first, so a
    # leader in a chat can still read them once a later round was shared.
    earlier: list[tuple[Round, list[ItemCount]]] = field(default_factory=list)
    # Closed rounds whose mirror was never shared (one closed before its mirror went out):
    # the leader can still share them.
    unshared: list[Round] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class MirrorView:
    """A mirror as one participant sees it: the items and which of them they recognise."""

    session: Session
    round: Round
    mirror: MirrorRecord
    participant_id: int
    items: list[MirrorItem]
    # The items they recognise, and those they wrote (which only others can recognise).
    mine: frozenset[int]
    written: frozenset[int] = frozenset()


async def share(
    db: Database,
    clock: Clock,
    session_id: int,
    *,
    round_id: int | None = None,
    without_themes: bool = False,
) -> Shared:
    """Share a closed round's mirror with every participant who has not left: the last
    closed round's, or that of `round_id` (an earlier round that closed before its mirror
    was shared). A second time it is not sent again, and the leader sees the counts.

    A mirror goes out once: shared before any of the round's answers is in a theme, it
    would reach everyone as one flat list. So that needs `without_themes`, the leader's
    explicit choice."""
    now = clock.now()
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        round_ = await _closed_round(tx, session.id, round_id)
        if await tx.mirrors.of_round(round_.id) is None:
            if not await _has_answers_to_show(tx, session.id, round_.id):
                # An empty mirror would only tell everyone there is nothing to see.
                raise WrongPhase("nothing_to_mirror" if round_id is None else "round_empty")
            items = await tx.mirrors.items(round_.id)
            if not without_themes and all(item.theme is None for item in items):
                raise WrongPhase("mirror_unsorted", round=round_.kind, round_id=round_.id)
        participants = await tx.participation.participants_in(session.id)
        order = [p.value for p in Perspective]
        perspectives = [p for p in order if any(x.perspective == p for x in participants)]
        new = await tx.mirrors.add(round_.id, perspectives, now)
        mirror = await tx.mirrors.of_round(round_.id)
        if mirror is None:
            raise Gone()
        recipients = [p.person_id for p in participants if p.person_id is not None]
        if new:
            await timers.enqueue(
                tx, clock, session, [Outgoing(person, MIRROR, mirror.id) for person in recipients]
            )
        counts = await _counts(tx, session.id, mirror)
        earlier: list[tuple[Round, list[ItemCount]]] = []
        if not new:
            shared = await _all_counts(tx, session.id)
            earlier = [(r, c) for r, c in reversed(shared) if r.id != round_.id]
        unshared = await _unshared(tx, session.id)
    return Shared(round_, mirror, new, len(recipients), counts, earlier, unshared)


async def unshared(db: Database, session_id: int) -> list[Round]:
    """The rounds before the last closed one, with answers to show, whose mirror was never
    shared (the round after them closed first), oldest first."""
    async with db.read() as tx:
        return await _unshared(tx, session_id)


async def last_closed(db: Database, session_id: int) -> Round | None:
    """The round a "share the last closed round" button means, named on the page that shows
    it: another round may close before the button is pressed."""
    async with db.read() as tx:
        return await tx.rounds.last_closed(session_id)


async def closed_round(db: Database, session_id: int, round_id: int) -> Round:
    """A closed round of this session (Gone for any other), e.g. to name it in a question."""
    async with db.read() as tx:
        return await _closed_round(tx, session_id, round_id)


async def _closed_round(tx: Tx, session_id: int, round_id: int | None) -> Round:
    """The last closed round, or the closed round `round_id` of this session."""
    if round_id is None:
        round_ = await tx.rounds.last_closed(session_id)
        if round_ is None:
            raise WrongPhase("no_closed_round")
        return round_
    round_ = await tx.rounds.get(round_id)
    if round_ is None or round_.session_id != session_id or round_.is_open:
        raise Gone()  # a button or a form from elsewhere: nothing to share
    return round_


async def _has_answers_to_show(tx: Tx, session_id: int, round_id: int) -> bool:
    left_out = await tx.synthesis.left_out(session_id)
    answers = await tx.contributions.of_round(round_id)
    return any(a.id not in left_out for a in answers)


async def _unshared(tx: Tx, session_id: int) -> list[Round]:
    last = await tx.rounds.last_closed(session_id)
    return [
        r
        for r in await tx.rounds.of_session(session_id)
        if not r.is_open
        and (last is None or r.id != last.id)
        and await tx.mirrors.of_round(r.id) is None
        and await _has_answers_to_show(tx, session_id, r.id)
    ]


async def counts(db: Database, session_id: int) -> list[tuple[Round, list[ItemCount]]]:
    """Every shared mirror of the session with its counts, for the leaders."""
    async with db.read() as tx:
        return await _all_counts(tx, session_id)


async def _all_counts(tx: Tx, session_id: int) -> list[tuple[Round, list[ItemCount]]]:
    """Each shared mirror's round and counts, in the order they were shared."""
    shown = []
    for mirror in await tx.mirrors.of_session(session_id):
        round_ = await tx.rounds.get(mirror.round_id)
        if round_ is not None:
            shown.append((round_, await _counts(tx, session_id, mirror)))
    return shown


async def view(db: Database, actor: Actor, mirror_id: int) -> MirrorView:
    """The mirror for the person asking, who must take part in its session."""
    async with db.read() as tx:
        return await view_in(tx, actor.person_id, mirror_id)


async def of_person(db: Database, actor: Actor) -> list[MirrorView]:
    """Every mirror shared in the sessions the person takes part in (not left), newest first."""
    if actor.person_id is None:
        raise Gone("link_invalid")
    async with db.read() as tx:
        shown = []
        for participant in await tx.participation.participations_of(actor.person_id):
            if participant.left_at is not None:
                continue
            for mirror in await tx.mirrors.of_session(participant.session_id):
                shown.append(await view_in(tx, actor.person_id, mirror.id))
    return sorted(shown, key=lambda v: v.mirror.id, reverse=True)


async def for_person(db: Database, person_id: int, mirror_id: int) -> MirrorView | None:
    """The mirror to deliver to a person; None when it or their part in the session is gone."""
    async with db.read() as tx:
        try:
            return await view_in(tx, person_id, mirror_id)
        except (Gone, NotAllowed):
            return None


async def view_in(tx: Tx, person_id: int | None, mirror_id: int) -> MirrorView:
    """`view`, within a transaction the caller holds."""
    mirror = await tx.mirrors.get(mirror_id)
    round_ = None if mirror is None else await tx.rounds.get(mirror.round_id)
    if mirror is None or round_ is None:
        raise Gone()
    session = await session_or_gone(tx, round_.session_id)
    participant = await _taking_part(tx, person_id, session.id)
    items = await tx.mirrors.items(round_.id)
    return MirrorView(
        session,
        round_,
        mirror,
        participant.id,
        items,
        frozenset(await tx.mirrors.recognised_by(participant.id)),
        frozenset(item.contribution_id for item in items if item.author_id == participant.id),
    )


async def of_round(db: Database, actor: Actor, round_id: int) -> MirrorView:
    """The mirror shared of a round, for the person asking."""
    async with db.read() as tx:
        mirror = await tx.mirrors.of_round(round_id)
        if mirror is None:
            raise Gone()
        return await view_in(tx, actor.person_id, mirror.id)


async def _shared_with(tx: Tx, contribution_id: int) -> tuple[MirrorRecord, Round, MirrorItem]:
    """The mirror an item was shared in, its round, and the item."""
    item = await tx.mirrors.item(contribution_id)
    mirror = None if item is None else await tx.mirrors.of_round(item.round_id)
    if item is None or mirror is None:
        raise Gone()  # erased, left out, or never shared
    round_ = await tx.rounds.get(item.round_id)
    if round_ is None:
        raise Gone()
    return mirror, round_, item


async def toggle(
    db: Database, clock: Clock, actor: Actor, contribution_id: int, *, want: bool | None = None
) -> MirrorView:
    """Mark the item as recognised, or undo the mark; return the mirror it is in.

    `want`: the mark the person asked for (a web form says which), so the same form posted
    twice does not undo it; None turns it over."""
    async with db.transaction() as tx:
        mirror, round_, item = await _shared_with(tx, contribution_id)
        participant = await _taking_part(tx, actor.person_id, round_.session_id)
        if item.author_id == participant.id:
            # "Recognisable" says others see it too: the author's own mark would say nothing.
            raise NotAllowed("own_answer")
        recognised = contribution_id in await tx.mirrors.recognised_by(participant.id)
        if want is None:
            want = not recognised
        if recognised and not want:
            await tx.mirrors.unrecognise(contribution_id, participant.id)
        elif want and not recognised:
            await tx.mirrors.recognise(
                contribution_id, participant.id, participant.perspective, clock.now()
            )
        return await view_in(tx, actor.person_id, mirror.id)


async def recognition_of(tx: Tx, session_id: int) -> list[RecognisedItem]:
    """Every shared item of the session with its recognitions per perspective, most
    recognised first: what the summary, the report and the exports show."""
    found = []
    for mirror in await tx.mirrors.of_session(session_id):
        for count in await _counts(tx, session_id, mirror):
            item = count.item
            found.append(
                RecognisedItem(
                    quote=Quote(
                        item.contribution_id, item.round_kind, item.perspective, item.body
                    ),
                    theme=item.theme,
                    by_perspective=count.by_perspective,
                    shared_with=list(mirror.perspectives),
                    broadly=count.broadly,
                )
            )
    return sorted(found, key=lambda r: (not r.broadly, -r.total, r.quote.contribution_id))


async def _counts(tx: Tx, session_id: int, mirror: MirrorRecord) -> list[ItemCount]:
    recognised = await tx.mirrors.counts(session_id)
    audience = await tx.mirrors.audience(session_id)
    people = recognition.sizes(audience)
    found = []
    for item in await tx.mirrors.items(mirror.round_id):
        marks = recognised.get(item.contribution_id, {})
        # In the perspectives' own order, so every list reads the same.
        ordered = {p.value: marks[p.value] for p in Perspective if p.value in marks}
        shown_to = recognition.shown_to(
            people, mirror.perspectives, item.perspective, item.author_id in audience
        )
        found.append(ItemCount(item, ordered, recognition.broadly(ordered, shown_to)))
    return found


async def _taking_part(tx: Tx, person_id: int | None, session_id: int) -> Participant:
    if person_id is None:
        raise NotAllowed()
    participant = await tx.participation.participant_for(session_id, person_id)
    if participant is None or participant.left_at is not None:
        raise NotAllowed()
    return participant
