"""Nobody does what is not theirs to do, and nothing of one session reaches another."""

from __future__ import annotations

import pytest

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.conftest import dump, rows

FACILITATOR_COMMANDS = [
    "/nieuw", "/new", "/sessies", "/sessions", "/status", "/uitnodiging", "/invite",
    "/open", "/sluit", "/close", "/actie", "/action", "/samenvatting", "/summary", "/facilitator",
]  # fmt: skip
REFUSAL = "Sorry, dat kun jij hier niet doen. Typ /help om te zien wat je wel kunt doen."


async def running_session(world: World) -> tuple[Person, Person]:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    participant = world.person("Sanne")
    await scenario.join(participant, links.participant["parent"])
    await facilitator.send("/open")
    await participant.send("Mijn antwoord")
    return facilitator, participant


@pytest.mark.parametrize("command", FACILITATOR_COMMANDS)
async def test_participants_and_strangers_cannot_facilitate(world: World, command: str) -> None:
    _, participant = await running_session(world)
    stranger = world.person("Onbekend")
    before = dump(world.db_path)
    for person in (participant, stranger):
        await person.send(command)
        assert person.last.text == REFUSAL
    assert dump(world.db_path) == before


async def test_nothing_of_one_session_reaches_another(world: World) -> None:
    femke = world.admin()
    links_a = await scenario.create_session(femke, "Sessie Alfa")
    links_b = await scenario.create_session(femke, "Sessie Beta")
    alfa, beta = world.person("Alfa"), world.person("Beta")
    await scenario.join(alfa, links_a.participant["parent"])
    await scenario.join(beta, links_b.participant["parent"])
    await femke.send("/sessies")
    await femke.press("Sessie Alfa")
    for _ in range(3):
        await femke.send("/open")
        await alfa.send("Geheim van Alfa")
        await femke.send("/sluit")
    await scenario.add_action(femke, "Actie van Alfa", "buurtteam", "2 weken")
    await femke.send("/samenvatting")
    await femke.press("Verstuur")
    assert any("Geheim van Alfa" in t for t in alfa.texts)
    assert not any("Alfa" in text for text in beta.texts)
    assert all(m.document is None for m in beta.messages)


async def test_one_facilitator_cannot_run_another_ones_session(world: World) -> None:
    femke = world.admin()
    await scenario.create_session(femke, "Van Femke")
    await femke.send("/sessies")
    pick_femke = femke.last.buttons[0][0].callback_data
    await femke.send("/facilitator")
    nora = world.person("Nora")
    await nora.open_link(femke.last.text.split()[-1])
    await scenario.create_session(nora, "Van Nora")
    before = dump(world.db_path)
    assert pick_femke is not None
    for data in (pick_femke, "sum.send:1", "act.who:1:0", "act.due:1:2w"):
        toast = await nora.press_data(data)
        assert toast == REFUSAL, data
    assert dump(world.db_path) == before


async def test_buttons_never_trust_their_data(world: World) -> None:
    facilitator, _ = await running_session(world)
    kees = world.person("Kees")
    links = scenario.links_in(facilitator.messages[3].text)
    await scenario.join(kees, links.participant["parent"])
    theirs = rows(world.db_path, "SELECT id FROM contributions")[0]["id"]
    before = dump(world.db_path)
    for data in (f"ans.del:{theirs}", f"ans.delok:{theirs}", f"ans.edit:{theirs}"):
        assert await kees.press_data(data) == REFUSAL
    for data in ("x", "ans.delok:abc", "ans.delok:99999", "nieuw:1", "ans.delok:1:2:3", "é" * 40):
        toast = await kees.press_data(data)
        assert toast == "Deze knop werkt niet meer. Typ /help om te zien wat je nu kunt doen.", (
            data
        )
    assert dump(world.db_path) == before


async def test_an_old_consent_button_does_not_join_twice(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne")
    await sanne.open_link(links.participant["parent"])
    welcome = sanne.last
    consent_data = welcome.buttons[0][0].callback_data
    await sanne.press("Ja, ik doe mee")
    assert consent_data is not None
    await sanne.press_data(consent_data, welcome)
    assert "Je doet al mee" in sanne.last.text or "Hoe wil je" in sanne.last.text
    assert len(rows(world.db_path, "SELECT * FROM participants")) == 1


async def test_the_bot_leaves_a_group_it_is_added_to(world: World) -> None:
    group = world.standin.add_group(-500, "Buurtteam Oost")
    sanne = world.person("Sanne")
    bot = {"id": 7000000001, "is_bot": True, "first_name": "Dialoogbot"}
    world.standin.push_update(
        {
            "my_chat_member": {
                "chat": {"id": -500, "type": "group", "title": "Buurtteam Oost"},
                "from": sanne.state.as_user(),
                "date": 1,
                "old_chat_member": {"status": "left", "user": bot},
                "new_chat_member": {"status": "member", "user": bot},
            }
        }
    )
    await world.settle()
    said = [m.text for m in group.messages.values() if m.from_bot]
    assert said == [
        "Ik werk alleen in een privégesprek. Open een chat met mij: @DialoogbotSandboxBot"
    ]
    assert group.bot_left
    world.standin.send_text(sanne.id, "/nieuw", chat_id=-500)
    await world.settle()
    assert [m.text for m in group.messages.values() if m.from_bot] == said


async def test_answers_left_behind_anonymised_belong_to_nobody(world: World) -> None:
    """Answers kept after someone left are nobody's: no one can change or delete them."""
    _, sanne = await running_session(world)
    await sanne.send("/stop")
    await sanne.press("Bewaar mijn antwoorden")
    kept = rows(world.db_path, "SELECT id FROM contributions")[0]["id"]
    stranger = world.person("Onbekend")
    await stranger.send("/start")
    before = dump(world.db_path)
    for data in (f"ans.delok:{kept}", f"ans.edit:{kept}", f"pii.mask:{kept}"):
        assert await stranger.press_data(data) == REFUSAL, data
    assert dump(world.db_path) == before
