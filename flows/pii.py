"""The personal-details guard: finds what could identify someone in a participant's words.

Names, care institutions and places come from deduce (the maintained Dutch
de-identification library), loaded once, in the background. BSN and IBAN are
checked with python-stdnum, phone numbers with phonenumbers, e-mail addresses
with a strict pattern; addresses, dates of birth, ages after a name, schools,
institutions from our own list (flows/data) and first names after "zoon",
"dochter" or "kind" with patterns of their own: those work from the start,
before deduce is ready. What deduce finds is then checked against what people
write: a municipality ("de gemeente Ede") is not a detail, nor is a capitalised
word starting a sentence ("Geluk was er genoeg") that deduce took for a name.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import phonenumbers
from stdnum import iban
from stdnum.nl import bsn

from flows import deduce_cache, pii_lists


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
DIGIT = re.compile(r"\d")
MOST_DIGITS = 8  # an IBAN, a BSN or a phone number has at least this many digits
# Nine digits, possibly grouped with dots or spaces (1234.56.782, 123 456 782).
BSN_CANDIDATE = re.compile(r"(?<![\d.-])\d{2,9}(?:[. ]\d{2,4}){0,3}(?![\d-])")

# A house number with what may follow it: 12, 12a, 12-3, 70-12, 221 B.
HOUSE = r"\d{1,5}(?:[ ]?[a-zA-Z](?!\w))?(?:[ ]?[-/][ ]?\d{1,4}[a-zA-Z]?)?(?![\w-])"
STREET_SUFFIX = (
    r"(?:straat|straatweg|laan|weg|plein|singel|gracht|kade|hof|dreef|pad|steeg|markt|dijk"
    r"|ring|baan|wal|park|plantsoen|erf|allee|boulevard|dam|haven)"
)
POSTCODE_HOUSE = re.compile(
    rf"\b[1-9]\d{{3}}[ ]?[A-Z]{{2}}\b[ ,]*(?:(?:nummer|nr\.?)[ ]?)?{HOUSE}"
    rf"|\b(?:[A-Z][a-zà-ÿ.]*[ ](?:(?:van|de|der|den|ten|ter|het)[ ])*)?[A-Z][a-zà-ÿ-]+"
    rf"{STREET_SUFFIX}[ ]{HOUSE}"
)
# A street or neighbourhood without a street suffix, told apart by what comes before it:
# "ik woon in Dukenburg 14", "ons adres is Meijhorst 70-12".
CUED_ADDRESS = re.compile(
    r"(?i:\b(?:adres|woon|woont|woonde|woonden|wonen|woonachtig|huis|verhuisd|verhuizen)\b"
    r"(?:[ ]+(?:is|nu|sinds|kort|toen|nog|naar|op|aan|in|de|het|'t|te):?){0,4})[ ]+"
    rf"(?P<address>[A-Z][a-zà-ÿ'-]+(?:[ ][A-Z][a-zà-ÿ'-]+){{0,2}}[ ]{HOUSE})"
)
# Whatever a house number found by deduce leaves behind ("Tolhuis 52" of "Tolhuis 52-14").
HOUSE_REST = re.compile(r"(?:[ ]?[-/][ ]?\d{1,4}[a-zA-Z]?|[a-zA-Z])(?![\w-])")

MONTHS = (
    r"(?:jan(?:uari)?|feb(?:ruari)?|maart|mrt|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?|aug(?:ustus)?"
    r"|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DATE = rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d{{2}}|\d{{1,2}}[ ]+{MONTHS}\.?[ ]+(?:19|20)\d{{2}})"
BIRTH_DATE = re.compile(
    # "geb. 12-5-2014", "geboren op 3 maart 2015", "geboortedatum: 21-08-2011"
    rf"(?i:(?:\bgeb\.|\bgeboren\b|\bgeboortedatum\b|\bgeboortedag\b|\bborn\b|\bdate of birth\b)"
    rf"[ ]*(?::|is|was|op|on)?[ ]*(?:op[ ]+)?)(?P<date>{DATE})(?!\d)"
    # "… op 3 mei 2011 geboren", "9 februari 2016 is hij geboren"
    rf"|(?<!\d)(?P<date_before>{DATE})(?i:[ ]+(?:\w+[ ]+){{0,3}}geboren\b)"
)
# deduce's dates count only as a date of birth: the birth word before it, or just after.
BIRTH_BEFORE = re.compile(
    r"(?i:\b(?:geboren|geboortedatum|geboortedag|jarig|verjaardag|born|birthday)\b|\bgeb\.)"
)
BIRTH_AFTER = re.compile(r"(?i)^[ ]+(?:\w+[ ]+){0,3}geboren\b")

# Family words after which a first name follows, also typed in lower case ("zoon daan").
KIN = (
    r"(?:zoon|zoontje|dochter|dochtertje|kind|kindje|pleegzoon|pleegdochter|pleegkind"
    r"|stiefzoon|stiefdochter|kleinzoon|kleindochter|broer|broertje|zus|zusje|jongste|oudste)"
)
KIN_NAME = re.compile(rf"(?i:\b{KIN}),?[ ]+(?P<name>[A-Za-zà-ÿ][a-zà-ÿ-]+)\b")
# A capitalised first name after what someone is to the writer ("mijn man Hassan", "onze
# gezinswerker Ingrid Smit"), and any surname after a title ("meneer de Boer", "juf Annemiek").
SURNAME = r"(?:[ ]+(?:(?:van|de|der|den|ter|ten|el|al|El|Al)[ ]+){0,2}[A-Z][\w'-]+)"
ROLE_NAME = re.compile(
    r"(?i:\b(?:man|vrouw|partner|vriend|vriendin|moeder|vader|oma|opa|ex|buurman|buurvrouw"
    r"|gezinswerker|gezinscoach|wijkagent|hulpverlener|begeleider|jeugdarts|huisarts|mentor"
    r"|consulent|coach|jongerenwerker|leerkracht|collega))"
    rf"[ ]+(?P<name>(?P<first>[A-Z][a-zà-ÿ-]+){SURNAME}?)"
)
TITLE_NAME = re.compile(
    r"(?i:\b(?:meneer|mevrouw|mevr\.|mw\.|dhr\.|juf|juffrouw|meester|dokter|dr\.))"
    rf"(?P<name>{SURNAME}(?:[ ]+[A-Z][\w'-]+)?)"
)
# An age right after a name or a family word: "Karin (42)", "sophie (9 jaar)", "Finn van 6".
AGE_AFTER_NAME = re.compile(
    r",?[ ]*\([ ]*(?P<age>\d{1,2})[ ]*(?:jaar|jr\.?|j\.?)?[ ]*\)"
    r"|,?[ ]+van[ ]+(?P<age_van>\d{1,2})(?:[ ]+jaar)?\b"
    r"|,[ ]*(?P<age_comma>\d{1,2})[ ]+(?:jaar|jr\.?)(?!\w)"
)
KIN_AGE = re.compile(rf"(?i:\b{KIN})[ ]*\([ ]*(?P<age>\d{{1,2}})[ ]*(?:jaar|jr\.?|j\.?)?[ ]*\)")
# The words that may stand before the name of a school before "College" and the like.
NOT_A_SCHOOL_NAME = (
    r"(?:De|Het|Een|Mijn|Ons|Onze|Zijn|Haar|Hun|Jullie|Dat|Dit|Die|Deze|Op|In|Naar|Bij|Van"
    r"|Het|Elk|Elke|Ieder|Iedere|Geen|Welk|Welke)"
)
# A town after a word for where ("in Leiden", "naar Wijchen"): deduce passes over some
# that are also Dutch words.
PLACE_AFTER = re.compile(
    r"\b(?:in|uit|naar|te|bij|rond|nabij|vanuit|richting)[ ]+"
    r"(?P<place>[A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)?)"
)
# A school named in one word with "school" ("Mariaschool"), not a kind of school.
NAMED_SCHOOL = re.compile(r"\b(?:[A-Z][\w'-]+[ ])?(?P<school>[A-Z][\w'-]*school)\b")
GENERIC_SCHOOLS = {
    "basisschool",
    "montessorischool",
    "daltonschool",
    "jenaplanschool",
    "praktijkschool",
    "middelbare school",
    "hogeschool",
    "zomerschool",
    "muziekschool",
    "taalschool",
    "rijschool",
}
# Where a sentence starts: deduce takes a capitalised word there for a name if it is one.
SENTENCE_START = re.compile(r"(?:^|[.!?…:;][ \n]+|\n)[\"'“‘«(]?[ ]*$")
MUNICIPALITY = re.compile(r"(?i)\bgemeente[ ]+$")


# deduce's tags (e.g. "persoon", "zorginstelling", "ziekenhuis"), by what they contain.
DEDUCE_TAGS = (
    ("persoon", Detail.NAME),
    ("patient", Detail.NAME),
    ("instelling", Detail.INSTITUTION),
    ("ziekenhuis", Detail.INSTITUTION),
    ("locatie", Detail.PLACE),
    ("leeftijd", Detail.AGE),
    ("datum", Detail.BIRTH_DATE),
)


# deduce's steps whose work is done above (numbers, e-mail) or not needed (the redacted
# text): a quarter less time per answer.
DEDUCE_NOT_NEEDED = {"identifiers", "phone_numbers", "email_addresses", "urls", "redactor"}
# Up to this length `found` runs the guard inline rather than in a thread.
INLINE_CHARACTERS = 500


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
        Waits while deduce works on another text: call it off the event loop, or use
        `find_unless_busy`.
        """
        found = self._find(text, names=names, wait=True)
        assert found is not None  # only None when not waiting
        return found

    def find_unless_busy(self, text: str) -> list[Finding] | None:
        """What `find` finds, or None at once when deduce is busy with another text."""
        return self._find(text, names=True, wait=False)

    async def found(self, text: str) -> list[Finding]:
        """What `find` finds, for the event loop: never waits there while deduce is busy."""
        if len(text) <= INLINE_CHARACTERS:
            # On a short text the whole guard, deduce too, takes about half a millisecond of
            # pure Python: a hop to a thread would not run it beside the event loop (the
            # interpreter lock), only add the hop (measured: half as much again per answer).
            # But never wait here while a long text holds deduce: the whole bot would wait.
            found = self.find_unless_busy(text)
            if found is not None:
                return found
        return await asyncio.to_thread(self.find, text)

    def _find(self, text: str, *, names: bool, wait: bool) -> list[Finding] | None:
        found = _structured(text)
        if names and self._deduce is not None:
            # deduce's annotators share state between calls: one text at a time.
            if not self._lock.acquire(blocking=wait):
                return None
            try:
                result = self._deduce.deidentify(text, disabled=DEDUCE_NOT_NEEDED)
            finally:
                self._lock.release()
            found += _from_deduce(text, result.annotations)
        found += _ages_after_names(text, found)
        return _merged([_completed(text, f) for f in found])


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
    found: list[Finding] = []
    if "@" in text:
        found += [Finding(m.start(), m.end(), Detail.EMAIL) for m in EMAIL.finditer(text)]
    digits = len(DIGIT.findall(text))
    # An IBAN, a BSN and a phone number all have eight digits or more: most answers have
    # none, and the phone number matcher is the dearest check of all.
    if digits >= MOST_DIGITS:
        found += _numbers(text)
    if digits:
        found += [
            Finding(m.start(), m.end(), Detail.ADDRESS) for m in POSTCODE_HOUSE.finditer(text)
        ]
        found += [_group(m, "address", Detail.ADDRESS) for m in CUED_ADDRESS.finditer(text)]
        for m in BIRTH_DATE.finditer(text):
            group = "date" if m.group("date") else "date_before"
            found.append(_group(m, group, Detail.BIRTH_DATE))
        found += [_group(m, "age", Detail.AGE) for m in KIN_AGE.finditer(text)]
    found += [Finding(m.start(), m.end(), Detail.INSTITUTION) for m in _institutions(text)]
    found += _schools(text)
    found += _kin_names(text)
    found += _role_names(text)
    found += _places(text)
    return found


def _numbers(text: str) -> list[Finding]:
    found = []
    for m in IBAN_CANDIDATE.finditer(text):
        if iban.is_valid(m.group()):
            found.append(Finding(m.start(), m.end(), Detail.IBAN))
    for m in BSN_CANDIDATE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if len(digits) in (8, 9) and bsn.is_valid(digits):
            found.append(Finding(m.start(), m.end(), Detail.BSN))
    for number in phonenumbers.PhoneNumberMatcher(text, "NL"):
        found.append(Finding(number.start, number.end, Detail.PHONE))
    return found


def _group(match: re.Match[str], group: str, kind: Detail) -> Finding:
    return Finding(match.start(group), match.end(group), kind)


def _institutions(text: str) -> list[re.Match[str]]:
    return list(pii_lists.institutions().finditer(text))


def _schools(text: str) -> list[Finding]:
    before, after = _school_patterns()
    found = [Finding(m.start(), m.end(), Detail.INSTITUTION) for m in before.finditer(text)]
    found += [Finding(m.start(), m.end(), Detail.INSTITUTION) for m in after.finditer(text)]
    for m in NAMED_SCHOOL.finditer(text):  # "de Prins Willem-Alexanderschool"
        if m.group("school").lower() not in GENERIC_SCHOOLS:
            found.append(Finding(m.start(), m.end(), Detail.INSTITUTION))
    return found


def _kin_names(text: str) -> list[Finding]:
    """First names after "zoon", "dochter", "kind"…, also in lower case ("zoon daan")."""
    first, words = pii_lists.first_names(), pii_lists.words_not_names()
    found = []
    for m in KIN_NAME.finditer(text):
        word = m.group("name").lower()
        if word in first and word not in words:
            found.append(_group(m, "name", Detail.NAME))
    return found


def _places(text: str) -> list[Finding]:
    places = pii_lists.place_names()
    found = []
    for m in PLACE_AFTER.finditer(text):
        # "in Nieuw Lekkerland", or just the first word of "in Leiden Centraal"
        whole, first = m.group("place"), m.group("place").split()[0].split("-")[0]
        if whole.lower() in places:
            found.append(_group(m, "place", Detail.PLACE))
        elif first.lower() in places:
            found.append(Finding(m.start("place"), m.start("place") + len(first), Detail.PLACE))
    return found


def _role_names(text: str) -> list[Finding]:
    first = pii_lists.first_names()
    found = []
    for m in ROLE_NAME.finditer(text):
        if m.group("first").lower() in first:
            found.append(_group(m, "name", Detail.NAME))
    for m in TITLE_NAME.finditer(text):
        name = m.group("name")
        start = m.start("name") + len(name) - len(name.lstrip())  # not the space before it
        found.append(Finding(start, m.end("name"), Detail.NAME))
    return found


def _from_deduce(text: str, annotations: Any) -> list[Finding]:
    """What deduce found that is a detail here, in our kinds."""
    found = []
    for annotation in annotations:
        tag = annotation.tag.lower()
        kind = next((kind for part, kind in DEDUCE_TAGS if part in tag), None)
        start, end = annotation.start_char, annotation.end_char
        if kind is None:
            continue
        if kind is Detail.BIRTH_DATE and not _about_birth(text, start, end):
            continue
        if kind in (Detail.PLACE, Detail.NAME) and MUNICIPALITY.search(text[:start]):
            continue  # "de gemeente Ede": the municipality, not where someone lives
        if kind in (Detail.PLACE, Detail.NAME) and _word_starting_sentence(text, start, end):
            continue
        if kind is Detail.PLACE and any(c.isdigit() for c in text[start:end]):
            kind = Detail.ADDRESS  # deduce tags a street with its number as a place
        found.append(Finding(start, end, kind))
    return found


def _word_starting_sentence(text: str, start: int, end: int) -> bool:
    """A single capitalised word at the start of a sentence that is a plain Dutch word."""
    word = text[start:end]
    return (
        word.isalpha()
        and word.lower() in pii_lists.words_not_names()
        and SENTENCE_START.search(text[:start]) is not None
    )


def _ages_after_names(text: str, found: list[Finding]) -> list[Finding]:
    """An age right after a name: "Karin (42)", "Lotte (16)", "Finn van 6"."""
    ages = []
    for finding in found:
        if finding.kind is not Detail.NAME:
            continue
        m = AGE_AFTER_NAME.match(text, finding.end)
        if m is not None:
            group = next(g for g in ("age", "age_van", "age_comma") if m.group(g))
            ages.append(_group(m, group, Detail.AGE))
    return ages


def _completed(text: str, finding: Finding) -> Finding:
    """A house number found without what follows it ("52" of "52-14") gets the rest too."""
    if finding.kind is Detail.ADDRESS and text[finding.end - 1 : finding.end].isdigit():
        rest = HOUSE_REST.match(text, finding.end)  # anchored at finding.end by match()
        if rest is not None:
            return Finding(finding.start, rest.end(), finding.kind)
    return finding


def _about_birth(text: str, start: int, end: int) -> bool:
    return (
        BIRTH_BEFORE.search(text[max(0, start - 40) : start]) is not None
        or BIRTH_AFTER.match(text[end : end + 40]) is not None
    )


def _merged(findings: list[Finding]) -> list[Finding]:
    """Findings that overlap become one, with the kind of the earliest (then longest):
    a mask never leaves part of a longer finding visible."""
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Finding(last.start, max(last.end, finding.end), last.kind)
            continue
        merged.append(finding)
    return merged


@cache
def _school_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "obs Het Kompas", "SBO De Wielewaal"; "Canisius College", "Stedelijk Gymnasium"."""
    before, after = pii_lists.school_kinds()
    caps = [re.escape(k) for k in before if k.isupper()]
    any_case = [re.escape(k) for k in before if not k.isupper()]
    kinds = "|".join([*caps, f"(?i:{'|'.join(any_case)})"])
    name = r"(?:(?:[Dd]e|[Hh]et|'t|[Ss]int|St\.?)[ ]+)?[A-Z][\w'-]*(?:[ ]+[A-Z][\w'-]*){0,2}"
    return (
        re.compile(rf"(?<![\w.])(?:{kinds})[ ]+{name}"),
        re.compile(
            rf"\b(?!{NOT_A_SCHOOL_NAME}\b)[A-Z][\w'-]+(?:[ ]+[A-Z][\w'-]+)?"
            rf"[ ]+(?:{'|'.join(map(re.escape, after))})\b"
        ),
    )
