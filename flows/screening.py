"""The personal-details decision for an answer, taken in one place for every way in.

Words are stored at once, whatever the guard finds: an answer must never be lost to it.
When it finds details that may show who someone is, the answer is stored flagged and
its author is offered a choice: hide the details, rephrase, or keep them as written.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog

from flows import answering, consent
from flows.access import Actor
from flows.answering import Ambiguous, NeedsConsent, NotNow, Stored
from flows.clock import Clock
from flows.pii import Detail, Finding, PersonalDetailsGuard, mask
from storage import Database
from storage.records import Contribution, Identity

log = structlog.get_logger()

# Runs the personal-details guard on a text (never raises; nothing found when it is off).
Finder = Callable[[str], Awaitable[list[Finding]]]
# The reader's word for a kind of detail, e.g. "name": hidden details read as [name].
Label = Callable[[Detail], str]


@dataclass(frozen=True, slots=True)
class Screened:
    """An answer stored, and what the guard found in it.

    `offer`: details were found, so the author chooses: hide them, rephrase, or keep them.
    """

    stored: Stored
    findings: tuple[Finding, ...] = ()

    @property
    def offer(self) -> bool:
        return bool(self.findings)


@dataclass(frozen=True, slots=True)
class Offer:
    """A stored answer the guard finds details in: how it reads with them hidden."""

    contribution: Contribution
    findings: tuple[Finding, ...]
    hidden: str


def finder(guard: PersonalDetailsGuard | None) -> Finder:
    """The guard as a channel asks it: nothing found when it is off or fails, because the
    words are stored anyway."""

    async def find(text: str) -> list[Finding]:
        if guard is None:
            return []
        try:
            return await guard.found(text)
        except Exception as error:  # noqa: BLE001 - the guard must never cost a contribution
            log.warning("personal_details_guard_failed", error=type(error).__name__)
            return []

    return find


async def screen(find: Finder, text: str) -> tuple[Finding, ...]:
    """What the guard finds in words about to be stored; the one place it is asked."""
    return tuple(await find(text))


async def answer_at_once(
    db: Database,
    clock: Clock,
    find: Finder,
    identity: Identity,
    lang: str,
    text: str,
    source_ref: str,
    *,
    is_admin: bool,
    meant_for: int | None = None,
) -> tuple[Actor, Screened] | None:
    """Typed words by the fast way in (`answering.answer_at_once`), screened like any other;
    None: not stored, `receive` them once the person is identified."""
    found = await screen(find, text)
    filed = await answering.answer_at_once(
        db,
        clock,
        identity,
        lang,
        text,
        source_ref,
        is_admin=is_admin,
        flagged=bool(found),
        meant_for=meant_for,
    )
    if filed is None:
        return None
    actor, stored = filed
    return actor, Screened(stored, found)


async def receive(
    db: Database,
    clock: Clock,
    actor: Actor,
    find: Finder,
    text: str,
    source_ref: str,
    *,
    meant_for: int | None = None,
) -> Screened | Ambiguous | NotNow | NeedsConsent:
    """Store a typed answer (see `answering.receive`), screened for personal details."""
    found = await screen(find, text)
    result = await answering.receive(
        db, clock, actor, text, source_ref, flagged=bool(found), meant_for=meant_for
    )
    return Screened(result, found) if isinstance(result, Stored) else result


async def follow_edit(
    db: Database, clock: Clock, actor: Actor, find: Finder, source_ref: str, text: str
) -> Screened | None:
    """The person changed their message in the chat; None when it was no answer."""
    found = await screen(find, text)
    stored = await answering.edit_by_source(
        db, clock, actor, source_ref, text, flagged=bool(found)
    )
    return None if stored is None else Screened(stored, found)


async def assign_pending(
    db: Database, clock: Clock, find: Finder, pending_id: int, session_id: int
) -> Screened:
    """File words that waited for a session choice under the session the person picked."""
    found = await screen(find, await answering.pending_text(db, pending_id))
    stored = await answering.assign_pending(db, clock, pending_id, session_id, flagged=bool(found))
    return Screened(stored, found)


async def agree_again(
    db: Database, clock: Clock, find: Finder, participant_id: int, pending_id: int
) -> Screened:
    """Consent to the changed text; the words that waited for it are filed, screened."""
    participant = await consent.renew(db, clock, participant_id)
    return await assign_pending(db, clock, find, pending_id, participant.session_id)


async def edit(
    db: Database, clock: Clock, find: Finder, contribution_id: int, text: str
) -> Screened:
    """Replace one's own answer with newly typed words."""
    found = await screen(find, text)
    stored = await answering.edit(db, clock, contribution_id, text, flagged=bool(found))
    return Screened(stored, found)


async def hide_details(
    db: Database, clock: Clock, find: Finder, label: Label, contribution_id: int
) -> Stored:
    """The author chose to hide what the guard found: each detail becomes its label."""
    contribution = await answering.get_own(db, contribution_id)
    found = await screen(find, contribution.body)
    return await answering.edit(
        db, clock, contribution.id, mask(contribution.body, list(found), label)
    )


async def offer(db: Database, find: Finder, label: Label, contribution_id: int) -> Offer:
    """The choice for an answer that can still be changed: what the guard finds in it now,
    and how it reads with that hidden (nothing found: nothing to choose)."""
    contribution = await answering.get_own(db, contribution_id)
    found = await screen(find, contribution.body)
    return Offer(contribution, found, mask(contribution.body, list(found), label))


def masked(text: str, findings: tuple[Finding, ...], label: Label) -> str:
    """How the answer reads with what the guard found hidden (offered to the author)."""
    return mask(text, list(findings), label)
