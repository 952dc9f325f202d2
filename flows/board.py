"""The live board for the beamer: its secret link, and what it shows (counts only).

A board names nobody and quotes nothing: how many joined per perspective, how far each
round is, the open round's deadline, and, as the session goes on, how many answers went
into each theme (the facilitator's names for them), what was recognised and what was
proposed. Its link holds a random secret; only the secret's SHA-256 is kept, and asking
for a new link stops the old one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import structlog

from flows.brake import WrongCodeBrake
from flows.clock import Clock
from flows.errors import Gone
from flows.mirror import recognition_of
from flows.model import Perspective, RoundKind, rounds_held
from flows.questions import EVERYONE
from flows.synthesis import RecognisedItem
from storage import Database, Tx
from storage.records import Identity

log = structlog.get_logger()

SECRET_BYTES = 24  # 192 bits: unguessable, short enough to type from a slide if need be
# How often an open board looks for new counts: often enough to feel live at the table,
# and one look serves every screen that shows the same board.
EVERY_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class RoundOnBoard:
    kind: str
    # "waiting" (not opened yet), "open" or "done"
    state: str
    closes_at: dt.datetime | None
    # perspective -> (people who answered, answers given)
    answered: dict[str, tuple[int, int]]
    # The extra round's question (the facilitator's words); the others have their title.
    question: str | None = None

    @property
    def answers(self) -> int:
        return sum(given for _, given in self.answered.values())


@dataclass(frozen=True, slots=True)
class ThemeOnBoard:
    name: str
    # perspective -> its answers in the theme, in the session's order of perspectives
    answers: dict[str, int]
    recognised: int  # marks "recognisable" on its answers
    broadly: int  # of its answers, those recognised across the perspectives


@dataclass(frozen=True, slots=True)
class Board:
    """What a board shows; equal boards look the same, so only a change is sent on."""

    title: str
    tz: str
    # perspective -> people taking part, in the session's order of perspectives
    joined: dict[str, int]
    rounds: tuple[RoundOnBoard, ...]
    themes: tuple[ThemeOnBoard, ...] = ()
    # Answers of the closed rounds looked at while sorting (put in a theme or skipped),
    # and how many there are to sort.
    sorted_answers: int = 0
    to_sort: int = 0
    mirrors: int = 0  # rounds shared back with the participants
    recognised: int = 0  # marks "recognisable", over every shared round
    broadly: int = 0  # items recognised across the perspectives
    proposals: int = 0
    backings: int = 0
    agreed: int = 0  # proposals that became agreed actions

    @property
    def total_joined(self) -> int:
        return sum(self.joined.values())

    @property
    def rounds_done(self) -> int:
        return sum(1 for r in self.rounds if r.state == "done")

    @property
    def open_round(self) -> RoundOnBoard | None:
        return next((r for r in self.rounds if r.state == "open"), None)


def address(base_url: str, secret: str) -> str:
    """The board's page on the web (web/app.py serves `/b/{secret}`)."""
    return f"{base_url}/b/{secret}"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def new_link(db: Database, clock: Clock, session_id: int) -> str:
    """A new secret for the session's board; the one before stops working at once."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    async with db.transaction() as tx:
        if await tx.sessions.get(session_id) is None:
            raise Gone()
        await tx.boards.replace(session_id, _hash(secret), clock.now())
    return secret


async def show(
    db: Database,
    secret: str,
    brake: WrongCodeBrake | None = None,
    tries_key: Identity | None = None,
) -> Board:
    """The board a link shows now; a replaced or unknown link is gone.

    With a brake, whoever `tries_key` names is slowed down after wrong links, as for
    invite codes: a board link is a secret too.
    """
    if brake is not None and tries_key is not None:
        await brake.refuse_if_braked(tries_key)
    async with db.read() as tx:
        board = await _board(tx, _hash(secret))
    if brake is not None and tries_key is not None:
        await brake.tried(tries_key, found=board is not None)
    if board is None:
        raise Gone()
    return board


async def _board(tx: Tx, secret_hash: str) -> Board | None:
    session_id = await tx.boards.session_of(secret_hash)
    if session_id is None:
        return None
    session = await tx.sessions.get(session_id)
    if session is None:
        return None
    joined_by = await tx.boards.joined(session.id)
    rounds = {r.kind: r for r in await tx.rounds.of_session(session.id)}
    # A left-out answer is on no board, as in no summary, report or export.
    counts = await tx.rounds.counts(session.id, left_out=False)
    perspectives = [p.value for p in Perspective if p.value in session.perspectives]
    progress = []
    for kind in rounds_held(set(rounds)):
        found = rounds.get(kind.value)
        state = "waiting" if found is None else "open" if found.is_open else "done"
        answered = {p: (0, 0) for p in perspectives}
        for count in counts:
            if count.kind == kind.value and count.perspective in answered:
                answered[count.perspective] = (count.people, count.contributions)
        closes_at = found.closes_at if found is not None and found.is_open else None
        question = (
            await tx.questions.wording(session.id, kind.value, EVERYONE)
            if kind is RoundKind.EXTRA
            else None
        )
        progress.append(RoundOnBoard(kind.value, state, closes_at, answered, question))
    looked_at, to_sort = await tx.boards.sorting(session.id)
    mirrors = await tx.mirrors.of_session(session.id)
    # The one rule for "broadly recognised" that the summary, report and exports use.
    recognised = await recognition_of(tx, session.id) if mirrors else []
    proposed = await tx.boards.proposals(session.id)
    return Board(
        title=session.title,
        tz=session.tz,
        joined={p: joined_by.get(p, 0) for p in perspectives},
        rounds=tuple(progress),
        themes=await _themes(tx, session.id, perspectives, recognised),
        sorted_answers=looked_at,
        to_sort=to_sort,
        mirrors=len(mirrors),
        recognised=sum(item.total for item in recognised),
        broadly=sum(1 for item in recognised if item.broadly),
        proposals=proposed.proposals,
        backings=proposed.backings,
        agreed=proposed.agreed,
    )


async def _themes(
    tx: Tx, session_id: int, perspectives: list[str], recognised: list[RecognisedItem]
) -> tuple[ThemeOnBoard, ...]:
    """Per theme, its answers per perspective and the recognition they got."""
    answers: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    for count in await tx.boards.themes(session_id):
        names[count.theme_id] = count.name
        row = answers.setdefault(count.theme_id, {p: 0 for p in perspectives})
        if count.perspective in row:
            row[count.perspective] = count.answers
    marks = {name: 0 for name in names.values()}
    broad = dict(marks)
    for item in recognised:
        if item.theme in marks:
            marks[item.theme] += item.total
            broad[item.theme] += item.broadly
    return tuple(
        ThemeOnBoard(name, answers[theme_id], marks[name], broad[name])
        for theme_id, name in names.items()
    )


@dataclass(eq=False, slots=True)
class _Feed:
    """The latest board of one link, and who is waiting for the next one."""

    board: Board | None = None
    version: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    watchers: int = 0
    task: asyncio.Task[None] | None = None

    def publish(self, board: Board | None) -> None:
        self.board = board
        self.version += 1
        # Everyone waiting wakes; whoever waits next waits for the change after this one.
        self.changed.set()
        self.changed = asyncio.Event()


class LiveBoards:
    """Boards open on screens, told of new counts.

    One look at the database per board link every `every` seconds while any screen shows
    it, however many screens that are; nothing while none does. `close()` ends every
    board's stream, so a server can stop while boards are open.
    """

    def __init__(self, every: float = EVERY_SECONDS) -> None:
        self.every = every
        self._feeds: dict[str, _Feed] = {}
        self._closed = False

    async def follow(self, db: Database, secret: str) -> AsyncIterator[Board]:
        """The board now, then each time it changes; ends when the link stops working
        or the boards close."""
        key = _hash(secret)
        feed = self._feeds.get(key)
        if feed is None:
            feed = self._feeds[key] = _Feed()
        feed.watchers += 1
        if feed.task is None:
            feed.task = asyncio.create_task(self._look(db, key, feed), name="board")
        seen = 0
        try:
            while not self._closed:
                if feed.version == seen:
                    await feed.changed.wait()
                    continue
                seen = feed.version
                if feed.board is None:
                    return  # the link was replaced, or the session is gone
                yield feed.board
        finally:
            feed.watchers -= 1
            if feed.watchers == 0:
                if feed.task is not None:
                    feed.task.cancel()
                self._feeds.pop(key, None)

    @property
    def watched(self) -> int:
        """How many board links are being looked at now."""
        return len(self._feeds)

    async def _look(self, db: Database, key: str, feed: _Feed) -> None:
        while True:
            try:
                async with db.read() as tx:
                    board = await _board(tx, key)
            except Exception:
                # The database went away under us (a stop): the boards end, and the
                # browsers reconnect to a fresh look once the server is back.
                log.exception("board_look_failed")
                feed.publish(None)
                return
            if feed.version == 0 or board != feed.board:
                feed.publish(board)
            if board is None:
                return
            await asyncio.sleep(self.every)

    async def close(self) -> None:
        """End every board's stream and stop looking."""
        self._closed = True
        tasks = [feed.task for feed in self._feeds.values() if feed.task is not None]
        for feed in self._feeds.values():
            feed.changed.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
