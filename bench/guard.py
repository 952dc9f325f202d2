"""The personal-details guard: how well it finds details, how fast, and what it costs.

    python -m bench guard                         # timing and scores on tests/data's set
    python -m bench guard --cases FILE            # scores on any labelled file
    python -m bench guard --cases FILE --structured-only   # without loading deduce

A labelled file holds one JSON object a line: {"text": "...", "pii": ["name", ...]}, an
empty list for a sentence without details; "hide" (optional) lists the pieces of the text
that masking must leave out. Scores: sentence recall (sentences with details of which the
guard flags anything), false alarms (clean sentences it flags), per category how many of
the sentences labelled with it the guard found that kind in, and whether masks are
complete: every piece to hide that the guard marked at all must be hidden whole (what it
did not mark is a miss, not a leak).
Figures are printed for the structured checks alone (what runs before deduce is loaded)
and for the full guard with deduce, whose cache is the per-machine one the tests use.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.measure import line, rss_mb
from flows import deduce_cache
from flows.pii import PersonalDetailsGuard, mask

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "data" / "personal_details_fresh.jsonl"
REPEAT = 5

# Other names a labelled set may use for our categories.
ALIASES = {
    "person": "name",
    "persoon": "name",
    "naam": "name",
    "first_name": "name",
    "school": "institution",
    "organisation": "institution",
    "organization": "institution",
    "instelling": "institution",
    "location": "place",
    "locatie": "place",
    "plaats": "place",
    "date_of_birth": "birth_date",
    "dob": "birth_date",
    "geboortedatum": "birth_date",
    "leeftijd": "age",
    "phone_number": "phone",
    "telefoon": "phone",
    "e-mail": "email",
    "mail": "email",
    "bank_account": "iban",
    "street": "address",
    "adres": "address",
    "house_number": "address",
}


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    pii: frozenset[str]
    hide: tuple[str, ...] = ()


@dataclass
class Score:
    with_details: int = 0
    flagged: int = 0  # sentences with details in which the guard found anything
    clean: int = 0
    false_alarms: int = 0
    pieces: int = 0  # pieces of text labelled to be hidden
    pieces_flagged: int = 0  # of those, pieces the guard marked at least in part
    pieces_hidden: int = 0  # of those, pieces the mask hides whole
    labelled: Counter[str] = field(default_factory=Counter)
    hits: Counter[str] = field(default_factory=Counter)
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.flagged / self.with_details if self.with_details else float("nan")

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.clean if self.clean else float("nan")


def read_cases(path: Path) -> list[Case]:
    cases = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            labels = frozenset(ALIASES.get(str(k).lower(), str(k).lower()) for k in item["pii"])
            cases.append(Case(item["text"], labels, tuple(item.get("hide", ()))))
        except (ValueError, KeyError, TypeError) as error:
            raise SystemExit(f"{path}:{number}: not a labelled line ({error})") from error
    return cases


def score(guard: PersonalDetailsGuard, cases: list[Case], *, names: bool) -> Score:
    result = Score()
    for case in cases:
        found = guard.find(case.text, names=names)
        kinds = {f.kind.value for f in found}
        if not case.pii:
            result.clean += 1
            if found:
                result.false_alarms += 1
                result.alarms.append(case.text)
            continue
        result.with_details += 1
        result.flagged += bool(found)
        if not found:
            result.missed.append(case.text)
        result.labelled.update(case.pii)
        result.hits.update(case.pii & kinds)
        for piece in case.hide:
            for m in re.finditer(rf"(?<!\w){re.escape(piece)}(?!\w)", case.text):
                covered = sum(max(0, min(f.end, m.end()) - max(f.start, m.start())) for f in found)
                result.pieces += 1
                if covered:
                    result.pieces_flagged += 1
                    if covered == m.end() - m.start():
                        result.pieces_hidden += 1
                    else:  # a detail the guard marked, partly left visible by its mask
                        result.leaks.append(mask(case.text, found, lambda kind: kind.value))
    return result


def report(title: str, result: Score, *, examples: bool = True) -> None:
    print(f"  {title}")
    line("  sentence recall (>= 0.9)",
         f"{result.recall:5.2f}  ({result.flagged} of {result.with_details})")  # fmt: skip
    line("  false alarms (<= 1 in 16 = 0.06)",
         f"{result.false_alarm_rate:5.2f}  ({result.false_alarms} of {result.clean})")  # fmt: skip
    if result.pieces:
        line("  masks complete (flagged details hidden whole)",
             f"{result.pieces_hidden / max(1, result.pieces_flagged):5.2f}"
             f"  ({result.pieces_hidden} of {result.pieces_flagged}; "
             f"{result.pieces - result.pieces_flagged} of {result.pieces} pieces not flagged)")  # fmt: skip
    for kind in sorted(result.labelled):
        line(f"    {kind}", f"{result.hits[kind]:3} of {result.labelled[kind]:3} found as {kind}")
    if examples:
        for label, texts in (
            ("missed", result.missed),
            ("false alarm", result.alarms),
            ("partly visible", result.leaks),
        ):
            for text in texts:
                print(f"    {label}: {text}")


def per_text_ms(guard: PersonalDetailsGuard, texts: list[str], *, names: bool) -> float:
    start = time.perf_counter()
    for _ in range(REPEAT):
        for text in texts:
            guard.find(text, names=names)
    return (time.perf_counter() - start) / (REPEAT * len(texts)) * 1000


def run(cases_file: Path | None = None, *, structured_only: bool = False) -> dict[str, float]:
    path = cases_file or CASES
    cases = read_cases(path)
    texts = [case.text for case in cases]
    guard = PersonalDetailsGuard()
    print(f"guard: the personal-details check over {len(cases)} labelled sentences ({path.name})")
    structured = score(guard, cases, names=False)
    report("structured checks only (before deduce is ready)", structured)
    figures = {"recall_structured": structured.recall}
    if structured_only:
        return figures
    folder = deduce_cache.default_folder()
    cached = deduce_cache.matches(folder)
    structured_ms = per_text_ms(guard, texts, names=False)
    before = rss_mb()
    start = time.perf_counter()
    guard.load()
    load_s = time.perf_counter() - start
    grown = rss_mb() - before
    guard.find(texts[0])  # the first call warms deduce's tokenizers
    full = score(guard, cases, names=True)
    report("with deduce (names, institutions, places)", full)
    full_ms = per_text_ms(guard, texts, names=True)
    line("time per answer: structured checks only", f"{structured_ms:7.2f} ms")
    line("time per answer: with deduce", f"{full_ms:7.2f} ms")
    line("loading deduce" + (" from its cache" if cached else " (building its cache)"),
         f"{load_s:7.1f} s, RSS +{grown:.0f} MB")  # fmt: skip
    return {
        **figures,
        "recall": full.recall,
        "false_alarms": full.false_alarm_rate,
        "structured_ms": structured_ms,
        "deduce_ms": full_ms,
        "load_s": load_s,
    }
