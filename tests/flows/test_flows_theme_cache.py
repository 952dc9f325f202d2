"""What the theme suggestions keep in memory: nothing derived from erased words, even when
the erasure comes while they are being computed; and what waits to be sorted, encoded ahead
in a thread."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from structlog.testing import capture_logs

from flows import answering, joining, mydata, sessions, themes
from flows.access import Actor
from flows.model import Perspective
from flows.people import identify
from flows.similarity import Similarity, _key
from flows.warmup import keep_warm
from sandbox.clock import ManualClock
from storage import Database
from storage.changes import ERASED

WAIT = 30.0  # only a guard against a hang: each wait ends as soon as its event is set

KEPT = "Het buurtteam belde dezelfde dag nog terug."
ON_SCREEN = "Eindelijk een vaste contactpersoon voor ons gezin."
ERASED_TEXT = "Mijn zoon Daan sliep weken niet door de ruzie thuis."


class Gated:
    """A sentence encoder with vectors of its own (a text's hash spread over 16 numbers):
    once `hold` is set, its next call waits in its thread until `go` is set. It notes the
    threads it ran in and the texts it encoded."""

    def __init__(self) -> None:
        self.hold = threading.Event()
        self.entered = threading.Event()
        self.go = threading.Event()
        self.threads: set[int] = set()
        self.texts: list[str] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.threads.add(threading.get_ident())
        self.texts += texts
        if self.hold.is_set():
            self.hold.clear()
            self.entered.set()
            assert self.go.wait(WAIT), "the test never let the encoder go on"
        rows = np.array(
            [np.frombuffer(hashlib.sha512(t.encode()).digest()[:16], np.uint8) for t in texts],
            dtype=np.float32,
        )
        rows -= 127.5
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def holds(similarity: Similarity, text: str) -> bool:
    """Whether anything derived from `text` is in the cache (vector or letter pieces)."""
    return _key(text) in similarity._vectors or _key(text) in similarity._grams


def test_what_is_encoded_while_the_cache_is_emptied_is_not_kept() -> None:
    encoder = Gated()
    similarity = Similarity(loader=lambda: encoder)
    assert similarity.load()
    texts = [KEPT, ERASED_TEXT]
    encoder.hold.set()
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(similarity.prepare, texts)
        assert encoder.entered.wait(WAIT)
        similarity.forget_all()  # an erasure commits while the thread encodes
        encoder.go.set()
        running.result(timeout=WAIT)
    assert similarity.cached == 0
    # Texts read before an erasure and encoded after it: nothing kept either.
    since = similarity.generation
    similarity.forget_all()
    similarity.prepare(texts, since=since)
    assert similarity.cached == 0
    # Read after it: kept as always.
    similarity.prepare(texts, since=similarity.generation)
    assert similarity.cached == 2


@dataclass(frozen=True, slots=True)
class Sorting:
    session_id: int
    sanne: Actor


async def person(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, "telegram", str(number), "nl", is_admin=admin)


async def closed_round(db: Database, clock: ManualClock, said: list[tuple[int, str]]) -> int:
    """A session whose first round is closed, with these answers (person number, text)."""
    made = await sessions.create_session(
        db,
        clock,
        await person(db, 1, admin=True),
        title="Thema's",
        theme="Jeugdhulp",
        perspectives=[Perspective.PARENT],
    )
    session_id = made.session.id
    for number in sorted({number for number, _ in said}):
        code = made.participant_codes[Perspective.PARENT]
        await joining.consent(db, clock, await person(db, number), code)
    await sessions.open_next_round(db, clock, session_id)
    for i, (number, text) in enumerate(said):
        await answering.receive(db, clock, await person(db, number), text, f"m{i}")
    await sessions.close_current_round(db, clock, session_id)
    return session_id


async def test_an_erasure_while_a_sorting_screen_is_computed_leaves_none_of_its_words(
    db: Database, clock: ManualClock
) -> None:
    encoder = Gated()
    similarity = Similarity(loader=lambda: encoder)
    db.on_commit(ERASED, similarity.forget_all)  # as the composition root does
    # Kees's answer in a theme, his second on screen, Sanne's beside it as an alike one.
    session_id = await closed_round(db, clock, [(10, KEPT), (10, ON_SCREEN), (11, ERASED_TEXT)])
    (theme,) = (await themes.add_themes(db, clock, session_id, "Contact")).added
    first = await themes.next_unsorted(db, similarity, session_id)
    assert first is not None and first.answer.body == KEPT
    await themes.place(db, clock, similarity, session_id, first.answer.id, theme.id)
    similarity.forget_all()  # cold, as after a restart

    encoder.hold.set()
    screen = asyncio.create_task(themes.next_unsorted(db, similarity, session_id))
    assert await asyncio.to_thread(encoder.entered.wait, WAIT)  # ranking the themes
    await mydata.forget(db, clock, await person(db, 11))  # Sanne is erased meanwhile
    encoder.go.set()
    shown = await screen
    assert shown is not None and shown.answer.body == ON_SCREEN
    assert ERASED_TEXT in encoder.texts  # it was read before the erasure, and encoded
    assert not holds(similarity, ERASED_TEXT)


# -- Encoding ahead: what waits to be sorted is encoded before anyone opens a sorting screen.


async def test_a_round_that_closes_is_encoded_ahead_in_a_thread_while_the_loop_goes_on(
    db: Database, clock: ManualClock
) -> None:
    encoder = Gated()
    similarity = Similarity(loader=lambda: encoder)
    warm_up = await keep_warm(db, similarity, clock)
    assert similarity.load()
    encoder.threads.clear()  # loaded here, on the test's own thread
    encoder.hold.set()
    session_id = await closed_round(db, clock, [(10, KEPT), (11, ON_SCREEN)])
    # Nobody asked for a sorting screen: closing the round woke the warm-up.
    assert await asyncio.to_thread(encoder.entered.wait, WAIT)
    # The encoder holds its thread; the event loop is free meanwhile.
    overview = await themes.overview(db, session_id)
    assert overview.unsorted == 2
    encoder.go.set()
    await warm_up.idle()
    assert holds(similarity, KEPT) and holds(similarity, ON_SCREEN)
    assert encoder.threads and threading.get_ident() not in encoder.threads


async def test_an_erasure_racing_a_warm_up_leaves_no_vector_of_the_erased_words(
    db: Database, clock: ManualClock
) -> None:
    encoder = Gated()
    similarity = Similarity(loader=lambda: encoder)
    warm_up = await keep_warm(db, similarity, clock)
    assert similarity.load()
    encoder.hold.set()
    await closed_round(db, clock, [(10, KEPT), (11, ERASED_TEXT)])
    assert await asyncio.to_thread(encoder.entered.wait, WAIT)  # encoding both answers
    await mydata.forget(db, clock, await person(db, 11))  # the erasure commits meanwhile
    encoder.go.set()  # the warm-up that read Sanne's words finishes after her erasure
    await warm_up.idle()
    assert encoder.texts.count(ERASED_TEXT) == 1
    assert not holds(similarity, ERASED_TEXT)
    # The erasure emptied the cache; what is left to sort is encoded again.
    assert holds(similarity, KEPT) and encoder.texts.count(KEPT) == 2


async def test_wakes_during_a_warm_up_make_one_more_not_one_at_the_same_time(
    db: Database, clock: ManualClock
) -> None:
    encoder = Gated()
    similarity = Similarity(loader=lambda: encoder)
    warm_up = await keep_warm(db, similarity, clock)
    assert similarity.load()
    encoder.hold.set()
    with capture_logs() as events:
        await closed_round(db, clock, [(10, KEPT), (11, ON_SCREEN)])
        assert await asyncio.to_thread(encoder.entered.wait, WAIT)
        for _ in range(5):
            warm_up.wake()
        encoder.go.set()
        await warm_up.idle()
    warmed = [e for e in events if e["event"] == "themes_warmed_up"]
    # The run under way, then one more for the wakes (it finds everything cached).
    assert [(e["sessions"], e["answers"]) for e in warmed] == [(1, 2), (1, 2)]
    assert encoder.texts.count(KEPT) == 1 and encoder.texts.count(ON_SCREEN) == 1


async def test_a_warm_up_that_fails_says_so_by_the_error_type_and_sorting_still_works(
    db: Database, clock: ManualClock
) -> None:
    class Failing(Gated):
        def encode(self, texts: list[str]) -> np.ndarray:
            if texts != ["."]:  # it loads, then fails on the answers
                raise RuntimeError(f"out of memory encoding {texts}")
            return super().encode(texts)

    similarity = Similarity(loader=Failing)
    warm_up = await keep_warm(db, similarity, clock)
    with capture_logs() as events:
        session_id = await closed_round(db, clock, [(10, KEPT), (11, ON_SCREEN)])
        await warm_up.idle()
    assert [e for e in events if e["event"].startswith("themes_")] == [
        {"event": "themes_warm_up_failed", "error": "RuntimeError", "log_level": "warning"}
    ]
    assert "buurtteam" not in str(events)
    assert similarity.cached == 0
    overview = await themes.overview(db, session_id)
    assert overview.unsorted == 2


async def test_a_warm_up_that_cannot_read_at_the_start_lets_the_bot_start_and_warms_later(
    tmp_path: Path, clock: ManualClock
) -> None:
    """The warm-up only saves the first sorting screen a wait: its failure stops nothing, and
    once the database reads again, a round that closes is warmed up as before."""
    path = tmp_path / "broken.db"
    await (await Database.open(path)).close()
    with sqlite3.connect(path) as conn:
        schema = [
            sql
            for (sql,) in conn.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'theme_answers'"
                " AND sql IS NOT NULL ORDER BY type DESC"  # the table before its indexes
            )
        ]
        conn.execute("DROP TABLE theme_answers")  # what it reads first is unreadable
    db = await Database.open(path)
    encoder = Gated()
    try:
        with capture_logs() as events:
            warm_up = await keep_warm(db, Similarity(loader=lambda: encoder), clock)
            await warm_up.idle()
        with sqlite3.connect(path) as conn:
            for sql in schema:
                conn.execute(sql)
        await closed_round(db, clock, [(10, KEPT), (11, ON_SCREEN)])
        await warm_up.idle()
        await warm_up.stop()
    finally:
        await db.close()
    assert [e for e in events if e["event"].startswith("themes_")] == [
        {"event": "themes_warm_up_failed", "error": "OperationalError", "log_level": "warning"}
    ]
    assert KEPT in encoder.texts and ON_SCREEN in encoder.texts
