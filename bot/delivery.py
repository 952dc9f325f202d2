"""Deliver the outbox: round questions and summaries, paced within Telegram's limits.

The outbox lives in SQLite, so a restart continues where delivery stopped. Every
send passes the bot's PacedRateLimiter (about 30 a second overall, evenly spaced);
here each chat gets at most one message a second.
A person who blocked the bot (403) is marked unreachable and skipped from then on;
a 429 pauses that chat (or everything) for `retry_after` seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog
from telegram import Bot, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot import keyboards, mirror_messages
from bot.identity import CHANNEL, chat_id
from bot.outgoing import send_html
from flows import handover, mirror, newcomers, outbox, proposals, sessions, timers
from flows import summary as summary_flow
from flows.clock import Clock
from flows.errors import Gone
from flows.followup import ACTION_STATUS
from flows.proposal_invites import PROPOSALS_OPEN
from flows.records import Database, OutboxItem
from flows.sessions import ROUND_QUESTION
from flows.summary import SUMMARY
from reports import general, labels
from reports.hints import next_step
from reports.i18n import Texts
from reports.pdf import PdfFailed, PdfMaker, report_filename
from reports.render import render
from reports.telegram import split_message

log = structlog.get_logger()

CHAT_INTERVAL = 1.0  # Telegram: about one message a second per chat
RESUME_PAUSE = 1.0
MAX_IN_FLIGHT = 10
MAX_ATTEMPTS = 5
NETWORK_BACKOFF = dt.timedelta(seconds=5)

SummaryKey = tuple[int, str, str]  # summary id, language, version (Summary.fingerprint)


@dataclass(frozen=True, slots=True)
class Report:
    """A PDF to send as a document; made once per summary version and language."""

    summary_id: int
    lang: str
    version: str
    filename: str
    caption: str


@dataclass(frozen=True, slots=True)
class Outgoing:
    text: str | None = None
    report: Report | None = None
    keyboard: InlineKeyboardMarkup | None = None


class Delivery:
    """The outbox worker: start it with the application; every commit that queues work
    wakes it (`Database.on_commit`)."""

    def __init__(self, bot: Bot, db: Database, clock: Clock, pdfs: PdfMaker) -> None:
        self._bot = bot
        self._maker = pdfs
        self._db = db
        self._clock = clock
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(MAX_IN_FLIGHT)
        self._paused_until = 0.0
        self._chat_ready: dict[int, float] = {}
        # Copies of approved summaries, by (summary id, language, version): an erasure
        # rewrites the summary, so its version changes and older copies are never sent.
        self._parts: dict[SummaryKey, list[str]] = {}
        self._pdfs: dict[SummaryKey, bytes] = {}
        self._file_ids: dict[SummaryKey, str] = {}
        # One upload per report: recipients sent at the same moment wait for its file id.
        self._uploads: dict[SummaryKey, asyncio.Lock] = {}
        self.sent = 0

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="delivery")

    async def stop(self) -> None:
        """Stop taking new work; let messages already on their way finish and be recorded."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._in_flight:
            await asyncio.gather(*self._in_flight.values(), return_exceptions=True)

    def wake(self) -> None:
        self._wake.set()

    @property
    def running(self) -> bool:
        """Whether the worker is on duty (for the health check)."""
        return self._task is not None and not self._task.done()

    def forget_summary_copies(self) -> None:
        """Drop every rendered summary, PDF and Telegram file id kept in memory: after an
        erasure no copy of the erased words stays here. The next send renders them anew."""
        self._parts.clear()
        self._pdfs.clear()
        self._file_ids.clear()

    def summary_copies(self) -> int:
        """How many rendered summaries, PDFs and file ids are kept in memory now."""
        return len(self._parts) + len(self._pdfs) + len(self._file_ids)

    def _drop_stale(self, summary_id: int, version: str) -> None:
        """Forget copies of older versions of this summary."""
        for cache in (self._parts, self._pdfs, self._file_ids):
            for key in [k for k in cache if k[0] == summary_id and k[2] != version]:
                del cache[key]

    async def idle(self) -> bool:
        """True when nothing is being sent and nothing is due."""
        if self._in_flight:
            return False
        due = await outbox.due(self._db, self._clock, channel=CHANNEL, limit=1)
        return not due

    async def _run(self) -> None:
        if await outbox.due(self._db, self._clock, channel=CHANNEL, limit=1):
            # Resuming after a restart: the previous run may have filled this very second.
            await asyncio.sleep(RESUME_PAUSE)
        while True:
            try:
                await self._round()
            except asyncio.CancelledError:
                raise
            except Exception:
                # The worker must outlive a bad row or a database hiccup; the row stays queued.
                log.exception("delivery_failed")
                await asyncio.sleep(1)

    async def _round(self) -> None:
        items = await outbox.due(self._db, self._clock, channel=CHANNEL, limit=200)
        now = time.monotonic()
        started = 0
        chats: set[int] = set()
        for item in items:
            chat = _chat(item)
            if chat is None or chat in chats or chat in self._in_flight:
                continue
            if self._chat_ready.get(chat, 0.0) > time.monotonic():
                continue
            chats.add(chat)
            await self._slots.acquire()
            await self._wait_out_pause()
            task = asyncio.create_task(self._deliver(item), name=f"deliver:{item.id}")
            self._in_flight[chat] = task
            task.add_done_callback(lambda _t, chat=chat: self._finished(chat))
            started += 1
        if started:
            return
        await self._wait(items, now)

    def _finished(self, chat: int) -> None:
        self._in_flight.pop(chat, None)
        self._slots.release()
        self._wake.set()

    async def _wait(self, items: list[OutboxItem], now: float) -> None:
        """Sleep until a chat is ready again, new work arrives, or queued work falls due."""
        if items:
            ready = [self._chat_ready.get(_chat(i) or 0, now) for i in items]
            delay = max(0.01, min(ready) - now) if not self._in_flight else 1.0
        else:
            next_due = await outbox.next_due_at(self._db, channel=CHANNEL)
            delay = 60.0
            if next_due is not None:
                delay = max(0.05, min(delay, (next_due - self._clock.now()).total_seconds()))
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), delay)
        except TimeoutError:
            return

    async def _wait_out_pause(self) -> None:
        """After a 429, everything waits until Telegram's retry_after has passed."""
        wait = self._paused_until - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)

    async def _deliver(self, item: OutboxItem) -> None:
        chat = _chat(item)
        if chat is None:
            await outbox.dropped(self._db, self._clock, item.id, "no chat")
            return
        content = await self._content(item)
        if content is None:
            await outbox.dropped(self._db, self._clock, item.id, "obsolete")
            return
        if item.part >= len(content):
            await outbox.delivered(self._db, self._clock, item.id)
            return
        try:
            await self._send(chat, content[item.part])
        except Forbidden:
            dropped = await outbox.unreachable(self._db, self._clock, item.person_id)
            log.info("unreachable", person_id=item.person_id, dropped=dropped)
            return
        except RetryAfter as error:
            # Still refused after the limiter's retries: hold this chat and everything else.
            wait = _seconds(error.retry_after)
            self._chat_ready[chat] = time.monotonic() + wait
            self._paused_until = max(self._paused_until, time.monotonic() + wait)
            log.warning("rate_limited", retry_after=wait, outbox_id=item.id)
            return
        except BadRequest as error:
            await outbox.dropped(self._db, self._clock, item.id, error.message)
            log.error("delivery_refused", outbox_id=item.id, reason=error.message)
            return
        except (TimedOut, NetworkError) as error:
            await self._retry(item, str(error))
            return
        except PdfFailed as error:
            # Logged where it failed; the row waits its backoff instead of being tried
            # again at once, and is dropped after MAX_ATTEMPTS like a network failure.
            await self._retry(item, f"pdf: {error}")
            return
        self._chat_ready[chat] = time.monotonic() + CHAT_INTERVAL
        self.sent += 1
        if item.part + 1 < len(content):
            await outbox.advanced(self._db, item.id, item.part + 1, item.not_before)
        else:
            await outbox.delivered(self._db, self._clock, item.id)

    async def _retry(self, item: OutboxItem, reason: str) -> None:
        if item.attempts + 1 >= MAX_ATTEMPTS:
            await outbox.dropped(self._db, self._clock, item.id, reason)
            log.error("delivery_gave_up", outbox_id=item.id)
            return
        await outbox.retry_later(self._db, item.id, self._clock.now() + NETWORK_BACKOFF, reason)

    async def _send(self, chat: int, message: Outgoing) -> None:
        if message.report is None:
            await send_html(self._bot, chat, message.text or "", message.keyboard)
            return
        report = message.report
        key = (report.summary_id, report.lang, report.version)
        file_id = self._file_ids.get(key)
        if file_id is not None:
            await self._bot.send_document(chat, file_id, caption=report.caption)
            return
        async with self._uploads.setdefault(key, asyncio.Lock()):
            document: str | InputFile | None = self._file_ids.get(key)
            if document is None:
                try:
                    document = InputFile(await self._pdf(report), filename=report.filename)
                except Gone:
                    return  # the summary was deleted meanwhile (its retention term ended)
            sent = await self._bot.send_document(chat, document, caption=report.caption)
            if sent.document is not None and key in self._pdfs:
                # Telegram keeps the file: later recipients get it by id, not by upload
                # (unless the summary changed meanwhile and the PDF was dropped).
                self._file_ids[key] = sent.document.file_id

    async def _content(self, item: OutboxItem) -> list[Outgoing] | None:
        maker = self._makers().get(item.kind)
        if maker is None:
            log.error("unknown_outbox_kind", kind=item.kind, outbox_id=item.id)
            return None
        return await maker(item)

    def _makers(self) -> dict[str, Callable[[OutboxItem], Awaitable[list[Outgoing] | None]]]:
        return {
            ROUND_QUESTION: self._question,
            SUMMARY: self._summary,
            timers.REMINDER: self._reminder,
            timers.ROUND_CLOSED: self._round_closed,
            timers.ACTION_FOLLOW_UP: self._follow_up,
            ACTION_STATUS: self._action_status,
            handover.ACTION_TAKEN: self._action_handed,
            handover.ACTION_RETURNED: self._action_handed,
            handover.ACTION_PASSED_ON: self._action_handed,
            newcomers.NEW_PARTICIPANT: self._newcomer,
            newcomers.UNFINISHED_PARTICIPANT: self._newcomer,
            newcomers.REMOVED: self._removed,
            summary_flow.SESSION_ENDED: self._session_ended,
            mirror.MIRROR: self._mirror,
            PROPOSALS_OPEN: self._proposals_open,
        }

    async def _newcomer(self, item: OutboxItem) -> list[Outgoing] | None:
        unfinished = item.kind == newcomers.UNFINISHED_PARTICIPANT
        found = await newcomers.newcomer(self._db, item.ref_id, unfinished=unfinished)
        if found is None:
            return None  # left or removed before the notice went out, or already announced
        _ = Texts(item.lang)
        p = found.participant
        text = render(
            item.lang,
            "telegram/newcomer.j2",
            session=found.session,
            who=labels.signature(_, p.display_mode, p.display_name, p.perspective),
            unfinished=unfinished,
        )
        return [Outgoing(text=text, keyboard=keyboards.newcomer(_, p.id))]

    async def _mirror(self, item: OutboxItem) -> list[Outgoing] | None:
        view = await mirror.for_person(self._db, item.person_id, item.ref_id)
        if view is None:
            return None  # they left, or the round is gone
        text, keyboard = mirror_messages.page(item.lang, view, 0)
        return [Outgoing(text=text, keyboard=keyboard)]

    async def _proposals_open(self, item: OutboxItem) -> list[Outgoing] | None:
        invited = await proposals.invitation(self._db, item.ref_id)
        if invited is None:
            return None  # they left, or the session moved on
        text = render(item.lang, "telegram/proposals_open.j2", session=invited)
        keyboard = keyboards.proposal_invitation(Texts(item.lang), item.ref_id)
        return [Outgoing(text=text, keyboard=keyboard)]

    async def _removed(self, item: OutboxItem) -> list[Outgoing] | None:
        session = await newcomers.session_of_removal(self._db, item.ref_id)
        if session is None:
            return None
        return [Outgoing(text=render(item.lang, "telegram/removed.j2", session=session))]

    async def _session_ended(self, item: OutboxItem) -> list[Outgoing] | None:
        session = await summary_flow.session_of(self._db, item.ref_id)
        if session is None:
            return None  # deleted meanwhile (its retention term ended)
        return [
            Outgoing(text=render(item.lang, "telegram/summary_session_ended.j2", session=session))
        ]

    async def _question(self, item: OutboxItem) -> list[Outgoing] | None:
        question = await outbox.question(self._db, item.ref_id, item.person_id)
        if question is None:
            return None
        text = render(
            item.lang,
            "telegram/question.j2",
            session=question.session,
            kind=question.round.kind,
            perspective=question.perspective,
            wording=question.wording,
            closes_at=question.round.closes_at,
        )
        return [Outgoing(text=text)]

    async def _reminder(self, item: OutboxItem) -> list[Outgoing] | None:
        due = await outbox.reminder(self._db, item.ref_id, item.person_id)
        if due is None:
            return None  # closed meanwhile, or they answered: no reminder
        question = await outbox.question(self._db, item.ref_id, item.person_id)
        perspective = question.perspective if question else ""
        wording = question.wording if question else None
        return [
            Outgoing(
                text=render(
                    item.lang,
                    "telegram/reminder.j2",
                    r=due,
                    perspective=perspective,
                    wording=wording,
                )
            )
        ]

    async def _round_closed(self, item: OutboxItem) -> list[Outgoing] | None:
        closed = await sessions.round_result(self._db, item.ref_id)
        extra_due = await sessions.extra_round_next(self._db, closed.session.id)
        hint = next_step(
            Texts(item.lang), closed.session.phase, round_open=False, extra_due=extra_due
        )
        text = render(item.lang, "telegram/round_closed.j2", c=closed, by_deadline=True, hint=hint)
        return [Outgoing(text=text)]

    async def _follow_up(self, item: OutboxItem) -> list[Outgoing] | None:
        news = await outbox.action_news(self._db, item.ref_id, unless_done=True)
        if news is None:
            return None
        text = render(item.lang, "telegram/follow_up.j2", n=news)
        # Whoever took the action over may also hand it back from here.
        took_it = news.action.owner_person_id == item.person_id
        keyboard = keyboards.progress(Texts(item.lang), news.action.id, give_back=took_it)
        return [Outgoing(text=text, keyboard=keyboard)]

    async def _action_handed(self, item: OutboxItem) -> list[Outgoing] | None:
        news = await outbox.action_news(self._db, item.ref_id, unless_done=False)
        if news is None:
            return None
        text = render(item.lang, "telegram/action_handed.j2", n=news, kind=item.kind)
        return [Outgoing(text=text)]

    async def _action_status(self, item: OutboxItem) -> list[Outgoing] | None:
        news = await outbox.action_news(self._db, item.ref_id, unless_done=False)
        if news is None or news.action.status is None:
            return None
        return [Outgoing(text=render(item.lang, "telegram/action_status.j2", n=news))]

    async def _summary(self, item: OutboxItem) -> list[Outgoing] | None:
        try:
            summary = await summary_flow.approved(self._db, item.ref_id)
        except Gone:
            return None  # deleted meanwhile (its session's retention term ended)
        version = summary.fingerprint
        self._drop_stale(item.ref_id, version)
        key = (item.ref_id, item.lang, version)
        if key not in self._parts:
            self._parts[key] = split_message(
                render(item.lang, "telegram/summary.j2", s=summary, preview=False)
            )
        _ = Texts(item.lang)
        report = Report(
            item.ref_id,
            item.lang,
            version,
            report_filename(summary.title, summary.version),
            general.report_caption(_),
        )
        return [Outgoing(text=part) for part in self._parts[key]] + [Outgoing(report=report)]

    async def _pdf(self, report: Report) -> bytes:
        summary = await summary_flow.approved(self._db, report.summary_id)
        if summary.fingerprint != report.version:
            # Rewritten (erased words) since its text went out: send what is there now,
            # and keep no copy under the old version.
            return await self._maker.render(summary, report.lang)
        key = (report.summary_id, report.lang, report.version)
        if key not in self._pdfs:
            self._pdfs[key] = await self._maker.render(summary, report.lang)
        return self._pdfs[key]


def _seconds(value: float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def _chat(item: OutboxItem) -> int | None:
    """The private chat to send to: the person's Telegram id (None: not known there)."""
    return None if item.external_id is None else chat_id(item.external_id)
