"""A session with more themes than fit on one keyboard: the sorting screen, the rename list
and both merge lists page through them with "More themes ▶" / "◀", so no theme is ever out of
reach and no keyboard breaks Telegram's limits (the stand-in refuses those as Telegram does).
"""

from __future__ import annotations

from sandbox import scenario
from sandbox.people import Person
from sandbox.standin import ChatMessage
from sandbox.world import World
from tests.conftest import rows

ANSWERS = [
    "Wachtlijst duurde maanden",
    "School overleg verliep soepel",
    "Formulieren onduidelijk ingevuld",
]
MORE = "Meer thema's ▶"
BACK = "◀"
FIXED = {MORE, BACK, "➕ Nieuw thema", "Nu overslaan"}  # the buttons that are not themes
KEYBOARD_BUTTON_LIMIT = 100


def names(count: int) -> list[str]:
    return [f"Thema {number:03d}" for number in range(1, count + 1)]


async def session_with_themes(world: World, count: int) -> Person:
    """A closed round of three answers, and `count` themes typed in one message."""
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    for text in ANSWERS:
        await sanne.send(text)
    await facilitator.send("/sluit")
    await facilitator.send("/themas")
    await facilitator.press("Thema's toevoegen")
    await facilitator.send(", ".join(names(count)))
    assert f"Thema {count:03d} (0)" in facilitator.last.text
    return facilitator


def themes_on(message: ChatMessage) -> list[str]:
    """The theme buttons of a page, but for the suggested ones (⭐), which every page shows."""
    return [label for label in message.labels if label not in FIXED and label[0] != "⭐"]


def suggested_on(message: ChatMessage) -> list[str]:
    return [label.removeprefix("⭐ ") for label in message.labels if label.startswith("⭐ ")]


def within_limits(message: ChatMessage) -> None:
    assert sum(len(row) for row in message.buttons) <= KEYBOARD_BUTTON_LIMIT
    assert all(
        len((button.callback_data or "").encode("utf-8")) <= 64
        for row in message.buttons
        for button in row
    )


async def turn(facilitator: Person, label: str) -> ChatMessage:
    """Turn a page: the same message, the same text, other buttons."""
    before = facilitator.last
    await facilitator.press(label)
    after = facilitator.last
    assert after.message_id == before.message_id
    assert after.text == before.text
    within_limits(after)
    return after


async def every_page(facilitator: Person) -> list[list[str]]:
    """The themes on each page, from the one on screen to the last."""
    pages = [themes_on(facilitator.last)]
    within_limits(facilitator.last)
    while MORE in facilitator.last.labels:
        pages.append(themes_on(await turn(facilitator, MORE)))
    assert BACK in facilitator.last.labels or len(pages) == 1
    return pages


def flat(pages: list[list[str]]) -> list[str]:
    return [name for page in pages for name in page]


def theme_of(world: World, body: str) -> str | None:
    found = rows(
        world.db_path,
        "SELECT themes.name FROM contributions JOIN theme_answers ON contribution_id ="
        " contributions.id LEFT JOIN themes ON themes.id = theme_answers.theme_id WHERE body = ?",
        (body,),
    )
    return found[0]["name"] if found else "unsorted"


def answer_on(message: ChatMessage) -> str:
    return next(text for text in ANSWERS if f"“{text}”" in message.text)


async def next_answer(facilitator: Person) -> None:
    if "Volgend antwoord ▶" in facilitator.last.labels:
        await facilitator.press("Volgend antwoord ▶")


async def test_a_theme_on_a_later_page_gets_an_answer_and_is_renamed_and_merged(
    world: World,
) -> None:
    facilitator = await session_with_themes(world, 45)
    themes = names(45)

    # Sorting: nothing is suggested yet; the first page shows the first themes only.
    await facilitator.press("Sorteer ronde 1")
    screen = facilitator.last
    first = answer_on(screen)
    assert themes_on(screen) == themes[:20]
    assert "Thema 025" not in screen.labels
    assert BACK not in screen.labels
    assert {"➕ Nieuw thema", "Nu overslaan", MORE} <= set(screen.labels)
    page = await turn(facilitator, MORE)
    assert themes_on(page) == themes[20:40]
    assert {"➕ Nieuw thema", "Nu overslaan", BACK, MORE} <= set(page.labels)
    await facilitator.press("Thema 025")
    assert theme_of(world, first) == "Thema 025"

    # The next answer reaches the last theme on the last page; ◀ turns back.
    await next_answer(facilitator)
    second = answer_on(facilitator.last)
    assert second != first
    suggested = suggested_on(facilitator.last)
    pages = await every_page(facilitator)
    assert suggested_on(facilitator.last) == suggested  # the same ⭐ on every page
    assert sorted(flat(pages) + suggested) == themes  # every theme, each once
    assert "Thema 045" in pages[-1]
    assert MORE not in facilitator.last.labels
    before_last = await turn(facilitator, BACK)
    assert "Thema 045" not in themes_on(before_last)
    await turn(facilitator, MORE)
    await facilitator.press("Thema 045")
    assert theme_of(world, second) == "Thema 045"

    # A skipped answer, shown again, keeps its own "skip" on every page.
    await next_answer(facilitator)
    third = answer_on(facilitator.last)
    await facilitator.press("Nu overslaan")
    await facilitator.press("Overgeslagen in ronde 1 (1)")
    assert answer_on(facilitator.last) == third
    page = await turn(facilitator, MORE)
    skip = page.button("Nu overslaan")
    assert skip is not None and (skip.callback_data or "").startswith("th.back:")
    await facilitator.press("Thema 030")
    assert theme_of(world, third) == "Thema 030"

    # Renaming: the list pages the same way; the last theme is on the last page.
    await facilitator.press("Thema hernoemen")
    assert themes_on(facilitator.last) == themes[:20]
    pages = await every_page(facilitator)
    assert flat(pages) == themes
    await facilitator.press("Thema 045")
    await facilitator.send("Laatste thema")
    assert theme_of(world, second) == "Laatste thema"

    # Merging: which theme (on page 2), and into which (on the last page, without itself).
    await facilitator.press("Thema's samenvoegen")
    await turn(facilitator, MORE)
    await facilitator.press("Thema 025")
    into = facilitator.last
    assert "Thema 025" in into.text
    pages = await every_page(facilitator)
    kept = [name for name in themes if name not in ("Thema 025", "Thema 045")]
    assert flat(pages) == [*kept, "Laatste thema"]
    await facilitator.press("Laatste thema")
    assert theme_of(world, first) == "Laatste thema"
    left = [r["name"] for r in rows(world.db_path, "SELECT name FROM themes ORDER BY id")]
    assert "Thema 025" not in left and len(left) == 44


async def test_with_more_themes_than_a_keyboard_holds_every_list_reaches_them_all(
    world: World,
) -> None:
    facilitator = await session_with_themes(world, 120)
    themes = names(120)

    await facilitator.press("Sorteer ronde 1")
    assert flat(await every_page(facilitator)) == themes

    await facilitator.send("/themas")
    await facilitator.press("Thema hernoemen")
    assert flat(await every_page(facilitator)) == themes

    await facilitator.press("Thema's samenvoegen")
    assert flat(await every_page(facilitator)) == themes
    await facilitator.press("Thema 120")
    assert flat(await every_page(facilitator)) == themes[:-1]
