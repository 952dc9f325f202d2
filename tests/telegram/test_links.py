"""Links reach only whom they are meant for: claimed once, announced, removable, ending."""

from __future__ import annotations

import asyncio
import json

import pytest

from flows import retention
from sandbox import scenario
from sandbox.people import Person
from sandbox.standin import ChatMessage
from sandbox.world import World
from tests.conftest import dump, rows
from tests.telegram.rounds import facilitator_with_another

USED = "Deze link is al gebruikt. Hij werkt maar voor één persoon."
DEAD = "Deze uitnodigingslink werkt niet (meer)."


async def test_an_organiser_link_is_claimed_by_the_first_person_who_opens_it(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    pieter, stranger = world.person("Pieter"), world.person("Vreemde")
    await pieter.open_link(links.organiser)
    assert pieter.last.text.startswith("Welkom! Je bent nu opdrachtgever van Sessie Oost.")
    await pieter.open_link(links.organiser)  # the same person again: fine
    assert pieter.last.text == "Je bent al opdrachtgever van Sessie Oost."
    await stranger.open_link(links.organiser)  # forwarded
    assert stranger.last.text.startswith(USED)
    organisers = rows(world.db_path, "SELECT person_id FROM organisers")
    assert len(organisers) == 1
    # The facilitator gets a fresh link for the next organiser.
    await facilitator.send("/uitnodiging")
    fresh = scenario.links_in(facilitator.last.text).organiser
    assert fresh != links.organiser
    await stranger.open_link(fresh)
    assert stranger.last.text.startswith("Welkom! Je bent nu opdrachtgever van Sessie Oost.")
    assert len(rows(world.db_path, "SELECT person_id FROM organisers")) == 2


async def test_a_facilitator_link_is_claimed_once_and_its_claimant_may_reopen_it(
    world: World,
) -> None:
    admin = world.admin()
    await admin.send("/facilitator")
    link = admin.last.text.split()[-1]
    marieke, stranger = world.person("Marieke"), world.person("Vreemde")
    await marieke.open_link(link)
    assert marieke.last.text.startswith("Je bent nu gespreksleider.")
    await marieke.open_link(link)
    assert marieke.last.text.startswith("Je bent nu gespreksleider.")
    before = dump(world.db_path)
    await stranger.open_link(link)
    assert stranger.last.text.startswith(USED)
    assert dump(world.db_path) == before
    await stranger.send("/nieuw")
    assert stranger.last.text.startswith("Sorry, dat kun jij hier niet doen.")


async def test_the_facilitator_hears_of_each_newcomer_as_they_chose_to_appear(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await scenario.join(sanne, links.participant["parent"], appear="zelfgekozen", pseudonym="Zon")
    notice = facilitator.last
    assert notice.text.startswith("👋 Nieuw in Sessie Oost: Zon (ouder/inwoner).")
    assert "Sanne" not in notice.text  # her Telegram name is not how she chose to appear
    assert notice.labels == ["Weghalen uit de sessie"]
    await scenario.join(kees, links.participant["worker"], appear="Anoniem")
    assert facilitator.last.text.startswith("👋 Nieuw in Sessie Oost: Gezinswerker.")
    await world.advance(minutes=11)  # no second notice for people who finished joining
    assert sum("Nieuw in Sessie Oost" in t for t in facilitator.texts) == 2


async def test_someone_who_said_yes_but_went_no_further_is_announced_too(world: World) -> None:
    """They can answer already: the facilitator must not depend on them choosing a name."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    stranger = world.person("Vreemde")
    await stranger.open_link(links.participant["parent"])
    await stranger.press("Ja, ik doe mee")
    await world.advance(minutes=11)
    notice = facilitator.last
    assert notice.text.startswith("👋 Nieuw in Sessie Oost: Ouder/inwoner.")
    assert "koos nog niet hoe" in notice.text
    await facilitator.press("Weghalen uit de sessie", notice)
    await facilitator.press("Ja, weghalen")
    assert rows(world.db_path, "SELECT * FROM participants") == []


async def test_a_stranger_is_removed_with_their_answers_and_cannot_come_back(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    sanne, stranger = world.person("Sanne"), world.person("Vreemde")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(stranger, links.participant["parent"], appear="zelfgekozen", pseudonym="X")
    notice = facilitator.last
    await facilitator.send("/open")
    await sanne.send("Fijn gesprek.")
    await stranger.send("Ik hoor hier niet, maar lees mee.")
    await facilitator.press("Weghalen uit de sessie", notice)
    assert facilitator.last.text.startswith("X (ouder/inwoner) weghalen uit Sessie Oost?")
    await facilitator.press("Ja, weghalen")
    assert facilitator.last.text == "Weggehaald. Ik heb 1 antwoord gewist."
    bodies = [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions")]
    assert bodies == ["Fijn gesprek."]
    assert len(rows(world.db_path, "SELECT * FROM participants")) == 1
    assert stranger.last.text.startswith("De gespreksleider heeft je uit Sessie Oost gehaald.")
    # The forwarded link does not let them in again, nor does their answer count.
    await stranger.open_link(links.participant["parent"])
    assert stranger.last.text.startswith("Bij deze sessie kunnen geen nieuwe mensen meer")
    before = dump(world.db_path)
    await stranger.press_data(f"join.yes:{links.participant['parent'].split('start=')[1]}")
    await stranger.send("Nog een keer.")
    assert dump(world.db_path) == before
    # What is kept about them says so in their own data.
    await stranger.send("/mijngegevens")
    assert stranger.last.document is not None
    mine = json.loads(stranger.last.document.content)
    assert [s["session"] for s in mine["sessions_you_were_removed_from"]] == ["Sessie Oost"]


async def test_a_removed_stranger_stays_refused_after_the_daily_purge(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    stranger = world.person("Vreemde")
    await scenario.join(stranger, links.participant["parent"], appear="zelfgekozen", pseudonym="X")
    await facilitator.press("Weghalen uit de sessie", facilitator.last)
    await facilitator.press("Ja, weghalen")
    # Nothing but the removal links them to the session now; the purge keeps them for it.
    await world.advance(days=2)
    await retention.purge(world.services.db, world.clock, world.services.settings.terms)
    assert len(rows(world.db_path, "SELECT * FROM removed_participants")) == 1
    await stranger.open_link(links.participant["parent"])
    assert stranger.last.text.startswith("Bij deze sessie kunnen geen nieuwe mensen meer")
    assert rows(world.db_path, "SELECT * FROM participants") == []


async def test_removal_is_checked_again_on_every_press(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["parent"])
    sanne_id = rows(
        world.db_path, "SELECT participants.id FROM participants JOIN people"
        " ON people.id = participants.person_id JOIN identities ON identities.person_id = people.id"
        " WHERE identities.external_id = ?", (sanne.id,),
    )[0]["id"]  # fmt: skip
    before = dump(world.db_path)
    # A participant forging the facilitator's button gets nowhere.
    assert (await kees.press_data(f"rm.ok:{sanne_id}") or "").startswith(
        "Sorry, dat kun jij hier niet doen."
    )
    assert dump(world.db_path) == before
    # Once the summary is out, it holds their words: removing them would not reach it.
    await facilitator.send("/open")
    await sanne.send("Fijn gesprek.")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")
    assert any(m.text.startswith("Samenvatting:") for m in sanne.messages)
    toast = await facilitator.press_data(f"rm.ok:{sanne_id}")
    assert toast == "De samenvatting is al verstuurd. Dit kan niet meer veranderen."
    assert len(rows(world.db_path, "SELECT * FROM participants")) == 2


async def test_links_stop_when_the_session_closes(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    await facilitator.send("/medeleider")
    cohost_link = facilitator.last.text.split()[-1]
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send("Fijn gesprek.")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")
    late = world.person("Laat")
    for link in (links.participant["worker"], links.organiser, cohost_link):
        await late.open_link(link)
        assert late.last.text.startswith(DEAD)
    assert rows(world.db_path, "SELECT * FROM identities WHERE external_id = ?", (late.id,)) == []


async def test_links_expire_when_the_facilitator_chose_so(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    assert "De links werken tot " in facilitator.last.text  # four weeks unless chosen
    await world.advance(weeks=4, hours=1)
    late = world.person("Laat")
    await late.open_link(links.participant["parent"])
    assert late.last.text.startswith(DEAD)
    await facilitator.send("/uitnodiging")
    toast = await facilitator.press("Tot het einde")
    assert toast == "De links werken nu tot de sessie sluit."
    await scenario.join(late, links.participant["parent"])
    assert "Alles is klaar" in "\n".join(late.texts)
    toast = await facilitator.press("Links werken 1 week")
    assert (toast or "").startswith("De links werken nu tot ")
    await world.advance(days=8)
    later = world.person("Later")
    await later.open_link(links.participant["worker"])
    assert later.last.text.startswith(DEAD)


async def test_one_time_links_expire_after_a_week(world: World) -> None:
    admin = world.admin()
    await admin.send("/facilitator")
    link = admin.last.text.split()[-1]
    await world.advance(days=8)
    marieke = world.person("Marieke")
    await marieke.open_link(link)
    assert marieke.last.text.startswith(DEAD)


async def test_the_wrong_code_brake_survives_a_restart(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    guesser = world.person("Gokker")
    for attempt in range(4):
        await guesser.send(f"/start gok{attempt}")
    await world.restart()
    await guesser.open_link(links.participant["parent"])
    assert guesser.last.text.startswith("Dat waren te veel links die niet werken.")
    assert (
        rows(world.db_path, "SELECT * FROM identities WHERE external_id = ?", (guesser.id,)) == []
    )
    await world.advance(minutes=1)
    await guesser.open_link(links.participant["parent"])
    assert guesser.last.text.startswith("Hallo") or "Doe je mee?" in guesser.last.text
    # A right code clears what was kept about the guesser.
    assert rows(world.db_path, "SELECT * FROM code_tries") == []


async def test_a_bare_start_answers_as_help_does_while_a_round_is_open(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    # Also what Telegram sends when someone unblocks the bot and taps "Restart".
    await sanne.send("/start")
    assert "uitnodigingslink nodig" not in sanne.last.text
    assert "Je doet mee aan Sessie Oost als ouder of inwoner." in sanne.last.text
    assert "Nu open: Wat ging goed?\nSchrijf je antwoord hier in de chat." in sanne.last.text
    await sanne.send("/help")
    assert sanne.texts[-1] == sanne.texts[-2]


async def test_a_double_tap_on_yes_gives_one_welcome(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    sanne = world.person("Sanne")
    await sanne.open_link(links.participant["parent"])
    welcome = sanne.last
    button = welcome.button("Ja, ik doe mee")
    assert button is not None and button.callback_data is not None
    # Two taps before the bot answered the first.
    world.standin.press(sanne.id, welcome, button.callback_data)
    world.standin.press(sanne.id, welcome, button.callback_data)
    await world.settle()
    assert sum(t.startswith("Fijn dat je meedoet!") for t in sanne.texts) == 1
    assert len(rows(world.db_path, "SELECT * FROM participants")) == 1
    # The last step, tapped twice too: one "all set", one notice to the facilitator.
    await sanne.press("voornaam")
    wish = sanne.last
    yes = wish.button("Ja, stuur")
    assert yes is not None and yes.callback_data is not None
    world.standin.press(sanne.id, wish, yes.callback_data)
    world.standin.press(sanne.id, wish, yes.callback_data)
    await world.settle()
    assert sum(t.startswith("Alles is klaar") for t in sanne.texts) == 1
    assert sum("Nieuw in Sessie Oost" in t for t in facilitator.texts) == 1


async def asked_how_to_appear(world: World) -> tuple[Person, ChatMessage]:
    """Sanne said yes to a session; the message asking how she wants to appear."""
    links = await scenario.create_session(world.admin(), "Sessie Oost")
    sanne = world.person("Sanne")
    await sanne.open_link(links.participant["parent"])
    await sanne.press("Ja, ik doe mee")
    return sanne, sanne.last


async def test_a_double_tap_on_a_chosen_name_asks_for_the_name_once(world: World) -> None:
    sanne, choice = await asked_how_to_appear(world)
    chosen = choice.button("zelfgekozen")
    assert chosen is not None and chosen.callback_data is not None
    answered = len(world.standin.chat(sanne.id).callback_answers)
    # Two taps before the bot answered the first.
    world.standin.press(sanne.id, choice, chosen.callback_data)
    world.standin.press(sanne.id, choice, chosen.callback_data)
    await world.settle()
    ask = "Welke naam wil je gebruiken?"
    assert sum(t.startswith(ask) for t in sanne.texts) == 1
    taps = world.standin.chat(sanne.id).callback_answers[answered:]
    assert len(taps) == 2 and not any(tap["text"] for tap in taps)
    await sanne.send("Zonnebloem")
    assert sanne.last.text == "Wil je de samenvatting krijgen als de sessie klaar is?"
    shown = rows(world.db_path, "SELECT display_mode, display_name FROM participants")
    assert (shown[0]["display_mode"], shown[0]["display_name"]) == ("pseudonym", "Zonnebloem")


async def test_a_change_of_mind_after_a_chosen_name_still_counts(world: World) -> None:
    """Another button while the name is asked for is a change of mind, not a repeat."""
    sanne, choice = await asked_how_to_appear(world)
    chosen, anonymous = choice.button("zelfgekozen"), choice.button("Anoniem")
    assert chosen is not None and chosen.callback_data is not None
    assert anonymous is not None and anonymous.callback_data is not None
    world.standin.press(sanne.id, choice, chosen.callback_data)
    world.standin.press(sanne.id, choice, anonymous.callback_data)
    world.standin.press(sanne.id, choice, chosen.callback_data)
    await world.settle()
    # Each change is taken and asked for: the name, the summary, the name again.
    assert sum(t.startswith("Welke naam wil je gebruiken?") for t in sanne.texts) == 2
    wish = "Wil je de samenvatting krijgen als de sessie klaar is?"
    assert sanne.texts.count(wish) == 1
    await sanne.send("Zonnebloem")
    assert sanne.last.text == wish
    await sanne.press("Ja, stuur")
    assert sum(t.startswith("Alles is klaar") for t in sanne.texts) == 1
    shown = rows(world.db_path, "SELECT display_mode, display_name FROM participants")
    assert (shown[0]["display_mode"], shown[0]["display_name"]) == ("pseudonym", "Zonnebloem")
    assert rows(world.db_path, "SELECT * FROM dialogues") == []


async def test_taps_of_two_people_at_once_are_both_answered(world: World) -> None:
    """The repeat check is per participant: two people joining together both get in."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "Sessie Oost")
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await asyncio.gather(
        sanne.open_link(links.participant["parent"]), kees.open_link(links.participant["parent"])
    )
    for person in (sanne, kees):
        welcome = person.last
        button = welcome.button("Ja, ik doe mee")
        assert button is not None and button.callback_data is not None
        world.standin.press(person.id, welcome, button.callback_data)
    await world.settle()
    for person in (sanne, kees):
        assert sum(t.startswith("Fijn dat je meedoet!") for t in person.texts) == 1
    assert len(rows(world.db_path, "SELECT * FROM participants")) == 2


async def test_a_facilitator_removed_elsewhere_keeps_their_own_step(world: World) -> None:
    host, facilitator, elsewhere = await facilitator_with_another(world)
    await scenario.join(facilitator, elsewhere.participant["worker"])
    notice = host.last
    await facilitator.send("/actie")
    await facilitator.send("Een vast aanspreekpunt")
    # She is taken out of the other session while recording an action in her own.
    await host.press("Weghalen uit de sessie", notice)
    await host.press("Ja, weghalen")
    await facilitator.send("Gemeente")
    await facilitator.send("15-1-2099")
    assert "✓ Afspraak bewaard." in facilitator.texts
    actions = rows(world.db_path, "SELECT what, owner FROM actions")
    assert [(a["what"], a["owner"]) for a in actions] == [("Een vast aanspreekpunt", "Gemeente")]


@pytest.mark.parametrize("way", ["voornaam", "Anoniem"])
async def test_a_double_tap_on_how_to_appear_asks_about_the_summary_once(
    world: World, way: str
) -> None:
    sanne, choice = await asked_how_to_appear(world)
    button = choice.button(way)
    assert button is not None and button.callback_data is not None
    # Two taps before the bot answered the first.
    world.standin.press(sanne.id, choice, button.callback_data)
    world.standin.press(sanne.id, choice, button.callback_data)
    await world.settle()
    ask = "Wil je de samenvatting krijgen als de sessie klaar is?"
    assert sum(t.startswith(ask) for t in sanne.texts) == 1
    await sanne.press("Ja, stuur")
    assert sanne.texts[-2].startswith("Alles is klaar")
