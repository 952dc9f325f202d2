"""Running the personal-details guard for a handler: off the event loop, never in the way.

What is done with its findings (store flagged, offer to hide them) is flows.screening's.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import structlog

from bot.context import BotContext
from flows.pii import Finding, PersonalDetailsGuard

log = structlog.get_logger()

INLINE_CHARACTERS = 500
# A folder with deduce's cache built at image build (root-owned, read-only): never rebuilt.
CACHE_SETTING = "DIALOOGBOT_DEDUCE_CACHE"


def new_guard(env: Mapping[str, str] | None = None) -> PersonalDetailsGuard:
    """The guard with deduce's cache from the image, or else the per-machine one it builds."""
    env = os.environ if env is None else env
    built = env.get(CACHE_SETTING, "").strip()
    if built:
        return PersonalDetailsGuard(Path(built), rebuild=False)
    return PersonalDetailsGuard()


async def findings(context: BotContext, text: str) -> list[Finding]:
    """What the guard finds; nothing when it is off or fails (the words are stored anyway)."""
    guard = context.services.guard
    if guard is None:
        return []
    try:
        if len(text) <= INLINE_CHARACTERS:
            # On a short text the whole guard, deduce too, takes about half a millisecond of
            # pure Python: a hop to a thread would not run it beside the event loop (the
            # interpreter lock), only add the hop (measured: half as much again per answer).
            # But never wait here while a long text holds deduce: the whole bot would wait.
            found = guard.find_unless_busy(text)
            if found is not None:
                return found
        return await asyncio.to_thread(guard.find, text)
    except Exception as error:  # noqa: BLE001 - the guard must never cost a contribution
        log.warning("personal_details_guard_failed", error=type(error).__name__)
        return []


def start_loading(guard: PersonalDetailsGuard) -> None:
    """Load deduce in a daemon thread: the bot answers at once, and can stop at any time."""

    def load() -> None:
        started = time.monotonic()
        try:
            guard.load()
        except Exception as error:  # noqa: BLE001 - the structured checks go on without it
            log.error("personal_details_guard_unavailable", error=type(error).__name__)
            return
        log.info("personal_details_guard_ready", seconds=round(time.monotonic() - started, 1))

    threading.Thread(target=load, name="load-personal-details-guard", daemon=True).start()
