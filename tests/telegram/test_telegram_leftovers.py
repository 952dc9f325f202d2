"""Small things a parent on a phone or a facilitator at the table still tripped over,
walked through in Telegram: typing or tapping after leaving, /watch before any round and
with a perspective nobody joined, a button for an answer its writer erased meanwhile."""

from __future__ import annotations

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.telegram.rounds import closed_round

STRANGER_TEXT = "de uitnodigingslink die je van de gespreksleider kreeg"


async def mirrored_round(world: World) -> tuple[Person, dict[str, Person], scenario.Links]:
    """A session of three perspectives, its first round answered, closed and mirrored."""
    facilitator, people, links = await closed_round(world)
    await facilitator.send("/spiegel")
    await facilitator.press("Toch delen zonder thema's")  # nothing is sorted yet
    return facilitator, people, links


async def test_someone_who_left_hears_so_when_typing_or_tapping_an_old_button(
    world: World,
) -> None:
    facilitator, people, _links = await mirrored_round(world)
    for name, choice in (("sanne", "Bewaar mijn antwoorden"), ("ahmed", "Verwijder mijn")):
        person = people[name]
        mirror = next(m for m in reversed(person.messages) if "Wat we hoorden" in m.text)
        await person.send("/stop")
        await person.press(next(label for label in person.last.labels if label.startswith(choice)))
        # Days later, the chat still open on the phone: she types, then taps an old button.
        await person.send("Ik wil nog iets zeggen")
        reply = person.last.text
        assert "gestopt met meedoen" in reply, reply
        assert "niet bewaard" in reply
        assert "Vraag de gespreksleider om een nieuwe link" in reply
        assert STRANGER_TEXT not in reply
        toast = await person.press("Herkenbaar", mirror)  # an answer of someone else
        assert toast is not None and "gestopt met meedoen" in toast, toast
        assert "nieuwe link" in toast
        assert "Sorry" not in toast
    # In English too.
    en = world.person("Sanne", lang="en", user_id=people["sanne"].id)
    await en.send("One more thing")
    assert "You stopped taking part" in en.last.text
    assert "was not saved" in en.last.text
    # Someone the bot never knew still hears how to join, and a participant still in is
    # not told they left.
    stranger = world.person("Onbekend")
    await stranger.send("Hallo")
    assert STRANGER_TEXT in stranger.last.text
    await people["joke"].send("Nog een gedachte")
    assert "gestopt met meedoen" not in people["joke"].last.text
    # The facilitator, who never answered, is not told they left.
    await facilitator.send("Wachtlijst")
    assert "gestopt met meedoen" not in facilitator.last.text


async def test_watch_before_any_round_and_with_a_perspective_nobody_joined(world: World) -> None:
    femke = world.admin()
    links = await scenario.create_session(femke)  # four perspectives invited
    sanne, ahmed = world.person("Sanne"), world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"])
    await femke.send("/meelezen")
    before = femke.last
    assert "Er is nog geen ronde geopend." in before.text
    assert before.labels == []  # nothing runs: nothing to refresh

    await femke.send("/open")
    await sanne.send("De gezinswerker luisterde echt.")
    await femke.send("/meelezen")
    text = femke.last.text
    assert "• Ouder/inwoner: 1 persoon, 1 antwoord" in text
    # Joined and not answered yet: counted; invited and nobody joined: left out, as /status does.
    assert "• Gezinswerker: 0 personen, 0 antwoorden" in text
    assert "Partnerorganisatie" not in text
    assert "Gemeente" not in text
    assert femke.last.labels == ["🔄 Vernieuwen"]
    await femke.send("/status")
    assert "Gemeente" in femke.last.text  # still under "Joined", with its 0


ANSWER_GONE = "Dit antwoord is er niet meer: wie het schreef, heeft het gewist."


async def erase_everything(person: Person) -> None:
    await person.send("/vergeetmij")
    await person.press("Ja, wis alles")


async def test_sorting_an_answer_its_writer_erased_meanwhile_goes_on_to_the_next(
    world: World,
) -> None:
    facilitator, people, _links = await mirrored_round(world)
    await facilitator.send("/themas")
    await facilitator.press("Sorteer ronde 1")
    screen = facilitator.last
    assert "Wachtlijst duurde maanden" in screen.text
    # Meanwhile Sanne erases everything she wrote; the facilitator taps a button for it.
    await erase_everything(people["sanne"])
    toast = await facilitator.press("Nu overslaan", screen)
    assert toast is None or "werkt niet meer" not in toast
    after = facilitator.last
    assert after.message_id == screen.message_id  # the same message, carried on
    assert ANSWER_GONE in after.text
    assert "Wachtlijst duurde maanden" not in after.text
    assert "Lange wachtlijst, maanden niets gehoord" in after.text  # the next answer
    assert "Nu overslaan" in after.labels


async def test_leaving_out_an_erased_answer_or_recognising_it_says_it_is_gone(
    world: World,
) -> None:
    facilitator, people, _links = await mirrored_round(world)
    joke = people["joke"]
    mirror = next(m for m in reversed(joke.messages) if "Wat we hoorden" in m.text)
    await facilitator.send("/samenvatting")
    await facilitator.press("✂️ Antwoorden weglaten")
    listed = facilitator.last
    assert "Wachtlijst duurde maanden" in listed.text
    await erase_everything(people["sanne"])

    toast = await facilitator.press("✂️ 1 weglaten", listed)
    assert toast == ANSWER_GONE
    assert "Wachtlijst duurde maanden" not in facilitator.last.text  # the list as it is now

    number = mirror.text.split("Wachtlijst duurde maanden")[0].rsplit("\n", 1)[-1].split(".")[0]
    toast = await joke.press(f"Herkenbaar {number.strip()}", mirror)
    assert toast == ANSWER_GONE
