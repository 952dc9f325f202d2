"""People's rights over their words: consent, leaving, export, erasure, retention."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from flows import model, retention
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows


async def session_with(world: World, *names: str) -> tuple[Person, scenario.Links, list[Person]]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    people = [world.person(n) for n in names]
    for person in people:
        await scenario.join(person, links.participant["parent"])
    await facilitator.send("/open")
    return facilitator, links, people


def bodies(world: World) -> list[str]:
    return [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions ORDER BY id")]


async def test_my_data_sends_everything_stored_as_json(world: World) -> None:
    _, _, (sanne,) = await session_with(world, "Sanne")
    await sanne.send("Mijn eigen woorden")
    await sanne.send("/mijngegevens")
    document = sanne.last.document
    assert document is not None and document.file_name == "dialoogbot-mijn-gegevens.json"
    # With it, what she can do next.
    assert sanne.last.text == (
        "Hetzelfde, en al het andere dat we bewaren, als bestand dat een computer kan lezen"
        " (JSON)."
    )
    data = json.loads(document.content)
    assert data["identities"] == [{"channel": "telegram", "external_id": str(sanne.id)}]
    (taking,) = data["taking_part"]
    assert taking["perspective"] == "parent"
    assert taking["consent_version"] == model.CONSENT_VERSION
    assert taking["appears_as"] == "name" and taking["name_shown"] == "Sanne"
    assert [a["text"] for a in taking["answers"]] == ["Mijn eigen woorden"]
    stranger = world.person("Niemand")
    await stranger.send("/mijngegevens")
    assert stranger.last.text == "We bewaren niets over jou."


async def test_my_data_in_english_is_named_in_english(world: World) -> None:
    _, _, (sanne,) = await session_with(world, "Sanne")
    en = world.person("Sanne", lang="en", user_id=sanne.id)
    await en.send("/mydata")
    assert en.last.document is not None
    assert en.last.document.file_name == "dialoogbot-my-data.json"


async def test_my_data_reads_in_the_chat_in_parts_with_the_file_after_it(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality",))
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await scenario.join(sanne, links.participant["parent"], appear="zelfgekozen", pseudonym="Zon")
    await scenario.join(kees, links.participant["worker"])
    # Long answers: together more than one Telegram message holds.
    long = [f"Antwoord {n}: " + "we wachtten lang op hulp en niemand belde terug. " * 30
            for n in range(1, 4)]  # fmt: skip
    await facilitator.send("/open")
    for words in long:
        await sanne.send(words)
    await facilitator.send("/sluit")
    for words in ("Lang wachten.", "Een vast aanspreekpunt."):
        await facilitator.send("/open")
        await sanne.send(words)
        await facilitator.send("/sluit")
    await kees.press("Stel een actie voor")
    await kees.send("Elke maand overleg met school")
    await sanne.press("Stel een actie voor")
    await sanne.send("Eén vast telefoonnummer voor ouders")
    await sanne.press("Steun 1")  # Kees's

    before = len(sanne.messages)
    await sanne.send("/mijngegevens")
    said = sanne.messages[before:]
    *parts, file = said
    assert file.document is not None and file.document.file_name.endswith(".json")
    assert len(parts) >= 2, "more than 4,096 characters go as several messages"
    assert all(len(p.text.encode("utf-16-le")) // 2 <= 4096 for p in parts)
    assert world.standin.count("sendMessage", status=400) == 0
    text = "\n".join(p.text for p in parts)
    assert text.startswith("Wat we over jou bewaren")
    assert "• Je doet mee vanuit dit perspectief: ouder/inwoner" in text
    assert "• Onder je antwoorden staat: Zon" in text
    assert "Je krijgt de samenvatting." in text
    assert "Je gaf toestemming op " in text
    for words in long:  # each whole, on a line of its own, in one of the parts
        line = f"• {words.strip()} (Wat ging goed?)"
        assert any(line in p.text.splitlines() for p in parts)
    assert "• Een vast aanspreekpunt." in text
    assert "• Eén vast telefoonnummer voor ouders" in text
    assert "Je steunde 1 voorstel van anderen." in text
    assert "/vergeetmij" in parts[-1].text and "/stop" in parts[-1].text
    assert "{" not in text, "no JSON in the chat"
    # The file still holds everything, for a computer.
    data = json.loads(file.document.content)
    (taking,) = data["taking_part"]
    assert [a["text"] for a in taking["answers"]][-1] == "Een vast aanspreekpunt."


async def test_forget_me_erases_the_person_and_their_words_everywhere(world: World) -> None:
    facilitator, _, (sanne, kees) = await session_with(world, "Sanne", "Kees")
    await sanne.send("Dit moet weg")
    await kees.send("Dit blijft")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")
    snapshot = rows(world.db_path, "SELECT snapshot FROM summaries")[0]["snapshot"]
    assert "Dit moet weg" in snapshot

    await sanne.send("/vergeetmij")
    await sanne.press("Nee")
    assert "niets gewist" in sanne.last.text
    await sanne.send("/vergeetmij")
    await sanne.press("Ja, wis alles")
    assert sanne.last.text.startswith("Klaar. We hebben alles over jou gewist.")

    assert rows(world.db_path, "SELECT * FROM identities WHERE external_id = ?", (sanne.id,)) == []
    assert bodies(world) == ["Dit blijft"]
    summary = json.loads(rows(world.db_path, "SELECT snapshot FROM summaries")[0]["snapshot"])
    assert "Dit moet weg" not in json.dumps(summary)
    (parents,) = [c for c in summary["counts"] if c["perspective"] == "parent"]
    assert (parents["joined"], parents["answered"], parents["contributions"]) == (1, 1, 1)
    await sanne.send("/mijngegevens")
    assert sanne.last.text == "We bewaren niets over jou."


async def test_a_facilitator_who_is_forgotten_leaves_their_sessions_nameless(world: World) -> None:
    facilitator, _, (sanne,) = await session_with(world, "Sanne")
    await facilitator.send("/vergeetmij")
    await facilitator.press("Ja, wis alles")
    kept = rows(world.db_path, "SELECT people.*, external_id FROM sessions JOIN people"
                " ON people.id = owner_id LEFT JOIN identities ON person_id = people.id")  # fmt: skip
    assert [(r["external_id"], r["is_facilitator"]) for r in kept] == [(None, 0)]
    await sanne.send("Het gaat door")
    assert sanne.last.text.startswith("✓ Bewaard.")


async def test_stop_keeps_answers_anonymised(world: World) -> None:
    facilitator, _, (sanne,) = await session_with(world, "Sanne")
    await sanne.send("Mag blijven")
    await sanne.send("/stop")
    assert "Wat moet er gebeuren met de antwoorden die je gaf?" in sanne.last.text
    await sanne.press("Bewaar mijn antwoorden")
    assert "Je 1 antwoord blijft staan, zonder je naam." in sanne.last.text
    participant = rows(world.db_path, "SELECT * FROM participants")[0]
    assert (participant["person_id"], participant["display_mode"], participant["display_name"]) == (
        None, "anonymous", None,
    )  # fmt: skip
    await sanne.send("Nog iets")
    # Not stored, and she hears why: she left (no longer "I don't know you").
    assert "Je bent gestopt met meedoen aan de sessie" in sanne.last.text
    assert "Nog iets" not in bodies(world)
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    summary = next(m for m in facilitator.messages if m.text.startswith("Samenvatting"))
    assert "Ouder/inwoner: Mag blijven" in summary.text
    assert "Sanne" not in summary.text


async def test_stop_can_take_the_answers_along(world: World) -> None:
    _, _, (sanne, kees) = await session_with(world, "Sanne", "Kees")
    await sanne.send("Neem ik mee")
    await kees.send("Van Kees")
    await sanne.send("/stop")
    await sanne.press("Verwijder mijn antwoorden")
    assert "We hebben je 1 antwoord verwijderd." in sanne.last.text
    assert bodies(world) == ["Van Kees"]


async def test_stop_can_be_cancelled_and_asks_which_session(world: World) -> None:
    facilitator = world.admin()
    first = await scenario.create_session(facilitator, "Noord")
    second = await scenario.create_session(facilitator, "Zuid")
    sanne = world.person("Sanne")
    await scenario.join(sanne, first.participant["parent"])
    await scenario.join(sanne, second.participant["parent"])
    await sanne.send("/stop")
    assert sanne.last.labels == ["Zuid", "Noord"]
    await sanne.press("Noord")
    await sanne.press("Ik doe toch mee")
    assert "Fijn: je doet nog mee." in sanne.last.text
    assert len(rows(world.db_path, "SELECT * FROM participants WHERE left_at IS NULL")) == 2


async def test_a_new_consent_text_is_asked_again_and_the_words_wait(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, _, (sanne,) = await session_with(world, "Sanne")
    await sanne.send("Onder de oude versie")
    newer = str(int(model.CONSENT_VERSION) + 1)
    monkeypatch.setattr(model, "CONSENT_VERSION", newer)
    await sanne.send("Na de nieuwe versie")
    assert "We hebben veranderd waarvoor we je toestemming vragen" in sanne.last.text
    assert bodies(world) == ["Onder de oude versie"]
    await sanne.press("Ja, ik ga akkoord")
    assert sanne.last.text.startswith("Dank je. ✓ Je antwoord is bewaard.")
    assert bodies(world) == ["Onder de oude versie", "Na de nieuwe versie"]
    versions = [r["consent_version"] for r in rows(world.db_path, "SELECT * FROM participants")]
    assert versions == [newer]


async def test_raw_answers_are_purged_after_the_retention_time(world: World) -> None:
    facilitator, _, (sanne,) = await session_with(world, "Sanne")
    await sanne.send("Tijdelijk")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")
    db = world.services.db

    closed_on = world.clock.now()

    class Later:
        """The world's clock, some days after the session closed."""

        def __init__(self, days: int) -> None:
            self.days = days

        def now(self) -> dt.datetime:
            return closed_on + dt.timedelta(days=self.days)

    assert (
        await retention.purge(db, Later(89), retention.Terms(answers_days=90))
    ).contributions == 0
    purged = await retention.purge(db, Later(91), retention.Terms(answers_days=90))
    assert (purged.sessions, purged.contributions) == (1, 1)
    assert bodies(world) == []
    assert "Tijdelijk" in rows(world.db_path, "SELECT snapshot FROM summaries")[0]["snapshot"]
    assert (
        await retention.purge(db, Later(92), retention.Terms(answers_days=90))
    ).sessions == 0  # once


async def test_who_did_not_want_the_summary_hears_how_to_learn_the_keeping_term(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    joke = world.person("Joke")
    await scenario.join(joke, links.participant["partner"], wants_summary=False)
    await facilitator.send("/open")
    await joke.send("Soepel contact met school")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    ended = joke.last.text
    assert "is afgelopen. Bedankt dat je meedeed!" in ended
    # Not "the term you heard when you joined", which no one remembers: where to look it up.
    assert ended.endswith(
        "Je antwoorden worden na een vaste tijd gewist."
        " Typ /privacy om te zien hoe lang, of /vergeetmij om ze nu te wissen."
    )
    await joke.send("/privacy")
    assert "Je antwoorden: tot 90 dagen na het einde van de sessie." in joke.last.text
