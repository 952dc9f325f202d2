"""Participants answer in their own words, and can see, change or delete what they wrote."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import keyboards
from reports.i18n import Texts
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from storage.timestamps import to_db
from tests.conftest import rows


async def open_session(world: World, *names: str) -> tuple[Person, list[Person]]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    people = [world.person(name) for name in names]
    for person in people:
        await scenario.join(person, links.participant["parent"])
    await facilitator.send("/open")
    return facilitator, people


def bodies(world: World) -> list[str]:
    return [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions ORDER BY id")]


async def test_each_message_is_stored_and_acknowledged(world: World) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("Eerste gedachte")
    assert sanne.last.text == "✓ Bewaard. Dit is je eerste antwoord bij “Wat ging goed?”."
    assert sanne.last.labels == ["✏️ Veranderen", "🗑 Verwijderen", "📋 Mijn antwoorden"]
    await sanne.send("Tweede gedachte")
    assert "Je hebt nu 2 antwoorden gegeven" in sanne.last.text
    assert bodies(world) == ["Eerste gedachte", "Tweede gedachte"]


async def test_changing_an_answer_replaces_its_text(world: World) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("Ze luisterde nit")
    await sanne.press("Veranderen")
    assert "Stuur de nieuwe tekst" in sanne.last.text
    assert "Ze luisterde nit" in sanne.last.text
    await sanne.send("Ze luisterde echt")
    assert sanne.last.text == "✓ Veranderd. Je antwoord is bewaard."
    assert bodies(world) == ["Ze luisterde echt"]
    assert rows(world.db_path, "SELECT edited_at FROM contributions")[0]["edited_at"] is not None


async def test_keeping_an_answer_while_changing_it_changes_nothing(world: World) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("Zo is het goed")
    await sanne.press("Veranderen")
    await sanne.press("Laat het zo")
    assert "blijft zoals het is" in sanne.last.text
    await sanne.send("Een nieuw antwoord")
    assert bodies(world) == ["Zo is het goed", "Een nieuw antwoord"]


async def test_deleting_an_answer_asks_first_and_then_removes_it(world: World) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("Dit wil ik niet delen")
    await sanne.send("Dit wel")
    await sanne.press("Verwijderen", sanne.messages[-2])
    assert "Wil je dit antwoord verwijderen?" in sanne.last.text
    assert "Dit wil ik niet delen" in sanne.last.text
    await sanne.press("Nee, bewaren")
    assert bodies(world) == ["Dit wil ik niet delen", "Dit wel"]
    await sanne.press("Verwijderen", sanne.messages[-3])
    await sanne.press("Ja, verwijderen")
    assert sanne.last.text == "🗑 Verwijderd. Je hebt nog 1 antwoord in deze ronde."
    assert bodies(world) == ["Dit wel"]
    # The delete button of that answer no longer works.
    toast = await sanne.press("Verwijderen", sanne.messages[-4])
    assert toast == "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen."
    # The last one deleted: no "0 answers left", but what she can still do.
    await sanne.press("Verwijderen", sanne.messages[-3])
    await sanne.press("Ja, verwijderen")
    assert sanne.last.text == (
        "🗑 Verwijderd. Je hebt nu geen antwoorden in deze ronde."
        " Zolang de ronde open is, kun je een nieuw antwoord typen."
    )
    assert bodies(world) == []


async def test_own_answers_are_listed_with_buttons_per_answer(world: World) -> None:
    _, (sanne, kees) = await open_session(world, "Sanne", "Kees")
    await sanne.send("Een")
    await kees.send("Van Kees")
    await sanne.send("Twee")
    await sanne.send("/antwoorden")
    listing = sanne.last
    assert "1. Een" in listing.text and "2. Twee" in listing.text
    assert "Van Kees" not in listing.text
    assert listing.labels == ["✏️ Verander 1", "🗑 Verwijder 1", "✏️ Verander 2", "🗑 Verwijder 2"]
    await sanne.press("Verwijder 2")
    await sanne.press("Ja, verwijderen")
    assert bodies(world) == ["Een", "Van Kees"]


async def test_editing_the_telegram_message_changes_the_saved_answer(world: World) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("Met een tikfoud")
    messages = world.standin.chat(sanne.id).messages.values()
    sent = next(m for m in messages if not m.from_bot and m.text == "Met een tikfoud")
    world.standin.push_update(
        {"edited_message": {**sent.raw, "text": "Met een tikfout", "edit_date": sent.date + 5}}
    )
    await world.settle()
    assert bodies(world) == ["Met een tikfout"]
    assert "bewaarde antwoord ook veranderd" in sanne.last.text


async def test_answers_cannot_change_after_the_round_closes(world: World) -> None:
    facilitator, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("Voor de sluiting")
    await facilitator.send("/sluit")
    toast = await sanne.press("Veranderen")
    assert toast == "Deze ronde is gesloten. Je kunt dit antwoord niet meer veranderen."
    toast = await sanne.press("Verwijderen")
    assert "gesloten" in (toast or "")
    assert bodies(world) == ["Voor de sluiting"]


async def test_a_change_never_finished_does_not_swallow_the_next_rounds_answers(
    world: World,
) -> None:
    facilitator, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("De wachtlijst duurde maanden")
    await sanne.press("Veranderen")
    # She never types the new words: the round closes, and she types while none is open.
    await facilitator.send("/sluit")
    await sanne.send("Toch nog iets")
    assert "niet bewaard" in sanne.last.text
    # The next round's question comes; her words are its answer, not a change of the old one.
    await facilitator.send("/open")
    await sanne.send("Niemand belde terug")
    assert sanne.last.text == "✓ Bewaard. Dit is je eerste antwoord bij “Waar deed het pijn?”."
    assert bodies(world) == ["De wachtlijst duurde maanden", "Niemand belde terug"]


async def test_deleting_the_answer_being_changed_ends_the_change(world: World) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("Eerste gedachte")
    await sanne.press("Veranderen")
    # She changes her mind: not change it, delete it.
    await sanne.press("Mijn antwoorden")
    await sanne.press("Verwijder 1")
    await sanne.press("Ja, verwijder")
    await sanne.send("Een nieuw antwoord")
    assert "✓ Bewaard." in sanne.last.text
    assert bodies(world) == ["Een nieuw antwoord"]


async def test_writing_after_the_session_ended_promises_no_next_round(world: World) -> None:
    facilitator, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("Een antwoord")
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Akkoord, verstuur")
    # Days later she writes again: no round will ever open in this session.
    await world.advance(days=3)
    await sanne.send("Hallo, ik ben er weer")
    assert sanne.last.text == (
        "De sessie is afgelopen. Daarom heb ik dit niet bewaard."
        " Typ /help om te zien wat je nog kunt doen."
    )
    assert bodies(world) == ["Een antwoord"]


async def test_writing_when_no_round_is_open_is_explained_not_stored(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await sanne.send("Te vroeg")
    assert sanne.last.text.startswith("Er is nu geen ronde open. Daarom heb ik dit niet bewaard.")
    await facilitator.send("/open")
    await facilitator.send("/sluit")
    await sanne.send("Te laat")
    assert sanne.last.text.startswith(
        "De ronde “Wat ging goed?” is gesloten. Daarom heb ik dit niet bewaard."
    )
    assert bodies(world) == []


@pytest.mark.parametrize("kind", ["voice", "photo", "sticker", "document"])
async def test_voice_photos_stickers_and_files_get_a_friendly_word(
    world: World, kind: str
) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    await sanne.send_media(kind)
    assert "Ik kan alleen getypte tekst lezen." in sanne.last.text
    assert "Er is een ronde open: typ je antwoord als tekst." in sanne.last.text
    assert bodies(world) == []


async def test_strangers_who_write_are_told_they_need_an_invite(world: World) -> None:
    stranger = world.person("Onbekend")
    await stranger.send("Hallo?")
    assert "Ik ken je nog niet uit een sessie" in stranger.last.text
    assert (
        rows(world.db_path, "SELECT * FROM identities WHERE external_id = ?", (stranger.id,)) == []
    )


async def test_two_open_rounds_ask_which_session_an_answer_is_for(world: World) -> None:
    facilitator = world.admin()
    first = await scenario.create_session(facilitator, "Sessie Noord")
    await facilitator.send("/open")
    await world.advance(minutes=5)  # the round opened last comes first
    second = await scenario.create_session(facilitator, "Sessie Zuid")
    await facilitator.send("/open")
    ahmed = world.person("Ahmed")
    await scenario.join(ahmed, first.participant["worker"])
    await scenario.join(ahmed, second.participant["worker"])

    await ahmed.send("Voor Zuid bedoeld")
    assert "Bij welke sessie hoort dit antwoord?" in ahmed.last.text
    assert ahmed.last.labels == ["Sessie Zuid", "Sessie Noord"]
    assert bodies(world) == []
    await ahmed.press("Sessie Zuid")
    assert ahmed.last.text.startswith("✓ Bewaard.")
    stored = rows(
        world.db_path,
        "SELECT sessions.title FROM contributions JOIN rounds ON rounds.id = contributions.round_id"
        " JOIN sessions ON sessions.id = rounds.session_id",
    )
    assert [r["title"] for r in stored] == ["Sessie Zuid"]
    assert rows(world.db_path, "SELECT * FROM pending_answers") == []


def test_buttons_go_out_exactly_as_ptb_would_write_them() -> None:
    _ = Texts("nl")
    receipt = keyboards.after_answer(_, 41)
    assert keyboards.as_dict(receipt) == receipt.to_dict()
    assert keyboards.as_dict(receipt)["inline_keyboard"][0][0] == {
        "text": "✏️ Veranderen",
        "callback_data": receipt.inline_keyboard[0][0].callback_data,
    }
    # A button with more than a label and callback data is left to PTB.
    mixed = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Site", url="https://example.org")], *receipt.inline_keyboard]
    )
    assert keyboards.as_dict(mixed) == mixed.to_dict()


async def test_a_known_participants_answer_is_filed_in_one_statement(world: World) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    statements: list[str] = []
    await world.services.db._conn.set_trace_callback(statements.append)
    await sanne.send("Eerste gedachte")
    await world.services.db._conn.set_trace_callback(None)
    assert sanne.last.text.startswith("✓ Bewaard.")
    # No lookup of who Sanne is first: the insert finds her by her Telegram id.
    assert [s for s in statements if s.startswith("SELECT people")] == []
    assert len([s for s in statements if "INSERT INTO contributions" in s]) == 1


async def test_a_participant_who_switches_language_is_answered_and_asked_in_it(
    world: World,
) -> None:
    facilitator, (sanne,) = await open_session(world, "Sanne")
    sanne.state.language_code = "en"
    await sanne.send("First thought")
    assert sanne.last.text == "✓ Saved. This is your first answer to “What went well?”."
    assert bodies(world) == ["First thought"]
    await facilitator.send("/sluit")
    await facilitator.send("/open")
    assert "Round 2 of 3" in sanne.last.text


async def test_a_participant_marked_unreachable_who_writes_again_is_reachable(
    world: World,
) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    with sqlite3.connect(world.db_path) as other:  # as after Telegram said 403
        other.execute(
            "UPDATE people SET unreachable_since = ?",
            (to_db(dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)),),
        )
    await sanne.send("Ik ben er weer")
    assert sanne.last.text.startswith("✓ Bewaard.")
    assert bodies(world) == ["Ik ben er weer"]
    unreachable = rows(world.db_path, "SELECT unreachable_since FROM people JOIN identities"
                       " ON person_id = people.id WHERE external_id = ?",
                       (sanne.id,))  # fmt: skip
    assert unreachable[0]["unreachable_since"] is None


@pytest.mark.parametrize(
    ("how", "kept"),
    [("Bewaar mijn antwoorden", ["Eerste gedachte"]), ("Verwijder mijn antwoorden", [])],
)
async def test_leaving_while_changing_an_answer_ends_the_change(
    world: World, how: str, kept: list[str]
) -> None:
    _, (sanne,) = await open_session(world, "Sanne")
    await sanne.send("Eerste gedachte")
    await sanne.press("Veranderen")
    # She never types the new words: she leaves the session instead.
    await sanne.send("/stop")
    await sanne.press(how)
    await sanne.send("Toch nog iets")
    # Her words are what any typed words are now: she hears she left, not that a button
    # no longer works.
    assert "Je bent gestopt met meedoen aan de sessie" in sanne.last.text
    assert "knop" not in sanne.last.text
    assert bodies(world) == kept
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
