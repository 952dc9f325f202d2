"""Work on a schedule. What is due is derived from the database, so a restart loses nothing."""

from __future__ import annotations

import datetime as dt

import structlog
from telegram.ext import Application, ContextTypes

from bot.context import Services
from flows import retention

log = structlog.get_logger()

RETENTION_EVERY = dt.timedelta(hours=24)
RETENTION_FIRST = dt.timedelta(seconds=30)


def schedule(app: Application) -> None:  # type: ignore[type-arg]
    """Register the recurring jobs; called at every start-up."""
    if app.job_queue is None:
        raise RuntimeError("python-telegram-bot was installed without its job-queue extra")
    app.job_queue.run_repeating(
        purge_old_answers, interval=RETENTION_EVERY, first=RETENTION_FIRST, name="retention"
    )


async def purge_old_answers(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete what has reached the end of its retention term (see flows/retention.py)."""
    services: Services = context.application.bot_data["services"]
    purged = await retention.purge(services.db, services.clock, services.settings.terms)
    log.info(
        "retention_purge",
        sessions=purged.sessions,
        answers=purged.contributions,
        waiting_answers=purged.pending,
        inbox_rows=purged.inbox,
        sessions_deleted=purged.summaries_ended,
        inactive_sessions_deleted=purged.inactive,
        people=purged.people,
        outbox_rows=purged.outbox,
        scrubbed=purged.scrubbed,
    )
