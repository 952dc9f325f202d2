"""Invite links: renewable, closable, slowed down when guessed; co-facilitators by link."""

from __future__ import annotations

from sandbox import scenario
from sandbox.world import World
from tests.conftest import dump, rows


async def test_renewed_links_replace_the_old_ones(world: World) -> None:
    facilitator = world.admin()
    old = await scenario.create_session(facilitator)
    await facilitator.send("/uitnodiging")
    await facilitator.press("Nieuwe links")
    assert "De oude links werken niet meer." in facilitator.texts[-2]
    new = scenario.links_in(facilitator.last.text)
    assert set(new.participant.values()).isdisjoint(old.participant.values())
    late = world.person("Laat")
    await late.open_link(old.participant["parent"])
    assert "werkt niet (meer)" in late.last.text
    await scenario.join(late, new.participant["parent"])
    assert "Alles is klaar" in late.texts[-2]


async def test_a_session_can_close_to_newcomers_and_open_again(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    early, late = world.person("Vroeg"), world.person("Laat")
    await scenario.join(early, links.participant["parent"])
    await facilitator.send("/uitnodiging")
    toast = await facilitator.press("Sluit voor nieuwe mensen")
    assert toast == "Gesloten: niemand nieuw kan meer meedoen. Wie al meedoet, gaat door."
    assert "Open weer voor nieuwe mensen" in facilitator.last.labels[1]
    await late.open_link(links.participant["parent"])
    assert late.last.text.startswith("Bij deze sessie kunnen geen nieuwe mensen meer meedoen.")
    await facilitator.send("/open")
    await early.send("Ik mag nog")
    assert early.last.text.startswith("✓ Bewaard.")
    await facilitator.press("Open weer")
    await scenario.join(late, links.participant["parent"])
    assert len(rows(world.db_path, "SELECT * FROM participants")) == 2


async def test_a_co_facilitator_runs_rounds_but_not_the_invites(world: World) -> None:
    owner = world.admin()
    await scenario.create_session(owner, "Samen leiden")
    await owner.send("/medeleider")
    link = owner.last.text.split()[-1]
    ahmed = world.person("Ahmed")
    await ahmed.open_link(link)
    assert "Je helpt nu Samen leiden leiden." in ahmed.last.text
    assert "open" in world.standin.commands_for(ahmed.id, "nl")
    await ahmed.send("/open")
    assert ahmed.last.text.startswith("Ronde 1 is open")
    await ahmed.send("/status")
    assert ahmed.last.text.startswith("Samen leiden")
    await ahmed.send("/uitnodiging")
    # The links and their cards to print, without the owner's controls.
    assert ahmed.last.labels == ["🖨️ Kaarten om te printen (PDF)"]
    before = dump(world.db_path)
    assert await ahmed.press_data("inv.renew:1") == (
        "Sorry, dat kun jij hier niet doen. Typ /help om te zien wat je wel kunt doen."
    )
    await ahmed.send("/medeleider")
    assert ahmed.last.text.startswith("Sorry, dat kun jij hier niet doen.")
    assert dump(world.db_path) == before
    nora = world.person("Nora")
    await nora.open_link(link)  # forwarded: it was Ahmed's
    assert nora.last.text.startswith("Deze link is al gebruikt.")


async def test_guessing_invite_codes_is_slowed_down(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    guesser = world.person("Gokker")
    for attempt in range(4):
        await guesser.send(f"/start gok{attempt}")
        assert "werkt niet (meer)" in guesser.last.text
    await guesser.open_link(links.participant["parent"])  # even a right code waits now
    assert guesser.last.text.startswith("Dat waren te veel links die niet werken.")
    assert (
        rows(world.db_path, "SELECT * FROM identities WHERE external_id = ?", (guesser.id,)) == []
    )


async def test_renewed_links_keep_the_order_and_none_come_after_the_summary(
    world: World,
) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await facilitator.press("Nieuwe links")
    menu = facilitator.last
    text = menu.text
    labels = ["Ouder/inwoner\n", "Gezinswerker\n", "Partnerorganisatie\n", "Gemeente\n"]
    places = [text.index(label) for label in labels]
    assert places == sorted(places), text
    # After the summary went out nobody can join: an old button makes no links that fail.
    await facilitator.send("/open")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    codes = rows(world.db_path, "SELECT code FROM invites ORDER BY code")
    toast = await facilitator.press("Nieuwe links", menu)
    assert toast == "Deze sessie is gesloten."
    assert rows(world.db_path, "SELECT code FROM invites ORDER BY code") == codes


async def test_a_double_tap_on_new_links_renews_them_once(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    menu = facilitator.last
    button = menu.button("Nieuwe links")
    assert button is not None and button.callback_data is not None
    # Two taps before the bot answered the first.
    world.standin.press(facilitator.id, menu, button.callback_data)
    world.standin.press(facilitator.id, menu, button.callback_data)
    await world.settle()
    assert sum(t.startswith("Nieuwe links gemaakt.") for t in facilitator.texts) == 1
    assert facilitator.saw("Deze links waren al vernieuwd, dus ik heb geen nieuwe gemaakt.")
    # The links the first tap made are the ones that work, and shown again as such.
    texts = facilitator.texts
    made = next(i for i, t in enumerate(texts) if t.startswith("Nieuwe links gemaakt."))
    first = scenario.links_in(texts[made + 1])
    assert scenario.links_in(facilitator.last.text) == first
    late = world.person("Laat")
    await scenario.join(late, first.participant["parent"])
    assert "Alles is klaar" in late.texts[-2]


async def test_new_links_on_an_old_message_leave_the_renewed_links_working(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    old_menu = facilitator.last
    await facilitator.send("/uitnodiging")
    await facilitator.press("Nieuwe links")
    renewed = scenario.links_in(facilitator.last.text)  # perhaps forwarded or printed already
    # The door buttons redraw the old message's buttons: still those of its own links.
    await facilitator.press("Sluit voor nieuwe mensen", old_menu)
    await facilitator.press("Open weer", old_menu)
    await facilitator.press("Nieuwe links", old_menu)
    assert facilitator.texts[-2].startswith("Deze links waren al vernieuwd")
    assert scenario.links_in(facilitator.last.text) == renewed
    assert old_menu.labels == []  # the old message's buttons are gone
    late = world.person("Laat")
    await scenario.join(late, renewed.participant["parent"])
    assert "Alles is klaar" in late.texts[-2]


async def test_new_links_from_before_buttons_named_their_links_renew_nothing(
    world: World,
) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    codes = rows(world.db_path, "SELECT code FROM invites ORDER BY code")
    toast = await facilitator.press_data("inv.renew:1")
    assert toast == "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen."
    assert rows(world.db_path, "SELECT code FROM invites ORDER BY code") == codes
