"""What a unit of work changed that someone outside the database waits for.

Delivery sleeps until the outbox holds something due, the scheduler until a timer falls
due, the theme suggestions' warm-up until a round closes. Rather than every caller
remembering to wake them, the repositories note what they changed, and the Database tells
the listeners of each kind once the change is committed.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable

# New or re-timed messages waiting in the outbox.
OUTBOX = "outbox"
# New timers.
TIMERS = "timers"
# People's words erased (and the database files scrubbed): copies kept outside go too.
ERASED = "erased"
# Rounds closed: their answers wait to be sorted into themes.
CLOSED_ROUNDS = "closed_rounds"
KINDS = frozenset({OUTBOX, TIMERS, ERASED, CLOSED_ROUNDS})
NOTHING: frozenset[str] = frozenset()

# Called with nothing: it looks in the database for what is new. May be a coroutine function.
Listener = Callable[[], Awaitable[None] | None]


class Changes:
    """The kinds noted by the unit of work under way (one at a time: the Database's lock)."""

    def __init__(self) -> None:
        self._kinds: set[str] = set()

    def note(self, kind: str) -> None:
        self._kinds.add(kind)

    def take(self) -> frozenset[str]:
        """Return what was noted and start afresh."""
        if not self._kinds:
            return NOTHING  # most blocks change nothing anyone waits for: no allocation
        kinds = frozenset(self._kinds)
        self._kinds.clear()
        return kinds

    def forget(self) -> None:
        """Drop what was noted: it was rolled back."""
        self._kinds.clear()


class Listeners:
    """Callbacks by kind: a plain registry, so storage needs to know nothing of who listens."""

    def __init__(self) -> None:
        self._by_kind: dict[str, list[Listener]] = {kind: [] for kind in KINDS}

    def add(self, kind: str, listener: Listener) -> None:
        if kind not in self._by_kind:
            raise ValueError(f"no such kind of change: {kind!r}")
        self._by_kind[kind].append(listener)

    async def notify(self, kinds: frozenset[str]) -> None:
        """Call the listeners of each kind, each once, in the order they were added."""
        called: list[Listener] = []
        for kind in sorted(kinds):
            for listener in self._by_kind[kind]:
                if listener in called:
                    continue
                called.append(listener)
                result = listener()
                if inspect.isawaitable(result):
                    await result
