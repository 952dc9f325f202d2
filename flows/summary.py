"""The shared summary: composed from the rounds and actions, approved, then sent."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from flows import timers
from flows.access import Actor
from flows.clock import Clock, local_today
from flows.errors import Gone, InvalidInput, WrongPhase
from flows.lifecycle import Event, transition
from flows.lookup import session_or_gone
from flows.model import ALL_ROUNDS, Perspective, Phase, RoundKind
from flows.synthesis import Mark, Synthesis, synthesise_in
from storage import Database, Tx
from storage.outbox import Outgoing
from storage.questions import EVERYONE
from storage.records import Session, SummaryRecord

SUMMARY = "summary"
# Hex digits of `Summary.approval_mark`: 64 bits, so that no two drafts share one by chance.
MARK_LENGTH = 16
# To a participant who did not want the summary: the session ended, and what happens next.
SESSION_ENDED = "session_ended"


@dataclass(frozen=True, slots=True)
class Entry:
    """One contribution as the summary shows it: signed the way its author chose."""

    perspective: str
    display_mode: str
    display_name: str | None
    text: str
    contribution_id: int = 0
    participant_id: int = 0
    # The personal-details guard found something the author chose to keep.
    flagged: bool = False


@dataclass(frozen=True, slots=True)
class PerspectiveGroup:
    perspective: str
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class RoundSection:
    kind: str
    groups: list[PerspectiveGroup]
    people: int
    contributions: int
    # The extra round's question as the facilitator put it: its title says only "one more
    # question". None for the three rounds, and in summaries stored before it was kept.
    question: str | None = None


@dataclass(frozen=True, slots=True)
class ActionLine:
    what: str
    owner: str
    due_on: dt.date | None


@dataclass(frozen=True, slots=True)
class PerspectiveCount:
    perspective: str
    joined: int
    answered: int
    contributions: int

    @property
    def took_part(self) -> bool:
        """Someone of this perspective takes part, or took part and left their answers."""
        return self.joined > 0 or self.contributions > 0


@dataclass(frozen=True, slots=True)
class Summary:
    session_id: int
    title: str
    theme: str
    lang: str
    made_on: dt.date
    counts: list[PerspectiveCount]
    rounds: list[RoundSection]
    actions: list[ActionLine]
    # What the session found (Kern first); None in summaries sent before it existed.
    synthesis: Synthesis | None = None
    # Sent as a correction of the version before it.
    correction: bool = False

    @property
    def participants(self) -> int:
        return sum(c.joined for c in self.counts)

    @property
    def version(self) -> int | None:
        """The version this is or will be when approved (1 the first sent; a draft counts
        the versions sent before it); None for a summary stored before versions were."""
        return None if self.synthesis is None else self.synthesis.cover.version

    @property
    def flagged_ids(self) -> set[int]:
        """The answers the personal-details guard flagged and their authors kept."""
        return {
            e.contribution_id
            for r in self.rounds
            for g in r.groups
            for e in g.entries
            if e.flagged
        }

    @property
    def flagged(self) -> int:
        return sum(e.flagged for r in self.rounds for g in r.groups for e in g.entries)

    def without(
        self,
        contribution_ids: set[int],
        leavers: dict[int, str],
        marks: Sequence[Mark] = (),
    ) -> Summary:
        """The summary with these contributions gone, these participants (id: perspective)
        no longer counted and their marks no longer recognising: what an erased person
        leaves behind."""
        rounds = []
        for section in self.rounds:
            groups = [
                PerspectiveGroup(
                    g.perspective,
                    [e for e in g.entries if e.contribution_id not in contribution_ids],
                )
                for g in section.groups
            ]
            groups = [g for g in groups if g.entries]
            entries = [e for g in groups for e in g.entries]
            rounds.append(
                RoundSection(
                    section.kind,
                    groups,
                    people=len({e.participant_id for e in entries}),
                    contributions=len(entries),
                    question=section.question,
                )
            )
        counts = []
        for count in self.counts:
            mine = [
                e
                for r in rounds
                for g in r.groups
                if g.perspective == count.perspective
                for e in g.entries
            ]
            gone = sum(1 for p in leavers.values() if p == count.perspective)
            counts.append(
                PerspectiveCount(
                    count.perspective,
                    joined=max(0, count.joined - gone),
                    answered=len({e.participant_id for e in mine}),
                    contributions=len(mine),
                )
            )
        return Summary(
            self.session_id,
            self.title,
            self.theme,
            self.lang,
            self.made_on,
            counts,
            rounds,
            self.actions,
            self.synthesis and self.synthesis.without(contribution_ids, leavers, marks),
            self.correction,
        )

    def unsigned(self, participant_ids: set[int]) -> Summary:
        """The summary with these participants' answers signed by perspective only: what
        someone who left keeping their answers, but not their name, leaves behind."""
        rounds = [
            RoundSection(
                section.kind,
                [
                    PerspectiveGroup(
                        g.perspective,
                        [
                            replace(e, display_mode="anonymous", display_name=None)
                            if e.participant_id in participant_ids
                            else e
                            for e in g.entries
                        ],
                    )
                    for g in section.groups
                ],
                section.people,
                section.contributions,
                section.question,
            )
            for section in self.rounds
        ]
        synthesis = self.synthesis and self.synthesis.unsigned(participant_ids)
        return replace(self, rounds=rounds, synthesis=synthesis)

    @property
    def fingerprint(self) -> str:
        """Changes whenever the content does (an erasure rewrites it): what a copy made
        from this summary, a cached text or PDF, must match to be sent."""
        data = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    @property
    def approval_mark(self) -> str:
        """A short mark of what this draft says (`_reviewed`), its date, version number and
        approval aside: an approval carries the mark of the draft the approver was shown, and
        nothing that says something else goes out on it. Short, to fit a Telegram button."""
        data = json.dumps(_reviewed(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:MARK_LENGTH]

    @property
    def contributions(self) -> int:
        return sum(c.contributions for c in self.counts)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["made_on"] = self.made_on.isoformat()
        for action in data["actions"]:
            action["due_on"] = action["due_on"] and action["due_on"].isoformat()
        data["synthesis"] = self.synthesis and self.synthesis.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        return cls(
            session_id=data["session_id"],
            title=data["title"],
            theme=data["theme"],
            lang=data["lang"],
            made_on=dt.date.fromisoformat(data["made_on"]),
            counts=[PerspectiveCount(**c) for c in data["counts"]],
            rounds=[
                RoundSection(
                    kind=r["kind"],
                    groups=[
                        PerspectiveGroup(g["perspective"], [Entry(**e) for e in g["entries"]])
                        for g in r["groups"]
                    ],
                    people=r["people"],
                    contributions=r["contributions"],
                    question=r.get("question"),
                )
                for r in data["rounds"]
            ],
            actions=[
                ActionLine(
                    a["what"], a["owner"], a["due_on"] and dt.date.fromisoformat(a["due_on"])
                )
                for a in data["actions"]
            ],
            synthesis=data.get("synthesis") and Synthesis.from_dict(data["synthesis"]),
            correction=data.get("correction", False),
        )


@dataclass(frozen=True, slots=True)
class SummarySent:
    record: SummaryRecord
    summary: Summary
    recipients: int


async def preview(db: Database, clock: Clock, session_id: int) -> Summary:
    """The summary as it would be sent now; refused while it cannot be sent yet."""
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        current = await tx.rounds.current(session.id)
        transition(Phase(session.phase), Event.SEND_SUMMARY, current is not None)
        return await _compose(tx, clock, session.id)


async def approve_and_send(
    db: Database,
    clock: Clock,
    actor: Actor,
    session_id: int,
    *,
    version: int | None = None,
    seen: str | None = None,
) -> SummarySent:
    """Freeze the draft as the next version and queue it for everyone who asked for it.

    `version`: the version the approver saw on their page; when another one is due (the
    same form posted twice, a page left open while someone else sent), nothing is sent:
    WrongPhase("summary_sent_before"). `seen`: the `approval_mark` of the draft the approver
    was shown; when the draft says something else now (a co-leader put an answer back or
    added an action meanwhile, in either channel), nothing is sent:
    WrongPhase("summary_changed"). A button or form from before approvals carried a mark
    passes "", which never matches. A draft that says just what the last version said is not
    sent again either: WrongPhase("summary_unchanged").

    The first version ends the conversation (the session is "summary sent": the keep-until
    clock starts, actions and their follow-up go on) and tells the participants who did not
    want the summary that it ended; a later version goes out as a correction of the one
    before it.
    """
    async with db.transaction() as tx:
        # Taken inside: a mark committed while this waited for the write is in the version,
        # and its time must not come after the version's (an erasure compares the two).
        now = clock.now()
        session = await session_or_gone(tx, session_id)
        if session.purged_at is not None:
            # The answers are gone: a new version could only lose what the last one said.
            raise WrongPhase("session_closed", phase=session.phase)
        current = await tx.rounds.current(session.id)
        phase = transition(Phase(session.phase), Event.SEND_SUMMARY, current is not None)
        earlier = await tx.summaries.of_session(session.id)
        due = len(earlier) + 1
        if version is not None and version != due:
            raise WrongPhase("summary_sent_before", phase=session.phase)
        summary = await _compose(tx, clock, session.id)
        if seen is not None and seen != summary.approval_mark:
            # Not what the approver looked at: they see it as it is now, and approve that.
            raise WrongPhase("summary_changed", phase=session.phase)
        if earlier and _says_the_same(summary, Summary.from_dict(earlier[-1].snapshot)):
            # A correction that corrects nothing would only puzzle the people who get it.
            raise WrongPhase("summary_unchanged", phase=session.phase)
        summary = replace(
            summary,
            synthesis=summary.synthesis and summary.synthesis.approved(due, now),
            correction=bool(earlier),
        )
        record = await tx.summaries.add(
            session_id=session.id,
            snapshot=summary.to_dict(),
            approved_by=actor.person_id,
            now=now,
            version=due,
            corrects=earlier[-1].id if earlier else None,
        )
        # The keep-until clock starts at the first sending and is not moved by a correction.
        await tx.sessions.set_phase(session.id, phase, closed_at=None if earlier else now)
        recipients = await _recipients(tx, session.id)
        outgoing = [Outgoing(p, SUMMARY, record.id) for p in recipients]
        if not earlier:
            outgoing += [
                Outgoing(p, SESSION_ENDED, session.id) for p in await _not_wanting(tx, session.id)
            ]
        await timers.enqueue(tx, clock, session, outgoing)
        # Who could not be reached gets it noted as not delivered, so that /help does not
        # tell them it was sent once they are back.
        for person_id in await _recipients(tx, session.id, reachable=False):
            await tx.outbox.note_undeliverable(
                Outgoing(person_id, SUMMARY, record.id), now, session.id, "unreachable"
            )
    return SummarySent(record, summary, len(recipients))


def _says_the_same(draft: Summary, sent: Summary) -> bool:
    """Whether the draft says what the sent version said: its date, version number and
    approval aside (those change with every approval, the content need not)."""
    return _content(draft) == _content(sent)


def _content(summary: Summary) -> dict[str, Any]:
    """What a summary says: its date, version number and approval aside."""
    data = replace(summary, made_on=dt.date.min, correction=False).to_dict()
    if data["synthesis"] is not None:
        cover = data["synthesis"]["cover"]
        cover.update(status=None, version=None, approved_at=None)
        for item in data["synthesis"]["recognised"]:
            item.pop("author_counted", None)  # how it was counted, not what anyone reads
    return json.loads(json.dumps(data, default=str))  # as stored: lists, not tuples


def _reviewed(summary: Summary) -> dict[str, Any]:
    """What an approver checks in a draft: its words, names, themes and actions. Not the
    counts that participants' taps move on their own (recognitions, who joined, an action's
    progress): in a live session they change by the minute, and an approval must not wait
    for everyone to stop tapping."""
    data = _content(summary)
    for count in data["counts"]:
        count.pop("joined", None)
    synthesis = data["synthesis"]
    if synthesis is not None:
        # A join that takes a perspective past its number invited is for the approver to
        # see: the draft then asks for the number to be corrected.
        data["over_invited"] = sorted(
            r["perspective"]
            for r in synthesis["response"]
            if r["invited"] is not None and r["joined"] > r["invited"]
        )
        for key in ("recognised", "response", "audience"):
            synthesis.pop(key, None)
        for row in synthesis["grid"]:
            row.pop("recognitions", None)
            row.pop("broadly_recognised", None)
        for action in synthesis["actions"]:
            action.pop("status", None)
    return data


async def erase_from_summaries(
    tx: Tx, session_id: int, words: set[int], leavers: dict[int, str]
) -> int:
    """Rewrite the session's approved summaries without these contributions, without these
    participants (id: perspective) counted and without what they recognised (read here,
    before their marks are deleted); return how many changed."""
    marks = [
        Mark(contribution_id, perspective, at)
        for participant_id, perspective in leavers.items()
        for contribution_id, at in await tx.mirrors.marks_of(participant_id)
    ]
    return await _rewrite_summaries(tx, session_id, lambda s: s.without(words, leavers, marks))


async def unsign_in_summaries(tx: Tx, session_id: int, participant_ids: set[int]) -> int:
    """Rewrite the session's approved summaries with these participants' names gone."""
    return await _rewrite_summaries(tx, session_id, lambda s: s.unsigned(participant_ids))


async def _rewrite_summaries(
    tx: Tx, session_id: int, rewrite: Callable[[Summary], Summary]
) -> int:
    changed = 0
    for record in await tx.summaries.of_session(session_id):
        before = Summary.from_dict(record.snapshot)
        after = rewrite(before)
        if after != before:
            await tx.summaries.replace_snapshot(record.id, after.to_dict())
            changed += 1
    return changed


async def approved(db: Database, summary_id: int) -> Summary:
    async with db.transaction() as tx:
        record = await tx.summaries.get(summary_id)
    if record is None:
        raise Gone()
    return Summary.from_dict(record.snapshot)


async def latest_approved(db: Database) -> Summary | None:
    """The summary approved last, in any session."""
    async with db.transaction() as tx:
        record = await tx.summaries.latest()
    return None if record is None else Summary.from_dict(record.snapshot)


async def _compose(tx: Tx, clock: Clock, session_id: int) -> Summary:
    session = await session_or_gone(tx, session_id)
    left_out = await tx.synthesis.left_out(session.id)
    authored = [
        a
        for a in await tx.contributions.of_session(session.id)
        if a.contribution_id not in left_out
    ]
    # Joined: who took part, also those who left and kept their answers here.
    took_part = await tx.participation.took_part(session.id)
    held = {r.kind for r in await tx.rounds.of_session(session.id)}
    order = [p.value for p in Perspective]

    rounds = []
    for kind in ALL_ROUNDS:
        if kind.value not in held:
            continue
        in_round = [a for a in authored if a.round_kind == kind.value]
        groups = []
        for perspective in order:
            entries = [
                Entry(
                    a.perspective,
                    a.display_mode,
                    a.display_name,
                    a.body,
                    a.contribution_id,
                    a.participant_id,
                    a.flagged,
                )
                for a in in_round
                if a.perspective == perspective
            ]
            if entries:
                groups.append(PerspectiveGroup(perspective, entries))
        rounds.append(
            RoundSection(
                kind=kind.value,
                groups=groups,
                people=len({a.participant_id for a in in_round}),
                contributions=len(in_round),
                question=(
                    await tx.questions.wording(session.id, kind.value, EVERYONE)
                    if kind is RoundKind.EXTRA
                    else None
                ),
            )
        )

    counts = []
    for perspective in order:
        if perspective not in session.perspectives:
            continue
        mine = [a for a in authored if a.perspective == perspective]
        counts.append(
            PerspectiveCount(
                perspective=perspective,
                joined=took_part.get(perspective, 0),
                answered=len({a.participant_id for a in mine}),
                contributions=len(mine),
            )
        )

    actions = [
        ActionLine(a.what, a.owner, a.due_on) for a in await tx.actions.of_session(session.id)
    ]
    return Summary(
        session_id=session.id,
        title=session.title,
        theme=session.theme,
        lang=session.lang,
        made_on=local_today(clock, session.tz),
        counts=counts,
        rounds=rounds,
        actions=actions,
        synthesis=await synthesise_in(tx, session.id),
    )


async def _recipients(tx: Tx, session_id: int, *, reachable: bool = True) -> list[int]:
    """Participants who asked for the summary, and the organisers: those who can be reached
    (or, `reachable=False`, those who cannot, having blocked the bot)."""
    wanted = [
        p.person_id for p in await tx.participation.participants_in(session_id) if p.wants_summary
    ]
    wanted += [o.id for o in await tx.participation.organisers_of(session_id)]
    recipients = []
    for person_id in dict.fromkeys(wanted):
        person = await tx.people.get(person_id)
        if person is not None and (person.unreachable_since is None) == reachable:
            recipients.append(person_id)
    return recipients


async def _not_wanting(tx: Tx, session_id: int) -> list[int]:
    """Participants who did not ask for the summary and can be reached: they hear only that
    the session ended and what happens next."""
    found = []
    for p in await tx.participation.participants_in(session_id):
        if p.wants_summary or p.person_id is None:
            continue
        person = await tx.people.get(p.person_id)
        if person is not None and person.unreachable_since is None:
            found.append(p.person_id)
    return found


async def session_of(db: Database, session_id: int) -> Session | None:
    """The session a "session ended" message is about (None: deleted since)."""
    async with db.transaction() as tx:
        return await tx.sessions.get(session_id)


async def recipient_count(db: Database, session_id: int) -> int:
    async with db.transaction() as tx:
        return len(await _recipients(tx, session_id))


async def versions_sent(db: Database, session_id: int) -> int:
    """How many versions of the session's summary went out: the next one is a correction."""
    async with db.read() as tx:
        return len(await tx.summaries.of_session(session_id))


# The cover facts and paragraphs a facilitator may set on the draft, and their longest length.
DRAFT_FACTS = {
    "municipality": 120,
    "area": 120,
    "facilitator_name": 120,
    "opening": 2000,
    "closing": 2000,
}


async def set_draft_facts(
    db: Database, clock: Clock, session_id: int, **facts: str | None
) -> None:
    """Set cover facts or the opening/closing paragraph of the draft; empty text clears one."""
    cleaned = draft_facts(facts)
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        await tx.synthesis.set_draft(session.id, clock.now(), **cleaned)


def draft_facts(facts: dict[str, str | None]) -> dict[str, str | None]:
    """Cover facts or paragraphs as they are kept: trimmed, empty as None; refused when too
    long for their place."""
    cleaned: dict[str, str | None] = {}
    for name, value in facts.items():
        if name not in DRAFT_FACTS:
            raise ValueError(f"not a draft fact: {name}")
        text = (value or "").strip()
        if len(text) > DRAFT_FACTS[name]:
            raise InvalidInput("too_long", field=name, limit=DRAFT_FACTS[name])
        cleaned[name] = text or None
    return cleaned


async def approval_mark_in(tx: Tx, clock: Clock, session_id: int) -> str:
    """The `approval_mark` of the draft as it is in this transaction."""
    return (await _compose(tx, clock, session_id)).approval_mark


async def leave_out(
    db: Database, clock: Clock, session_id: int, contribution_id: int, left_out: bool
) -> None:
    """Leave one answer out of the summary (and every report, export and board), or take it
    back in; a version already sent changes only by sending a correction."""
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        if contribution_id not in {
            a.contribution_id for a in await tx.contributions.of_session(session.id)
        }:
            raise Gone()
        await tx.synthesis.set_left_out(contribution_id, clock.now() if left_out else None)
