"""The mirror through the bot: the leader shares a round without names, the participants of
several perspectives mark what they recognise, and the leader sees the counts."""

from __future__ import annotations

import json
import sqlite3

from flows import mirror
from sandbox import scenario
from sandbox.people import Person
from sandbox.standin import ChatMessage
from sandbox.world import World
from tests.conftest import rows


def _sort(world: World, themes: dict[str, list[str]]) -> None:
    """Put answers (by their words) into themes, as the facilitator's sorting would."""
    with sqlite3.connect(world.db_path) as conn:
        session_id = conn.execute("SELECT id FROM sessions").fetchone()[0]
        for name, bodies in themes.items():
            theme_id = conn.execute(
                "INSERT INTO themes (session_id, name, created_at) VALUES (?, ?, '2026-01-01')",
                (session_id, name),
            ).lastrowid
            for body in bodies:
                conn.execute(
                    "INSERT INTO theme_answers (contribution_id, theme_id, sorted_at)"
                    " SELECT id, ?, '2026-01-01' FROM contributions WHERE body = ?",
                    (theme_id, body),
                )


async def in_place(world: World, person: Person, label: str, message: ChatMessage) -> ChatMessage:
    """Tap a button of the message; the message as it reads after (edited in place)."""
    await person.press(label, message)
    return world.standin.chat(person.id).messages[message.message_id]


async def _round_with_answers(world: World) -> tuple[Person, dict[str, Person]]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality",))
    people = {name: world.person(name) for name in ("Sanne", "Kees", "Ahmed", "Joke")}
    await scenario.join(people["Sanne"], links.participant["parent"])
    await scenario.join(people["Kees"], links.participant["parent"])
    await scenario.join(people["Ahmed"], links.participant["worker"])
    await scenario.join(people["Joke"], links.participant["partner"])
    await facilitator.send("/open")
    await people["Sanne"].send("Ze luisterde echt naar ons.")
    await people["Kees"].send("De website was onduidelijk.")
    await people["Ahmed"].send("Korte lijnen met school.")
    await people["Joke"].send("Ze belt altijd terug.")
    await facilitator.send("/sluit")
    _sort(world, {"Contact": ["Ze luisterde echt naar ons.", "Ze belt altijd terug."]})
    return facilitator, people


async def _a_parent_and_a_worker(world: World) -> tuple[Person, Person, Person]:
    """A session of parents and family workers, with Sanne and Ahmed joined."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality", "partner"))
    sanne, ahmed = world.person("Sanne"), world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"])
    return facilitator, sanne, ahmed


async def test_a_shared_mirror_shows_words_per_theme_and_no_names(world: World) -> None:
    facilitator, people = await _round_with_answers(world)
    await facilitator.send("/spiegel")
    assert "Gedeeld met 4 deelnemers." in facilitator.last.text
    own = {"Sanne": 1, "Joke": 2, "Kees": 3, "Ahmed": 4}  # the items' numbers, by who wrote them
    for writer, person in people.items():
        mirror = next(m for m in reversed(person.messages) if "Wat we hoorden" in m.text)
        # Themes in order, then what nobody sorted under "Overig".
        text = mirror.text
        assert text.index("Contact") < text.index("Ze luisterde") < text.index("Overig")
        assert text.index("Overig") < text.index("Korte lijnen")
        assert "1. Ze luisterde echt naar ons." in text
        for name in ("Sanne", "Kees", "Ahmed", "Joke"):
            assert name not in text
        # Their own answer is theirs to see, and only the others can recognise it.
        assert mirror.labels == [f"Herkenbaar {n}" for n in range(1, 5) if n != own[writer]]
        assert text.count("(jouw antwoord)") == 1
        assert text.split("(jouw antwoord)")[0].rsplit("\n", 1)[1].startswith(f"{own[writer]}. ")
    # A second time: nobody gets it twice.
    await facilitator.send("/spiegel")
    assert "al gedeeld" in facilitator.last.text
    assert len(rows(world.db_path, "SELECT * FROM mirrors")) == 1
    assert len(rows(world.db_path, "SELECT * FROM outbox WHERE kind = 'mirror'")) == 4


async def test_recognising_counts_per_perspective_and_undo(world: World) -> None:
    facilitator, people = await _round_with_answers(world)
    await facilitator.send("/spiegel")
    sanne, kees, ahmed, joke = (people[n] for n in ("Sanne", "Kees", "Ahmed", "Joke"))
    tapped = sanne.last.button("Herkenbaar 2")
    assert tapped is not None and tapped.callback_data is not None
    await sanne.press("Herkenbaar 2")
    assert "✅ Herkenbaar 2" in sanne.last.labels
    # The same button's second tap (a slow connection) does not undo the first.
    await sanne.press_data(tapped.callback_data)
    assert "✅ Herkenbaar 2" in sanne.last.labels
    assert len(rows(world.db_path, "SELECT * FROM recognitions")) == 1
    await sanne.press("Herkenbaar 2")  # undone
    assert "✅ Herkenbaar 2" not in sanne.last.labels
    assert rows(world.db_path, "SELECT * FROM recognitions") == []
    # Item 1 (Contact: Sanne's "Ze luisterde") is recognised by everyone else, of every
    # perspective: broadly.
    for person in (kees, ahmed, joke):
        await person.press("Herkenbaar 1")
    # Item 3 (Kees's "De website"): the other parent only; one group alone is not broad.
    await sanne.press("Herkenbaar 3")
    await facilitator.send("/spiegel")
    counts = facilitator.last.text
    assert (
        "✅ 3 keer herkend · ouder/inwoner: 1 · gezinswerker: 1 · partnerorganisatie: 1" in counts
    )
    line_three = counts.split("3. ")[1].split("4. ")[0]
    assert "1 keer herkend · ouder/inwoner: 1" in line_three
    assert "✅" not in line_three
    # What the summary, the report and the exports get: the same counts, broad first.
    async with world.services.db.read() as tx:
        found = await mirror.recognition_of(tx, 1)
    assert [(r.quote.text, r.theme, r.by_perspective, r.broadly) for r in found[:2]] == [
        ("Ze luisterde echt naar ons.", "Contact", {"parent": 1, "worker": 1, "partner": 1}, True),
        ("De website was onduidelijk.", None, {"parent": 1}, False),
    ]
    assert found[0].shared_with == ["parent", "worker", "partner"]
    assert found[0].quote.signed is None  # words only, never a name


async def test_an_erased_or_left_out_answer_leaves_the_mirror_and_its_counts(
    world: World,
) -> None:
    facilitator, people = await _round_with_answers(world)
    await facilitator.send("/spiegel")
    await people["Ahmed"].press("Herkenbaar 3")  # Kees's words about the website
    await people["Kees"].press("Herkenbaar 1")
    assert len(rows(world.db_path, "SELECT * FROM recognitions")) == 2
    await people["Kees"].send("/vergeetmij")
    await people["Kees"].press("Ja, wis alles")
    with sqlite3.connect(world.db_path) as conn:
        conn.execute(
            "UPDATE contributions SET left_out_at = '2026-01-01' WHERE body LIKE 'Korte%'"
        )
    await facilitator.send("/spiegel")
    counts = facilitator.last.text
    assert "De website" not in counts and "Korte lijnen" not in counts
    assert "1. Ze luisterde echt naar ons.\n    0 keer herkend" in counts
    assert rows(world.db_path, "SELECT * FROM recognitions") == []
    # A left-out item cannot be marked any more.
    toast = await people["Joke"].press("Herkenbaar 4")
    assert toast is not None
    assert rows(world.db_path, "SELECT * FROM recognitions") == []


async def test_the_consent_text_says_what_the_mirror_shows_to_everyone(world: World) -> None:
    facilitator, people = await _round_with_answers(world)
    # What Sanne agreed to before she answered ...
    welcome = people["Sanne"].texts[0]
    assert "Doe je mee?" in welcome
    assert "aan alle deelnemers laten zien, zonder namen" in welcome
    assert "wat je herkenbaar vindt, de acties die je voorstelt" in welcome
    # ... is what happens: her words reach a partner, without her name.
    await facilitator.send("/spiegel")
    assert "Ze luisterde echt naar ons." in people["Joke"].last.text
    assert "Sanne" not in people["Joke"].last.text


async def test_a_mirror_before_any_theme_asks_first_and_can_still_go_as_one_list(
    world: World,
) -> None:
    facilitator, sanne, ahmed = await _a_parent_and_a_worker(world)
    await facilitator.send("/open")
    await sanne.send("Ze luisterde echt naar ons.")
    await ahmed.send("Korte lijnen met school.")
    await facilitator.send("/sluit")
    # Straight after closing, before sorting: a mirror goes out once, so nothing is sent yet.
    await facilitator.send("/spiegel")
    asked = facilitator.last
    assert "Nog geen antwoord van deze ronde zit in een thema" in asked.text
    assert "/themas" in asked.text
    assert rows(world.db_path, "SELECT * FROM mirrors") == []
    assert not any("Wat we hoorden" in t for t in sanne.texts)
    en = world.person("Femke", lang="en", user_id=facilitator.id)
    await en.send("/mirror")
    assert "None of the answers of this round is in a theme yet." in en.last.text
    assert en.last.labels == ["Share without themes anyway"]
    # The leader (on a phone set to English, too) chooses to share it as one list after all.
    anyway = asked.button("Toch delen zonder thema's")
    assert anyway is not None and anyway.callback_data is not None
    await en.press("Share without themes anyway")
    assert "Shared with 2 participants." in en.last.text
    assert any("Wat we hoorden" in t for t in sanne.texts)
    # The first question's button, tapped later, sends nothing twice.
    await facilitator.press_data(anyway.callback_data, asked)
    assert len(rows(world.db_path, "SELECT * FROM outbox WHERE kind = 'mirror'")) == 2


async def test_the_marks_on_an_earlier_rounds_mirror_stay_readable(world: World) -> None:
    facilitator, people = await _round_with_answers(world)
    await facilitator.send("/spiegel")
    kees = people["Kees"]
    await kees.press("Herkenbaar 1")
    await facilitator.send("/open")
    await kees.send("We wachtten drie maanden.")
    await facilitator.send("/sluit")
    _sort(world, {"Wachten": ["We wachtten drie maanden."]})
    await facilitator.send("/spiegel")
    assert "Gedeeld met 4 deelnemers." in facilitator.last.text
    # Shared again: the newest round first, then the earlier one with its mark.
    await facilitator.send("/spiegel")
    text = facilitator.last.text
    newest = text.index("Spiegel van de ronde: Waar deed het pijn?")
    earlier = text.index("Spiegel van de ronde: Wat ging goed?")
    assert newest < earlier
    assert "1. Ze luisterde echt naar ons." in text[earlier:]
    assert "1 keer herkend · ouder/inwoner: 1" in text[earlier:]
    assert "We wachtten drie maanden." in text[newest:earlier]


async def test_a_double_tap_on_sharing_a_long_list_shows_all_its_counts(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    for n in range(40):
        await sanne.send(
            f"Punt {n}: " + "het contact met het buurtteam liep niet altijd soepel " * 2
        )
    await facilitator.send("/sluit")
    await facilitator.send("/spiegel")
    question = facilitator.last
    share = question.button("Toch delen zonder thema")
    assert share is not None and share.callback_data is not None
    # Two taps before the bot answered the first: the second finds it shared, and its
    # counts (longer than one message) come in parts instead of failing.
    world.standin.press(facilitator.id, question, share.callback_data)
    world.standin.press(facilitator.id, question, share.callback_data)
    await world.settle()
    shared = world.standin.chat(facilitator.id).messages[question.message_id]
    assert "Gedeeld met 1 deelnemer." in shared.text
    counts = "\n".join(facilitator.texts[-2:])
    assert counts.startswith(
        "🪞 Spiegel van de ronde: Wat ging goed?\nDeze spiegel is al gedeeld."
    )
    assert "40. Punt 39" in counts
    assert len(rows(world.db_path, "SELECT * FROM mirrors")) == 1


async def test_a_mirror_of_answers_full_of_emoji_reaches_everyone_whole(world: World) -> None:
    """Telegram counts an emoji as two; the mirror's pages are cut the way it counts."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality",))
    people = [world.person(name) for name in ("Sanne", "Kees", "Ahmed")]
    for person in people:
        await scenario.join(person, links.participant["parent"])
    await facilitator.send("/open")
    for n, person in enumerate(people, start=1):
        await person.send(f"Punt {n} " + "😊" * 1100)
    await facilitator.send("/sluit")
    await facilitator.send("/spiegel")
    await facilitator.press("Toch delen zonder thema")
    assert "Gedeeld met 3 deelnemers." in facilitator.last.text
    for own, person in enumerate(people, start=1):
        (mirror,) = [m for m in person.messages if "Wat we hoorden" in m.text]
        pages = [(mirror.text, mirror.labels)]  # what each page read (the message changes)
        for _ in range(5):  # a page that does not turn fails the test, never hangs it
            if "▶" not in mirror.labels:
                break
            mirror = await in_place(world, person, "▶", mirror)
            pages.append((mirror.text, mirror.labels))
        assert all(len(text.encode("utf-16-le")) // 2 <= 4096 for text, _ in pages)
        labels = [label for _, shown in pages for label in shown if "Herkenbaar" in label]
        assert labels == [f"Herkenbaar {n}" for n in range(1, 4) if n != own]
        words = "".join(text for text, _ in pages)
        assert all(f"Punt {n}" in words for n in range(1, 4))
    assert world.standin.count(status=400) == 0


async def test_a_round_that_closed_before_its_mirror_went_out_can_still_be_shared(
    world: World,
) -> None:
    facilitator, people = await _round_with_answers(world)
    # The facilitator forgot the mirror of "what went well" and went on to the next round.
    await facilitator.send("/open")
    await people["Kees"].send("We wachtten drie maanden.")
    await facilitator.send("/sluit")
    _sort(world, {"Wachten": ["We wachtten drie maanden."]})
    await facilitator.send("/spiegel")
    shared = facilitator.last
    assert "Spiegel van de ronde: Waar deed het pijn?" in shared.text
    assert "Een eerdere ronde sloot voordat de spiegel ervan gedeeld was." in shared.text
    assert shared.labels == ["🪞 Deel ronde: Wat ging goed?"]
    earlier = shared.button("🪞 Deel ronde: Wat ging goed?")
    assert earlier is not None and earlier.callback_data is not None
    await facilitator.press("🪞 Deel ronde: Wat ging goed?")
    assert "Spiegel van de ronde: Wat ging goed?" in facilitator.last.text
    assert "Gedeeld met 4 deelnemers." in facilitator.last.text
    assert facilitator.last.labels == []  # nothing left to share
    sanne_mirrors = [t for t in people["Sanne"].texts if "Wat we hoorden" in t]
    assert len(sanne_mirrors) == 2
    assert "Ze luisterde echt naar ons." in sanne_mirrors[-1]
    # The button again (a second tap, or an old message): nobody gets it twice.
    await facilitator.press_data(earlier.callback_data, shared)
    assert "Deze spiegel is al gedeeld." in facilitator.last.text
    assert len(rows(world.db_path, "SELECT * FROM mirrors")) == 2
    assert len(rows(world.db_path, "SELECT * FROM outbox WHERE kind = 'mirror'")) == 8
    # /spiegel now offers nothing more.
    await facilitator.send("/spiegel")
    assert "eerdere ronde" not in facilitator.last.text
    assert facilitator.last.labels == []


async def test_an_earlier_unsorted_round_asks_first_and_shares_that_round(world: World) -> None:
    facilitator, sanne, ahmed = await _a_parent_and_a_worker(world)
    await facilitator.send("/open")
    await sanne.send("Ze luisterde echt naar ons.")
    await facilitator.send("/sluit")
    await facilitator.send("/open")
    await ahmed.send("De wachtlijst was lang.")
    await facilitator.send("/sluit")
    _sort(world, {"Wachten": ["De wachtlijst was lang."]})
    await facilitator.send("/spiegel")
    await facilitator.press("🪞 Deel ronde: Wat ging goed?")
    # Nothing of that round is in a theme: asked first, as for the last round, naming it.
    asked = facilitator.last.text
    assert asked.startswith("🪞 Spiegel van de ronde: Wat ging goed?")
    assert "Nog geen antwoord van deze ronde zit in een thema" in asked
    assert "Tik daarna opnieuw op de knop van die ronde." in asked
    assert len(rows(world.db_path, "SELECT * FROM mirrors")) == 1
    await facilitator.press("Toch delen zonder thema's")
    assert "Spiegel van de ronde: Wat ging goed?" in facilitator.last.text
    assert "Gedeeld met 2 deelnemers." in facilitator.last.text
    shared = rows(
        world.db_path, "SELECT rounds.kind FROM mirrors JOIN rounds ON rounds.id = round_id"
    )
    assert sorted(kind for (kind,) in shared) == ["hurt", "went_well"]


async def test_a_button_for_a_round_of_another_session_shares_nothing(world: World) -> None:
    facilitator, _people = await _round_with_answers(world)
    await scenario.create_session(facilitator, "Tweede sessie")
    (_first,), (second,) = rows(world.db_path, "SELECT id FROM sessions ORDER BY id")
    (first_round,) = rows(world.db_path, "SELECT id FROM rounds")[0]
    # A button naming the new session with the first session's round: made up, or mixed.
    gone = "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen."
    for data in (
        f"mir.round:{second}:{first_round}",
        f"mir.round:{second}",  # it always names a round: without one it shares nothing
        f"mir.round:{second}:²",  # a superscript passes for a digit but is no number
        f"mir.round:²:{first_round}",
    ):
        toast = await facilitator.press_data(data, facilitator.last)
        assert toast == gone, data
    assert rows(world.db_path, "SELECT * FROM mirrors") == []


async def test_an_earlier_round_can_be_shared_whatever_holds_up_the_last_one(
    world: World,
) -> None:
    facilitator, people = await _round_with_answers(world)
    # Round two closes with nobody answering: nothing to share there, but round one can go.
    await facilitator.send("/open")
    await facilitator.send("/sluit")
    await facilitator.send("/spiegel")
    assert "heeft geen antwoorden" in facilitator.last.text
    assert "Een eerdere ronde sloot voordat de spiegel ervan gedeeld was." in facilitator.last.text
    assert facilitator.last.labels == ["🪞 Deel ronde: Wat ging goed?"]
    # Round three is answered but not sorted: the question offers round one too.
    await facilitator.send("/open")
    await people["Kees"].send("Een vast aanspreekpunt.")
    await facilitator.send("/sluit")
    await facilitator.send("/spiegel")
    assert "Nog geen antwoord van deze ronde zit in een thema" in facilitator.last.text
    assert "Stuur daarna opnieuw /spiegel." in facilitator.last.text
    assert facilitator.last.labels == [
        "Toch delen zonder thema's",
        "🪞 Deel ronde: Wat ging goed?",
    ]
    await facilitator.press("🪞 Deel ronde: Wat ging goed?")
    assert "Gedeeld met 4 deelnemers." in facilitator.last.text
    (kind,) = rows(world.db_path, "SELECT kind FROM mirrors JOIN rounds ON rounds.id = round_id")[
        0
    ]
    assert kind == "went_well"


async def test_an_open_round_or_one_left_out_whole_is_not_shared_by_its_button(
    world: World,
) -> None:
    facilitator, people = await _round_with_answers(world)
    await facilitator.send("/open")
    await people["Kees"].send("We wachtten drie maanden.")
    (first,) = rows(world.db_path, "SELECT id FROM sessions")[0]
    (went_well,), (open_round,) = rows(world.db_path, "SELECT id FROM rounds ORDER BY id")
    toast = await facilitator.press_data(f"mir.round:{first}:{open_round}", facilitator.last)
    assert toast == "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen."
    await facilitator.send("/sluit")
    _sort(world, {"Wachten": ["We wachtten drie maanden."]})
    await facilitator.send("/spiegel")
    offered = facilitator.last
    assert offered.labels == ["🪞 Deel ronde: Wat ging goed?"]
    # Every answer of round one is left out before the button is tapped: nothing to send.
    with sqlite3.connect(world.db_path) as conn:
        conn.execute(
            "UPDATE contributions SET left_out_at = '2026-01-01' WHERE round_id = ?", (went_well,)
        )
    toast = await facilitator.press("🪞 Deel ronde: Wat ging goed?", offered)
    assert toast == "Die ronde heeft geen antwoorden meer om te delen. Ik heb niets verstuurd."
    assert len(rows(world.db_path, "SELECT * FROM mirrors")) == 1
    # And /spiegel no longer offers it.
    await facilitator.send("/spiegel")
    assert facilitator.last.labels == []


async def test_forget_me_takes_what_they_recognised_out_of_the_sent_summary(
    world: World,
) -> None:
    facilitator, people = await _round_with_answers(world)
    await facilitator.send("/spiegel")
    for person in (people["Kees"], people["Ahmed"], people["Joke"]):
        await person.press("Herkenbaar 1")  # Sanne's "Ze luisterde echt naar ons.", by all
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")

    def stored_counts() -> dict[str, int]:
        (version,) = rows(world.db_path, "SELECT snapshot FROM summaries")
        items = json.loads(version["snapshot"])["synthesis"]["recognised"]
        (item,) = [i for i in items if i["quote"]["text"] == "Ze luisterde echt naar ons."]
        return dict(item["by_perspective"])

    assert stored_counts() == {"parent": 1, "partner": 1, "worker": 1}
    # Joke, the one partner, has herself forgotten: her mark no longer shows in what was sent.
    await people["Joke"].send("/vergeetmij")
    await people["Joke"].press("Ja, wis alles")
    assert stored_counts() == {"parent": 1, "worker": 1}


async def test_share_without_themes_pressed_after_another_round_closed_shares_its_own_round(
    world: World,
) -> None:
    facilitator, sanne, ahmed = await _a_parent_and_a_worker(world)
    await facilitator.send("/open")
    await sanne.send("Ze luisterde echt naar ons.")
    await facilitator.send("/sluit")
    await facilitator.send("/spiegel")
    question = facilitator.last
    assert question.text.startswith("🪞 Spiegel van de ronde: Wat ging goed?")
    # The next round runs and closes before the facilitator answers the question.
    await facilitator.send("/open")
    await ahmed.send("De wachtlijst was lang.")
    await facilitator.send("/sluit")
    await facilitator.press("Toch delen zonder thema's", question)
    answered = world.standin.chat(facilitator.id).messages[question.message_id]
    assert answered.text.startswith("🪞 Spiegel van de ronde: Wat ging goed?")
    shared = rows(world.db_path, "SELECT kind FROM mirrors JOIN rounds ON rounds.id = round_id")
    assert [kind for (kind,) in shared] == ["went_well"]


async def test_after_a_tap_the_numbers_in_the_words_and_on_the_buttons_agree(
    world: World,
) -> None:
    """The mirror changed after it went out (an answer left out): a tap on the old message
    shows the words anew with the buttons, so "Herkenbaar 2" marks what item 2 says."""
    facilitator, people = await _round_with_answers(world)
    await facilitator.send("/spiegel")
    sanne = people["Sanne"]
    assert "3. De website was onduidelijk." in sanne.last.text
    with sqlite3.connect(world.db_path) as conn:
        conn.execute(
            "UPDATE contributions SET left_out_at = '2026-01-01' WHERE body LIKE 'Ze belt%'"
        )
    await sanne.press("Herkenbaar 3")  # the website, numbered 2 from now on
    assert "Ze belt" not in sanne.last.text
    assert "2. De website was onduidelijk." in sanne.last.text
    assert sanne.last.labels == ["✅ Herkenbaar 2", "Herkenbaar 3"]  # 1 is her own
    marked = rows(
        world.db_path,
        "SELECT c.body FROM recognitions r JOIN contributions c ON c.id = r.contribution_id",
    )
    assert [m["body"] for m in marked] == ["De website was onduidelijk."]
    # The next tap on "Herkenbaar 3" marks what the words now number 3.
    await sanne.press("Herkenbaar 3")
    assert "3. Korte lijnen met school." in sanne.last.text
    assert sanne.last.labels == ["✅ Herkenbaar 2", "✅ Herkenbaar 3"]


async def test_a_mirror_of_many_items_is_one_message_turned_a_page_at_a_time(
    world: World,
) -> None:
    """Twelve items: one message of two pages (it was two messages, and a big session's
    mirror was dozens). One left out after sharing moves the page break; a tap shows, in the
    same message, the page that now holds the item, numbered as its buttons."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality", "partner"))
    sanne, ahmed = world.person("Sanne"), world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"])
    await facilitator.send("/open")
    bodies = [f"Antwoord nummer {n} over de wijk." for n in range(1, 13)]
    for body in bodies:
        await sanne.send(body)
    await facilitator.send("/sluit")
    await facilitator.send("/spiegel")
    await facilitator.press("Toch delen zonder thema's")
    (mirror,) = [m for m in ahmed.messages if "Herkenbaar 1" in m.labels]
    assert "Pagina 1 van 2. Tik op ▶ voor de volgende pagina." in mirror.text
    assert mirror.labels == [f"Herkenbaar {n}" for n in range(1, 9)] + ["▶"]
    second = await in_place(world, ahmed, "▶", mirror)
    assert second.message_id == mirror.message_id
    assert second.labels == [f"Herkenbaar {n}" for n in range(9, 13)] + ["◀"]
    assert "(2 van 2)" in second.text and f"12. {bodies[11]}" in second.text
    with sqlite3.connect(world.db_path) as conn:
        conn.execute(
            f"UPDATE contributions SET left_out_at = '2026-01-01' WHERE body = '{bodies[0]}'"
        )
    marked_page = await in_place(world, ahmed, "Herkenbaar 9", second)
    first_text, first_labels = marked_page.text, marked_page.labels  # before it turns again
    marked = rows(
        world.db_path,
        "SELECT c.body FROM recognitions r JOIN contributions c ON c.id = r.contribution_id",
    )
    assert [m["body"] for m in marked] == [bodies[8]]
    # The same message, now at the page holding that item, numbered as its buttons.
    assert marked_page.message_id == mirror.message_id
    assert f"8. {bodies[8]}" in first_text
    assert "✅ Herkenbaar 8" in first_labels
    last = await in_place(world, ahmed, "▶", marked_page)
    shown = first_text + "\n" + last.text
    assert bodies[0] not in shown
    for number, body in enumerate(bodies[1:], start=1):
        assert shown.count(f"{number}. {body}") == 1
    labels = [label for seen in (first_labels, last.labels) for label in seen if "Herk" in label]
    assert labels == [f"✅ Herkenbaar {n}" if n == 8 else f"Herkenbaar {n}" for n in range(1, 12)]
    assert len([m for m in ahmed.messages if any("Herkenbaar" in b for b in m.labels)]) == 1


async def test_the_pages_turn_when_items_on_them_were_left_out_or_erased(world: World) -> None:
    """The arrows name a page by its number: an item left out or erased since the mirror went
    out (the first of a page, even) neither stops them nor makes one show a page twice."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality", "partner"))
    sanne, kees, ahmed = world.person("Sanne"), world.person("Kees"), world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(kees, links.participant["parent"])
    await scenario.join(ahmed, links.participant["worker"])
    await facilitator.send("/open")
    for n in range(1, 9):
        await sanne.send(f"Sanne zegt {n}.")
    for n in range(1, 5):
        await kees.send(f"Kees zegt {n}.")
    await facilitator.send("/sluit")
    await facilitator.send("/spiegel")
    await facilitator.press("Toch delen zonder thema's")
    (mirror,) = [m for m in ahmed.messages if "Herkenbaar 1" in m.labels]
    assert mirror.labels[-1] == "▶"
    with sqlite3.connect(world.db_path) as conn:  # the first item of page two, left out
        conn.execute("UPDATE contributions SET left_out_at = '2026-01-01' WHERE body = ?",
                     ("Kees zegt 1.",))  # fmt: skip
    second = await in_place(world, ahmed, "▶", mirror)
    assert "(2 van 2)" in second.text
    assert second.labels == ["Herkenbaar 9", "Herkenbaar 10", "Herkenbaar 11", "◀"]
    assert "9. Kees zegt 2." in second.text
    # Kees erases all he wrote: one page is left, and the arrow still turns to it.
    await kees.send("/vergeetmij")
    await kees.press("Ja, wis alles")
    first = await in_place(world, ahmed, "◀", second)
    assert first.labels == [f"Herkenbaar {n}" for n in range(1, 9)]
    assert "Kees" not in first.text and "8. Sanne zegt 8." in first.text
    assert world.standin.count(status=400) == 0
    # An arrow of a page that is gone shows the last page there is (here: the page shown,
    # which Telegram answers with "not modified", and that is all).
    (session,) = rows(world.db_path, "SELECT id FROM sessions")
    (round_,) = rows(world.db_path, "SELECT id FROM rounds")
    await ahmed.press_data(f"mir.pg:{session['id']}:1.{round_['id']}", first)
    assert world.standin.chat(ahmed.id).messages[first.message_id].labels == first.labels
    # Someone of another session is refused: no page of this mirror is shown to them.
    stranger = world.person("Vreemde")
    other = await scenario.create_session(world.admin("Beheerder"))
    await scenario.join(stranger, other.participant["parent"])
    toast = await stranger.press_data(f"mir.pg:{session['id']}:0.{round_['id']}", stranger.last)
    assert toast is not None and "Sanne" not in str(stranger.texts)
