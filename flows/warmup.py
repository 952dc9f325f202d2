"""Encoding the answers waiting to be sorted ahead, so the first sorting screen does not wait.

The first theme suggestions for an answer compare it with every answer already in a theme
and every answer still waiting in its round. On a cold cache that meant encoding them all
before the first screen (tens of seconds on a big session). So whenever that work may be
due, it is done ahead, in the background, for the sessions with answers waiting to be
sorted whose sorting is under way (some answers looked at already) or whose round closed
since the process started:
- after a round closes (`CLOSED_ROUNDS`: by /sluit, by its deadline, however it closes);
- after an erasure, which empties the cache (`ERASED`), for the answers that are left;
- when the process starts.
A session whose rounds closed before a start and that nobody began to sort waits, as
before, for its first sorting screen: encoding many answers nobody may sort would take the
machine for nothing at every start.

It keeps the similarity's promises: the encoding runs in a worker thread, never on the
event loop; one warm-up at a time (a wake while one runs makes it run once more after);
only vectors and letter pieces are kept, by the hash of their text, as the sorting itself
keeps them; and an erasure during a warm-up leaves nothing of the erased words: the
generation is read before the answers are, so what was encoded from them is not cached
(`Similarity.generation`), and the warm-up stops to start again on what is left. A failure
is logged by its type only and waits for the next wake.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import structlog

from flows.clock import Clock
from flows.similarity import BATCH, Similarity
from storage import Database
from storage.changes import CLOSED_ROUNDS, ERASED
from storage.themes import RoundToSort

log = structlog.get_logger()

# What a warm-up may meet and outlive: sorting still works, only slower on its first screen.
TOLERATED = (sqlite3.Error, OSError, MemoryError, RuntimeError, ValueError)


@dataclass(frozen=True, slots=True)
class Warmed:
    """What a warm-up went through: sessions and answers; `overtaken` when an erasure
    came in between and it stopped (another warm-up follows)."""

    sessions: int
    answers: int
    overtaken: bool = False


async def warm(db: Database, similarity: Similarity, session_ids: Sequence[int]) -> Warmed:
    """Encode the answers of these sessions to be sorted, in this order, as many as the cache
    keeps; those already cached cost only a look-up. The encoding runs in a thread, a batch
    at a time."""
    since = similarity.generation  # before reading: see the module's docstring
    room = similarity.capacity
    sessions = answers = 0
    for session_id in session_ids:
        async with db.read() as tx:
            texts = [answer.body for answer in await tx.themes.sortable(session_id)]
        if len(texts) > room:
            break  # the cache would drop the first session's vectors for a later one's
        room -= len(texts)
        for start in range(0, len(texts), BATCH):
            if similarity.generation != since:
                return Warmed(sessions, answers, overtaken=True)
            await asyncio.to_thread(similarity.prepare, texts[start : start + BATCH], since=since)
        sessions += 1
        answers += len(texts)
    return Warmed(sessions, answers, overtaken=similarity.generation != since)


class WarmUp:
    """Runs `warm` in the background when woken; the composition root makes one per process
    (`keep_warm`) and stops it before the database closes."""

    def __init__(self, db: Database, similarity: Similarity, clock: Clock) -> None:
        self._db = db
        self._similarity = similarity
        self._task: asyncio.Task[None] | None = None
        self._again = False
        self._stopped = False
        # Round ids closed before the start; None: unknown (the first read failed), so a
        # round counts as closed before the start by its time.
        self._earlier: frozenset[int] | None = frozenset()
        self._started = clock.now()

    async def start(self) -> None:
        """Note which rounds were closed before now, and warm up the sessions under way. A
        failure is logged and the start goes on: the warm-up only saves a wait."""
        try:
            async with self._db.read() as tx:
                waiting = await tx.themes.rounds_to_sort()
        except TOLERATED as error:
            self._earlier = None
            log.warning("themes_warm_up_failed", error=type(error).__name__)
            return
        self._earlier = frozenset(r.round_id for r in waiting)
        self.wake()

    def _closed_since_start(self, waiting: RoundToSort) -> bool:
        if self._earlier is None:
            return waiting.closed_at >= self._started
        return waiting.round_id not in self._earlier

    def wake(self) -> None:
        """Warm up soon; returns at once (a commit listener: it must not hold anyone up)."""
        if self._stopped:
            return
        if self._task is not None and not self._task.done():
            # The run under way may have read the answers before this change.
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._runs(), name="theme_warm_up")

    async def idle(self) -> None:
        """Return once no warm-up runs or is due (tests wait for it here)."""
        while self._task is not None and not self._task.done():
            await asyncio.wait({self._task})

    async def stop(self) -> None:
        """Stop warming up: a batch being encoded finishes in its thread, unheard."""
        self._stopped = True
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait({task})

    async def _runs(self) -> None:
        again = True
        while again:
            self._again = False
            await self._run()
            again = self._again and not self._stopped

    async def _chosen(self) -> list[int]:
        """The sessions to keep warm, the one whose round closed last first."""
        async with self._db.read() as tx:
            waiting = await tx.themes.rounds_to_sort()
        chosen = (r.session_id for r in waiting if r.under_way or self._closed_since_start(r))
        return list(dict.fromkeys(chosen))

    async def _run(self) -> None:
        try:
            warmed = await warm(self._db, self._similarity, await self._chosen())
        except TOLERATED as error:
            # Sorting still works, only slower on its first screen; no text in the log.
            log.warning("themes_warm_up_failed", error=type(error).__name__)
            return
        if warmed.sessions or warmed.overtaken:
            log.info(
                "themes_warmed_up",
                sessions=warmed.sessions,
                answers=warmed.answers,
                overtaken=warmed.overtaken,
            )


async def keep_warm(db: Database, similarity: Similarity, clock: Clock) -> WarmUp:
    """Wire the similarity's cache to the database: every erasure empties it (nothing
    derived from erased words stays in memory), and a warm-up refills it with what is left
    to sort, as it does after every round that closes and now, at the start."""
    warm_up = WarmUp(db, similarity, clock)
    db.on_commit(ERASED, similarity.forget_all)  # first: the warm-up reads after it
    db.on_commit(ERASED, warm_up.wake)
    db.on_commit(CLOSED_ROUNDS, warm_up.wake)
    await warm_up.start()
    return warm_up
