"""Issue 17's features walked through as people use them at the table and on the phone:
typing where a button is expected, old buttons, a summary looked at again after sending,
an organiser looking for the exports."""

from __future__ import annotations

from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows
from tests.telegram.rounds import closed_round


def theme_of(world: World, body: str) -> str | None:
    found = rows(
        world.db_path,
        "SELECT themes.name FROM contributions JOIN theme_answers ON contribution_id = contributions.id"
        " LEFT JOIN themes ON themes.id = theme_answers.theme_id WHERE body = ?",
        (body,),
    )
    return found[0]["name"] if found else None


async def test_a_facilitator_typing_outside_a_step_is_not_told_they_are_unknown(
    world: World,
) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/themas")
    await facilitator.press("Sorteer ronde 1")
    # At the table, the facilitator types a theme name without tapping "New theme" first.
    await facilitator.send("Wachtlijst")
    reply = facilitator.last.text
    assert "Ik ken je nog niet" not in reply
    assert "uitnodigingslink" not in reply
    assert "niet bewaard" in reply
    assert "/help" in reply
    # A co-facilitator, who is no facilitator of their own, is known all the same.
    await facilitator.send("/medeleider")
    cohost = world.person("Ahmed")
    await cohost.open_link(facilitator.last.text.split()[-1])
    await cohost.send("Wachtlijst")
    assert "uitnodigingslink" not in cohost.last.text
    assert "niet bewaard" in cohost.last.text


async def test_an_organiser_typing_is_not_told_to_find_an_invite_link(world: World) -> None:
    _facilitator, _people, links = await closed_round(world)
    organiser = world.person("Pieter")
    await organiser.open_link(links.organiser)
    await organiser.send("Wanneer komt het verslag?")
    assert "uitnodigingslink" not in organiser.last.text
    assert "/help" in organiser.last.text
    # Someone the bot knows from nowhere still hears how to join.
    stranger = world.person("Onbekend")
    await stranger.send("Hallo")
    assert "uitnodigingslink" in stranger.last.text


async def test_the_proposed_name_of_an_answer_named_by_typing_no_longer_works(
    world: World,
) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/themas")
    await facilitator.press("Sorteer ronde 1")
    await facilitator.press("Nieuw thema")
    proposal = facilitator.last
    assert proposal.labels and proposal.labels[0].startswith("✓ ")
    await facilitator.send("Wachten")
    assert theme_of(world, "Wachtlijst duurde maanden") == "Wachten"
    # The proposal stays on the message above; a tap on it later must not undo the typed name.
    toast = await facilitator.press(proposal.labels[0], proposal)
    assert toast
    assert theme_of(world, "Wachtlijst duurde maanden") == "Wachten"
    names = [r["name"] for r in rows(world.db_path, "SELECT name FROM themes")]
    assert names == ["Wachten"]


async def test_the_summary_looked_at_again_after_sending_says_it_goes_as_a_correction(
    world: World,
) -> None:
    facilitator, people, _links = await closed_round(world)
    await facilitator.send("/samenvatting")
    first = facilitator.last
    assert not any("correctie" in label.lower() for label in first.labels)
    await facilitator.press("Akkoord, verstuur")

    # Later the facilitator opens the summary again, e.g. only to read it back.
    await facilitator.send("/samenvatting")
    note = facilitator.messages[-4].text
    assert "Alleen jij ziet dit" in note
    assert "versie 1 is al verstuurd" in note.lower()
    menu = facilitator.last
    assert "Een correctie gaat naar" in menu.text
    [send] = [label for label in menu.labels if label.startswith("📤")]
    assert "correctie" in send.lower()
    # In English too.
    en = world.person("Femke", lang="en", user_id=facilitator.id)
    await en.send("/summary")
    [send_en] = [label for label in en.last.labels if label.startswith("📤")]
    assert "correction" in send_en
    assert not any(t.startswith("Correctie") for t in people["sanne"].texts)


async def test_an_organiser_hears_where_the_exports_are(world: World) -> None:
    facilitator, _people, links = await closed_round(world)
    organiser = world.person("Pieter")
    await organiser.open_link(links.organiser)
    assert "/export" in organiser.last.text
    assert "export" in world.standin.commands_for(organiser.id, "nl")
    await organiser.send("/help")
    assert "/export — de resultaten als Excel, CSV en JSON" in organiser.last.text
    # Before the summary is sent the answers are the facilitator's, who checks them first
    # (participants agreed to organisers getting them after the session).
    await organiser.send("/export")
    assert "zodra de samenvatting verstuurd is" in organiser.last.text
    assert organiser.last.document is None
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await organiser.send("/export")
    assert [m.document.file_name.rsplit(".", 1)[1] for m in organiser.messages[-3:]] == [
        "xlsx",
        "csv",
        "json",
    ]
    # Participants do not get it offered.
    sanne = _people["sanne"]
    await sanne.send("/help")
    assert "/export" not in sanne.last.text


async def test_with_an_extra_round_participants_are_invited_to_propose_once_and_truly(
    world: World,
) -> None:
    facilitator, people, _links = await closed_round(world)
    await facilitator.send("/vragen")
    await facilitator.press("Extra vraag toevoegen")
    await facilitator.send("Hoe ging de overstap naar de nieuwe aanbieder?")
    for _round in ("hurt", "needed"):
        await facilitator.send("/open")
        await people["sanne"].send("Een antwoord")
        await facilitator.send("/sluit")
    sanne = people["sanne"]
    invites = [t for t in sanne.texts if t.startswith("En nu? Stel een actie voor")]
    assert len(invites) == 1
    # The extra round is still to come: nothing says that every round is done.
    assert "Alle rondes zijn klaar" not in invites[0]
    assert "“Wat is nodig?” is klaar" in invites[0]
    await facilitator.send("/open")
    assert sanne.saw("Hoe ging de overstap naar de nieuwe aanbieder?")
    await sanne.send("Rommelig")
    await facilitator.send("/sluit")
    assert len([t for t in sanne.texts if t.startswith("En nu? Stel een actie voor")]) == 1


async def test_a_round_closed_after_someone_left_counts_only_who_is_still_in(
    world: World,
) -> None:
    facilitator, people, _links = await closed_round(world)
    await facilitator.send("/open")
    await people["sanne"].send("Het duurde lang")
    await people["ahmed"].send("Te weinig tijd per gezin")
    await people["sanne"].send("/stop")
    await people["sanne"].press("Bewaar mijn antwoorden")
    await facilitator.send("/sluit")
    closed = facilitator.last.text
    assert "2 antwoorden" in closed  # her answer stays, without her name
    assert "Geantwoord: 1 van de 2 deelnemers" in closed


async def test_an_old_propose_button_after_the_summary_says_so_before_asking_to_type(
    world: World,
) -> None:
    facilitator, people, _links = await closed_round(world)
    for _round in ("hurt", "needed"):
        await facilitator.send("/open")
        await facilitator.send("/sluit")
    sanne = people["sanne"]
    invitation = sanne.last
    assert invitation.button("Stel een actie voor") is not None
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    # Days later she scrolls up and taps the old button: she must not type in vain.
    toast = await sanne.press("Stel een actie voor", invitation)
    assert toast is not None and "tot de samenvatting verstuurd is" in toast
    assert not sanne.saw("Typ je voorstel in je eigen woorden")


async def test_an_action_typed_as_a_sentence_reads_well_in_the_summary(world: World) -> None:
    facilitator, _people, _links = await closed_round(world)
    for _round in ("hurt", "needed"):
        await facilitator.send("/open")
        await facilitator.send("/sluit")
    await scenario.add_action(
        facilitator, "Terugbellen binnen vijf werkdagen.", "buurtteam", "Over 1 maand"
    )
    await facilitator.send("/samenvatting")
    summary = "\n".join(facilitator.texts[-4:])
    assert "Buurtteam\n• Terugbellen binnen vijf werkdagen, uiterlijk" in summary
    assert ".," not in summary


async def test_the_invited_numbers_are_asked_in_whole_sentences_and_in_order(
    world: World,
) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/samenvatting")
    await facilitator.press("Uitgenodigd")
    assert facilitator.last.labels == [
        "Ouders/inwoners",
        "Gezinswerkers",
        "Partnerorganisaties",
        "Gemeente",
    ]
    await facilitator.press("Gemeente")
    assert facilitator.last.text.startswith("Hoeveel mensen van de gemeente waren uitgenodigd?")
    await facilitator.send("4")
    english = world.person("Femke", lang="en", user_id=facilitator.id)
    await english.send("/summary")
    await english.press("Invited")
    await english.press("Municipality")
    assert english.last.text.startswith("How many people from the municipality were invited?")
    await english.press("Invited")
    await english.press("Family workers")
    assert english.last.text.startswith("How many family workers were invited?")


async def test_a_double_tap_on_leave_out_leaves_the_answer_out(world: World) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/samenvatting")
    await facilitator.press("Antwoorden weglaten")
    listing = facilitator.last
    button = listing.button("1 weglaten")
    assert button is not None and button.callback_data is not None
    # A slow connection: the second tap arrives before the page shows the first.
    await facilitator.press_data(button.callback_data, listing)
    await facilitator.press_data(button.callback_data, listing)
    left_out = rows(world.db_path, "SELECT body FROM contributions WHERE left_out_at IS NOT NULL")
    assert [r["body"] for r in left_out] == ["Wachtlijst duurde maanden"]
    assert facilitator.last.button("1 terugzetten") is not None
    # Putting it back works the same way, once however often it is tapped.
    back = facilitator.last.button("1 terugzetten")
    assert back is not None and back.callback_data is not None
    await facilitator.press_data(back.callback_data, listing)
    await facilitator.press_data(back.callback_data, listing)
    assert rows(world.db_path, "SELECT id FROM contributions WHERE left_out_at IS NOT NULL") == []


async def test_after_the_last_round_a_parent_finds_the_proposals_again(world: World) -> None:
    facilitator, people, _links = await closed_round(world)
    for _round in ("hurt", "needed"):
        await facilitator.send("/open")
        await facilitator.send("/sluit")
    sanne = people["sanne"]
    # The invitation scrolled away. /help must not promise a next round, and must lead on.
    await sanne.send("/help")
    assert "volgende ronde" not in sanne.last.text
    assert "De vragen zijn klaar" in sanne.last.text
    assert sanne.last.button("Stel een actie voor") is not None
    # Typing what she thinks should happen: not lost without a way on.
    await sanne.send("Er moet een vaste contactpersoon komen")
    assert "volgende ronde" not in sanne.last.text
    assert "De vragen zijn klaar" in sanne.last.text
    await sanne.press("Stel een actie voor", sanne.last)
    assert "Typ je voorstel" in sanne.last.text
    # In English too.
    emma = world.person("Sanne", lang="en", user_id=sanne.id)
    await emma.send("/help")
    assert "The questions are done" in emma.last.text
    assert emma.last.button("Propose an action") is not None


async def test_closing_what_is_needed_points_to_the_extra_round_when_there_is_one(
    world: World,
) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/vragen")
    await facilitator.press("Extra vraag toevoegen")
    await facilitator.send("Hoe ging de overstap?")
    for _round in ("hurt", "needed"):
        await facilitator.send("/open")
        await facilitator.send("/sluit")
    assert "/open" in facilitator.last.text
    assert "extra" in facilitator.last.text
    await facilitator.send("/status")
    assert "extra" in facilitator.last.text
    await facilitator.send("/open")
    await facilitator.send("/sluit")
    # The extra round held: now the actions and the summary.
    assert "/actie" in facilitator.last.text
    assert "extra" not in facilitator.last.text


async def test_going_through_the_skipped_answers_does_not_say_all_are_sorted(
    world: World,
) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/themas")
    await facilitator.press("Thema's toevoegen")
    await facilitator.send("Wachten")
    await facilitator.press("Sorteer ronde 1")
    await facilitator.press("Nu overslaan")
    # One skipped, two still to sort: revisit the skipped one and skip it again.
    await facilitator.send("/themas")
    await facilitator.press("Overgeslagen in ronde 1 (1)")
    await facilitator.press("Nu overslaan")
    done = facilitator.last
    assert "Alle antwoorden van deze ronde zijn gesorteerd" not in done.text
    assert "Geen overgeslagen antwoorden meer" in done.text
    assert done.button("Sorteer ronde 1 (2)") is not None
    # Sort the other two: every answer seen, but one skipped is left.
    await facilitator.press("Sorteer ronde 1 (2)")
    await facilitator.press("Wachten")
    if facilitator.last.button("Volgend antwoord") is not None:
        await facilitator.press("Volgend antwoord")
    await facilitator.press("Wachten")
    if facilitator.last.button("Volgend antwoord") is not None:
        await facilitator.press("Volgend antwoord")
    done = facilitator.last
    assert "Alle antwoorden van deze ronde zijn gesorteerd" not in done.text
    assert "Er wacht nog 1 overgeslagen antwoord." in done.text
    assert done.button("Overgeslagen in ronde 1 (1)") is not None


async def test_a_reminder_asked_for_after_the_last_round_does_not_point_to_open(
    world: World,
) -> None:
    facilitator, _people, _links = await closed_round(world)
    for _round in ("hurt", "needed"):
        await facilitator.send("/open")
        await facilitator.send("/sluit")
    await facilitator.send("/herinner")
    assert facilitator.last.text.startswith("Alle rondes zijn klaar.")
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await facilitator.send("/herinner")
    assert facilitator.last.text == "Deze sessie is gesloten."


async def test_an_actions_theme_shows_in_the_list_and_can_be_set_later(world: World) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/themas")
    await facilitator.press("Thema's toevoegen")
    await facilitator.send("Wachten, School")
    for _round in ("hurt", "needed"):
        await facilitator.send("/open")
        await facilitator.send("/sluit")
    # The theme question of the first action goes unanswered: the next one is typed at once.
    await scenario.add_action(facilitator, "Terugbellen", "buurtteam", "Over 1 maand")
    await scenario.add_action(facilitator, "Overleg met school", "gemeente", "Over 1 maand")
    await facilitator.press("School", facilitator.last)
    listing = facilitator.last.text
    assert "2. Overleg met school" in listing
    assert "Thema: School" in listing.split("2. Overleg met school")[1]
    assert "Thema:" not in listing.split("2. Overleg met school")[0]
    # Later, the first action gets its theme after all.
    await facilitator.press("Verander 1")
    await facilitator.press("Thema")
    assert "Bij welk thema hoort deze actie?" in facilitator.last.text
    assert "Afspraak bewaard" not in facilitator.last.text
    await facilitator.press("Wachten", facilitator.last)
    found = rows(
        world.db_path,
        "SELECT what, themes.name FROM actions LEFT JOIN themes ON themes.id = actions.theme_id"
        " ORDER BY actions.id",
    )
    assert [(r["what"], r["name"]) for r in found] == [
        ("Terugbellen", "Wachten"),
        ("Overleg met school", "School"),
    ]
    assert "Thema: Wachten" in facilitator.last.text


async def test_a_round_without_answers_is_not_mirrored_to_everyone(world: World) -> None:
    facilitator, people, _links = await closed_round(world)
    await facilitator.send("/open")
    await facilitator.send("/sluit")  # nobody answered "Where did it hurt?"
    await facilitator.send("/spiegel")
    assert "geen antwoorden" in facilitator.last.text
    assert not any("Wat we hoorden" in t for t in people["sanne"].texts)
    assert rows(world.db_path, "SELECT id FROM mirrors") == []


async def test_the_questions_of_a_closed_session_offer_no_changes(world: World) -> None:
    facilitator, _people, _links = await closed_round(world)
    for _round in ("hurt", "needed"):
        await facilitator.send("/open")
        await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await facilitator.send("/vragen")
    shown = facilitator.last
    assert shown.labels == []
    assert "Je kunt één extra open ronde toevoegen" not in shown.text
    assert "Deze sessie is gesloten." in shown.text


async def test_a_closed_round_points_the_facilitator_to_the_themes_and_the_mirror(
    world: World,
) -> None:
    facilitator, _people, _links = await closed_round(world)
    closed = facilitator.last.text
    assert "Hierna: zet de antwoorden in thema's met /themas." in closed
    assert "Deel ze daarna zonder namen met /spiegel." in closed
    assert closed.endswith("Open de volgende ronde met /open.")
    # A round nobody answered has nothing to sort: only the next round.
    await facilitator.send("/open")
    await facilitator.send("/sluit")
    assert "/themas" not in facilitator.last.text
    assert facilitator.last.text.endswith("Open de volgende ronde met /open.")


async def test_an_approve_button_tapped_after_a_co_leader_sent_sends_nothing(
    world: World,
) -> None:
    facilitator, people, _links = await closed_round(world)
    await facilitator.send("/medeleider")
    cohost = world.person("Co")
    await cohost.open_link(facilitator.last.text.split()[-1])
    # Both leaders open the summary at the table; the co-leader approves first.
    await facilitator.send("/samenvatting")
    menu = facilitator.last
    await cohost.send("/samenvatting")
    await cohost.press("Akkoord, verstuur")
    # The co-leader then writes a closing paragraph, not sent yet.
    await cohost.send("/samenvatting")
    await cohost.press("Slottekst")
    await cohost.send("Dank jullie wel!")
    # The facilitator's approve button was for the first version: it sends nothing now.
    toast = await facilitator.press("Akkoord, verstuur", menu)
    assert toast is not None and "niets verstuurd" in toast
    assert "/samenvatting" in toast
    assert len(rows(world.db_path, "SELECT id FROM summaries")) == 1
    assert not any(t.startswith("Correctie") for t in people["sanne"].texts)
    # From a fresh menu the correction goes out.
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur de correctie")
    assert len(rows(world.db_path, "SELECT id FROM summaries")) == 2


async def test_the_status_after_the_summary_says_what_goes_on(world: World) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await facilitator.send("/status")
    shown = facilitator.last.text
    assert shown.endswith(
        "De samenvatting is verstuurd. De acties en de opvolging gaan door: leg een actie vast"
        " met /actie. Wil je iets veranderen in de samenvatting? Dat gaat als correctie met"
        " /samenvatting."
    )
    # And it is so: an action can still be recorded.
    await scenario.add_action(
        facilitator, "Terugbellen binnen een week", "buurtteam", "Geen datum"
    )
    assert len(rows(world.db_path, "SELECT id FROM actions")) == 1


async def test_a_cover_fact_left_empty_is_not_said_to_show_in_the_summary(world: World) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/samenvatting")
    await facilitator.press("Gemeente")
    await facilitator.send("Nijmegen")
    assert facilitator.messages[-2].text.startswith("Bewaard. Het komt in de samenvatting.")
    # Changed their mind: "-" empties it again, and the answer says so.
    await facilitator.press("Gemeente")
    await facilitator.send("-")
    assert facilitator.messages[-2].text.startswith(
        "Leeg gelaten. Het komt niet in de samenvatting."
    )
    assert rows(world.db_path, "SELECT municipality FROM summary_drafts")[0][0] is None


async def test_the_status_between_rounds_says_the_last_round_is_closed(world: World) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/status")
    # Each on its own line, under the theme's (not "Thema: …Nu: …").
    lines = facilitator.last.text.splitlines()
    assert lines[1].startswith("Thema: ")
    assert lines[2] == "Nu: ronde 1: wat ging goed (gesloten)"
    await facilitator.send("/open")
    await facilitator.send("/status")
    assert "Nu: ronde 2: waar deed het pijn (open)" in facilitator.last.text.splitlines()


async def test_the_themes_of_a_round_nobody_answered_say_so(world: World) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/open")
    await facilitator.send("/sluit")  # nobody answered "Where did it hurt?"
    await facilitator.send("/themas")
    shown = facilitator.last.text
    assert "Ronde 1 (Wat ging goed?): 0 van 3 antwoorden in een thema" in shown
    assert "Ronde 2 (Waar deed het pijn?): Geen antwoorden in deze ronde." in shown
    assert "0 van 0" not in shown


async def test_no_proposals_yet_says_when_they_come_and_what_to_do_meanwhile(
    world: World,
) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/voorstellen")
    shown = facilitator.last.text
    assert "Nog geen voorstellen." in shown
    assert "Deelnemers kunnen acties voorstellen na de laatste ronde." in shown
    assert "/actie" in shown


async def test_skipping_an_answer_another_leader_sorted_meanwhile_keeps_it_sorted(
    world: World,
) -> None:
    facilitator, _people, _links = await closed_round(world)
    await facilitator.send("/medeleider")
    cohost = world.person("Co")
    await cohost.open_link(facilitator.last.text.split()[-1])
    await facilitator.send("/themas")
    await facilitator.press("Thema's toevoegen")
    await facilitator.send("Wachten")
    # Both leaders have the first answer on screen; the co-leader sorts it first.
    await facilitator.press("Sorteer ronde 1")
    screen = facilitator.last
    await cohost.send("/themas")
    await cohost.press("Sorteer ronde 1")
    await cohost.press("Wachten")
    assert theme_of(world, "Wachtlijst duurde maanden") == "Wachten"
    # The facilitator, a moment later, taps "skip for now" on the same answer.
    await facilitator.press("Nu overslaan", screen)
    assert theme_of(world, "Wachtlijst duurde maanden") == "Wachten"
    assert facilitator.last.text.startswith("✓ In thema: Wachten")


async def test_the_invites_and_an_opened_round_name_the_questions_and_watching(
    world: World,
) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    assert "Pas ze aan met /vragen, voor de eerste ronde." in facilitator.last.text
    await facilitator.send("/open")
    opened = facilitator.last.text
    assert opened.endswith("Met /meelezen lees je de antwoorden terwijl ze binnenkomen.")
    # Once a round has started the questions are set: the links no longer point there.
    await facilitator.send("/uitnodiging")
    assert "/vragen" not in facilitator.last.text
