"""The reviewed summary through the real bot: a draft only the facilitator sees, an answer
left out with a button, an opening and cover fact typed, approval; a correction; the "session
ended" message to who did not want the summary; actions still added after sending."""

from __future__ import annotations

from bot import callback_data as cb
from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows
from tests.telegram.rounds import closed_round


async def test_the_facilitator_reviews_approves_and_corrects(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality", "partner"))
    sanne, kees, ahmed = (world.person(n) for n in ("Sanne", "Kees", "Ahmed"))
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["parent"], appear="Anoniem", wants_summary=False)
    await scenario.join(ahmed, links.participant["worker"], appear="zelfgekozen", pseudonym="AB")
    await facilitator.send("/open")
    await sanne.send("Ze luisterde echt.")
    await kees.send("Mijn buurman Jan weet er alles van.")
    await ahmed.send("Korte lijnen met school.")
    await facilitator.send("/sluit")

    await facilitator.send("/samenvatting")
    assert facilitator.saw("Voorbeeld")
    assert not sanne.saw("Samenvatting:"), "nobody but the facilitator sees the draft"

    # Leave Kees's answer out: the second on the list.
    await facilitator.press("Antwoorden weglaten")
    listing = facilitator.last
    assert "Mijn buurman Jan" in listing.text
    await facilitator.press("2 weglaten", listing)
    assert "weggelaten" in facilitator.last.text
    assert facilitator.last.button("2 terugzetten") is not None
    assert (
        rows(world.db_path, "SELECT body FROM contributions WHERE left_out_at IS NOT NULL")[0][
            "body"
        ]
        == "Mijn buurman Jan weet er alles van."
    )

    await facilitator.press("Openingstekst")
    await facilitator.send("Dank aan iedereen die meedeed.")
    assert facilitator.saw("Bewaard.")
    await facilitator.press("Gemeente")
    await facilitator.send("Nijmegen")
    await facilitator.press("Akkoord, verstuur")

    summary = next(m for m in sanne.messages if m.text.startswith("Samenvatting:"))
    assert "Dank aan iedereen die meedeed." in summary.text
    assert "Nijmegen" in summary.text
    assert "Sanne: Ze luisterde echt." in summary.text
    assert "AB: Korte lijnen met school." in summary.text
    assert "buurman" not in summary.text
    # Kees did not want it: one short message that it ended, and no summary.
    assert not any(t.startswith("Samenvatting:") for t in kees.texts)
    assert kees.saw("is afgelopen")
    [stored] = rows(world.db_path, "SELECT * FROM summaries")
    assert (stored["version"], stored["corrects"], stored["approved_by"]) == (1, None, 1)

    # Actions go on after sending.
    await scenario.add_action(
        facilitator, "Terugbellen binnen 5 werkdagen", "buurtteam", "1 maand"
    )
    assert rows(world.db_path, "SELECT what FROM actions")[0]["what"].startswith("Terugbellen")

    # A correction: the action is in it, sent as version 2.
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    corrected = next(m for m in sanne.messages if m.text.startswith("Correctie"))
    assert "Terugbellen binnen 5 werkdagen" in corrected.text
    versions = rows(world.db_path, "SELECT version, corrects FROM summaries ORDER BY id")
    assert [(v["version"], v["corrects"]) for v in versions] == [(1, None), (2, stored["id"])]
    assert len([t for t in kees.texts if "is afgelopen" in t]) == 1
    assert world.standin.count(status=400) == 0


async def test_approving_a_draft_that_changed_nothing_sends_no_correction(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality", "partner"))
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send("Ze luisterde echt.")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    await world.advance(days=1)  # another day: the date alone is no change

    await facilitator.send("/samenvatting")
    toast = await facilitator.press("Akkoord, verstuur")
    assert toast is not None and toast.startswith("Er is niets veranderd sinds de vorige versie")
    assert not any(t.startswith("Correctie") for t in sanne.texts)
    assert len(rows(world.db_path, "SELECT id FROM summaries")) == 1

    # A change is a correction again.
    await facilitator.send("/samenvatting")
    await facilitator.press("Openingstekst")
    await facilitator.send("Dank aan iedereen die meedeed.")
    await facilitator.press("Akkoord, verstuur")
    corrected = next(m for m in sanne.messages if m.text.startswith("Correctie"))
    assert "Dank aan iedereen die meedeed." in corrected.text


async def test_a_perspective_nobody_joined_reads_as_invited_in_the_draft_and_the_summary(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("partner",))
    sanne, ahmed = world.person("Sanne"), world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"])
    await facilitator.send("/open")
    await sanne.send("Ze luisterde echt.")
    await facilitator.send("/sluit")

    await facilitator.send("/samenvatting")
    draft = next(t for t in reversed(facilitator.texts) if "Wie deden mee" in t)
    lines = draft.splitlines()
    assert "• Ouder/inwoner: 1 persoon, 1 antwoord" in lines
    # Joined and not answered: their numbers; invited and nobody joined: said in words.
    assert "• Gezinswerker: 1 persoon, 0 antwoorden" in lines
    assert "• Gemeente: uitgenodigd, niemand deed mee" in lines
    assert "0 personen" not in draft
    await facilitator.press("Akkoord, verstuur")
    summary = next(m for m in sanne.messages if m.text.startswith("Samenvatting:"))
    assert "• Gemeente: uitgenodigd, niemand deed mee" in summary.text.splitlines()
    assert "0 personen" not in summary.text


async def test_a_perspective_whose_people_left_keeping_their_answers_took_part(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne, ahmed = world.person("Sanne"), world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"])
    await facilitator.send("/open")
    await sanne.send("Ze luisterde echt.")
    await ahmed.send("Korte lijnen met school.")
    await facilitator.send("/sluit")
    await sanne.send("/stop")
    await sanne.press("Bewaar mijn antwoorden")

    await facilitator.send("/samenvatting")
    draft = next(t for t in reversed(facilitator.texts) if "Wie deden mee" in t)
    lines = draft.splitlines()
    # Her answer is in the summary: she took part, though she is not in now (never "0
    # people, 1 answer").
    assert "Ze luisterde echt." in draft
    assert "• Ouder/inwoner: 1 persoon, 1 antwoord" in lines
    assert "• Gemeente: uitgenodigd, niemand deed mee" in lines


async def test_an_approve_button_sends_only_the_draft_it_was_shown_with(world: World) -> None:
    facilitator, people, _links = await closed_round(world)
    await facilitator.send("/medeleider")
    cohost = world.person("Co")
    await cohost.open_link(facilitator.last.text.split()[-1])
    await facilitator.send("/samenvatting")
    menu = facilitator.last
    # The co-leader leaves Joke's answer out after the facilitator looked at the draft.
    await cohost.send("/samenvatting")
    await cohost.press("Antwoorden weglaten")
    await cohost.press("3 weglaten")
    toast = await facilitator.press("Akkoord, verstuur", menu)
    assert toast is not None and toast.startswith("Het concept is veranderd sinds je het bekeek.")
    assert rows(world.db_path, "SELECT id FROM summaries") == []
    # The draft as it is now comes below, with buttons of its own.
    preview = next(t for t in reversed(facilitator.texts) if "Wie deden mee" in t)
    assert "Soepel contact met school" not in preview
    fresh = facilitator.last
    assert fresh.message_id > menu.message_id and fresh.button("Akkoord, verstuur") is not None
    # Buttons from before approve buttons named the draft: the same, never a failure.
    for old in ("1", None):
        toast = await facilitator.press_data(cb.encode(cb.SUMMARY_SEND, 1, old), menu)
        assert toast is not None and toast.startswith("Het concept is veranderd")
    assert rows(world.db_path, "SELECT id FROM summaries") == []
    await facilitator.press("Akkoord, verstuur", fresh)
    summary = next(t for t in people["sanne"].texts if t.startswith("Samenvatting:"))
    assert "Soepel contact met school" not in summary
    assert world.standin.count(status=400) == 0


async def test_an_invited_number_below_those_who_joined_is_refused_and_asked_again(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality", "partner"))
    sanne, kees = world.person("Sanne"), world.person("Kees")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send("Ze luisterde echt.")
    await facilitator.send("/sluit")
    invited = "SELECT invited FROM session_perspectives WHERE perspective = 'parent'"

    await facilitator.send("/samenvatting")
    await facilitator.press("Uitgenodigd")
    await facilitator.press("Ouders/inwoners")
    await facilitator.send("1")
    assert facilitator.last.text == (
        "Er hebben zich al 2 van de ouders/inwoners aangemeld. Typ een getal van 2 tot en met 10000."
    )
    assert rows(world.db_path, invited)[0]["invited"] is None
    # The step still waits for the number: typed right, it is kept.
    await facilitator.send("2")
    # The number shows in the report's response table, not in the chat's summary.
    assert facilitator.saw(
        "Bewaard. Het verslag om te printen (PDF) laat het zien, bij “Respons per perspectief”."
    )
    assert rows(world.db_path, invited)[0]["invited"] == 2
    # "-" (not known) empties it, and the answer says so (it said the report shows it).
    await facilitator.press("Uitgenodigd")
    await facilitator.press("Ouders/inwoners")
    await facilitator.send("-")
    assert facilitator.saw("Leeg gelaten.")
    assert rows(world.db_path, invited)[0]["invited"] is None
    await facilitator.press("Uitgenodigd")
    await facilitator.press("Ouders/inwoners")
    await facilitator.send("2")

    # A third parent joins after the number was typed: the draft says so, before approving.
    await scenario.join(world.person("Joke"), links.participant["parent"])
    await facilitator.send("/samenvatting")
    draft = next(t for t in reversed(facilitator.texts) if "Wie deden mee" in t)
    assert draft.startswith(
        "⚠️ Er hebben zich meer ouders/inwoners aangemeld (3) dan er uitgenodigd waren (2)."
        " Pas het aantal uitgenodigden aan.\n\n"
    )

    # The same in English; and no number at all is still allowed.
    english = world.person("Femke", lang="en", user_id=facilitator.id)
    await english.send("/summary")
    draft = next(t for t in reversed(english.texts) if "Who took part" in t)
    assert draft.startswith(
        "⚠️ More parents/residents have joined (3) than were invited (2)."
        " Please correct the number invited.\n\n"
    )
    await english.press("Invited")
    await english.press("Parents/residents")
    await english.send("2")
    assert english.last.text == (
        "Of the parents/residents, 3 have already joined. Please type a number from 3 to 10000."
    )
    assert rows(world.db_path, invited)[0]["invited"] == 2
    await english.send("-")
    assert rows(world.db_path, invited)[0]["invited"] is None
