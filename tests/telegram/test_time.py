"""Deadlines, reminders, quiet hours and follow-ups, with a clock moved by hand (nobody waits)."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from flows import sessions as session_flow
from flows.quiet import is_quiet
from sandbox import scenario
from sandbox.clock import ManualClock
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in November 2026, Amsterdam time (the 27th is a Friday)."""
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=AMSTERDAM).astimezone(dt.UTC)


@pytest.fixture
async def friday(tmp_path: Path) -> AsyncIterator[World]:
    async with World(tmp_path / "time.db", clock=ManualClock(at(27, 15))) as world:
        yield world


async def session(world: World, *names: str) -> tuple[Person, list[Person], Person]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    people = [world.person(n) for n in names]
    for person in people:
        await scenario.join(person, links.participant["parent"])
    organiser = world.person("Opdrachtgever")
    await organiser.open_link(links.organiser)
    return facilitator, people, organiser


def reminders(person: Person) -> list[str]:
    return [t for t in person.texts if t.startswith("⏰")]


async def test_a_round_closes_by_itself_at_its_deadline(friday: World) -> None:
    facilitator, (sanne, kees), _ = await session(friday, "Sanne", "Kees")
    await facilitator.send("/open")
    assert facilitator.last.labels == ["⏱ 10 min", "⏱ 1 uur", "⏱ 1 dag", "⏱ 3 dagen", "⏱ 1 week"]
    toast = await facilitator.press("1 uur")
    assert toast == "De ronde sluit op vrijdag 27 november om 16:00."
    assert facilitator.last.labels == ["+1 uur", "+1 dag", "⏹ Nu sluiten"]
    await facilitator.press("+1 uur")
    await sanne.send("Op tijd")
    await friday.advance(minutes=119)
    assert rows(friday.db_path, "SELECT closed_at FROM rounds")[0]["closed_at"] is None
    await friday.advance(minutes=1)
    closed = facilitator.last.text
    assert closed.startswith("⏱ De tijd is om.\nRonde gesloten: Wat ging goed?")
    assert "1 antwoord · Geantwoord: 1 van de 2 deelnemers." in closed
    await kees.send("Te laat")
    assert kees.last.text.startswith("De ronde “Wat ging goed?” is gesloten.")
    assert [r["body"] for r in rows(friday.db_path, "SELECT body FROM contributions")] == [
        "Op tijd"
    ]


async def test_a_typed_duration_sets_the_deadline_at_once(friday: World) -> None:
    facilitator, (sanne,), _ = await session(friday, "Sanne")
    await facilitator.send("/open morgen")
    assert facilitator.last.text.startswith("Die tijdsduur kan ik niet lezen.")
    await facilitator.send("/open 90m")
    assert "De ronde sluit op vrijdag 27 november om 16:30." in facilitator.last.text
    assert "De ronde sluit op vrijdag 27 november om 16:30." in sanne.last.text


async def test_reminders_go_only_to_those_who_did_not_answer(friday: World) -> None:
    facilitator, (sanne, kees, joke), _ = await session(friday, "Sanne", "Kees", "Joke")
    await facilitator.send("/open 4u")  # halfway 17:00, an hour before 18:00
    await sanne.send("Al geantwoord")
    await friday.advance(hours=2)
    for person in (kees, joke):
        (reminder,) = reminders(person)
        assert "Al geantwoord: 1 van de 3 deelnemers." in reminder
        assert "Sanne" not in reminder
    assert reminders(sanne) == []
    await kees.send("Nu wel")
    await friday.advance(hours=1)
    assert len(reminders(joke)) == 2
    assert "Al geantwoord: 2 van de 3 deelnemers." in reminders(joke)[1]
    assert len(reminders(kees)) == 1
    await facilitator.send("/herinner")
    assert (
        facilitator.last.text
        == "In deze ronde zijn al twee herinneringen verstuurd. Meer kan niet."
    )


async def test_remind_now_and_the_reminder_settings(friday: World) -> None:
    facilitator, (sanne, kees), _ = await session(friday, "Sanne", "Kees")
    await facilitator.send("/instellingen")
    await facilitator.press("alleen halverwege")
    assert facilitator.last.labels[2].startswith("✓ Herinneringen: alleen halverwege")
    await facilitator.send("/open 4u")
    await kees.send("Klaar")
    await facilitator.send("/herinner")
    assert (
        facilitator.last.text
        == "Ik stuur een herinnering naar 1 deelnemer die nog niet heeft geantwoord."
    )
    assert len(reminders(sanne)) == 1 and reminders(kees) == []
    await friday.advance(hours=2)  # halfway: the second and last reminder
    await friday.advance(hours=1, minutes=30)
    assert len(reminders(sanne)) == 2


async def test_quiet_hours_hold_messages_until_the_morning(tmp_path: Path) -> None:
    clock = ManualClock(at(27, 22))
    async with World(tmp_path / "night.db", clock=clock) as world:
        facilitator, (sanne,), _ = await session(world, "Sanne")
        await facilitator.send("/open 1u")
        opened = facilitator.last.text
        assert (
            "Nu gelden de stille uren (21:00–08:00). Daarom gaat de vraag pas op zaterdag 28 november om 08:00 weg."
            in opened
        )
        # The deadline would fall in the night: it moves to the morning.
        assert "De ronde sluit op zaterdag 28 november om 08:00." in opened
        assert not any(t.startswith("Ronde 1 van 3") for t in sanne.texts)
        await world.advance(hours=9, minutes=59)  # 07:59
        assert not any(t.startswith("Ronde 1 van 3") for t in sanne.texts)
        await world.advance(minutes=1)  # 08:00
        assert any(t.startswith("Ronde 1 van 3") for t in sanne.texts)


async def test_quiet_hours_follow_the_time_zone_of_the_deployment(tmp_path: Path) -> None:
    clock = ManualClock(at(27, 15))  # 15:00 in Amsterdam is 23:00 in Tokyo
    async with World(tmp_path / "tokyo.db", clock=clock, tz="Asia/Tokyo") as world:
        facilitator, (sanne,), _ = await session(world, "Sanne")
        await facilitator.send("/open")
        assert "zaterdag 28 november om 08:00" in facilitator.last.text
        assert not any(t.startswith("Ronde 1 van 3") for t in sanne.texts)
        await world.advance(hours=9)  # 08:00 in Tokyo
        assert any(t.startswith("Ronde 1 van 3") for t in sanne.texts)


async def test_typed_due_dates_count_from_today_in_the_session_time_zone(tmp_path: Path) -> None:
    clock = ManualClock(at(27, 17))  # Friday 17:00 in Amsterdam is Saturday 01:00 in Tokyo
    async with World(tmp_path / "tokyo.db", clock=clock, tz="Asia/Tokyo") as world:
        facilitator, _, _ = await session(world, "Sanne")
        await scenario.add_action(facilitator, "Terugbellen", "buurtteam", "over 3 dagen")
        assert "Uiterlijk: 1 december 2026" in facilitator.last.text
        await scenario.add_action(facilitator, "Folder", "gemeente", "2 weken")
        assert "Uiterlijk: 12 december 2026" in facilitator.last.text


async def test_a_live_session_can_switch_quiet_hours_off(tmp_path: Path) -> None:
    async with World(tmp_path / "live.db", clock=ManualClock(at(27, 22))) as world:
        facilitator, (sanne,), _ = await session(world, "Sanne")
        await facilitator.send("/instellingen")
        await facilitator.press("Stille uren uitzetten")
        assert facilitator.saw("Stille uren staan uit")
        await facilitator.send("/open 10m")
        assert "De ronde sluit op vrijdag 27 november om 22:10." in facilitator.last.text
        assert sanne.last.text.startswith("Ronde 1 van 3: Wat ging goed?")


async def test_actions_are_followed_up_on_their_due_date(friday: World) -> None:
    facilitator, _, organiser = await session(friday, "Sanne")
    await scenario.add_action(facilitator, "Terugbellen binnen een week", "buurtteam", "2 weken")
    await friday.advance(days=13, hours=17, minutes=59)  # Friday 11 December, 08:59
    assert not any("Hoe gaat het met deze afspraak?" in t for t in facilitator.texts)
    await friday.advance(minutes=1)
    assert facilitator.last.text.startswith("📋 Hoe gaat het met deze afspraak?")
    assert facilitator.last.labels == ["✅ Klaar", "🟢 Op schema", "🔴 Loopt vast"]
    await facilitator.press("Loopt vast")
    await facilitator.send("Wachten op de school")
    assert facilitator.last.text == "Dank je. De opdrachtgevers krijgen je bericht."
    news = organiser.last.text
    assert news.startswith("🔴 Nieuws over een afspraak")
    assert "Status: loopt vast" in news and "Toelichting: Wachten op de school" in news
    await friday.advance(days=1)
    await facilitator.send("/status")
    assert "⚠️ Over tijd sinds 11 december 2026: Terugbellen binnen een week (buurtteam)" in (
        facilitator.last.text
    )


async def take_over(world: World, facilitator: Person, name: str) -> Person:
    """Hand the newest action to a new person in the bot, who says yes."""
    await facilitator.press("1 doorgeven")
    person = world.person(name)
    await person.open_link(facilitator.last.text.split()[-1])
    await person.press("Ja, ik doe het")
    return person


async def test_whoever_takes_over_an_action_is_asked_about_it(friday: World) -> None:
    facilitator, _, organiser = await session(friday, "Sanne")
    await scenario.add_action(facilitator, "Huiswerkklas starten", "partnerorganisatie", "2 weken")
    await facilitator.press("1 doorgeven")
    link = facilitator.last.text.split()[-1]
    assert facilitator.last.text.startswith("Stuur deze link naar de persoon die deze afspraak")
    ahmed = friday.person("Ahmed")
    await ahmed.open_link(link)
    assert ahmed.last.text.startswith("🤝 Neem jij deze afspraak op je?")
    assert "Huiswerkklas starten" in ahmed.last.text
    assert "11 december 2026" in ahmed.last.text
    known = "SELECT count(*) AS n FROM identities WHERE external_id = ?"
    assert rows(friday.db_path, known, (ahmed.id,))[0]["n"] == 0  # looking stores nothing
    await ahmed.press("Ja, ik doe het")
    assert ahmed.last.text == (
        "Dank je! De afspraak is nu van jou. Op 11 december 2026 vraag ik je hoe het gaat."
    )
    assert ahmed.last.labels == ["↩️ Geef terug"]
    told = await facilitator.wait_for("Iemand heeft een afspraak overgenomen")
    assert "Vanaf nu vraag ik die persoon hoe het gaat, niet jou." in told.text
    assert "Ahmed" not in told.text
    await ahmed.send("/help")
    assert "🤝 Je hebt een afspraak op je genomen: Huiswerkklas starten" in ahmed.last.text
    assert "Op 11 december 2026 vraag ik je hoe het gaat." in ahmed.last.text
    els = friday.person("Els")
    await els.open_link(link)  # the link works once
    assert els.last.text.startswith("Deze uitnodigingslink werkt niet (meer).")
    await friday.advance(days=13, hours=18)  # Friday 11 December, 09:00
    assert ahmed.last.text.startswith("📋 Hoe gaat het met deze afspraak?")
    assert ahmed.last.labels == ["✅ Klaar", "🟢 Op schema", "🔴 Loopt vast", "↩️ Geef terug"]
    assert not any("Hoe gaat het met deze afspraak?" in t for t in facilitator.texts)
    await ahmed.press("Op schema")
    await ahmed.send("Start in januari")
    assert ahmed.last.text == "Dank je. De opdrachtgevers krijgen je bericht."
    for reader in (organiser, facilitator):
        news = (await reader.wait_for("Nieuws over een afspraak")).text
        assert "Status: op schema" in news and "Toelichting: Start in januari" in news


async def test_an_action_given_back_goes_back_to_the_facilitator(friday: World) -> None:
    facilitator, _, _ = await session(friday, "Sanne")
    await scenario.add_action(facilitator, "Folder maken", "gemeente", "2 weken")
    ahmed = await take_over(friday, facilitator, "Ahmed")
    await friday.advance(days=13, hours=18)
    await ahmed.press("Geef terug")
    assert ahmed.last.text.startswith("Klaar. De afspraak ligt weer bij de gespreksleider.")
    await facilitator.wait_for("Een afspraak is aan jou teruggegeven")
    # The question was due already: the facilitator gets it now, with no hand-back button.
    asked = await facilitator.wait_for("Hoe gaat het met deze afspraak?")
    assert asked.labels == ["✅ Klaar", "🟢 Op schema", "🔴 Loopt vast"]
    # Their old answer buttons are gone, and the action is no longer theirs to report on.
    action_id = rows(friday.db_path, "SELECT id FROM actions")[0]["id"]
    toast = await ahmed.press_data(f"fu.status:{action_id}:on_track")
    assert toast == "Sorry, dat kun jij hier niet doen. Typ /help om te zien wat je wel kunt doen."


async def test_a_new_link_hands_the_action_on_and_tells_who_had_it(friday: World) -> None:
    facilitator, _, _ = await session(friday, "Sanne")
    await scenario.add_action(facilitator, "Folder maken", "gemeente", "2 weken")
    ahmed = await take_over(friday, facilitator, "Ahmed")
    els = await take_over(friday, facilitator, "Els")  # 🤝 again: a new link for the same action
    told = await ahmed.wait_for("Iemand anders doet deze afspraak nu")
    assert "Ik vraag je er niet meer naar." in told.text
    await friday.advance(days=13, hours=18)
    assert els.last.text.startswith("📋 Hoe gaat het met deze afspraak?")
    assert not any("Hoe gaat het met deze afspraak?" in t for t in ahmed.texts)


async def test_the_facilitator_is_asked_when_the_new_owner_blocked_the_bot(friday: World) -> None:
    facilitator, _, _ = await session(friday, "Sanne")
    await scenario.add_action(facilitator, "Folder maken", "gemeente", "2 weken")
    ahmed = await take_over(friday, facilitator, "Ahmed")
    friday.standin.block(ahmed.id)
    await friday.settle()
    await friday.advance(days=13, hours=18)
    assert facilitator.last.text.startswith("📋 Hoe gaat het met deze afspraak?")
    assert not any("Hoe gaat het met deze afspraak?" in t for t in ahmed.texts)


async def test_no_thanks_stores_nothing_and_forget_me_hands_the_action_back(
    friday: World,
) -> None:
    facilitator, _, _ = await session(friday, "Sanne")
    await scenario.add_action(facilitator, "Folder maken", "gemeente", "2 weken")
    await facilitator.press("1 doorgeven")
    link = facilitator.last.text.split()[-1]
    els = friday.person("Els")
    await els.open_link(link)
    await els.press("Nee, niet ik")
    assert els.last.text.startswith("Goed. Er verandert niets en ik heb niets bewaard.")
    known = "SELECT count(*) AS n FROM identities WHERE external_id = ?"
    assert rows(friday.db_path, known, (els.id,))[0]["n"] == 0
    ahmed = friday.person("Ahmed")
    await ahmed.open_link(link)  # still works for someone else
    await ahmed.press("Ja, ik doe het")
    await ahmed.send("/mijngegevens")
    document = ahmed.last.document
    assert document is not None
    (took,) = json.loads(document.content)["actions_you_took_over"]
    assert took == {"session": took["session"], "action": "Folder maken",
                    "due_on": "2026-12-11", "status": None, "status_note": None}  # fmt: skip
    await ahmed.send("/vergeetmij")
    await ahmed.press("Ja, wis alles")
    assert (
        rows(friday.db_path, "SELECT owner_person_id FROM actions")[0]["owner_person_id"] is None
    )
    await friday.advance(days=13, hours=18)
    assert facilitator.last.text.startswith("📋 Hoe gaat het met deze afspraak?")


async def test_a_weekend_of_restarts_closes_reminds_and_follows_up_once(tmp_path: Path) -> None:
    clock = ManualClock(at(27, 15))
    sent_at: list[tuple[int, dt.datetime]] = []
    async with World(tmp_path / "weekend.db", clock=clock) as world:
        world.standin.on_call = lambda method, params: sent_at.append(
            (int(params.get("chat_id", 0)), clock.now())
        ) if method == "sendMessage" else None  # fmt: skip
        facilitator, (sanne, kees), organiser = await session(world, "Sanne", "Kees")
        await facilitator.send(
            "/open 3d"
        )  # closes Monday 15:00; reminders Sunday 08:00, Monday 14:00
        await sanne.send("Vrijdag al")
        await scenario.add_action(facilitator, "Evaluatie plannen", "gemeente", "over 3 dagen")
        await world.stop_bot()
        clock.set(at(28, 23))  # Saturday night: start, nothing is due, nothing is sent
        await world.start_bot()
        await world.settle()
        await world.stop_bot()
        clock.set(at(29, 9))  # Sunday morning: the reminder fell due while the bot was down
        await world.start_bot()
        await world.settle()
        assert len(reminders(kees)) == 1 and reminders(sanne) == []
        await world.restart()  # and it does not run twice
        await world.settle()
        assert len(reminders(kees)) == 1
        await world.stop_bot()
        clock.set(at(30, 16))  # Monday afternoon
        await world.start_bot()
        await world.settle()
    assert any(t.startswith("⏱ De tijd is om.") for t in facilitator.texts)
    assert sum(t.startswith("⏱ De tijd is om.") for t in facilitator.texts) == 1
    assert sum("Hoe gaat het met deze afspraak?" in t for t in facilitator.texts) == 1
    assert len(reminders(kees)) == 1  # Monday's reminder came after the round had closed
    assert [
        r["closed_at"] is not None for r in rows(world.db_path, "SELECT closed_at FROM rounds")
    ] == [True]
    participants = {sanne.id, kees.id, organiser.id}
    night = [
        (chat, moment)
        for chat, moment in sent_at
        if chat in participants and is_quiet(moment, "Europe/Amsterdam")
    ]
    assert night == []
    assert (
        rows(world.db_path, "SELECT COUNT(*) AS n FROM timers WHERE done_at IS NULL")[0]["n"] == 0
    )


async def test_an_action_not_done_is_asked_about_again_a_week_later(friday: World) -> None:
    facilitator, _, _ = await session(friday, "Sanne")
    await scenario.add_action(facilitator, "Privacy op één A4", "gemeente", "over 3 dagen")
    await friday.advance(days=2, hours=18)  # Monday 09:00
    await facilitator.press("Op schema")
    await facilitator.press("Geen toelichting")
    asked = lambda: sum("Hoe gaat het met deze afspraak?" in t for t in facilitator.texts)  # noqa: E731
    assert asked() == 1
    await friday.advance(days=6, hours=23)
    assert asked() == 1
    await friday.advance(hours=1)  # a week later, nine o'clock
    assert asked() == 2
    await facilitator.press("Klaar")
    await facilitator.press("Geen toelichting")
    await friday.advance(weeks=2)
    assert asked() == 2


def questions(person: Person) -> int:
    return sum(t.startswith("Ronde 1 van 3") for t in person.texts)


async def test_quiet_hours_switched_off_release_a_question_held_for_the_morning(
    tmp_path: Path,
) -> None:
    async with World(tmp_path / "release.db", clock=ManualClock(at(27, 22))) as world:
        facilitator, (sanne, kees), _ = await session(world, "Sanne", "Kees")
        await facilitator.send("/open")
        assert questions(sanne) == 0  # held for 08:00
        await facilitator.send("/instellingen")
        await facilitator.press("Stille uren")
        assert facilitator.saw("Stille uren staan uit")
        assert questions(sanne) == 1 and questions(kees) == 1  # now, not at 08:00
        await world.advance(hours=10)
        assert questions(sanne) == 1 and questions(kees) == 1  # and not twice


async def test_quiet_hours_switched_off_leave_a_newcomer_notice_its_ten_minutes(
    tmp_path: Path,
) -> None:
    """Only what the quiet hours held is released: the notice waits for its own reason."""
    async with World(tmp_path / "notice.db", clock=ManualClock(at(27, 22))) as world:
        facilitator = world.admin()
        links = await scenario.create_session(facilitator, "Sessie Oost")
        stranger = world.person("Vreemde")
        await stranger.open_link(links.participant["parent"])
        await stranger.press("Ja, ik doe mee")  # and no further
        await facilitator.send("/instellingen")
        await facilitator.press("Stille uren uitzetten")

        def notices() -> int:
            return sum("Nieuw in Sessie Oost" in t for t in facilitator.texts)

        assert notices() == 0
        await world.advance(minutes=9)
        assert notices() == 0
        await world.advance(minutes=2)
        assert notices() == 1


async def test_a_question_held_for_the_morning_is_never_sent_once_its_round_closed(
    tmp_path: Path,
) -> None:
    async with World(tmp_path / "closed.db", clock=ManualClock(at(27, 22))) as world:
        facilitator, (sanne,), _ = await session(world, "Sanne")
        await facilitator.send("/open")
        await facilitator.send("/sluit")
        await facilitator.send("/instellingen")
        await facilitator.press("Stille uren")  # off: what waits may go now ...
        await world.advance(hours=10)  # ... and in the morning
        assert questions(sanne) == 0
        (row,) = rows(world.db_path, "SELECT sent_at, dropped_at FROM outbox WHERE kind = ?",
                      ("round_question",))  # fmt: skip
        assert row["sent_at"] is None and row["dropped_at"] is not None


async def test_quiet_hours_switched_on_at_night_hold_what_has_not_gone_yet(
    tmp_path: Path,
) -> None:
    async with World(tmp_path / "hold.db", clock=ManualClock(at(27, 22))) as world:
        facilitator, (sanne,), _ = await session(world, "Sanne")
        await facilitator.send("/instellingen")
        await facilitator.press("Stille uren")  # off, for a live session
        # The round opens while delivery stands still, so its question has not gone yet ...
        services = world.services
        await services.delivery.stop()
        await session_flow.open_next_round(services.db, services.clock, 1)
        # ... when quiet hours are switched on again.
        await session_flow.set_quiet_hours(services.db, services.clock, 1, True)
        (row,) = rows(world.db_path, "SELECT not_before FROM outbox WHERE kind = ?",
                      ("round_question",))  # fmt: skip
        assert row["not_before"].startswith(at(28, 8).isoformat()[:19])
        await world.restart()
        await world.settle()
        assert questions(sanne) == 0
        await world.advance(hours=9, minutes=59)  # 07:59
        assert questions(sanne) == 0
        await world.advance(minutes=1)
        assert questions(sanne) == 1


async def test_my_data_gives_the_day_of_consent_as_it_was_in_the_netherlands(
    tmp_path: Path,
) -> None:
    # Half past midnight in Amsterdam is still the day before in UTC.
    async with World(tmp_path / "night.db", clock=ManualClock(at(27, 0, 30))) as world:
        _, (sanne,), _ = await session(world, "Sanne")
        await sanne.send("/mijngegevens")
        readable = next(t for t in sanne.texts if t.startswith("Wat we over jou bewaren"))
        assert "Je gaf toestemming op 27 november 2026." in readable


async def answered_with_organiser(world: World) -> tuple[Person, Person]:
    """A session with an organiser and one round answered and closed: the summary is next."""
    facilitator, (sanne,), organiser = await session(world, "Sanne")
    await facilitator.send("/open")
    await sanne.send("Een antwoord")
    await facilitator.send("/sluit")
    return facilitator, organiser


async def test_an_organiser_hears_the_summary_is_on_its_way_while_the_night_holds_it(
    friday: World,
) -> None:
    facilitator, organiser = await answered_with_organiser(friday)
    await friday.advance(hours=7)  # 22:00, in the quiet hours
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await organiser.send("/help")
    assert "De samenvatting en het verslag zijn onderweg" in organiser.last.text
    assert "zijn naar je verstuurd" not in organiser.last.text
    await friday.advance(hours=10, minutes=5)  # 08:05 on Saturday
    assert any(t.startswith("Samenvatting") for t in organiser.texts)
    await organiser.send("/help")
    assert "De samenvatting en het verslag zijn naar je" in organiser.last.text
    # A correction approved the next night: that one is on its way, the first came.
    await friday.advance(hours=14)  # 22:05 on Saturday
    await facilitator.send("/samenvatting")
    await facilitator.press("Openingstekst")
    await facilitator.send("Dank aan iedereen die meedeed.")
    await facilitator.press("Akkoord, verstuur")
    await organiser.send("/help")
    assert "Er is een correctie van de samenvatting onderweg naar je." in organiser.last.text


async def test_an_organiser_the_summary_could_not_reach_hears_so(friday: World) -> None:
    facilitator, organiser = await answered_with_organiser(friday)
    await friday.advance(hours=7)  # 22:00: the summary waits for the morning
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    friday.standin.block(organiser.id)  # and meanwhile the organiser blocks the bot
    await friday.advance(hours=10, minutes=5)
    assert not any(t.startswith("Samenvatting") for t in organiser.texts)
    friday.standin.unblock(organiser.id)
    await organiser.send("/help")
    assert "konden hier niet bij je worden bezorgd" in organiser.last.text
    assert "zijn naar je verstuurd" not in organiser.last.text


async def test_an_organiser_who_had_blocked_the_bot_is_not_told_the_summary_came(
    friday: World,
) -> None:
    facilitator, organiser = await answered_with_organiser(friday)
    friday.standin.block(organiser.id)
    await friday.settle()
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await friday.settle()
    friday.standin.unblock(organiser.id)
    await organiser.send("/help")
    assert "konden hier niet bij je worden bezorgd" in organiser.last.text
    # Nothing is sent to them later for it: the record says only that it did not go.
    await friday.advance(hours=1)
    assert not any(t.startswith("Samenvatting") for t in organiser.texts)


ROUND_OVER = "Deze ronde is al gesloten, dus deze knop doet niets meer."


async def test_the_deadline_buttons_of_a_closed_round_leave_the_next_round_alone(
    friday: World,
) -> None:
    facilitator, (sanne,), _ = await session(friday, "Sanne")
    await facilitator.send("/open")
    first = facilitator.last
    await facilitator.press("1 dag")
    stale = copy.deepcopy(first)  # as the facilitator's phone may still show it
    await sanne.send("Een antwoord")
    await facilitator.send("/sluit")
    await facilitator.send("/open")
    deadlines = "SELECT closes_at, closed_at FROM rounds ORDER BY id"
    before = rows(friday.db_path, deadlines)
    assert before[1]["closes_at"] is None and before[1]["closed_at"] is None
    for label in ("+1 uur", "+1 dag"):
        toast = await facilitator.press(label, stale)
        assert toast == ROUND_OVER
    assert first.labels == []  # the stale buttons are taken off
    toast = await facilitator.press("Nu sluiten", stale)
    assert toast == ROUND_OVER
    # The round open now is untouched: no deadline, still open.
    assert rows(friday.db_path, deadlines) == before
    assert sum("Ronde gesloten" in t for t in facilitator.texts) == 1  # the first round's


async def test_a_deadline_preset_of_a_closed_round_sets_no_deadline_on_the_next(
    friday: World,
) -> None:
    facilitator, _, _ = await session(friday, "Sanne")
    await facilitator.send("/open")
    first = facilitator.last
    await facilitator.send("/sluit")
    await facilitator.send("/open")
    toast = await facilitator.press("1 week", first)
    assert toast == ROUND_OVER
    assert first.labels == []
    (second,) = rows(friday.db_path, "SELECT closes_at FROM rounds WHERE id = 2")
    assert second["closes_at"] is None


async def test_deadline_buttons_from_before_they_named_their_round_do_nothing(
    friday: World,
) -> None:
    facilitator, _, _ = await session(friday, "Sanne")
    await facilitator.send("/open")
    opened = facilitator.last
    gone = "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen."
    for data in ("dl.set:1:1d", "dl.more:1:1h", "dl.close:1"):
        assert await facilitator.press_data(data, opened) == gone
    assert opened.labels == []
    (round_,) = rows(friday.db_path, "SELECT closes_at, closed_at FROM rounds")
    assert round_["closes_at"] is None and round_["closed_at"] is None
