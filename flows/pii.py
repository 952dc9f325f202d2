"""The personal-details guard: finds what could identify someone in a participant's words.

Names, care institutions and places come from deduce (the maintained Dutch
de-identification library), loaded once, in the background. BSN and IBAN are
checked with python-stdnum, phone numbers with phonenumbers, e-mail addresses
with a strict pattern, and a postcode with a house number with a pattern of its
own: those work from the start, before deduce is ready.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import phonenumbers
from stdnum import iban
from stdnum.nl import bsn

from flows import deduce_cache


class Detail(StrEnum):
    NAME = "name"
    INSTITUTION = "institution"
    PLACE = "place"
    BIRTH_DATE = "birth_date"
    AGE = "age"
    BSN = "bsn"
    PHONE = "phone"
    EMAIL = "email"
    IBAN = "iban"
    ADDRESS = "address"


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    start: int
    end: int
    kind: Detail


EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)
IBAN_CANDIDATE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
# Nine digits, possibly grouped with dots or spaces (1234.56.782, 123 456 782).
BSN_CANDIDATE = re.compile(r"(?<![\d.-])\d{2,9}(?:[. ]\d{2,4}){0,3}(?![\d-])")
POSTCODE_HOUSE = re.compile(
    r"\b[1-9]\d{3}[ ]?[A-Z]{2}\b[ ,]*\d+[a-zA-Z]?\b"
    r"|\b[A-Z][a-z]+(?:straat|laan|weg|plein|singel|gracht|kade|hof)[ ]\d+[a-zA-Z]?\b"
)
BIRTH_WORDS = re.compile(
    r"\b(geboren|geb\.|geboortedatum|jarig|verjaardag|born|birthday)\b", re.IGNORECASE
)

# deduce's tags, and what they mean here (its dates count only as a date of birth).
DEDUCE_TAGS = {
    "persoon": Detail.NAME,
    "patient": Detail.NAME,
    "instelling": Detail.INSTITUTION,
    "ziekenhuis": Detail.INSTITUTION,
    "locatie": Detail.PLACE,
    "leeftijd": Detail.AGE,
    "datum": Detail.BIRTH_DATE,
}


class PersonalDetailsGuard:
    """Load with `load()` (slow, once, off the event loop); `find()` is fast and thread-safe."""

    def __init__(self, cache_dir: Path | None = None, *, rebuild: bool = True) -> None:
        """`cache_dir`: deduce's cache (default: the per-machine folder, see deduce_cache).

        `rebuild`: build it again there when its checksum is missing or wrong; False for a
        folder built at image build, where a mismatch is refused.
        """
        self._cache_dir = cache_dir
        self._rebuild = rebuild
        self._deduce: Any = None
        self._lock = threading.Lock()
        self.failed = False

    @property
    def ready(self) -> bool:
        """True once names, institutions and places can be found too."""
        return self._deduce is not None

    def load(self) -> None:
        """Read deduce's cache once its checksum matches (seconds; minutes when built)."""
        folder = self._cache_dir or deduce_cache.default_folder()
        try:
            self._deduce = deduce_cache.load(folder, rebuild=self._rebuild)
        except Exception:
            self.failed = True
            raise

    def find(self, text: str, *, names: bool = True) -> list[Finding]:
        """Everything in `text` that could identify someone, without overlaps, in order.

        `names=False`: only the quick structured checks (no deduce), fit for the event loop.
        """
        found = [*_structured(text)]
        if names and self._deduce is not None:
            with self._lock:  # deduce's annotators share state between calls
                result = self._deduce.deidentify(text)
            for annotation in result.annotations:
                kind = DEDUCE_TAGS.get(annotation.tag.split("_")[0].lower())
                if kind is Detail.BIRTH_DATE and not _about_birth(text, annotation.start_char):
                    continue
                if kind is not None:
                    found.append(Finding(annotation.start_char, annotation.end_char, kind))
        return _without_overlaps(found)


def mask(text: str, findings: list[Finding], label: Callable[[Detail], str]) -> str:
    """Replace each finding with its label in brackets, e.g. `[name]`."""
    pieces, last = [], 0
    for finding in sorted(findings):
        pieces.append(text[last : finding.start])
        pieces.append(f"[{label(finding.kind)}]")
        last = finding.end
    pieces.append(text[last:])
    return "".join(pieces)


def _structured(text: str) -> list[Finding]:
    found = [Finding(m.start(), m.end(), Detail.EMAIL) for m in EMAIL.finditer(text)]
    for m in IBAN_CANDIDATE.finditer(text):
        if iban.is_valid(m.group()):
            found.append(Finding(m.start(), m.end(), Detail.IBAN))
    for m in BSN_CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) in (8, 9) and bsn.is_valid(digits):
            found.append(Finding(m.start(), m.end(), Detail.BSN))
    for number in phonenumbers.PhoneNumberMatcher(text, "NL"):
        found.append(Finding(number.start, number.end, Detail.PHONE))
    found += [Finding(m.start(), m.end(), Detail.ADDRESS) for m in POSTCODE_HOUSE.finditer(text)]
    return found


def _about_birth(text: str, start: int) -> bool:
    return BIRTH_WORDS.search(text[max(0, start - 40) : start]) is not None


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep the earliest (and then longest) of findings that overlap."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept
