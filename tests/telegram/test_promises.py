"""The consent text says what really happens: each promise it makes is kept.

Who sees what, how long each thing is kept (the numbers in the text are the ones the
purge uses), whom to ask, and /mijngegevens holding everything stored about a person.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, Settings
from flows import retention
from flows.pii import PersonalDetailsGuard
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import daytime, rows

CONTACT = "privacy@gemeente-oost.example, 14 024"


class ConfiguredWorld(World):
    """A world whose bot runs with some settings as an operator would set them."""

    def __init__(self, *args: Any, overrides: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.overrides = overrides

    @property
    def settings(self) -> Settings:
        return dataclasses.replace(super().settings, **self.overrides)


@pytest.fixture
async def configured(tmp_path: Path) -> AsyncIterator[World]:
    overrides = {
        "privacy_contact": CONTACT,
        "retention_days": 30,
        "summary_retention_days": 400,
        "inactive_days": 45,
    }
    async with ConfiguredWorld(tmp_path / "c.db", clock=daytime(), overrides=overrides) as world:
        yield world


def days_in(text: str, pattern: str) -> int:
    """The number of days a sentence of the text states (`N dagen` or `N jaar`)."""
    found = re.search(pattern, text)
    assert found is not None, f"{pattern!r} not in the text"
    number, unit = int(found.group(1)), found.group(2)
    return number * 365 if unit == "jaar" else number


ANSWERS = r"Je antwoorden: tot (\d+) (dagen|dag|jaar) na het einde van de sessie"
SUMMARY = r"De samenvatting, met je antwoorden .*: tot (\d+) (dagen|dag|jaar) na het einde"
INACTIVE = r"als er (\d+) (dagen|dag|jaar) niets in gebeurt"


def test_the_terms_and_the_contact_are_read_from_the_environment() -> None:
    env = {"TELEGRAM_BOT_TOKEN": "1:x"}
    defaults = Settings.from_env(env)
    assert defaults.terms == retention.Terms(90, 730, 180)
    assert defaults.privacy_contact is None
    settings = Settings.from_env(
        env
        | {
            "DIALOOGBOT_RETENTION_DAYS": "30",
            "DIALOOGBOT_SUMMARY_RETENTION_DAYS": "365",
            "DIALOOGBOT_INACTIVE_DAYS": "60",
            "DIALOOGBOT_PRIVACY_CONTACT": f"  {CONTACT} ",
        }
    )
    assert settings.terms == retention.Terms(30, 365, 60)
    assert settings.privacy_contact == CONTACT
    # A summary is never kept shorter than the answers it was made from.
    with pytest.raises(ConfigError, match="DIALOOGBOT_SUMMARY_RETENTION_DAYS"):
        Settings.from_env(env | {"DIALOOGBOT_SUMMARY_RETENTION_DAYS": "60"})
    with pytest.raises(ConfigError, match="DIALOOGBOT_INACTIVE_DAYS"):
        Settings.from_env(env | {"DIALOOGBOT_INACTIVE_DAYS": "0"})


async def test_the_welcome_and_privacy_name_the_contact_and_the_configured_terms(
    configured: World,
) -> None:
    facilitator = configured.admin()
    links = await scenario.create_session(facilitator)
    sanne = configured.person("Sanne")
    await sanne.open_link(links.participant["parent"])
    welcome = sanne.last.text
    await sanne.send("/privacy")
    for text in (welcome, sanne.last.text):
        assert f"Stel ze aan de privacymedewerker van de gemeente: {CONTACT}" in text
        assert (days_in(text, ANSWERS), days_in(text, SUMMARY), days_in(text, INACTIVE)) == (
            30, 400, 45,
        )  # fmt: skip
        assert "naar de andere deelnemers die erom vroegen, en naar de opdrachtgevers" in text
        assert "Telegram bewaart deze chat zelf ook" in text
        assert "Je Telegram-gebruikersnummer en je taal" in text
        assert "die deze bot voor de gemeente beheren, kunnen de opgeslagen gegevens" in text
        assert "Verder niets" not in text
    assert "Autoriteit Persoonsgegevens" in sanne.last.text


async def test_without_a_contact_the_text_says_to_ask_the_facilitator(world: World) -> None:
    sanne = world.person("Sanne")
    await sanne.send("/privacy")
    text = sanne.last.text
    assert "Stel ze aan de gespreksleider. Die geeft je vraag door" in text
    # The defaults, as people read them.
    assert "Je antwoorden: tot 90 dagen na het einde van de sessie." in text
    assert "tot 2 jaar na het einde van de sessie" in text
    assert "als er 180 dagen niets in gebeurt" in text
    assert (days_in(text, ANSWERS), days_in(text, SUMMARY), days_in(text, INACTIVE)) == (
        world.services.settings.retention_days,
        world.services.settings.summary_retention_days,
        world.services.settings.inactive_days,
    )


async def test_each_term_in_the_text_is_the_one_the_purge_keeps(configured: World) -> None:
    world = configured
    admin = world.admin()
    await admin.send("/facilitator")
    facilitator = world.person("Nora")  # made a facilitator by the admin
    await facilitator.open_link(admin.last.text.split()[-1])
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await sanne.send("/privacy")
    text = sanne.last.text
    answers_days, summary_days = days_in(text, ANSWERS), days_in(text, SUMMARY)
    inactive_days = days_in(text, INACTIVE)

    # A session that never ends, and one that ends with a summary, at the same moment.
    idle = await scenario.create_session(facilitator, "Blijft open")
    await scenario.join(kees, idle.participant["parent"])
    await facilitator.send("/open")
    await kees.send("Een antwoord in een sessie die nooit sluit")
    links = await scenario.create_session(facilitator, "Wordt gesloten")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send("Een antwoord dat in de samenvatting komt")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")
    await facilitator.send("/help")  # the last updates leave the inbox
    ended = world.clock.now()

    async def purge_at(days: int, seconds: int = 0) -> retention.Purged:
        world.clock.set(ended + dt.timedelta(days=days, seconds=seconds))
        return await retention.purge(world.services.db, world.clock, world.services.settings.terms)

    def answers() -> list[str]:
        return [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions")]

    def sessions() -> list[str]:
        return [r["title"] for r in rows(world.db_path, "SELECT title FROM sessions ORDER BY id")]

    def known(person: Person) -> bool:
        found = rows(world.db_path, "SELECT 1 FROM identities WHERE external_id = ?", (person.id,))
        return bool(found)

    assert (await purge_at(answers_days, -1)).contributions == 0
    assert len(answers()) == 2
    assert (await purge_at(answers_days)).contributions == 1
    assert answers() == ["Een antwoord in een sessie die nooit sluit"]
    assert rows(world.db_path, "SELECT count(*) AS n FROM summaries")[0]["n"] == 1

    assert (await purge_at(inactive_days, -1)).inactive == 0
    assert (await purge_at(inactive_days)).inactive == 1
    assert sessions() == ["Wordt gesloten"] and answers() == []
    assert not known(kees)  # nothing of his is kept, so neither is his Telegram number

    assert (await purge_at(summary_days, -1)).summaries_ended == 0
    assert known(sanne)
    assert (await purge_at(summary_days)).summaries_ended == 1
    assert sessions() == [] and rows(world.db_path, "SELECT * FROM summaries") == []
    assert not known(sanne)
    assert rows(world.db_path, "SELECT * FROM participants") == []
    assert known(facilitator)  # a facilitator's role is their link to us


async def test_the_summary_goes_only_to_participants_who_asked_and_to_organisers(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["worker"], wants_summary=False)
    organiser = world.person("Opdrachtgever")
    await organiser.open_link(links.organiser)
    await facilitator.send("/open")
    await kees.send("Kees schreef dit")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")

    def got_it(person: Person) -> bool:
        return any(m.text.startswith("Samenvatting") for m in person.messages)

    assert got_it(sanne) and got_it(organiser) and not got_it(kees)
    summary = next(m.text for m in sanne.messages if m.text.startswith("Samenvatting"))
    assert "Kees: Kees schreef dit" in summary  # with the name he chose, as the text says


# Every column that links a row to a person, and where /mijngegevens shows it.
LINKS_TO_PEOPLE = {
    ("sessions", "owner_id"): "sessions_you_lead",
    ("invites", "created_by"): "links_you_made",
    ("participants", "person_id"): "taking_part",
    ("organisers", "person_id"): "organiser_of",
    ("actions", "created_by"): "actions_you_recorded",
    ("actions", "owner_person_id"): "actions_you_took_over",
    ("summaries", "approved_by"): "summaries_you_approved",
    ("dialogues", "person_id"): "step_in_progress",
    ("outbox", "person_id"): "messages_from_the_bot",
    ("pending_answers", "person_id"): "answers_waiting_for_a_session",
    ("co_facilitators", "person_id"): "sessions_you_co_facilitate",
    ("invites", "claimed_by"): "links_you_opened_as_the_one_person",
    ("removed_participants", "person_id"): "sessions_you_were_removed_from",
    ("identities", "person_id"): "identities",
}
# The columns of a person's own rows, and their names in the export.
PEOPLE_COLUMNS = {
    "lang": "language",
    "is_facilitator": "facilitator",
    "active_session_id": "session_you_work_on",
    "unreachable_since": "unreachable_since",
    "created_at": "known_since",
}
PARTICIPANT_COLUMNS = {
    "perspective": "perspective",
    "consent_version": "consent_version",
    "consented_at": "consented_at",
    "display_mode": "appears_as",
    "display_name": "name_shown",
    "wants_summary": "wants_summary",
    "setup_done": "choices_made",
    "left_at": "left_at",
}
ANSWER_COLUMNS = {
    "round_id": "round",
    "body": "text",
    "created_at": "at",
    "edited_at": "changed_at",
    "flagged": "personal_details_flag",
    "left_out_at": "left_out_of_summary_at",
}
# Keys, not data about the person: row ids, and where a Telegram message came from.
TECHNICAL = {"id", "session_id", "person_id", "participant_id", "source_ref"}


def columns(db_path: Path, table: str) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")} - TECHNICAL


def links_to_people(db_path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db_path) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            (table, fk[3])
            for table in tables
            for fk in conn.execute(f"PRAGMA foreign_key_list({table})")
            if fk[2] == "people"
        }


async def test_my_data_covers_every_link_to_a_person_in_the_schema(world: World) -> None:
    """A new column or table about people fails here until /mijngegevens shows it."""
    assert links_to_people(world.db_path) == set(LINKS_TO_PEOPLE)
    assert columns(world.db_path, "people") == set(PEOPLE_COLUMNS)
    assert columns(world.db_path, "participants") == set(PARTICIPANT_COLUMNS)
    assert columns(world.db_path, "contributions") == set(ANSWER_COLUMNS)


async def test_my_data_holds_each_kind_of_row_about_the_person(tmp_path: Path) -> None:
    # The structured checks (a phone number) work without deduce's data.
    guard = PersonalDetailsGuard()
    async with World(tmp_path / "m.db", clock=daytime(), guard=guard) as world:
        facilitator = world.admin()
        links = await scenario.create_session(facilitator)
        sanne = world.person("Sanne")
        await scenario.join(sanne, links.participant["parent"])
        organiser = world.person("Opdrachtgever")
        await organiser.open_link(links.organiser)
        await facilitator.send("/open")
        await sanne.send("Bel me gerust op 06-12345678")
        await sanne.press("Laat het zoals ik het schreef")
        await facilitator.send("/sluit")
        await scenario.add_action(facilitator, "Huiswerkklas starten", "buurtteam", "2 weken")
        await facilitator.press("1 doorgeven")
        await sanne.open_link(facilitator.last.text.split()[-1])
        await sanne.press("Ja, ik doe het")
        await facilitator.send("/samenvatting")
        await facilitator.press("Verstuur")
        await facilitator.send("/nieuw")  # a guided step, left half-way

        exports = {}
        for person in (sanne, facilitator, organiser):
            await person.send("/mijngegevens")
            document = person.last.document
            assert document is not None
            exports[person.name] = json.loads(document.content)

    mine = exports["Sanne"]
    (taking,) = mine["taking_part"]
    assert set(PARTICIPANT_COLUMNS.values()) <= set(taking)
    (answer,) = taking["answers"]
    assert set(ANSWER_COLUMNS.values()) <= set(answer)
    assert (answer["text"], answer["personal_details_flag"]) == (
        "Bel me gerust op 06-12345678", True,
    )  # fmt: skip
    assert [a["action"] for a in mine["actions_you_took_over"]] == ["Huiswerkklas starten"]
    assert "summary" in [m["kind"] for m in mine["messages_from_the_bot"]]
    assert set(PEOPLE_COLUMNS.values()) <= set(mine)

    led = exports["Femke"]
    assert [s["session"] for s in led["sessions_you_lead"]] == ["Evaluatie Buurtteams Oost"]
    assert [a["action"] for a in led["actions_you_recorded"]] == ["Huiswerkklas starten"]
    assert [s["session"] for s in led["summaries_you_approved"]] == ["Evaluatie Buurtteams Oost"]
    assert {link["kind"] for link in led["links_you_made"]} >= {"participant", "organiser"}
    assert not any("code" in link for link in led["links_you_made"])  # keys to a session
    (claimed,) = exports["Opdrachtgever"]["links_you_opened_as_the_one_person"]
    assert (claimed["kind"], claimed["session"]) == ("organiser", "Evaluatie Buurtteams Oost")
    assert led["step_in_progress"]["flow"]
    assert led["session_you_work_on"] == "Evaluatie Buurtteams Oost"

    assert [o["session"] for o in exports["Opdrachtgever"]["organiser_of"]] == [
        "Evaluatie Buurtteams Oost"
    ]
