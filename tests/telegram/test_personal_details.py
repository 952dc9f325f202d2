"""The personal-details guard: what it finds in Dutch sentences, and what participants see."""

from __future__ import annotations

import asyncio
import gc
import json
import pickle
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from bench import guard as bench_guard
from bot import personal_details
from bot.context import BotContext
from flows import deduce_cache
from flows.pii import Detail, PersonalDetailsGuard, mask
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import daytime, rows

LABELLED = [
    json.loads(line)
    for line in (Path(__file__).parents[1] / "data" / "personal_details_first.jsonl")
    .read_text()
    .splitlines()
]
ROOT = Path(__file__).resolve().parents[2]
FRESH = ROOT / "tests" / "data" / "personal_details_fresh.jsonl"
STRUCTURED = {"bsn", "phone", "email", "iban", "address"}


def test_hits_on_the_labelled_dutch_sentences(loaded_guard: PersonalDetailsGuard) -> None:
    hits, misses, false = Counter(), Counter(), Counter()
    for sentence in LABELLED:
        found = {f.kind.value for f in loaded_guard.find(sentence["text"])}
        wanted = set(sentence["pii"])
        hits.update(found & wanted)
        misses.update(wanted - found)
        false.update(found - wanted)
    print("\nPersonal-details guard on", len(LABELLED), "labelled sentences")
    for kind in sorted(set(hits) | set(misses) | set(false)):
        print(
            f"  {kind:<12} found {hits[kind]:>2}  missed {misses[kind]:>2}  wrongly {false[kind]:>2}"
        )
    found_all, wanted_all = sum(hits.values()), sum(hits.values()) + sum(misses.values())
    print(f"  recall {found_all}/{wanted_all}, false alarms {sum(false.values())}")
    # The structured identifiers are found every time, and nothing is invented.
    assert not (set(misses) & STRUCTURED)
    assert sum(false.values()) == 0
    assert found_all / wanted_all >= 0.9
    clean = [s["text"] for s in LABELLED if not s["pii"]]
    assert all(loaded_guard.find(text) == [] for text in clean)


def test_structured_details_are_found_before_deduce_is_loaded() -> None:
    cold = PersonalDetailsGuard()
    assert not cold.ready
    text = "Bel 06-12345678 of mail jan@example.nl, BSN 111222333."
    kinds = [f.kind for f in cold.find(text)]
    assert kinds == [Detail.PHONE, Detail.EMAIL, Detail.BSN]
    assert (
        mask(text, cold.find(text), lambda d: d.value) == "Bel [phone] of mail [email], BSN [bsn]."
    )


COLD = PersonalDetailsGuard()  # the checks that run before deduce is loaded


def shown(guard: PersonalDetailsGuard, text: str) -> str:
    return mask(text, guard.find(text), lambda kind: kind.value)


def kinds(guard: PersonalDetailsGuard, text: str) -> list[str]:
    return [f.kind.value for f in guard.find(text)]


def test_institutions_by_their_official_names_are_found_and_hidden_whole() -> None:
    for name in ("Accare", "Youké", "GGZ Centraal", "Bureau Jeugdzorg", "UMCG", "Amphia"):
        assert shown(COLD, f"Via {name} kregen we hulp.") == "Via [institution] kregen we hulp."
    # In any case when the name cannot be a plain word; a one-word name only as written.
    assert shown(COLD, "bij bureau jeugdzorg") == "bij [institution]"
    assert COLD.find("Hij heeft een sterk karakter.") == []


def test_deduce_finds_part_of_a_name_and_the_mask_hides_all_of_it(
    loaded_guard: PersonalDetailsGuard,
) -> None:
    # deduce alone marks "Jeugdzorg" only, and tags care institutions "zorginstelling".
    assert shown(loaded_guard, "Bureau Jeugdzorg kwam langs.") == "[institution] kwam langs."
    assert (
        shown(loaded_guard, "Bij Lentis werd niet gebeld.")
        == "Bij [institution] werd niet gebeld."
    )


def test_school_names_are_found() -> None:
    for text, hidden in (
        ("Hij zit op obs De Klimop.", "Hij zit op [institution]."),
        ("Ze ging naar SBO Het Baken.", "Ze ging naar [institution]."),
        ("Op basisschool Sint Jozef was het fijn.", "Op [institution] was het fijn."),
        ("Ze zit op het Dominicus College sinds mei.", "Ze zit op het [institution] sinds mei."),
        ("Het Stedelijk Gymnasium belde ons.", "Het [institution] belde ons."),
    ):
        assert shown(COLD, text) == hidden
    for clean in (
        "Het College van B en W besliste.",
        "Op school ging het beter.",
        "De Mavo was te zwaar.",
    ):
        assert COLD.find(clean) == [], clean


def test_first_names_in_lower_case_after_zoon_dochter_kind() -> None:
    assert shown(COLD, "Onze zoon daan had buikpijn.") == "Onze zoon [name] had buikpijn."
    assert shown(COLD, "Mijn dochter fleur lacht weer.") == "Mijn dochter [name] lacht weer."
    assert shown(COLD, "Ons kind noah is 7.") == "Ons kind [name] is 7."
    for clean in (
        "Mijn dochter wil later in de zorg werken.",
        "Het kind had een vaste plek nodig.",
        "De zoon van de buren hielp.",
    ):
        assert COLD.find(clean) == [], clean


def test_dates_of_birth_with_the_birth_word_before_or_after() -> None:
    assert shown(COLD, "Mijn zoon is geb. 12-5-2014.") == "Mijn zoon is geb. [birth_date]."
    assert shown(COLD, "Hij is op 3 mei 2011 geboren.") == "Hij is op [birth_date] geboren."
    assert COLD.find("Op 3 mei 2011 begon de hulp.") == []


def test_dates_of_birth_found_by_deduce_need_the_birth_word(
    loaded_guard: PersonalDetailsGuard,
) -> None:
    assert kinds(loaded_guard, "Zij werd 3 maart 2015 in het ziekenhuis geboren.") == [
        "birth_date"
    ]
    assert loaded_guard.find("De vergadering was op 3 maart 2025.") == []


def test_an_age_in_brackets_after_a_name(loaded_guard: PersonalDetailsGuard) -> None:
    assert shown(loaded_guard, "Karin (42) kwam op tijd.") == "[name] ([age]) kwam op tijd."
    assert shown(COLD, "Mijn dochter sophie (9 jaar) bleef thuis.") == (
        "Mijn dochter [name] ([age] jaar) bleef thuis."
    )
    assert shown(loaded_guard, "Mijn jongste, Finn van 6, slaapt slecht.") == (
        "Mijn jongste, [name] van [age], slaapt slecht."
    )
    assert COLD.find("Mijn zoon (toen nog klein) begreep het niet.") == []


def test_house_numbers_after_streets_and_neighbourhoods_without_a_suffix(
    loaded_guard: PersonalDetailsGuard,
) -> None:
    for guard in (COLD, loaded_guard):
        assert shown(guard, "Hatertseweg 12-3 is ons huis.") == "[address] is ons huis."
        assert shown(guard, "Ik woon in Dukenburg 14.") == "Ik woon in [address]."
        assert shown(guard, "Ons adres is Meijhorst 70-12.") == "Ons adres is [address]."
    # deduce marks "Tolhuis 52"; the rest of the number is hidden with it.
    assert (
        shown(loaded_guard, "Post voor Tolhuis 52-14 kwam niet.")
        == "Post voor [address] kwam niet."
    )
    for clean in ("Groep 7 was het zwaarste jaar.", "Kantoor 2 was dicht."):
        assert loaded_guard.find(clean) == [], clean


def test_a_municipality_on_its_own_is_not_a_detail(loaded_guard: PersonalDetailsGuard) -> None:
    assert loaded_guard.find("De gemeente Ede betaalde de taxi.") == []
    assert loaded_guard.find("Volgens de Gemeente Tilburg mocht het niet.") == []
    assert kinds(loaded_guard, "Wij wonen in Ede.") == ["place"]


def test_a_capitalised_word_starting_a_sentence_is_not_a_name(
    loaded_guard: PersonalDetailsGuard,
) -> None:
    for clean in (
        "Verdriet was er genoeg.",
        "Geluk was er ook, soms.",
        "Het was zwaar. Vrede kwam pas later.",
        "Moed hadden we nodig.",
    ):
        assert loaded_guard.find(clean) == [], clean
    # A first name there is still a name, and so is a surname after a title.
    assert kinds(loaded_guard, "Joep kwam gisteren langs.") == ["name"]
    assert kinds(loaded_guard, "We spraken meneer Visser.") == ["name"]


def test_the_fresh_labelled_set_meets_the_targets(loaded_guard: PersonalDetailsGuard) -> None:
    cases = bench_guard.read_cases(FRESH)
    result = bench_guard.score(loaded_guard, cases, names=True)
    assert result.with_details >= 40 and result.clean >= 30
    assert result.recall >= 0.9, result.missed
    assert result.false_alarm_rate <= 1 / 16, result.alarms
    assert result.leaks == [] and result.pieces_hidden == result.pieces_flagged


def test_the_scorer_reads_a_labelled_file_and_prints_the_figures(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    lines = [
        {"text": "Bel me op 06-12345678.", "pii": ["phone"], "hide": ["06-12345678"]},
        {"text": "Jan de Vries belde.", "pii": ["person"]},
        {"text": "Het buurtteam kwam snel.", "pii": []},
        {"text": "Mail naar a@example.nl", "pii": ["email"]},
    ]
    cases.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    command = [sys.executable, "-m", "bench", "guard", "--cases", str(cases), "--structured-only"]
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "4 labelled sentences (cases.jsonl)" in out
    assert re.search(r"sentence recall .*0\.67  \(2 of 3\)", out)
    assert re.search(r"false alarms .*0\.00  \(0 of 1\)", out)
    assert re.search(r"masks complete .*1\.00  \(1 of 1; 0 of 1 pieces not flagged\)", out)
    assert re.search(r"name +0 of +1 found as name", out)  # "person" read as "name"
    assert re.search(r"phone +1 of +1 found as phone", out)
    assert "missed: Jan de Vries belde." in out


def test_the_scorer_refuses_a_line_that_is_not_labelled(tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text('{"text": "zonder labels"}\n')
    with pytest.raises(SystemExit, match=r"cases\.jsonl:1"):
        bench_guard.read_cases(cases)


async def answering(world: World) -> tuple[Person, Person]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    return facilitator, sanne


async def test_a_participant_may_hide_the_details_found(
    tmp_path: Path, loaded_guard: PersonalDetailsGuard
) -> None:
    async with World(tmp_path / "g.db", guard=loaded_guard, clock=daytime()) as world:
        _, sanne = await answering(world)
        await sanne.send("Jan de Vries belde me op 06-12345678.")
        warning = sanne.last.text
        assert warning.startswith("✓ Bewaard.")
        assert "[naam] belde me op [telefoonnummer]." in warning
        stored = rows(world.db_path, "SELECT body, flagged FROM contributions")
        assert [(r["body"], r["flagged"]) for r in stored] == [
            ("Jan de Vries belde me op 06-12345678.", 1)
        ]
        await sanne.press("Verberg die gegevens")
        assert "[naam] belde me op [telefoonnummer]." in sanne.last.text
        stored = rows(world.db_path, "SELECT body, flagged FROM contributions")
        assert [(r["body"], r["flagged"]) for r in stored] == [
            ("[naam] belde me op [telefoonnummer].", 0)
        ]


async def test_kept_details_are_flagged_in_the_facilitators_preview(
    tmp_path: Path, loaded_guard: PersonalDetailsGuard
) -> None:
    async with World(tmp_path / "g.db", guard=loaded_guard, clock=daytime()) as world:
        facilitator, sanne = await answering(world)
        await sanne.send("Mail me op sanne@example.nl")
        await sanne.press("Laat het zoals ik het schreef")
        assert "De gespreksleider krijgt een seintje" in sanne.last.text
        await sanne.send("Het buurtteam kwam snel")
        assert "Let op" not in sanne.last.text
        await facilitator.send("/sluit")
        await facilitator.send("/samenvatting")
        preview = next(m for m in facilitator.messages if "Samenvatting:" in m.text)
        assert preview.text.startswith("⚠️ 1 antwoord kan gegevens bevatten")
        assert "• ⚠️ Sanne: Mail me op sanne@example.nl" in preview.text
        assert "• Sanne: Het buurtteam kwam snel" in preview.text
        await facilitator.press("Verstuur")
        sent = next(m for m in sanne.messages if m.text.startswith("Samenvatting:"))
        assert "⚠️" not in sent.text


class BrokenGuard(PersonalDetailsGuard):
    def find(self, text: str) -> list:  # type: ignore[override]
        raise RuntimeError("deduce fell over")

    def find_unless_busy(self, text: str) -> list:  # type: ignore[override]
        raise RuntimeError("deduce fell over")


async def test_a_failing_guard_never_costs_a_contribution(tmp_path: Path) -> None:
    async with World(tmp_path / "g.db", guard=BrokenGuard(), clock=daytime()) as world:
        _, sanne = await answering(world)
        await sanne.send("Bel Jan op 06-12345678")
        assert sanne.last.text.startswith("✓ Bewaard. Dit is je eerste antwoord")
        assert [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions")] == [
            "Bel Jan op 06-12345678"
        ]


class Planted:
    """What someone who can write the cache folder might leave there: unpickling it runs code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return (Path.touch, (self.marker,))


def plant(folder: Path, marker: Path) -> None:
    (folder / deduce_cache.PICKLE).parent.mkdir(parents=True)
    (folder / deduce_cache.PICKLE).write_bytes(pickle.dumps(Planted(marker)))


def test_a_tampered_cache_is_never_unpickled(tmp_path: Path) -> None:
    folder, marker = tmp_path / "deduce-cache", tmp_path / "code-ran"
    plant(folder, marker)
    # No checksum recorded: refused.
    with pytest.raises(deduce_cache.CacheRefused):
        deduce_cache.load(folder, rebuild=False)
    # A checksum recorded for the file that was built, not for the one found now: refused.
    (folder / deduce_cache.CHECKSUM).write_text(f"{'0' * 64}  cache/lookup_structs.pickle\n")
    with pytest.raises(deduce_cache.CacheRefused):
        deduce_cache.load(folder, rebuild=False)
    # The bot with the image's folder set: the guard fails to load, the structured checks go on.
    guard = personal_details.new_guard({personal_details.CACHE_SETTING: str(folder)})
    with pytest.raises(deduce_cache.CacheRefused):
        guard.load()
    assert guard.failed and not guard.ready
    assert [f.kind for f in guard.find("Bel 06-12345678")] == [Detail.PHONE]
    assert not marker.exists()


def test_the_same_planted_file_would_run_code_if_deduce_read_it(tmp_path: Path) -> None:
    """Why the checksum matters: handed to deduce, the planted pickle runs its code."""
    from deduce import Deduce

    folder, marker = tmp_path / "deduce-cache", tmp_path / "code-ran"
    plant(folder, marker)
    with pytest.raises(TypeError):  # deduce reads the planted object as its cache dict
        Deduce(cache_path=folder)
    assert marker.exists()


def test_the_checksum_recorded_at_build_time_is_checked(
    tmp_path: Path, loaded_guard: PersonalDetailsGuard
) -> None:
    built = deduce_cache.default_folder()
    assert deduce_cache.matches(built)
    assert deduce_cache.recorded(built) == deduce_cache.sha256(built / deduce_cache.PICKLE)
    # One byte changed in a copy of the real cache, its checksum copied along: refused.
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    (copy / deduce_cache.PICKLE).chmod(0o644)
    with (copy / deduce_cache.PICKLE).open("r+b") as file:
        file.seek(-10, 2)
        byte = file.read(1)
        file.seek(-10, 2)
        file.write(bytes([byte[0] ^ 1]))
    assert deduce_cache.recorded(copy) == deduce_cache.recorded(built)
    assert not deduce_cache.matches(copy)
    with pytest.raises(deduce_cache.CacheRefused):
        deduce_cache.load(copy, rebuild=False)


def test_deduces_tables_are_loaded_frozen(loaded_guard: PersonalDetailsGuard) -> None:
    """Loaded, deduce's millions of objects are out of the garbage collector's way: a full
    collection would otherwise walk them all (seconds, with the event loop stopped)."""
    assert loaded_guard.ready
    assert gc.get_freeze_count() > 1_000_000


def test_the_cache_is_kept_outside_the_work_tree() -> None:
    root = Path(__file__).resolve().parents[2]
    folder = deduce_cache.default_folder({"XDG_CACHE_HOME": "/somewhere/cache"})
    assert folder == Path("/somewhere/cache/dialoogbot") / f"deduce-{deduce_cache.version()}"
    assert not deduce_cache.default_folder().resolve().is_relative_to(root)


async def test_a_short_answer_never_waits_on_the_event_loop_for_deduce(
    tmp_path: Path, loaded_guard: PersonalDetailsGuard
) -> None:
    """While deduce works on a long text in a thread, a short one must not stop the bot."""
    busy, let_go = threading.Event(), threading.Event()
    gave_up: list[bool] = []

    def long_text() -> None:  # deduce busy in another thread, for as long as the test likes
        with loaded_guard._lock:
            busy.set()
            # Waited on the event loop, the test cannot let go: this thread gives up then.
            gave_up.append(not let_go.wait(timeout=5))

    async with World(tmp_path / "g.db", guard=loaded_guard, clock=daytime()) as world:
        assert world.app is not None
        holder = threading.Thread(target=long_text)
        holder.start()
        busy.wait()
        try:
            found = asyncio.create_task(
                personal_details.findings(BotContext(world.app), "Jan de Vries belde me.")
            )
            await asyncio.sleep(0)  # the short answer's guard runs now
            let_go.set()  # only reached while the thread holds deduce if the loop never waited
            kinds = [f.kind.value for f in await asyncio.wait_for(found, timeout=10)]
        finally:
            let_go.set()
            holder.join()
    assert gave_up == [False]
    assert kinds == ["name"]
