"""Answers in letters Telegram counts twice (emoji, or bold letters pasted from elsewhere): the
screens that quote them shorten them as Telegram counts, so they fit one message. Counted in
characters, the sorting screen failed for good on such an answer, and the summary's list of
answers failed after each change it had already saved."""

from __future__ import annotations

from reports.telegram import MESSAGE_LIMIT, shorten, utf16_length
from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World

BOLD = {c: chr(0x1D41A + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}


def bold(text: str) -> str:
    """The text in mathematical bold letters, two units each to Telegram."""
    return "".join(BOLD.get(c, c) for c in text)


async def _parent_in_open_round(world: World) -> tuple[Person, Person]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator, without=("municipality", "partner"))
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await facilitator.send("/open")
    return facilitator, sanne


def test_shortening_counts_as_telegram_does() -> None:
    assert shorten("kort", 10) == "kort"
    cut = shorten("😀" * 100, 21)
    assert utf16_length(cut) <= 21 and cut.endswith("…")
    # At a word's end when one is near.
    assert shorten("de wachtlijst was lang", 20) == "de wachtlijst was…"


async def test_the_sorting_screen_of_a_long_answer_in_bold_letters_fits(world: World) -> None:
    facilitator, sanne = await _parent_in_open_round(world)
    words = "wachtlijst duurdemaandenenniemandbeldeterugwachtlijstwachtlijst "
    await sanne.send(bold((words * 40)[:1600]))  # 3,200 units: one message as she sent it
    for n in range(3):  # alike answers, quoted under it
        await sanne.send(bold((f"wachtlijst{n} duurdemaandenenniemandbeldeterug " * 10)[:400]))
    await facilitator.send("/sluit")
    await facilitator.send("/themas")
    refused = world.standin.count(status=400)
    await facilitator.press("Sorteer ronde 1")
    assert world.standin.count(status=400) == refused
    assert not facilitator.saw("ging bij ons iets mis")
    assert utf16_length(facilitator.last.text) <= MESSAGE_LIMIT
    assert facilitator.last.button("Overslaan") is not None


async def test_the_list_of_answers_to_leave_out_fits_with_emoji_answers(world: World) -> None:
    facilitator, sanne = await _parent_in_open_round(world)
    for n in range(9):  # a page of eight, and a second page
        await sanne.send(f"{n}" + "😀" * 400)
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Antwoorden weglaten")
    listing = facilitator.last
    refused = world.standin.count(status=400)
    await facilitator.press("1 weglaten", listing)
    assert world.standin.count(status=400) == refused
    assert not facilitator.saw("ging bij ons iets mis")
    shown = world.standin.chat(facilitator.id).messages[listing.message_id]
    assert "↩️ 1 terugzetten" in shown.labels  # the page shows the change it saved
