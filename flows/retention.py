"""Keeping nothing longer than the texts promise: every term people read is applied here.

- raw answers: `Terms.answers_days` after the session closed (its summary's first version was
  sent; a correction does not move that moment);
- the approved summary, and with it everything else of the session (names chosen, who took
  part, actions): `Terms.summary_days` after the session closed;
- a session never closed: all of it, `Terms.inactive_days` after the last thing happened;
- a person's row, how each channel knows them and their language: once nothing links to them
  any more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flows import handover, timers
from flows.clock import Clock
from flows.followup import ACTION_STATUS
from flows.sessions import ROUND_QUESTION
from flows.summary import SUMMARY
from storage import Database

DEFAULT_DAYS = 90
DEFAULT_SUMMARY_DAYS = 730
DEFAULT_INACTIVE_DAYS = 180
# Handled updates are kept this long, only to recognise a repeat delivery; the record of
# a message sent (to whom, which kind) as long.
INBOX_DAYS = 7
# Answers waiting for a session choice nobody made.
PENDING_DAYS = 30
# Someone with no session, action or message left is forgotten after this grace period
# (it spares a person in the middle of their first steps).
UNLINKED_DAYS = 1

# The queued messages about a session's rounds, actions and summaries.
ROUND_MESSAGES = (ROUND_QUESTION, timers.REMINDER, timers.ROUND_CLOSED)
ACTION_MESSAGES = (
    timers.ACTION_FOLLOW_UP,
    ACTION_STATUS,
    handover.ACTION_TAKEN,
    handover.ACTION_RETURNED,
    handover.ACTION_PASSED_ON,
)
SUMMARY_MESSAGES = (SUMMARY,)


@dataclass(frozen=True, slots=True)
class Terms:
    """How long things are kept, in days: the texts state these numbers, `purge` keeps them."""

    answers_days: int = DEFAULT_DAYS
    summary_days: int = DEFAULT_SUMMARY_DAYS
    inactive_days: int = DEFAULT_INACTIVE_DAYS


@dataclass(frozen=True, slots=True)
class Purged:
    sessions: int
    contributions: int
    pending: int
    inbox: int
    # Sessions deleted whole: their summary's term ended, or nothing happened in them.
    summaries_ended: int = 0
    inactive: int = 0
    people: int = 0
    outbox: int = 0
    # The database file and its WAL hold no copy of what went (see Database.scrub).
    scrubbed: bool = True


async def purge(db: Database, clock: Clock, terms: Terms | None = None) -> Purged:
    """Delete what has reached the end of its term; run daily."""
    terms = terms or Terms()
    now = clock.now()
    sessions = contributions = 0
    async with db.transaction() as tx:
        for session in await tx.sessions.closed_before(now - dt.timedelta(terms.answers_days)):
            contributions += await tx.contributions.purge_session(session.id)
            # Proposals are people's words too: they go with the answers.
            await tx.proposals.purge_session(session.id)
            await tx.sessions.mark_purged(session.id, now)
            sessions += 1
        ended = [
            session.id
            for session in await tx.sessions.closed_before(
                now - dt.timedelta(terms.summary_days), include_purged=True
            )
        ]
        idle = await tx.retention.idle_since(now - dt.timedelta(terms.inactive_days))
        for session_id in ended + idle:
            await tx.retention.delete_session(
                session_id,
                now,
                round_kinds=ROUND_MESSAGES,
                action_kinds=ACTION_MESSAGES,
                summary_kinds=SUMMARY_MESSAGES,
            )
        pending = await tx.contributions.prune_pending(now - dt.timedelta(days=PENDING_DAYS))
        inbox = await tx.inbox.prune(now - dt.timedelta(days=INBOX_DAYS))
        outbox = await tx.retention.prune_outbox(now - dt.timedelta(days=INBOX_DAYS))
        people = await tx.retention.delete_unlinked_people(now - dt.timedelta(UNLINKED_DAYS))
    scrubbed = await db.scrub()
    return Purged(
        sessions, contributions, pending, inbox, len(ended), len(idle), people, outbox, scrubbed
    )
