"""The clock of the bot: PTB's JobQueue armed from the timers in the database.

At start-up every pending timer is armed again, and whatever fell due while the bot
was down runs at once (and once: the database marks a timer done with its effect).
A tick every minute re-checks, so nothing depends on a job kept only in memory.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import structlog
from telegram.ext import Application, ContextTypes

from bot.delivery import Delivery
from flows import timers
from flows.clock import Clock
from flows.records import Database
from flows.timers import Fired

log = structlog.get_logger()

TICK = dt.timedelta(minutes=1)


class Scheduler:
    def __init__(
        self,
        app: Application[Any, Any, Any, Any, Any, Any],
        db: Database,
        clock: Clock,
        delivery: Delivery,
    ) -> None:
        self._app = app
        self._db = db
        self._clock = clock
        self._delivery = delivery

    async def start(self) -> None:
        await self.run_due()
        if self._app.job_queue is None:
            raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
        self._app.job_queue.run_repeating(self._tick, interval=TICK, first=TICK, name="timers")

    async def arm(self) -> None:
        """Arm a JobQueue job for every pending timer that has none yet; called after every
        commit that adds a timer (`Database.on_commit`)."""
        queue = self._app.job_queue
        if queue is None:
            return
        for timer in await timers.pending(self._db):
            name = f"timer:{timer.id}"
            if queue.get_jobs_by_name(name):
                continue
            delay = max(0.0, (timer.due_at - self._clock.now()).total_seconds())
            queue.run_once(self._fire, when=delay, name=name)

    async def run_due(self) -> list[Fired]:
        """Run what is due by the domain's clock; then arm what that planned."""
        fired = await timers.run_due(self._db, self._clock)
        if fired:
            self._delivery.wake()
            log.info(
                "timers_fired",
                closed=sum(f.effect == "closed" for f in fired),
                reminded=sum(f.effect == "reminded" for f in fired),
                asked=sum(f.effect == "asked" for f in fired),
                obsolete=sum(f.effect == "nothing" for f in fired),
            )
        await self.arm()
        return fired

    async def _fire(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.run_due()

    async def _tick(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.run_due()
