"""A big session's long lists in Telegram: every one is paged, so no message or keyboard goes
past Telegram's limits (the stand-in refuses those as Telegram does) and nothing in the list
is out of reach, however many there are."""

from __future__ import annotations

import sqlite3

from flows.model import ACTION_MAX, OWNER_MAX, TITLE_MAX
from flows.themes import THEME_MAX
from sandbox import scenario
from sandbox.people import Person
from sandbox.standin import ChatMessage
from sandbox.world import World
from tests.conftest import rows
from tests.telegram.test_answers import bodies, open_session
from tests.telegram.test_telegram_proposals import _after_the_rounds
from tests.telegram.test_telegram_themes_paging import (
    BACK,
    MORE,
    names,
    session_with_themes,
    within_limits,
)

NO_THEME = "Geen thema"


def theme_buttons(message: ChatMessage) -> list[str]:
    """The themes a page of the theme question offers (not "no theme", nor ◀ ▶)."""
    return [label for label in message.labels if label not in (MORE, BACK, NO_THEME)]


async def turn_in_place(person: Person, label: str) -> ChatMessage:
    """Turn a page: the same message, shown anew."""
    before = person.last
    await person.press(label)
    after = person.last
    assert after.message_id == before.message_id
    within_limits(after)
    return after


def theme_of_action(world: World, what: str) -> str | None:
    found = rows(
        world.db_path,
        "SELECT themes.name FROM actions LEFT JOIN themes ON themes.id = actions.theme_id"
        " WHERE what = ?",
        (what,),
    )
    return found[0]["name"]


async def test_an_action_can_come_from_any_theme_however_many_there_are(world: World) -> None:
    facilitator = await session_with_themes(world, 45)
    themes = names(45)

    # A new action: the theme question shows the first 20 themes, "no theme" and "More ▶".
    await scenario.add_action(
        facilitator, "Terugbellen binnen een week", "Buurtteam", "Over 1 maand"
    )
    question = facilitator.last
    within_limits(question)
    assert "Bij welk thema hoort deze actie?" in question.text
    assert "Pagina 1 van 3." in question.text
    assert theme_buttons(question) == themes[:20]
    assert NO_THEME in question.labels and MORE in question.labels
    assert BACK not in question.labels
    more = question.button(MORE)
    assert more is not None and more.callback_data is not None
    page = await turn_in_place(facilitator, MORE)
    assert theme_buttons(page) == themes[20:40]
    assert "Pagina 2 van 3." in page.text
    assert {NO_THEME, BACK, MORE} <= set(page.labels)
    last = await turn_in_place(facilitator, MORE)
    assert theme_buttons(last) == themes[40:]
    assert NO_THEME in last.labels and MORE not in last.labels
    await facilitator.press("Thema 045")
    assert theme_of_action(world, "Terugbellen binnen een week") == "Thema 045"
    assert facilitator.saw("✓ Het thema staat nu bij de afspraak.")

    # Changing its theme pages the same way; "no theme" is there on a later page too.
    await facilitator.press("✏️ Verander 1")
    await facilitator.press("Thema")
    assert theme_buttons(facilitator.last) == themes[:20]
    await turn_in_place(facilitator, MORE)
    await facilitator.press(NO_THEME)
    assert theme_of_action(world, "Terugbellen binnen een week") is None
    await facilitator.press("✏️ Verander 1")
    await facilitator.press("Thema")
    await turn_in_place(facilitator, MORE)
    back = await turn_in_place(facilitator, BACK)
    assert theme_buttons(back) == themes[:20]
    await turn_in_place(facilitator, MORE)
    await facilitator.press("Thema 030")
    assert theme_of_action(world, "Terugbellen binnen een week") == "Thema 030"

    # An old page button, once the theme was chosen, turns nothing.
    toast = await facilitator.press_data(more.callback_data)
    assert toast == "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen."
    assert world.standin.count(status=400) == 0


def add_actions(world: World, session_id: int, whats: list[str], **fields: object) -> None:
    """Agreed actions written straight into the session, as many as a big session has."""
    with sqlite3.connect(world.db_path) as conn:
        made_by = conn.execute("SELECT owner_id FROM sessions WHERE id = ?", (session_id,))
        owner_id = made_by.fetchone()[0]
        for what in whats:
            conn.execute(
                "INSERT INTO actions (session_id, what, owner, due_on, created_by, created_at,"
                " updated_at, theme_id, owner_person_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id,
                    what,
                    fields.get("owner", "Buurtteam"),
                    fields.get("due_on"),
                    owner_id,
                    "2026-11-01T10:00:00+00:00",
                    "2026-11-01T10:00:00+00:00",
                    fields.get("theme_id"),
                    owner_id if fields.get("taken_over") else None,
                ),
            )


async def every_action_page(person: Person, forward: str = "▶") -> list[str]:
    """The text of each page, from the one on screen to the last, each turned in place."""
    within_limits(person.last)
    pages = [person.last.text]
    while forward in person.last.labels:
        pages.append((await turn_in_place(person, forward)).text)
    return pages


def numbers_in(text: str) -> list[int]:
    """The numbers of the actions a page of the list shows."""
    return [int(line.split(".")[0]) for line in text.splitlines() if line[:1].isdigit()]


async def test_the_list_of_agreed_actions_is_paged_so_every_action_can_be_changed(
    world: World,
) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    session_id = rows(world.db_path, "SELECT id FROM sessions")[0]["id"]
    add_actions(world, session_id, [f"Actie {n:02d}" for n in range(1, 41)])

    # The 41st: the list that follows shows the page it is on, with the buttons of that page.
    await scenario.add_action(facilitator, "Nieuwe actie", "Buurtteam", "Over 1 maand")
    listing = facilitator.last
    within_limits(listing)
    assert "<b>" not in listing.text and "Afspraken (pagina 5 van 5)" in listing.text
    assert numbers_in(listing.text) == [41]
    assert "41. Nieuwe actie" in listing.text
    assert {"✏️ Verander 41", "🗑 Schrap 41", "🤝 41 doorgeven", "◀"} <= set(listing.labels)
    assert "▶" not in listing.labels
    page = await turn_in_place(facilitator, "◀")
    assert "Afspraken (pagina 4 van 5)" in page.text
    assert numbers_in(page.text) == list(range(31, 41))
    assert "35. Actie 35" in page.text
    assert len(page.labels) == 3 * 10 + 2

    # Its buttons work: change action 33, drop action 35 (the list shows where it was).
    await facilitator.press("✏️ Verander 33", page)
    await facilitator.press("Wat")
    await facilitator.send("Actie 33, anders")
    assert "33. Actie 33, anders" in facilitator.last.text
    assert "pagina 4 van 5" in facilitator.last.text
    await facilitator.press("🗑 Schrap 35")
    assert "35. Actie 36" in facilitator.last.text
    assert "Actie 35\n" not in facilitator.last.text
    left = rows(world.db_path, "SELECT what FROM actions WHERE what = 'Actie 35'")
    assert left == []

    # From the first page every page can be reached, each action once.
    await facilitator.press("◀")
    while "◀" in facilitator.last.labels:
        await turn_in_place(facilitator, "◀")
    assert "pagina 1 van 4" in facilitator.last.text
    pages = await every_action_page(facilitator)
    assert [n for p in pages for n in numbers_in(p)] == list(range(1, 41))
    assert world.standin.count(status=400) == 0


async def test_a_page_of_the_longest_possible_actions_fits_one_message(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    session_id = rows(world.db_path, "SELECT id FROM sessions")[0]["id"]
    with sqlite3.connect(world.db_path) as conn:
        theme = conn.execute(
            "INSERT INTO themes (session_id, name, created_at) VALUES (?, ?, ?)",
            (session_id, "🙂" * THEME_MAX, "2026-11-01T10:00:00+00:00"),
        ).lastrowid
    longest = ["😊" * (ACTION_MAX - 3) + f"{n:03d}" for n in range(1, 31)]
    add_actions(
        world,
        session_id,
        longest,
        owner="🙋" * OWNER_MAX,
        due_on="2027-09-30",
        theme_id=theme,
        taken_over=True,
    )

    await scenario.add_action(facilitator, "Nieuwe actie", "Buurtteam", "Over 1 maand")
    await facilitator.press(NO_THEME)
    listing = facilitator.last
    assert "31. Nieuwe actie" in listing.text
    while "◀" in facilitator.last.labels:
        await turn_in_place(facilitator, "◀")
    pages = await every_action_page(facilitator)
    assert [n for p in pages for n in numbers_in(p)] == list(range(1, 32))
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in pages)
    assert world.standin.count(status=400) == 0


def add_sessions(world: World, owner_of: str, titles: list[str]) -> None:
    """Sessions written straight into the database, run by the owner of session `owner_of`."""
    with sqlite3.connect(world.db_path) as conn:
        owner = conn.execute("SELECT owner_id FROM sessions WHERE title = ?", (owner_of,))
        owner_id = owner.fetchone()[0]
        for title in titles:
            made = conn.execute(
                "INSERT INTO sessions (owner_id, title, theme, lang, created_at, tz)"
                " VALUES (?, ?, 'Jeugdhulp', 'nl', '2026-11-01T10:00:00+00:00', 'Europe/Amsterdam')",
                (owner_id, title),
            )
            conn.execute(
                "INSERT INTO session_perspectives (session_id, perspective) VALUES (?, 'parent')",
                (made.lastrowid,),
            )


async def test_sessions_come_a_page_at_a_time_newest_first(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator, "Eerste")
    titles = [f"Sessie {n:03d}" for n in range(1, 125)]
    add_sessions(world, "Eerste", titles)
    newest_first = [*reversed(titles), "Eerste"]

    await facilitator.send("/sessies")
    listing = facilitator.last
    within_limits(listing)
    assert listing.text == "Je sessies. Tik op een sessie om die actief te maken. Pagina 1 van 7."
    assert listing.labels == [*newest_first[:20], "▶"]
    seen = [label for label in listing.labels if label not in ("◀", "▶")]
    while "▶" in facilitator.last.labels:
        page = await turn_in_place(facilitator, "▶")
        seen += [label.removeprefix("▶️ ") for label in page.labels if label not in ("◀", "▶")]
    assert "Pagina 7 van 7." in facilitator.last.text
    assert seen == newest_first  # every session once, the active one (the first) last
    assert facilitator.last.labels[-2:] == ["▶️ Eerste", "◀"]

    # A session on a later page becomes the active one, and is marked so on its page.
    await turn_in_place(facilitator, "◀")
    await facilitator.press("Sessie 010")
    assert facilitator.last.text.startswith("Sessie 010")
    await facilitator.send("/sessies")
    assert "▶️ Sessie 124" not in facilitator.last.labels
    for _ in range(5):
        await turn_in_place(facilitator, "▶")
    assert "Pagina 6 van 7." in facilitator.last.text
    assert "▶️ Sessie 010" in facilitator.last.labels
    assert world.standin.count(status=400) == 0


def proposed_by(world: World, person: Person, bodies: list[str]) -> None:
    """These proposals, made by this participant of the first session before the test."""
    participant = rows(
        world.db_path,
        "SELECT participants.id FROM participants JOIN identities USING (person_id)"
        " WHERE external_id = ?",
        (str(person.id),),
    )[0]["id"]
    with sqlite3.connect(world.db_path) as conn:
        for body in bodies:
            conn.execute(
                "INSERT INTO proposals (session_id, participant_id, body, created_at)"
                " VALUES (1, ?, ?, '2026-11-01T10:00:00+00:00')",
                (participant, body),
            )


async def test_a_page_of_the_longest_proposals_fits_one_message_when_backed_or_turned(
    world: World,
) -> None:
    _facilitator, people = await _after_the_rounds(world)
    sanne = people["Sanne"]
    filler = "Wachtlijst korter & één vast aanspreekpunt 😊 voor elk gezin. " * 20
    bodies = [(f"Voorstel {n:02d}: " + filler)[:ACTION_MAX] for n in range(1, 7)]
    bodies += [(f"Voorstel {n:02d}: " + "🙏" * ACTION_MAX)[:ACTION_MAX] for n in range(7, 13)]
    proposed_by(world, people["Kees"], bodies)

    await sanne.press("Bekijk de voorstellen")
    board = sanne.last
    within_limits(board)
    assert board.text.startswith("Voorgestelde acties (1 van ")  # one message: the page
    assert "1. Voorstel 01: " in board.text and "Steun 1" in board.labels
    # Backing one shows its page anew, in place.
    backed = await turn_in_place(sanne, "Steun 2")
    assert "✅ Steun 1" in backed.labels  # the most backed come first
    assert "1. Voorstel 02: " in backed.text
    # Every proposal can be reached and backed, a page at a time.
    seen = [line[:15] for line in backed.text.splitlines() if ". Voorstel " in line]
    while "▶" in sanne.last.labels:
        page = await turn_in_place(sanne, "▶")
        seen += [line[:15] for line in page.text.splitlines() if ". Voorstel " in line]
    assert len(seen) == 12
    assert "Steun 12" in sanne.last.labels
    last = await turn_in_place(sanne, "Steun 12")
    assert "✅ Steun 2" in last.labels and "2. Voorstel 12: " in last.text
    assert rows(world.db_path, "SELECT COUNT(*) AS n FROM endorsements")[0]["n"] == 2
    assert world.standin.count(status=400) == 0


async def test_a_new_proposal_is_shown_on_the_page_that_holds_it(world: World) -> None:
    _facilitator, people = await _after_the_rounds(world)
    sanne = people["Sanne"]
    proposed_by(world, people["Kees"], [f"Voorstel {n:02d} van Kees" for n in range(1, 13)])
    await sanne.press("Stel een actie voor")
    await sanne.send("Eén vast telefoonnummer voor ouders")
    board = sanne.last
    assert board.text.startswith("Voorgestelde acties (2 van 2)")
    assert "13. Eén vast telefoonnummer voor ouders" in board.text
    assert "◀" in board.labels


async def test_own_answers_come_a_page_at_a_time_each_with_its_buttons(world: World) -> None:
    _facilitator, (sanne,) = await open_session(world, "Sanne")
    for n in range(1, 56):
        await sanne.send(f"Gedachte {n:02d}")
    # Long answers (an emoji counts twice in Telegram): fewer on a page, still one message.
    for n in range(56, 61):
        await sanne.send("😊" * 1200 + f" lang {n}")

    await sanne.send("/antwoorden")
    listing = sanne.last
    within_limits(listing)
    assert listing.text.startswith("Je antwoorden (pagina 1 van ")
    assert numbers_in(listing.text) == list(range(1, 11))
    assert listing.labels[:2] == ["✏️ Verander 1", "🗑 Verwijder 1"]
    assert listing.labels[-3:] == ["✏️ Verander 10", "🗑 Verwijder 10", "▶"]
    pages = await every_action_page(sanne)
    assert [n for page in pages for n in numbers_in(page)] == list(range(1, 61))
    assert all(len(page.encode("utf-16-le")) // 2 <= 4096 for page in pages)
    assert "Gedachte 55" in pages[5] and "60. " in pages[-1]

    # The buttons of a later page change and delete the answers they name.
    for _ in range(len(pages) - 1 - 3):
        await turn_in_place(sanne, "◀")
    assert "31. Gedachte 31" in sanne.last.text
    await sanne.press("🗑 Verwijder 33")
    await sanne.press("Ja, verwijderen")
    await sanne.press("✏️ Verander 34", pages_message(sanne))
    await sanne.send("Gedachte 34, anders gezegd")
    left = bodies(world)
    assert "Gedachte 33" not in left and "Gedachte 34, anders gezegd" in left
    await sanne.send("/antwoorden")
    assert len(await every_action_page(sanne)) == len(pages)
    assert world.standin.count(status=400) == 0


def pages_message(person: Person) -> ChatMessage:
    """The list's message: the newest with ◀."""
    return next(m for m in reversed(person.messages) if m.button("◀") is not None)


def longest_theme_names(count: int) -> list[str]:
    """Names as long as a theme's name may be, each letter an emoji (Telegram counts two)."""
    return [f"{n:02d} " + "🌱" * (THEME_MAX - 3) for n in range(1, count + 1)]


async def test_the_theme_overview_comes_a_page_at_a_time_also_when_sorting_ends(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, "🏠" * TITLE_MAX)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    await sanne.send("Wachtlijst duurde maanden")
    await sanne.send("School overleg verliep soepel")
    await facilitator.send("/sluit")
    names = longest_theme_names(70)
    with sqlite3.connect(world.db_path) as conn:
        for name in names:
            conn.execute(
                "INSERT INTO themes (session_id, name, created_at) VALUES (1, ?, ?)",
                (name, "2026-11-01T10:00:00+00:00"),
            )

    def themes_in(text: str) -> list[str]:
        return [line[2:].rsplit(" (", 1)[0] for line in text.splitlines() if line[:2] == "• "]

    await facilitator.send("/themas")
    overview = facilitator.last
    within_limits(overview)
    assert overview.text.startswith("Thema's · ") and "· pagina 1 van 4" in overview.text
    assert themes_in(overview.text) == names[:20]

    # Sorting ends: the overview is shown in the sorting message, which fits.
    await facilitator.press("Sorteer ronde 1")
    await facilitator.press("Nu overslaan")
    await facilitator.press("Nu overslaan")
    done = facilitator.last
    within_limits(done)
    assert done.text.startswith("Je hebt alle antwoorden van deze ronde gezien.")
    assert "pagina 1 van 4" in done.text and themes_in(done.text) == names[:20]
    seen = themes_in(done.text)
    while MORE in facilitator.last.labels:
        seen += themes_in((await turn_in_place(facilitator, MORE)).text)
    assert seen == names
    assert "pagina 4 van 4" in facilitator.last.text
    back = await turn_in_place(facilitator, BACK)
    assert themes_in(back.text) == names[40:60]

    # An answer on screen erased by its writer: the overview that follows fits too.
    await facilitator.press("Overgeslagen in ronde 1 (2)")
    screen = facilitator.last
    await sanne.send("/stop")
    await sanne.press("Verwijder mijn antwoorden")
    await facilitator.press(screen.labels[0], screen)  # put it in the first theme
    gone = facilitator.last
    within_limits(gone)
    assert gone.text.startswith("Dit antwoord is er niet meer: wie het schreef, heeft het gewist.")
    assert themes_in(gone.text) == names[:20]

    # A theme added: the overview shows the page it is on.
    await facilitator.press("Thema's toevoegen", gone)
    await facilitator.send("Bereikbaarheid")
    assert "pagina 4 van 4" in facilitator.last.text
    assert themes_in(facilitator.last.text) == [*names[60:], "Bereikbaarheid"]
    assert world.standin.count(status=400) == 0
