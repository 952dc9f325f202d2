"""A whole dialogue session through the real bot, over HTTP to the local Bot API stand-in."""

from __future__ import annotations

import io

from pypdf import PdfReader

from flows import model
from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows


async def test_whole_session_reaches_everyone_who_asked(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality",))
    assert set(links.participant) == {"parent", "worker", "partner"}

    sanne, kees, ahmed, joke = (world.person(n) for n in ("Sanne", "Kees", "Ahmed", "Joke"))
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["parent"], appear="Anoniem", wants_summary=False)
    await scenario.join(ahmed, links.participant["worker"], appear="zelfgekozen", pseudonym="AB")
    await scenario.join(joke, links.participant["partner"])
    pieter = world.person("Pieter")
    await pieter.open_link(links.organiser)
    assert "opdrachtgever" in pieter.last.text

    answers = {
        "went_well": {
            sanne: "Ze luisterde echt.",
            ahmed: "Korte lijnen met school.",
            joke: "Belt terug.",
        },
        "hurt": {
            sanne: "Lang wachten.",
            kees: "Website onduidelijk.",
            joke: "Geen terugkoppeling.",
        },
        "needed": {sanne: "Vast aanspreekpunt.", ahmed: "Minder formulieren."},
    }
    questions = {
        "went_well": ("Ronde 1 van 3", "Denk aan de hulp die jij en je gezin kregen"),
        "hurt": ("Ronde 2 van 3", "Waar liep je vast"),
        "needed": ("Ronde 3 van 3", "Wat kunnen jouw organisatie en het buurtteam samen doen"),
    }
    for kind, given in answers.items():
        await facilitator.send("/open")
        assert "4 deelnemers" in facilitator.last.text
        heading, phrase = questions[kind]
        # Every participant got the question, phrased for their own perspective.
        for person in (sanne, kees, ahmed, joke):
            assert heading in person.last.text
        owner = {"went_well": sanne, "hurt": ahmed, "needed": joke}[kind]
        assert phrase in owner.last.text
        for person, text in given.items():
            await person.send(text)
            assert person.last.text.startswith("✓ Bewaard.")
        await facilitator.send("/sluit")
        assert f"{len(given)} antwoorden" in facilitator.last.text

    await scenario.add_action(
        facilitator, "Terugbellen binnen 5 werkdagen", "buurtteam", "1 maand"
    )
    await scenario.add_action(facilitator, "Privacy op één A4", "Sportclub Oost", "15-1-2099")
    await facilitator.send("/samenvatting")
    preview = facilitator.messages[-4:]
    assert "Voorbeeld" in preview[0].text
    assert "Buurtteam\n• Terugbellen binnen 5 werkdagen, uiterlijk" in preview[1].text
    assert preview[2].document is not None
    # Sanne, Ahmed, Joke asked for it; Kees did not; Pieter is the organiser.
    assert "4 personen" in preview[3].text
    assert not any("Samenvatting:" in t for t in sanne.texts), "nobody sees it before approval"

    await facilitator.press("Verstuur")
    for person in (sanne, ahmed, joke, pieter):
        summary = next(m for m in person.messages if m.text.startswith("Samenvatting:"))
        assert "Ze luisterde echt." in summary.text
        assert "AB: Korte lijnen met school." in summary.text
        assert "Ouder/inwoner: Website onduidelijk." in summary.text  # Kees chose anonymous
        assert "Sportclub Oost\n• Privacy op één A4, uiterlijk 15 januari 2099" in summary.text
        assert person.last.document is not None
        text = "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(person.last.document.content)).pages
        )
        assert "Terugbellen binnen 5 werkdagen" in text
    assert not any(t.startswith("Samenvatting:") for t in kees.texts)
    # One upload; the others got the same file by its id.
    assert (
        len({p.last.document.file_id for p in (sanne, ahmed, joke, pieter) if p.last.document})
        == 1
    )

    db = world.db_path
    assert rows(db, "SELECT phase FROM sessions")[0]["phase"] == "closed"
    assert len(rows(db, "SELECT * FROM contributions")) == 8
    assert len(rows(db, "SELECT * FROM summaries")) == 1
    assert world.standin.count(status=400) == 0


async def test_refusing_consent_stores_nothing_but_the_refusal(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    before_people = len(rows(world.db_path, "SELECT * FROM people"))
    mila = world.person("Mila")
    await mila.open_link(links.participant["parent"])
    await mila.press("Nee, liever niet")
    assert "niets over jou bewaard" in mila.last.text
    assert rows(world.db_path, "SELECT * FROM identities WHERE external_id = ?", (mila.id,)) == []
    assert len(rows(world.db_path, "SELECT * FROM people")) == before_people
    assert rows(world.db_path, "SELECT * FROM participants") == []
    refusals = rows(world.db_path, "SELECT * FROM consent_refusals")
    assert [(r["perspective"], r["consent_version"]) for r in refusals] == [
        ("parent", model.CONSENT_VERSION)
    ]
    # Writing afterwards is explained, not stored.
    await mila.send("Toch nog iets")
    assert "niet bewaard" in mila.last.text
    assert rows(world.db_path, "SELECT * FROM contributions") == []


async def test_joining_during_an_open_round_brings_its_question(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    await facilitator.send("/open")
    late = world.person("Laat")
    await scenario.join(late, links.participant["worker"])
    assert "Ronde 1 van 3: Wat ging goed?" in late.last.text
    assert "Denk aan je werk met de gezinnen" in late.last.text


async def test_an_answer_typed_while_a_name_was_asked_is_no_name(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    kees = world.person("Kees")
    await kees.open_link(links.participant["parent"])
    await kees.press("Ja, ik doe mee")
    await kees.press("Met een zelfgekozen naam")
    # He puts the phone away; later the first round's question comes, and he answers it.
    await world.advance(minutes=5)
    await facilitator.send("/open")
    await kees.send("De wachtlijst duurde maanden")
    answers = rows(world.db_path, "SELECT body FROM contributions")
    assert [r["body"] for r in answers] == ["De wachtlijst duurde maanden"]
    shown = rows(world.db_path, "SELECT display_name FROM participants")
    assert shown[0]["display_name"] != "De wachtlijst duurde maanden"
    assert "✓ Bewaard." in kees.texts[-2]
    # How to appear is asked again, and a name typed now is his name.
    assert kees.last.text.startswith("Hoe wil je in de samenvatting staan?")
    await kees.press("Met een zelfgekozen naam")
    await kees.send("KB")
    assert kees.last.text == "Wil je de samenvatting krijgen als de sessie klaar is?"
    shown = rows(world.db_path, "SELECT display_name FROM participants")
    assert shown[0]["display_name"] == "KB"


async def test_a_name_typed_while_the_question_waits_for_the_morning_is_the_name(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    kees = world.person("Kees")
    await kees.open_link(links.participant["parent"])
    await kees.press("Ja, ik doe mee")
    await kees.press("Met een zelfgekozen naam")
    # The round opens in the quiet hours: its question waits for the morning, unseen.
    await world.advance(hours=12)
    await facilitator.send("/open")
    assert "Nu gelden de stille uren" in facilitator.last.text
    await kees.send("KB")
    assert kees.last.text == "Wil je de samenvatting krijgen als de sessie klaar is?"
    shown = rows(world.db_path, "SELECT display_name FROM participants")
    assert shown[0]["display_name"] == "KB"
    assert rows(world.db_path, "SELECT * FROM contributions") == []


async def test_a_restart_mid_round_keeps_answers_and_the_open_round(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    anna, bram = world.person("Anna"), world.person("Bram")
    await scenario.join(anna, links.participant["parent"])
    await scenario.join(bram, links.participant["partner"])
    await facilitator.send("/open")
    await anna.send("Eerste antwoord voor de herstart")

    await world.restart()

    await bram.send("Antwoord na de herstart")
    assert bram.last.text.startswith("✓ Bewaard.")
    await anna.send("Nog een na de herstart")
    assert "2 antwoorden" in anna.last.text
    await facilitator.send("/sluit")
    assert "3 antwoorden" in facilitator.last.text
    bodies = [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions ORDER BY id")]
    assert bodies == [
        "Eerste antwoord voor de herstart",
        "Antwoord na de herstart",
        "Nog een na de herstart",
    ]
