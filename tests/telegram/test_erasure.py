"""Erasure reaches every copy: queued and cached summaries, stored summaries, the files."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from flows import retention
from sandbox import scenario
from sandbox.people import Person
from sandbox.telegram_rules import ApiError
from sandbox.world import World
from tests.conftest import rows

# Words only Sanne wrote: nowhere in the files once she or the purge erased them.
ERASED = "Mijn zoon Daan sliep weken niet door de ruzie thuis"
KEPT = "Het buurtteam belde snel terug"


async def closed_with_summary(world: World) -> tuple[Person, Person, Person]:
    """Sanne and Kees answered, both asked for the summary; it was approved and sent."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send(ERASED)
    await kees.send(KEPT)
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    return facilitator, sanne, kees


def summary_messages(person: Person) -> list[str]:
    return [m.text for m in person.messages if m.text.startswith("Samenvatting")]


def pdf_text(person: Person) -> str:
    (document,) = [m.document for m in person.messages if m.document is not None]
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(document.content)).pages)


def snapshots(world: World) -> str:
    return " ".join(r["snapshot"] for r in rows(world.db_path, "SELECT snapshot FROM summaries"))


def file_bytes(db_path: Path) -> dict[str, bytes]:
    """The database file, its WAL and its shared-memory index, as they are on disk."""
    found = {}
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{db_path}{suffix}")
        if path.exists():
            found[path.name] = path.read_bytes()
    return found


def holding(db_path: Path, words: str) -> list[str]:
    """The files whose bytes still hold these words."""
    return [name for name, data in file_bytes(db_path).items() if words.encode() in data]


def network_failure_once(world: World, chat_id: int, starts: str) -> None:
    """Telegram (the stand-in) answers 502 once, to the first message to this chat that holds
    `starts`: delivery retries later, as after any network trouble."""
    original = world.standin._api_sendMessage
    failed = False

    async def flaky(params: dict[str, Any]) -> Any:
        nonlocal failed
        if not failed and int(params["chat_id"]) == chat_id and starts in str(params["text"]):
            failed = True
            raise ApiError(502, "Bad Gateway")
        return await original(params)

    world.standin._api_sendMessage = flaky  # type: ignore[method-assign]


async def test_a_summary_queued_before_forget_me_goes_out_without_the_erased_words(
    world: World,
) -> None:
    facilitator, sanne, kees = await closed_with_summary(world)
    network_failure_once(world, kees.id, "Samenvatting")
    await facilitator.press("Verstuur")
    # Sanne got it (delivery rendered it, and the PDF, and kept them); Kees's waits.
    assert ERASED in summary_messages(sanne)[0]
    assert ERASED in pdf_text(sanne)
    assert summary_messages(kees) == []
    assert world.services.delivery.summary_copies() > 0

    await sanne.send("/vergeetmij")
    await sanne.press("Ja, wis alles")
    # The erasure's commit told delivery: no copy made before it is kept.
    assert world.services.delivery.summary_copies() == 0
    await world.advance(seconds=10)  # the retry falls due

    (received,) = summary_messages(kees)
    assert KEPT in received and ERASED not in received
    assert KEPT in pdf_text(kees) and "Daan" not in pdf_text(kees)


async def test_a_summary_queued_before_stop_goes_out_without_the_words_or_without_the_name(
    world: World,
) -> None:
    facilitator, sanne, kees = await closed_with_summary(world)
    network_failure_once(world, kees.id, "Samenvatting")
    await facilitator.press("Verstuur")
    assert "Sanne: " + ERASED in summary_messages(sanne)[0]

    await sanne.send("/stop")
    await sanne.press("Bewaar mijn antwoorden")
    await world.advance(seconds=10)

    (received,) = summary_messages(kees)
    assert ERASED in received and "Sanne" not in received
    assert "Sanne" not in pdf_text(kees)


async def test_stop_deleting_the_answers_takes_them_out_of_approved_summaries(
    world: World,
) -> None:
    facilitator, sanne, _ = await closed_with_summary(world)
    await facilitator.press("Verstuur")
    assert ERASED in snapshots(world)
    await sanne.send("/stop")
    await sanne.press("Verwijder mijn antwoorden")
    assert "We hebben je 1 antwoord verwijderd." in sanne.last.text

    summary = json.loads(snapshots(world))
    assert ERASED not in json.dumps(summary, ensure_ascii=False)
    (parents,) = [c for c in summary["counts"] if c["perspective"] == "parent"]
    assert (parents["joined"], parents["answered"], parents["contributions"]) == (1, 1, 1)


async def test_stop_keeping_the_answers_takes_the_name_out_of_approved_summaries(
    world: World,
) -> None:
    facilitator, sanne, _ = await closed_with_summary(world)
    await facilitator.press("Verstuur")
    assert "Sanne" in snapshots(world)
    await sanne.send("/stop")
    await sanne.press("Bewaar mijn antwoorden")

    assert ERASED in snapshots(world) and "Sanne" not in snapshots(world)
    entries = [
        e
        for r in json.loads(snapshots(world))["rounds"]
        for g in r["groups"]
        for e in g["entries"]
        if e["text"] == ERASED
    ]
    assert [(e["display_mode"], e["display_name"]) for e in entries] == [("anonymous", None)]


async def test_a_summary_still_queued_for_someone_who_left_is_withdrawn(world: World) -> None:
    facilitator, sanne, _ = await closed_with_summary(world)
    network_failure_once(world, sanne.id, "Samenvatting")
    await facilitator.press("Verstuur")
    await sanne.send("/stop")
    await sanne.press("Bewaar mijn antwoorden")
    await world.advance(seconds=10)
    assert summary_messages(sanne) == []


@pytest.mark.parametrize("keep", ["Bewaar mijn antwoorden", "Verwijder mijn antwoorden"])
async def test_a_session_ended_message_still_queued_for_someone_who_left_is_withdrawn(
    world: World, keep: str
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["parent"], wants_summary=False)
    await facilitator.send("/open")
    await sanne.send(KEPT)
    await kees.send(ERASED)
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    network_failure_once(world, kees.id, "is afgelopen")
    await facilitator.press("Verstuur")
    await kees.send("/stop")
    await kees.press(keep)
    await world.advance(seconds=10)
    assert not any("is afgelopen" in m.text for m in kees.messages)
    (item,) = rows(world.db_path, "SELECT * FROM outbox WHERE kind = 'session_ended'")
    assert item["sent_at"] is None and item["error"] == "left"


@pytest.mark.parametrize("how", ["forget", "stop"])
async def test_erased_words_are_not_left_in_the_database_files(world: World, how: str) -> None:
    facilitator, sanne, _ = await closed_with_summary(world)
    await facilitator.press("Verstuur")
    assert holding(world.db_path, ERASED)  # the check can see them
    if how == "forget":
        await sanne.send("/vergeetmij")
        await sanne.press("Ja, wis alles")
    else:
        await sanne.send("/stop")
        await sanne.press("Verwijder mijn antwoorden")
    assert holding(world.db_path, ERASED) == []
    assert holding(world.db_path, KEPT)  # what stays is still there


async def test_the_retention_purge_leaves_no_bytes_behind(world: World) -> None:
    facilitator, _, _ = await closed_with_summary(world)
    await facilitator.press("Verstuur")
    terms = world.services.settings.terms
    db = world.services.db
    # An abandoned session: answered, never closed.
    links = await scenario.create_session(facilitator, "Verlaten sessie")
    ahmed = world.person("Ahmed")
    await scenario.join(ahmed, links.participant["parent"])
    await facilitator.send("/open")
    abandoned = "Niemand kwam ooit terug op mijn vraag over de opvang"
    await ahmed.send(abandoned)
    # The raw update leaves the inbox when it is marked handled, at the next fetch.
    await facilitator.send("/help")
    assert holding(world.db_path, abandoned) and holding(world.db_path, ERASED)

    world.clock.advance(dt.timedelta(days=terms.inactive_days, seconds=1))
    assert (await retention.purge(db, world.clock, terms)).inactive == 1
    assert holding(world.db_path, abandoned) == []

    world.clock.advance(dt.timedelta(days=terms.summary_days))
    assert (await retention.purge(db, world.clock, terms)).summaries_ended == 1
    assert holding(world.db_path, ERASED) == [] and holding(world.db_path, KEPT) == []


async def open_round_with(world: World, name: str) -> tuple[Person, Person]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    person = world.person(name)
    await scenario.join(person, links.participant["parent"])
    await facilitator.send("/open")
    return facilitator, person


async def test_a_deleted_answer_is_not_left_in_the_database_files(world: World) -> None:
    _, sanne = await open_round_with(world, "Sanne")
    await sanne.send(ERASED)
    await sanne.send(KEPT)
    await sanne.press("Verwijderen", sanne.messages[-2])
    await sanne.press("Ja, verwijderen")
    # The button's own update carries the message it sits under, the words in it: it
    # leaves the inbox when it is marked handled (at the next fetch, or a second later).
    await sanne.send("/help")
    assert holding(world.db_path, ERASED) == []
    assert holding(world.db_path, KEPT)


async def test_the_words_an_answer_had_before_a_change_are_not_left_behind(world: World) -> None:
    _, sanne = await open_round_with(world, "Sanne")
    await sanne.send(ERASED)
    await sanne.press("Veranderen")
    await sanne.send(KEPT)
    assert rows(world.db_path, "SELECT body FROM contributions")[0]["body"] == KEPT
    assert holding(world.db_path, ERASED) == []


async def test_the_words_of_someone_removed_are_not_left_behind(world: World) -> None:
    facilitator, stranger = await open_round_with(world, "Vreemde")
    notice = next(m for m in facilitator.messages if "Weghalen uit de sessie" in m.labels)
    await stranger.send(ERASED)
    await facilitator.press("Weghalen uit de sessie", notice)
    await facilitator.press("Ja, weghalen")
    assert rows(world.db_path, "SELECT * FROM contributions") == []
    assert holding(world.db_path, ERASED) == []
