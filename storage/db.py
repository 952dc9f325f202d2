"""Open the SQLite database, bring its schema up to date and hand out transactions."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.changes import ERASED, NOTHING, Changes, Listener, Listeners
from storage.group_commit import GroupCommit
from storage.rounds import Filed, NewAnswer
from storage.tx import Tx

MIGRATIONS = Path(__file__).with_name("migrations")


def migration_files() -> list[tuple[int, Path]]:
    """Return the numbered migration files, oldest first."""
    found = []
    for path in MIGRATIONS.glob("*.sql"):
        number, _, _ = path.stem.partition("_")
        found.append((int(number), path))
    return sorted(found)


class Database:
    """One connection, serialised by a lock: SQLite has one writer anyway.

    Every read and write runs under the lock (`transaction()`, `one_write()` or `read()`),
    so a coroutine never sees another coroutine's half-done work on the shared connection.
    Once a block that queued messages or timers has committed, the listeners of that kind
    are told (`on_commit`): nobody wakes delivery or the scheduler by hand.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        # The repositories hold nothing but the connection and the block's changes (one
        # block at a time, under the lock): one set serves every block.
        self._changes = Changes()
        self._listeners = Listeners()
        self._tx = Tx(conn, self._changes)
        self._answers = GroupCommit(self._add_answers, key=lambda answer: answer.identity)
        self.path = path
        # How many erasures scrubbed the files. The update that asked for one still holds
        # its words in the inbox (a button's update carries the message it sits under)
        # until it is marked handled: marking it scrubs once more (bot/inbox.py).
        self.erasures = 0

    @classmethod
    async def open(cls, path: str | Path, *, upto: int | None = None) -> Database:
        """Open (or create) the database file and apply pending migrations."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        conn = await aiosqlite.connect(path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        # NORMAL in WAL mode survives a crash of this process (kill -9); only a
        # power cut can lose the last commits. FULL would fsync every answer.
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA busy_timeout = 5000")
        # Deleted and overwritten rows are zeroed, not just unlinked: erased words must not
        # stay readable in free pages of the file (see `scrub()` for the WAL).
        await conn.execute("PRAGMA secure_delete = ON")
        db = cls(conn, path)
        await db.migrate(upto=upto)
        return db

    async def schema_version(self) -> int:
        async with self._conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, *, upto: int | None = None) -> list[int]:
        """Apply every migration newer than the file's version; return those applied."""
        applied = []
        async with self._lock:
            current = await self.schema_version()
            for number, path in migration_files():
                if number <= current or (upto is not None and number > upto):
                    continue
                await self._apply(number, path.read_text(encoding="utf-8"))
                applied.append(number)
        return applied

    async def _apply(self, number: int, script: str) -> None:
        """Run one migration in one transaction: a failing one leaves the old schema.

        Foreign keys are off meanwhile, as SQLite asks for table rebuilds (dropping a
        referenced table would otherwise cascade); they are checked before the commit.
        """
        await self._conn.execute("PRAGMA foreign_keys = OFF")
        try:
            await self._conn.executescript(f"BEGIN IMMEDIATE;\n{script}")
            async with self._conn.execute("PRAGMA foreign_key_check") as cursor:
                broken = await cursor.fetchall()
            if broken:
                await self._conn.execute("ROLLBACK")
                raise RuntimeError(f"migration {number} breaks {len(broken)} references")
            await self._conn.execute(f"PRAGMA user_version = {number}")
            await self._conn.execute("COMMIT")
        except sqlite3.Error:
            if self._conn.in_transaction:
                await self._conn.execute("ROLLBACK")
            raise
        finally:
            await self._conn.execute("PRAGMA foreign_keys = ON")

    def on_commit(self, kind: str, listener: Listener) -> None:
        """Call `listener` after every commit that changed `kind` (storage.changes: OUTBOX,
        TIMERS, CLOSED_ROUNDS; ERASED after an erasure's scrub); never before the commit,
        never for a block rolled back. The caller whose block committed returns once its
        listeners are done (after the lock is let go, so they may read), and gets their
        errors: its own work is committed all the same."""
        self._listeners.add(kind, listener)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """Run the block in one SQLite transaction; commit on success, roll back on error.

        A task cancelled mid-way (the bot stopping) must not leave the shared connection
        inside a transaction: commit and rollback are shielded, and a transaction a
        cancelled caller left open is rolled back before the next one begins.
        """
        async with self._lock:
            await self._begin()
            try:
                yield self._tx
            except BaseException:
                self._changes.forget()
                await asyncio.shield(self._conn.execute("ROLLBACK"))
                raise
            await asyncio.shield(self._conn.execute("COMMIT"))
            changed = self._changes.take()
        if changed:
            await self._listeners.notify(changed)

    def read(self) -> AbstractAsyncContextManager[Tx]:
        """Run reads only: under the lock (so nothing half-done is seen), without BEGIN or
        COMMIT, which on the hot path cost two trips to SQLite's thread for nothing."""
        return self.one_write()

    @asynccontextmanager
    async def one_write(self) -> AsyncIterator[Tx]:
        """Run statements of which at most one changes anything; each commits by itself.

        Under the lock nobody else's statement comes between them, and one statement is
        atomic on its own: as safe as `transaction()` for such a block, with two trips to
        SQLite's thread fewer. A block that changes two things needs `transaction()`.
        A statement that went through is committed even if the block then fails, so its
        listeners are told either way.
        """
        changed = NOTHING
        try:
            async with self._lock:
                try:
                    yield self._tx
                finally:
                    changed = self._changes.take()
        finally:
            if changed:
                await self._listeners.notify(changed)

    async def add_answer(self, answer: NewAnswer) -> Filed | None:
        """File an answer in the one round open for its author (see
        `Contributions.add_each_to_only_open_round`); committed on return.

        Answers that arrive while others are being stored go together: one statement and
        one commit for all of them (storage/group_commit.py).
        """
        return await self._answers.submit(answer)

    async def _add_answers(self, answers: list[NewAnswer]) -> list[Filed | None]:
        async with self._lock:
            return await self._tx.contributions.add_each_to_only_open_round(answers)

    async def _begin(self) -> None:
        try:
            await self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "within a transaction" not in str(error):
                raise
            # Left open by a caller cancelled during BEGIN: its work never committed.
            await self._conn.execute("ROLLBACK")
            await self._conn.execute("BEGIN IMMEDIATE")

    async def scrub(self, *, erasure: bool = True) -> bool:
        """Copy the WAL into the database file and empty it, after an erasure.

        Until a checkpoint, the WAL keeps earlier versions of changed pages, erased words
        among them; TRUNCATE leaves it empty. False when a reader kept it from finishing.
        `erasure=False`: the second scrub, once the update behind an erasure is handled.
        """
        if erasure:
            self.erasures += 1
        async with self._lock, self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
            row = await cursor.fetchone()
        if erasure:
            # The erasure is committed: what others keep of the erased words goes now.
            await self._listeners.notify(frozenset({ERASED}))
        return row is not None and int(row[0]) == 0

    async def backup(self, target: str | Path) -> None:
        """Copy the database consistently while it is in use (SQLite's online backup)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        async with self._lock, aiosqlite.connect(target) as dest:
            await self._conn.backup(dest)

    async def integrity_check(self) -> str:
        async with self._lock, self._conn.execute("PRAGMA integrity_check") as cursor:
            row = await cursor.fetchone()
        return str(row[0]) if row else ""

    async def close(self) -> None:
        await self._conn.close()
