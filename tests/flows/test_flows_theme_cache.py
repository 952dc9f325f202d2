"""What the theme suggestions keep in memory: nothing derived from erased words, even when
the erasure comes while they are being computed."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from flows import answering, joining, mydata, sessions, themes
from flows.access import Actor
from flows.model import Perspective
from flows.people import identify
from flows.similarity import Similarity, _key
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
