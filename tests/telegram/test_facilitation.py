"""The facilitator makes a session, invites, runs the rounds and records the agreed actions."""

from __future__ import annotations

from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows


async def test_a_new_session_gives_one_link_per_chosen_perspective(world: World) -> None:
    facilitator = world.admin()
    await facilitator.send("/nieuw")
    await facilitator.send("Evaluatie West")
    await facilitator.send("Samenwerking met het onderwijs")  # a theme of one's own
    perspectives = facilitator.last
    assert perspectives.labels[:4] == [
        "✅ Ouder/inwoner", "✅ Gezinswerker", "✅ Partnerorganisatie", "✅ Gemeente",
    ]  # fmt: skip
    await facilitator.press("Partnerorganisatie")
    assert facilitator.last.labels[2] == "⬜ Partnerorganisatie"
    await facilitator.press("Klaar")
    links = scenario.links_in(facilitator.last.text)
    assert set(links.participant) == {"parent", "worker", "municipality"}
    codes = [link.split("start=")[1] for link in [*links.participant.values(), links.organiser]]
    assert len(set(codes)) == 4
    assert all(len(code) >= 22 for code in codes)  # 16 random bytes, URL-safe
    session = rows(world.db_path, "SELECT * FROM sessions")[0]
    assert (session["title"], session["theme"], session["phase"]) == (
        "Evaluatie West", "Samenwerking met het onderwijs", "draft",
    )  # fmt: skip


async def test_a_session_needs_a_title_and_a_perspective(world: World) -> None:
    facilitator = world.admin()
    await facilitator.send("/nieuw")
    await facilitator.send("x" * 121)
    assert facilitator.last.text == "Dat is te lang. Gebruik hoogstens 120 tekens."
    await facilitator.send("Evaluatie")
    await facilitator.press("Veiligheid")
    for label in ("Ouder/inwoner", "Gezinswerker", "Partnerorganisatie", "Gemeente"):
        await facilitator.press(label)
    toast = await facilitator.press("Klaar")
    assert toast == "Kies minstens één perspectief."
    assert rows(world.db_path, "SELECT * FROM sessions") == []
    await facilitator.send("iets getypt")
    assert "Gebruik de knoppen hierboven" in facilitator.last.text


async def test_cancel_stops_a_half_made_session(world: World) -> None:
    facilitator = world.admin()
    await facilitator.send("/nieuw")
    await facilitator.send("Half af")
    await facilitator.send("/annuleer")
    assert facilitator.last.text.startswith("Gestopt.")
    await facilitator.send("Gewone tekst")
    assert rows(world.db_path, "SELECT * FROM sessions") == []
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
    # The theme buttons of the stopped dialogue no longer do anything.
    toast = await facilitator.press("Veiligheid")
    assert toast is not None and "werkt niet meer" in toast


async def test_rounds_go_in_order_and_refuse_what_does_not_fit(world: World) -> None:
    facilitator = world.admin()
    await facilitator.send("/open")
    assert "Kies eerst een sessie" in facilitator.last.text
    await scenario.create_session(facilitator)
    await facilitator.send("/sluit")
    assert facilitator.last.text == "Er is nu geen ronde open. Open de volgende met /open."
    await facilitator.send("/samenvatting")
    assert "nog niets om samen te vatten" in facilitator.last.text
    await facilitator.send("/open")
    await facilitator.send("/open")
    assert facilitator.last.text == "Er is nog een ronde open. Sluit die eerst met /sluit."
    await facilitator.send("/samenvatting")
    assert facilitator.last.text == "Sluit eerst de open ronde met /sluit."
    kinds = []
    for _ in range(2):
        await facilitator.send("/sluit")
        await facilitator.send("/open")
        kinds.append(facilitator.last.text.splitlines()[0])
    assert kinds == ["Ronde 2 is open: Waar deed het pijn?", "Ronde 3 is open: Wat is nodig?"]
    await facilitator.send("/sluit")
    assert "Leg de afspraken vast met /actie" in facilitator.last.text
    await facilitator.send("/open")
    assert facilitator.last.text.startswith("Alle rondes zijn klaar.")
    phases = [r["phase"] for r in rows(world.db_path, "SELECT phase FROM sessions")]
    assert phases == ["actions"]


async def test_status_shows_joined_answered_and_unreachable(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne, ahmed = world.person("Sanne"), world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"], appear="Anoniem")
    await facilitator.send("/open")
    await sanne.send("Antwoord")
    world.standin.block(ahmed.id)
    await world.settle()
    await facilitator.send("/status")
    status = facilitator.last.text
    assert "• Ouder/inwoner: 1" in status
    assert "• Ouder/inwoner: 1 van 1 geantwoord (1 antwoord)" in status
    assert "• Gezinswerker: 0 van 1 geantwoord (0 antwoorden)" in status
    assert "Niet bereikbaar\n• Gezinswerker" in status  # anonymous: only the role
    assert "Ahmed" not in status


async def test_sessions_lists_and_picks_the_active_session(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator, "Eerste")
    await scenario.create_session(facilitator, "Tweede")
    await facilitator.send("/sessies")
    assert facilitator.last.labels == ["▶️ Tweede", "Eerste"]
    await facilitator.press("Eerste")
    assert facilitator.last.text.startswith("Eerste")
    await facilitator.send("/open")
    opened = rows(
        world.db_path,
        "SELECT sessions.title FROM rounds JOIN sessions ON sessions.id = rounds.session_id",
    )
    assert [r["title"] for r in opened] == ["Eerste"]
    await facilitator.send("/uitnodiging")
    assert facilitator.last.text.startswith("Uitnodigingslinks voor: Eerste")


async def test_actions_are_recorded_changed_and_dropped(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await facilitator.send("/actie")
    await facilitator.send("Terugkoppeling na elke aanmelding")
    await facilitator.send("Stichting Sport")  # typed party
    await facilitator.send("morgenmiddag om vier")
    assert "Die datum kan ik niet lezen" in facilitator.last.text
    await facilitator.send("1-1-2020")
    assert facilitator.last.text == "Die datum is al voorbij. Kies een datum in de toekomst."
    await facilitator.send("15-1-2099")
    assert "✓ Afspraak bewaard." in facilitator.texts
    listing = facilitator.last.text
    assert "1. Terugkoppeling na elke aanmelding" in listing
    assert "Wie: Stichting Sport · Uiterlijk: 15 januari 2099" in listing

    await facilitator.press("Verander 1")
    await facilitator.press("Wie")
    await facilitator.press("buurtteam")
    await facilitator.press("Verander 1")
    await facilitator.press("Klaar op")
    await facilitator.press("Geen datum")
    action = rows(world.db_path, "SELECT * FROM actions")[0]
    assert (action["what"], action["owner"], action["due_on"]) == (
        "Terugkoppeling na elke aanmelding", "buurtteam", None,
    )  # fmt: skip

    await scenario.add_action(facilitator, "Tweede actie", "gemeente", "2 weken")
    await facilitator.press("Schrap 1")
    assert "Geschrapt: Terugkoppeling na elke aanmelding" in facilitator.texts
    assert [r["what"] for r in rows(world.db_path, "SELECT what FROM actions")] == ["Tweede actie"]


async def test_the_facilitator_link_grants_rights_once(world: World) -> None:
    admin = world.admin()
    await admin.send("/facilitator")
    link = admin.last.text.split()[-1]
    newcomer, latecomer = world.person("Nora"), world.person("Lars")
    await newcomer.open_link(link)
    assert newcomer.last.text == "Je bent nu gespreksleider. Begin een nieuwe sessie met /nieuw."
    assert "nieuw" in world.standin.commands_for(newcomer.id, "nl")
    await newcomer.send("/nieuw")
    assert "We maken een nieuwe sessie." in newcomer.last.text
    await latecomer.open_link(link)  # forwarded: it was Nora's
    assert latecomer.last.text.startswith("Deze link is al gebruikt.")
    await latecomer.send("/nieuw")
    assert latecomer.last.text.startswith("Sorry, dat kun jij hier niet doen.")


async def test_a_change_typed_after_its_action_was_dropped_ends_the_step_and_says_why(
    world: World,
) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await scenario.add_action(facilitator, "Eerste actie", "gemeente", "2 weken")
    await scenario.add_action(facilitator, "Tweede actie", "buurtteam", "2 weken")
    listing = facilitator.last
    await facilitator.press("Verander 1", listing)
    await facilitator.press("Wat")
    # The action is dropped before its new description is typed.
    await facilitator.press("Schrap 1", listing)
    await facilitator.send("Een nieuwe omschrijving")
    # The step ended and says why, once: the words are kept nowhere.
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
    assert facilitator.last.text.startswith("Dit heb ik niet bewaard: waar je mee bezig was")
    assert [r["what"] for r in rows(world.db_path, "SELECT what FROM actions")] == ["Tweede actie"]
    assert rows(world.db_path, "SELECT * FROM contributions") == []
    # The next action is recorded as ever.
    await scenario.add_action(facilitator, "Derde actie", "gemeente", "2 weken")
    assert len(rows(world.db_path, "SELECT what FROM actions")) == 2


async def test_an_owner_button_pressed_after_its_action_was_dropped_ends_the_step(
    world: World,
) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await scenario.add_action(facilitator, "Eerste actie", "gemeente", "2 weken")
    await scenario.add_action(facilitator, "Tweede actie", "buurtteam", "2 weken")
    listing = facilitator.last
    await facilitator.press("Verander 1", listing)
    await facilitator.press("Wie")
    parties = facilitator.last
    await facilitator.press("Schrap 1", listing)
    await facilitator.press("buurtteam", parties)
    # The step ended: the next words typed are not read as who does it.
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
    assert [r["what"] for r in rows(world.db_path, "SELECT what FROM actions")] == ["Tweede actie"]
