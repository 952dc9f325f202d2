"""A round's leaders read along while it runs: per perspective, under the names people
chose, a page at a time, refreshed in the same message."""

from __future__ import annotations

import sqlite3

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows


async def test_the_leader_reads_the_answers_per_perspective_under_the_chosen_names(
    world: World,
) -> None:
    femke = world.admin()
    links = await scenario.create_session(femke)
    sanne, piet, anouk = world.person("Sanne"), world.person("Piet"), world.person("Anouk")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(
        piet, links.participant["worker"], appear="zelfgekozen naam", pseudonym="P."
    )
    await scenario.join(anouk, links.participant["partner"], appear="Anoniem")
    await femke.send("/meelezen")
    assert "Er is nog geen ronde geopend." in femke.last.text

    await femke.send("/open")
    await femke.send("/meelezen")
    assert "Nog geen antwoorden" in femke.last.text
    assert femke.last.labels == ["🔄 Vernieuwen"]
    watching = femke.last

    await sanne.send("De gezinswerker luisterde echt.")
    await piet.send("We hadden tijd voor elk gezin.")
    await anouk.send("De lijnen waren kort.")
    await sanne.send("Ik werd snel teruggebeld.")
    await femke.press("🔄 Vernieuwen", watching)
    text = femke.last.text
    assert femke.last.message_id == watching.message_id  # the same message, edited
    assert "4 antwoorden tot nu toe." in text
    assert "• Ouder/inwoner: 1 persoon, 2 antwoorden" in text
    # Per perspective, newest first, under the name as chosen.
    assert text.index("Sanne: Ik werd snel teruggebeld.") < text.index(
        "Sanne: De gezinswerker luisterde echt."
    )
    assert "P.: We hadden tijd voor elk gezin." in text
    assert "Piet" not in text
    # Anonymous: only the perspective shows, never the name.
    assert "Partnerorganisatie: De lijnen waren kort." in text
    assert "Anouk" not in text

    # An answer the facilitator left out never shows.
    world_rows = rows(world.db_path, "SELECT id FROM contributions WHERE body LIKE 'De lijnen%'")
    with_left_out(world, world_rows[0]["id"])
    await femke.press("🔄 Vernieuwen", watching)
    assert "De lijnen waren kort." not in femke.last.text
    assert "3 antwoorden tot nu toe." in femke.last.text

    # The round closed last can still be read.
    await femke.send("/sluit")
    await femke.send("/meelezen")
    assert "Wat ging goed? — gesloten" in femke.last.text
    assert "Ik werd snel teruggebeld." in femke.last.text


async def reading_along(world: World, words: str) -> Person:
    """Four parents answer an open round eight times ("Antwoord 00 …" to "Antwoord 07 …",
    each followed by `words`); the leader, who then sent /meelezen, is returned."""
    femke = world.admin()
    links = await scenario.create_session(femke)
    people = [world.person(f"Ouder{n}") for n in range(4)]
    for person in people:
        await scenario.join(person, links.participant["parent"])
    await femke.send("/open")
    for n in range(8):
        await people[n % 4].send(f"Antwoord {n:02d} " + words)
    await femke.send("/meelezen")
    return femke


async def test_a_long_round_is_paged_within_one_message(world: World) -> None:
    femke = await reading_along(world, "lang verhaal " * 50)
    first = femke.last
    assert len(first.text) <= 4096
    assert "Pagina 1 van 2." in first.text
    assert first.labels == ["🔄 Vernieuwen", "▶"]
    assert "Antwoord 07" in first.text  # the newest first
    await femke.press("▶", first)
    assert femke.last.message_id == first.message_id
    assert "Pagina 2 van 2." in femke.last.text
    assert "Antwoord 00" in femke.last.text and "Antwoord 07" not in femke.last.text
    assert femke.last.labels == ["◀", "🔄 Vernieuwen"]
    await femke.press("◀", femke.last)
    assert "Pagina 1 van 2." in femke.last.text


async def test_a_page_of_answers_full_of_emoji_fits_one_message(world: World) -> None:
    """Telegram counts an emoji as two; a page is measured the way Telegram counts."""
    femke = await reading_along(world, "😊" * 580)
    first = femke.last
    assert "Antwoord 07" in first.text
    assert len(first.text.encode("utf-16-le")) // 2 <= 4096
    assert first.labels[-1] == "▶"
    pages = [first.text]
    while femke.last.labels[-1] == "▶":
        await femke.press("▶", femke.last)
        pages.append(femke.last.text)
    assert all(len(page.encode("utf-16-le")) // 2 <= 4096 for page in pages)
    shown = "".join(pages)
    assert all(f"Antwoord {n:02d}" in shown for n in range(8))


async def test_a_participant_cannot_read_along(world: World) -> None:
    femke = world.admin()
    links = await scenario.create_session(femke)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/open")
    await sanne.send("Mijn eigen antwoord.")
    piet = world.person("Piet")
    await scenario.join(piet, links.participant["worker"])
    for command in ("/meelezen", "/vragen"):
        await piet.send(command)
        assert piet.last.text.startswith("Sorry, dat kun jij hier niet doen."), command
    assert not any("Mijn eigen antwoord." in text for text in piet.texts)
    # Nor does a button made for the leader work for them.
    [session] = rows(world.db_path, "SELECT id FROM sessions")
    await piet.press_data(f"watch.pg:{session['id']}:0", piet.last)
    assert not any("Mijn eigen antwoord." in text for text in piet.texts)
    assert rows(world.db_path, "SELECT COUNT(*) AS n FROM contributions")[0]["n"] == 1


def with_left_out(world: World, contribution_id: int) -> None:
    """Leave an answer out, as the facilitator does in the summary draft (another part)."""
    with sqlite3.connect(world.db_path) as conn:
        conn.execute(
            "UPDATE contributions SET left_out_at = '2026-01-01T00:00:00+00:00' WHERE id = ?",
            (contribution_id,),
        )
