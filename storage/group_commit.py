"""Group commit: writes that arrive while SQLite is busy go together in the next trip.

A trip to SQLite's thread and a commit cost more than the insert itself. When many
people answer at once, their answers wait for the trip under way anyway; the first of
them to get its turn takes them all along in one statement, so they share one trip and
one commit. Each caller still returns only after its own write is committed. A write
that arrives when nothing is under way goes at once, alone: no one waits for company.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

Run = Callable[[list[Item]], Awaitable[list[Result]]]


class GroupCommit(Generic[Item, Result]):
    """Run `run` on the items waiting together, at most one item per `key` at a time.

    `run` gets a batch and returns one result per item, in order. It must be safe to run
    an item again whose batch was interrupted (each write is recognised as a repeat),
    because an interrupted batch may have committed before the interruption was noticed.
    """

    def __init__(self, run: Run[Item, Result], key: Callable[[Item], Hashable]) -> None:
        self._run = run
        self._key = key
        self._turn = asyncio.Lock()  # first come, first served
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._alone = 0  # items to run one by one, after a batch with a bad one failed

    async def submit(self, item: Item) -> Result:
        """Write `item` (with whatever else is waiting by then) and return its result."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        try:
            async with self._turn:
                while not future.done():  # else an earlier caller took it along
                    batch = self._take()
                    if not batch:  # it waits in the list until it is done: never here
                        raise RuntimeError("a write waiting for its turn went missing")
                    await self._run_batch(batch)
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                future.exception()  # nobody is left to read it
            future.cancel()  # if still waiting, it is not written
            raise
        return future.result()

    async def _run_batch(self, batch: list[tuple[Item, asyncio.Future[Result]]]) -> None:
        try:
            results = await self._run([item for item, _ in batch])
        except asyncio.CancelledError:
            # Only the caller running the batch was cancelled: the others go next.
            self._waiting[:0] = batch
            raise
        except Exception as error:  # noqa: BLE001 - handed on to the item's own caller
            if len(batch) == 1:
                if not batch[0][1].done():
                    batch[0][1].set_exception(error)
                return
            # One bad item must not fail the rest: each goes again, alone.
            self._waiting[:0] = batch
            self._alone = len(batch)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if not future.done():
                future.set_result(result)

    def _take(self) -> list[tuple[Item, asyncio.Future[Result]]]:
        """The waiting items still wanted, the first of each key; the rest wait on."""
        self._waiting = [waiting for waiting in self._waiting if not waiting[1].done()]
        if self._alone:
            self._alone -= 1
            first, self._waiting = self._waiting[:1], self._waiting[1:]
            return first
        batch: list[tuple[Item, asyncio.Future[Result]]] = []
        later: list[tuple[Item, asyncio.Future[Result]]] = []
        keys: set[Hashable] = set()
        for item, future in self._waiting:
            key = self._key(item)
            (later if key in keys else batch).append((item, future))
            keys.add(key)
        self._waiting = later
        return batch
