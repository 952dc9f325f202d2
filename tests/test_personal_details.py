"""The personal-details guard: what it finds in Dutch sentences, and what participants see."""

from __future__ import annotations

import json
import pickle
import shutil
from collections import Counter
from pathlib import Path

import pytest

from bot import personal_details
from flows import deduce_cache
from flows.pii import Detail, PersonalDetailsGuard, mask
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import daytime, rows

LABELLED = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "personal_details_first.jsonl")
    .read_text()
    .splitlines()
]
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


def test_the_cache_is_kept_outside_the_work_tree() -> None:
    root = Path(__file__).resolve().parent.parent
    folder = deduce_cache.default_folder({"XDG_CACHE_HOME": "/somewhere/cache"})
    assert folder == Path("/somewhere/cache/dialoogbot") / f"deduce-{deduce_cache.version()}"
    assert not deduce_cache.default_folder().resolve().is_relative_to(root)
