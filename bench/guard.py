"""The personal-details guard: load time, milliseconds per contribution, memory.

Over the labelled Dutch sentences in tests/data: the structured checks alone (what runs
before deduce is loaded) against the full guard with deduce. deduce's lookup cache is the
one the tests use (.cache/deduce); the first run ever builds it, which takes minutes.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from bench.measure import line, rss_mb
from flows.pii import PersonalDetailsGuard

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = ROOT / "tests" / "data" / "personal_details.json"
CACHE = ROOT / ".cache" / "deduce"
REPEAT = 5


def per_text_ms(guard: PersonalDetailsGuard, texts: list[str], *, names: bool) -> float:
    start = time.perf_counter()
    for _ in range(REPEAT):
        for text in texts:
            guard.find(text, names=names)
    return (time.perf_counter() - start) / (REPEAT * len(texts)) * 1000


def run() -> dict[str, float]:
    texts = [s["text"] for s in json.loads(SENTENCES.read_text())["sentences"]]
    guard = PersonalDetailsGuard(CACHE)
    structured = per_text_ms(guard, texts, names=False)
    cached = (CACHE / "lookup_structs.pickle").exists() or any(CACHE.glob("*"))
    before = rss_mb()
    start = time.perf_counter()
    guard.load()
    load_s = time.perf_counter() - start
    grown = rss_mb() - before
    guard.find(texts[0])  # first call warms deduce's tokenizers
    full = per_text_ms(guard, texts, names=True)
    print(f"guard: the personal-details check over {len(texts)} labelled Dutch sentences")
    line("structured checks only (before deduce is ready)", f"{structured:7.2f} ms/answer")
    line("with deduce (names, institutions, places)", f"{full:7.2f} ms/answer")
    line("loading deduce" + (" from its cache" if cached else " (building its cache)"),
         f"{load_s:7.1f} s, RSS +{grown:.0f} MB")  # fmt: skip
    return {"structured_ms": structured, "deduce_ms": full, "load_s": load_s}
