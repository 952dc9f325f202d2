"""Two leaders sort the same round in Telegram at once: a button does what it said when it was
shown, whatever the other leader did since, or says it no longer can."""

from __future__ import annotations

from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows
from tests.telegram.test_telegram_themes import closed_round, theme_of

GONE = "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen."
FIRST = "Wachtlijst duurde maanden"


async def two_leaders(world: World) -> tuple[Person, Person]:
    """A closed round, the themes Wachtlijst and School, and a co-leader, Cor; both leaders
    have the round's first answer on screen."""
    facilitator, _ = await closed_round(world)
    await facilitator.send("/medeleider")
    cor = world.person("Cor")
    await cor.open_link(facilitator.last.text.split()[-1])
    await facilitator.send("/themas")
    await facilitator.press("Thema's toevoegen")
    await facilitator.send("Wachtlijst, School")
    await facilitator.press("Sorteer ronde 1")
    assert f"“{FIRST}”" in facilitator.last.text
    await cor.send("/themas")
    await cor.press("Sorteer ronde 1")
    assert f"“{FIRST}”" in cor.last.text
    return facilitator, cor


def body_id(world: World, body: str) -> int:
    return int(rows(world.db_path, "SELECT id FROM contributions WHERE body = ?", (body,))[0][0])


async def test_also_puts_the_alike_answer_in_the_theme_the_message_names(world: World) -> None:
    facilitator, cor = await two_leaders(world)
    await facilitator.press("Wachtlijst")
    placed = facilitator.last
    assert "✓ In thema: Wachtlijst" in placed.text
    alike = placed.text.split("tik in hetzelfde thema:")[1].strip().splitlines()
    first_alike = alike[0].split("“")[1].rstrip("”")
    # Meanwhile the co-leader, who had the same answer on screen, puts it in School.
    await cor.press("School")
    assert theme_of(world, FIRST) == "School"
    await facilitator.press("➕ 1 in hetzelfde thema", placed)
    assert theme_of(world, first_alike) == "Wachtlijst"  # as the message said
    assert "✓ In thema: Wachtlijst" in facilitator.last.text

    # A button of the old kind (without its theme) no longer works, and changes nothing.
    before = rows(world.db_path, "SELECT * FROM theme_answers ORDER BY contribution_id")
    second_alike = alike[1].split("“")[1].rstrip("”")
    data = f"th.also:{body_id(world, second_alike)}:{body_id(world, FIRST)}"
    assert await facilitator.press_data(data) == GONE
    assert rows(world.db_path, "SELECT * FROM theme_answers ORDER BY contribution_id") == before


async def test_the_proposed_name_taken_is_the_one_the_button_showed(world: World) -> None:
    facilitator, cor = await two_leaders(world)
    await facilitator.press("Nieuw thema")
    shown = facilitator.last.labels[0]
    assert shown.startswith("✓ ")
    # The open step holds a mark of the name, never the words it was made of.
    (step,) = rows(world.db_path, "SELECT data FROM dialogues")
    assert shown.removeprefix("✓ ") not in step[0] and '"proposed"' in step[0]
    # Meanwhile the co-leader skips the whole round: no answer alike to this one is left
    # unsorted, so a name proposed now would be another.
    while "Nu overslaan" in cor.last.labels:
        await cor.press("Nu overslaan")
    themes_before = rows(world.db_path, "SELECT name FROM themes ORDER BY id")
    toast = await facilitator.press(shown)
    assert toast is not None and toast.startswith("Een andere gespreksleider heeft de antwoorden")
    # No theme under another name than the button said: the name proposed now is shown.
    assert rows(world.db_path, "SELECT name FROM themes ORDER BY id") == themes_before
    now = facilitator.last.labels[0]
    assert now.startswith("✓ ") and now != shown
    await facilitator.press(now)
    assert theme_of(world, FIRST) == now.removeprefix("✓ ")


async def test_a_theme_merged_away_since_the_answer_was_shown_is_said_to_be_gone(
    world: World,
) -> None:
    facilitator, cor = await two_leaders(world)
    screen = facilitator.last
    # The co-leader merges Wachtlijst into School while the answer is on screen.
    await cor.send("/themas")
    await cor.press("Thema's samenvoegen")
    await cor.press("Wachtlijst")
    await cor.press("School")
    toast = await facilitator.press("Wachtlijst", screen)
    assert toast == (
        "Dat thema is er niet meer: het is samengevoegd met een ander thema. Kies een ander thema."
    )
    assert theme_of(world, FIRST) == "unsorted"
    await facilitator.press("School", screen)
    assert theme_of(world, FIRST) == "School"


async def test_also_leaves_an_alike_answer_another_leader_sorted_meanwhile(world: World) -> None:
    facilitator, cor = await two_leaders(world)
    await facilitator.press("Wachtlijst")
    placed = facilitator.last
    alike = placed.text.split("tik in hetzelfde thema:")[1].strip().splitlines()
    first_alike = alike[0].split("“")[1].rstrip("”")
    # Meanwhile the co-leader sorts that alike answer into School.
    await cor.send("/themas")
    await cor.press("Sorteer ronde 1")
    assert first_alike in cor.last.text
    await cor.press("School")
    await facilitator.press("➕ 1 in hetzelfde thema", placed)
    assert theme_of(world, first_alike) == "School"  # where the other leader put it
