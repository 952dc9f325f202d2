"""Group commit: writes arriving together share a trip, and none is lost or done twice."""

from __future__ import annotations

import asyncio

import pytest

from storage.group_commit import GroupCommit


class Writes:
    """A stand-in for a statement: records each batch, fails on 'bad', can be held up."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.hold = asyncio.Event()
        self.hold.set()

    async def run(self, items: list[str]) -> list[str]:
        self.batches.append(list(items))
        await asyncio.sleep(0)  # a trip to SQLite's thread: others get their turn meanwhile
        await self.hold.wait()
        if "bad" in items:
            raise ValueError("bad item")
        return [item.upper() for item in items]


def by_person(item: str) -> str:
    return item.split(":")[0]


async def test_what_arrives_while_a_write_is_under_way_goes_in_one_batch() -> None:
    writes = Writes()
    group = GroupCommit(writes.run, key=by_person)
    results = await asyncio.gather(*(group.submit(f"p{n}:x") for n in range(5)))
    assert results == [f"P{n}:X" for n in range(5)]
    # The first went at once, alone; the four that came meanwhile went together.
    assert writes.batches == [["p0:x"], ["p1:x", "p2:x", "p3:x", "p4:x"]]


async def test_one_person_has_one_item_in_a_batch() -> None:
    writes = Writes()
    group = GroupCommit(writes.run, key=by_person)
    await asyncio.gather(*(group.submit(item) for item in ["a:1", "a:2", "b:1", "a:3"]))
    assert writes.batches == [["a:1"], ["a:2", "b:1"], ["a:3"]]


async def test_a_bad_item_fails_alone_and_the_others_are_written() -> None:
    writes = Writes()
    group = GroupCommit(writes.run, key=by_person)
    results = await asyncio.gather(
        *(group.submit(item) for item in ["p0:x", "p1:x", "bad", "p3:x"]), return_exceptions=True
    )
    assert results[:2] == ["P0:X", "P1:X"] and results[3] == "P3:X"
    assert isinstance(results[2], ValueError)
    assert writes.batches == [["p0:x"], ["p1:x", "bad", "p3:x"], ["p1:x"], ["bad"], ["p3:x"]]


async def test_a_caller_that_gives_up_before_its_turn_is_not_written() -> None:
    writes = Writes()
    group = GroupCommit(writes.run, key=by_person)
    writes.hold.clear()
    first = asyncio.create_task(group.submit("p0:x"))
    second = asyncio.create_task(group.submit("p1:x"))
    await asyncio.sleep(0)
    second.cancel()
    writes.hold.set()
    assert await first == "P0:X"
    with pytest.raises(asyncio.CancelledError):
        await second
    assert writes.batches == [["p0:x"]]


async def test_a_caller_giving_up_during_its_write_does_not_hold_up_the_others() -> None:
    writes = Writes()
    group = GroupCommit(writes.run, key=by_person)
    writes.hold.clear()
    tasks = [asyncio.create_task(group.submit(f"p{n}:x")) for n in range(3)]
    await asyncio.sleep(0)
    tasks[0].cancel()  # p0 runs its batch alone: nothing else had arrived
    await asyncio.sleep(0)
    writes.hold.set()
    with pytest.raises(asyncio.CancelledError):
        await tasks[0]
    assert [await task for task in tasks[1:]] == ["P1:X", "P2:X"]
    assert writes.batches == [["p0:x"], ["p1:x", "p2:x"]]


async def test_a_batch_interrupted_under_way_goes_again_for_the_others() -> None:
    writes = Writes()
    group = GroupCommit(writes.run, key=by_person)
    writes.hold.clear()
    first = asyncio.create_task(group.submit("p0:x"))
    await asyncio.sleep(0)
    waiting = [asyncio.create_task(group.submit(f"p{n}:x")) for n in (1, 2)]
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.sleep(0)
    # p1 runs the batch of p1 and p2 and gives up under way: p2 goes again.
    writes.hold.clear()
    await asyncio.sleep(0)
    waiting[0].cancel()
    writes.hold.set()
    with pytest.raises(asyncio.CancelledError):
        await waiting[0]
    assert await waiting[1] == "P2:X"
    assert writes.batches == [["p0:x"], ["p1:x", "p2:x"], ["p2:x"]]
