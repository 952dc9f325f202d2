"""Running the personal-details guard for a handler: off the event loop, never in the way.

What is done with its findings (store flagged, offer to hide them) is flows.screening's.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path

import structlog

from bot.context import BotContext
from flows import screening
from flows.pii import Finding, PersonalDetailsGuard
from flows.pii_worker import DeduceWorker

log = structlog.get_logger()

# A folder with deduce's cache built at image build (root-owned, read-only): never rebuilt.
CACHE_SETTING = "DIALOOGBOT_DEDUCE_CACHE"


def new_guard(env: Mapping[str, str] | None = None) -> DeduceWorker:
    """The guard with deduce's cache from the image, or else the per-machine one it builds.

    deduce runs in a worker process of its own (see flows/pii_worker.py).
    """
    env = os.environ if env is None else env
    built = env.get(CACHE_SETTING, "").strip()
    if built:
        return DeduceWorker(Path(built), rebuild=False)
    return DeduceWorker()


async def findings(context: BotContext, text: str) -> list[Finding]:
    """What the guard finds; nothing when it is off or fails (the words are stored anyway).

    The running bot's guard asks its worker process; one given by the tests runs here,
    never waiting on the event loop for deduce."""
    return await screening.finder(context.services.guard)(text)


def start_loading(guard: PersonalDetailsGuard) -> None:
    """Load deduce in the background: the bot answers at once, and can stop at any time.

    A worker guard starts its process (call this in the event loop); any other loads in a
    daemon thread.
    """
    if isinstance(guard, DeduceWorker):
        guard.start()
        return

    def load() -> None:
        started = time.monotonic()
        try:
            guard.load()
        except Exception as error:  # noqa: BLE001 - the structured checks go on without it
            log.error("personal_details_guard_unavailable", error=type(error).__name__)
            return
        log.info("personal_details_guard_ready", seconds=round(time.monotonic() - started, 1))

    threading.Thread(target=load, name="load-personal-details-guard", daemon=True).start()


def stop_guard(guard: PersonalDetailsGuard | None) -> None:
    """Stop the guard's worker process, if it has one: it ends with the application."""
    if isinstance(guard, DeduceWorker):
        guard.close()
