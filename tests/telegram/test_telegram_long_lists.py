"""A big session's long lists in Telegram: every one is paged, so no message or keyboard goes
past Telegram's limits (the stand-in refuses those as Telegram does) and nothing in the list
is out of reach, however many there are."""

from __future__ import annotations

from sandbox import scenario
from sandbox.people import Person
from sandbox.standin import ChatMessage
from sandbox.world import World
from tests.conftest import rows
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
