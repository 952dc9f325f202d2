"""The shared result on the web: a leader shares a round's mirror and agrees a proposal; a web
participant recognises items (and undoes it), proposes an action and backs another's, beside
a participant in Telegram; participants are refused the leaders' pages."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

import httpx
from playwright.async_api import Page

from flows.brake import LONGEST_WAIT
from sandbox import scenario
from sandbox.people import Person
from sandbox.web_people import WebPerson, invite_code
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import form_token, serious_violations
from web.identity import new_secret

THEME_GONE = "Dat thema is er niet meer: het is samengevoegd met een ander thema."
PERSONAL = re.compile(r"http://127\.0\.0\.1:\d+(/p/[\w-]+)/session")


@dataclass
class Stage:
    femke: Person  # the facilitator, in Telegram
    ahmed: Person  # a participant in Telegram
    leader: httpx.AsyncClient  # Femke's browser
    lead: str  # Femke's personal path
    sanne: WebPerson  # a participant on the web


async def _stage(world: World, sanne: WebPerson, leader: httpx.AsyncClient) -> Stage:
    femke = world.admin()
    await femke.send("/start")
    links = await scenario.create_session(femke, without=("municipality",))
    ahmed = world.person("Ahmed")
    await scenario.join(ahmed, links.participant["worker"])
    await sanne.join(invite_code(links.participant["parent"]))
    await sanne.settle_in(appear="anonymous", name=None, wants_summary=False)
    await femke.send("/open")
    await sanne.answer("Ze luisterde echt naar ons.")
    await ahmed.send("Het wachten duurde lang.")
    await femke.send("/sluit")
    await femke.send("/web")
    found = PERSONAL.search(femke.last.text)
    assert found is not None, femke.last.text
    return Stage(femke, ahmed, leader, found.group(1), sanne)


async def _post(http: httpx.AsyncClient, page: str, path: str, **fields: str) -> httpx.Response:
    """Open `page`, then post its form to `path` with the page's form token."""
    shown = await http.get(page)
    assert shown.status_code == 200, shown.text[:300]
    return await http.post(path, data={**fields, "csrftoken": form_token(shown.text)})


def _answer(world: World, words: str) -> int:
    return int(
        rows(world.db_path, "SELECT id FROM contributions WHERE body = ?", (words,))[0]["id"]
    )


def _count(world: World, table: str) -> int:
    return int(rows(world.db_path, f"SELECT COUNT(*) AS n FROM {table}")[0]["n"])


async def _to_actions(stage: Stage) -> None:
    """Rounds two and three, so the session gathers its actions."""
    for _ in range(2):
        await stage.femke.send("/open")
        await stage.femke.send("/sluit")


async def test_a_leader_shares_and_a_web_participant_recognises_and_undoes(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        stage = await _stage(web_world, sanne, client)
        page = f"{stage.lead}/session/mirror"
        assert (await client.get(page)).status_code == 200
        # No answer is in a theme yet: the page asks first, and nobody gets the mirror.
        asked = await _post(client, page, f"{page}/share")
        (round_id,) = rows(web_world.db_path, "SELECT id FROM rounds")[0]
        assert asked.headers["location"].endswith(f"done=unsorted&round={round_id}")
        assert _count(web_world, "mirrors") == 0
        question = await client.get(asked.headers["location"])
        # The question names its round, as in Telegram.
        assert "<strong>Spiegel van de ronde: Wat ging goed?</strong><br>" in question.text
        # It stands in for the round's own share button.
        assert "Deel de spiegel van de ronde: Wat ging goed?" not in question.text
        assert "Nog geen antwoord van deze ronde zit in een thema." in question.text
        assert 'name="without_themes" value="yes"' in question.text
        shared = await _post(client, page, f"{page}/share", without_themes="yes")
        assert shared.status_code == 303
        assert shared.headers["location"].endswith("done=shared")
        await web_world.settle()
        assert "Ze luisterde echt naar ons." in stage.ahmed.texts[-1]
        assert _count(web_world, "mirrors") == 1
        # Sharing again sends nothing twice.
        again = await _post(client, page, f"{page}/share")
        assert again.headers["location"].endswith("done=shared_before")

        # The participant's page links to the mirror; the messages page says it was shared.
        own = await sanne.http.get(f"/p/{sanne.secret}")
        assert f"/p/{sanne.secret}/mirror" in own.text
        messages = await sanne.http.get(f"/p/{sanne.secret}/messages")
        assert f'href="/p/{sanne.secret}/mirror"' in messages.text
        mirror_page = f"/p/{sanne.secret}/mirror"
        shown = await sanne.http.get(mirror_page)
        assert "Het wachten duurde lang." in shown.text
        assert "Ze luisterde echt naar ons." in shown.text
        # Her own answer is marked as hers, without a button: only the others recognise it.
        hers = _answer(web_world, "Ze luisterde echt naar ons.")
        assert f'action="{mirror_page}/{hers}"' not in shown.text
        assert "Jouw antwoord: de anderen kunnen het herkenbaar vinden." in shown.text
        forged = await _post(sanne.http, mirror_page, f"{mirror_page}/{hers}")
        assert forged.status_code == 403 and "Er is niets veranderd." in forged.text
        assert _count(web_world, "recognitions") == 0

        item = _answer(web_world, "Het wachten duurde lang.")
        marked = await _post(sanne.http, mirror_page, f"{mirror_page}/{item}")
        assert marked.status_code == 303
        recognised = rows(web_world.db_path, "SELECT * FROM recognitions")
        assert [(r["contribution_id"], r["perspective"]) for r in recognised] == [(item, "parent")]
        shown = await sanne.http.get(mirror_page)
        assert "Toch niet herkenbaar" in shown.text
        counts = await client.get(page)
        assert re.search(r"Het wachten duurde lang\..*?<td>1</td>", counts.text, re.S)

        undone = await _post(sanne.http, mirror_page, f"{mirror_page}/{item}")
        assert undone.status_code == 303
        assert _count(web_world, "recognitions") == 0

        # A participant is refused the leaders' pages and forms.
        for path in ("/session/mirror", "/session/proposals"):
            refused = await sanne.http.get(f"/p/{sanne.secret}{path}")
            assert refused.status_code == 403, path
        forged = await sanne.http.post(
            f"/p/{sanne.secret}/session/mirror/share", data={"csrftoken": sanne.token}
        )
        assert forged.status_code == 403


async def test_a_round_that_closed_before_its_mirror_went_out_is_shared_on_the_web(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        stage = await _stage(web_world, sanne, client)
        await stage.femke.send("/open")
        await stage.ahmed.send("De wachtlijst was lang.")
        await stage.femke.send("/sluit")
        page = f"{stage.lead}/session/mirror"
        # The last round is not sorted either: its question, with the earlier round offered.
        asked_last = await _post(client, page, f"{page}/share")
        question = await client.get(asked_last.headers["location"])
        assert "<strong>Spiegel van de ronde: Waar deed het pijn?</strong><br>" in question.text
        assert "Deel de spiegel van de ronde: Wat ging goed?" in question.text
        shared = await _post(client, page, f"{page}/share", without_themes="yes")
        assert shared.headers["location"].endswith("done=shared")
        shown = await client.get(shared.headers["location"])
        assert "Een eerdere ronde sloot voordat de spiegel ervan gedeeld was." in shown.text
        assert "Deel de spiegel van de ronde: Wat ging goed?" in shown.text
        (first_round,) = rows(web_world.db_path, "SELECT id FROM rounds ORDER BY id")[0]
        assert f'name="round" value="{first_round}"' in shown.text
        # That round is not in a theme either: asked first, about that round.
        asked = await _post(client, page, f"{page}/share", round=str(first_round))
        assert asked.headers["location"].endswith(f"done=unsorted&round={first_round}")
        question = await client.get(asked.headers["location"])
        assert f'name="round" value="{first_round}"' in question.text
        # Asked about an earlier round, the last round's own button is still there.
        assert "Deel de spiegel van de ronde: Waar deed het pijn?" in question.text
        assert "<strong>Spiegel van de ronde: Wat ging goed?</strong><br>" in question.text
        assert f"/session/themes?session=1&amp;round={first_round}" in question.text
        assert _count(web_world, "mirrors") == 1
        done = await _post(
            client, asked.headers["location"], f"{page}/share",
            round=str(first_round), without_themes="yes",
        )  # fmt: skip
        assert done.headers["location"].endswith("done=shared")
        await web_world.settle()
        assert "Ze luisterde echt naar ons." in stage.ahmed.texts[-1]
        kinds = rows(
            web_world.db_path, "SELECT kind FROM mirrors JOIN rounds ON rounds.id = round_id"
        )
        assert sorted(k for (k,) in kinds) == ["hurt", "went_well"]
        after = await client.get(done.headers["location"])
        assert "eerdere ronde" not in after.text
        # The question's address, opened again once the round is shared: nothing to ask.
        stale = await client.get(asked.headers["location"])
        assert "Nog geen antwoord van deze ronde zit in een thema." not in stale.text
        # A round the form cannot name: refused, nothing shared.
        for made_up in ("twee", "²"):
            forged = await _post(client, page, f"{page}/share", round=made_up)
            assert forged.status_code in (404, 410), made_up
        assert _count(web_world, "mirrors") == 2


async def test_the_last_round_button_shares_the_round_it_named_when_another_closed_since(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        stage = await _stage(web_world, sanne, client)
        page = f"{stage.lead}/session/mirror"
        shown = await client.get(page)
        (first_round,) = rows(web_world.db_path, "SELECT id FROM rounds")[0]
        assert "Deel de spiegel van de ronde: Wat ging goed?" in shown.text
        named = re.search(r'name="round" value="(\d+)"', shown.text)
        assert named is not None and int(named.group(1)) == first_round
        # Meanwhile, in the chat, the next round opens and closes.
        await stage.femke.send("/open")
        await stage.ahmed.send("De wachtlijst was lang.")
        await stage.femke.send("/sluit")
        fields = {"round": named.group(1), "without_themes": "yes"}
        sent = await client.post(
            f"{page}/share", data={**fields, "csrftoken": form_token(shown.text)}
        )
        assert sent.headers["location"].endswith("done=shared")
        kinds = rows(
            web_world.db_path, "SELECT kind FROM mirrors JOIN rounds ON rounds.id = round_id"
        )
        assert [k for (k,) in kinds] == ["went_well"]


async def test_a_link_that_names_nobody_gets_the_calm_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    for path in ("mirror", "proposals"):
        # A wrong link is a wrong link to the brake: each try here waits out the one before.
        web_world.clock.advance(LONGEST_WAIT)
        page = await client.get(f"/p/{new_secret()}/{path}")
        assert page.status_code == 404, path
        assert "Deze link werkt niet meer" in page.text, path


async def test_web_participants_propose_and_back_and_the_leader_agrees_on_the_web(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        stage = await _stage(web_world, sanne, client)
        proposals_page = f"/p/{sanne.secret}/proposals"
        before = await sanne.http.get(proposals_page)
        assert "Stel een actie voor" not in before.text  # not yet: the rounds go on
        await _to_actions(stage)
        with sqlite3.connect(web_world.db_path) as conn:
            conn.execute(
                "INSERT INTO themes (session_id, name, created_at)"
                " VALUES (1, 'Bereikbaarheid', '2026-01-01')"
            )

        # The invitation is on the messages page, with the way to the proposals.
        messages = await sanne.http.get(f"/p/{sanne.secret}/messages")
        assert f'href="{proposals_page}"' in messages.text
        proposed = await _post(
            sanne.http,
            proposals_page,
            f"/p/{sanne.secret}/propose",
            participant=str(_participant(web_world)),
            text="Eén vast telefoonnummer voor ouders",
        )
        assert proposed.status_code == 303
        # Her proposal (number 1, as the session is) and the box for the next one have ids
        # of their own: the box's label names the box, not her proposal.
        page_ids = re.findall(r' id="([^"]+)"', (await sanne.http.get(proposals_page)).text)
        assert len(page_ids) == len(set(page_ids)), page_ids
        await stage.ahmed.press("Stel een actie voor")
        await stage.ahmed.send("Elke maand overleg met school")
        own, other = (
            int(
                rows(web_world.db_path, "SELECT id FROM proposals WHERE body LIKE ?", (w,))[0][
                    "id"
                ]
            )
            for w in ("Eén%", "Elke%")
        )

        backed = await _post(sanne.http, proposals_page, f"{proposals_page}/{other}/back")
        assert backed.status_code == 303
        assert _count(web_world, "endorsements") == 1
        assert "Niet meer steunen" in (await sanne.http.get(proposals_page)).text
        # One's own proposal cannot be backed: no button, and a forged form is refused.
        forged = await _post(sanne.http, proposals_page, f"{proposals_page}/{own}/back")
        assert forged.status_code == 403
        assert _count(web_world, "endorsements") == 1

        # The leader agrees Ahmed's proposal, backed by Sanne, with its theme.
        page = f"{stage.lead}/session/proposals"
        listing = await client.get(page)
        assert listing.status_code == 200
        assert listing.text.index("Elke maand overleg") < listing.text.index("Eén vast")
        # A theme of no session of hers is refused beside the form, with what was typed kept,
        # and leaves no action behind.
        foreign = await _post(
            client, page, f"{page}/{other}/agree", what="Overleg", owner="Buurtteam", theme="99"
        )
        assert foreign.status_code == 409
        assert THEME_GONE in foreign.text
        assert ">Overleg</textarea>" in foreign.text and 'value="Buurtteam"' in foreign.text
        assert _count(web_world, "actions") == 0
        agreed = await _post(
            client,
            page,
            f"{page}/{other}/agree",
            what="Elke maand overleg met school",
            owner="Buurtteam",
            due="2027-02-01",
            theme="1",
        )
        assert agreed.status_code == 303, agreed.text[:300]
        (action,) = rows(web_world.db_path, "SELECT * FROM actions")
        assert (action["what"], action["owner"], action["due_on"], action["theme_id"]) == (
            "Elke maand overleg met school",
            "Buurtteam",
            "2027-02-01",
            1,
        )
        linked = rows(web_world.db_path, "SELECT action_id FROM proposals WHERE id = ?", (other,))
        assert linked[0]["action_id"] == action["id"]
        # Agreed once: a second post of the same form adds no action; the page says it is.
        twice = await _post(client, page, f"{page}/{other}/agree", what="x", owner="y")
        assert twice.status_code == 303
        assert twice.headers["location"].endswith("done=agreed")
        assert _count(web_world, "actions") == 1


async def test_agreeing_with_a_theme_merged_meanwhile_keeps_what_was_typed(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        stage = await _stage(web_world, sanne, client)
        await _to_actions(stage)
        await stage.femke.send("/themas")
        await stage.femke.press("Thema's toevoegen")
        await stage.femke.send("Bereikbaarheid, Wachten")
        await stage.ahmed.press("Stel een actie voor")
        await stage.ahmed.send("Elke maand overleg met school")
        (proposal,) = rows(web_world.db_path, "SELECT id FROM proposals")
        page = f"{stage.lead}/session/proposals"
        shown = await client.get(page)
        merged = str(
            rows(web_world.db_path, "SELECT id FROM themes WHERE name = 'Bereikbaarheid'")[0][0]
        )
        assert f'<option value="{merged}"' in shown.text
        # While the form is filled in, the theme is merged into another in the chat.
        await stage.femke.send("/themas")
        await stage.femke.press("Thema's samenvoegen")
        await stage.femke.press("Bereikbaarheid")
        await stage.femke.press("Wachten")
        refused = await client.post(
            f"{page}/{proposal[0]}/agree",
            data={
                "what": "Elke maand overleg, met de school erbij",
                "owner": "Buurtteam",
                "due": "2027-02-01",
                "theme": merged,
                "csrftoken": form_token(shown.text),
            },
        )
        assert refused.status_code == 409
        assert THEME_GONE in refused.text
        assert "werkt niet meer" not in refused.text
        assert ">Elke maand overleg, met de school erbij</textarea>" in refused.text
        assert 'value="Buurtteam"' in refused.text and 'value="2027-02-01"' in refused.text
        assert _count(web_world, "actions") == 0


async def test_a_theme_posted_where_the_session_has_none_is_refused_in_words(
    web_world: World, client: httpx.AsyncClient
) -> None:
    """With no themes the form has no theme field: the refusal is said above the form."""
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        stage = await _stage(web_world, sanne, client)
        await _to_actions(stage)
        await stage.ahmed.press("Stel een actie voor")
        await stage.ahmed.send("Elke maand overleg met school")
        (proposal,) = rows(web_world.db_path, "SELECT id FROM proposals")
        page = f"{stage.lead}/session/proposals"
        refused = await _post(
            client, page, f"{page}/{proposal[0]}/agree", what="Overleg", owner="Buurtteam",
            theme="99",
        )  # fmt: skip
        assert refused.status_code == 409
        assert THEME_GONE in refused.text
        assert ">Overleg</textarea>" in refused.text
        assert _count(web_world, "actions") == 0


def _participant(world: World) -> int:
    """The web participant's participation (the only parent in these sessions)."""
    found = rows(world.db_path, "SELECT id FROM participants WHERE perspective = 'parent'")
    return int(found[0]["id"])


async def test_the_new_pages_pass_axe_on_a_phone(
    web_world: World, client: httpx.AsyncClient, phone: Page
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        stage = await _stage(web_world, sanne, client)
        await _post(
            client,
            f"{stage.lead}/session/mirror",
            f"{stage.lead}/session/mirror/share",
            without_themes="yes",
        )
        await _to_actions(stage)
        await _post(
            sanne.http,
            f"/p/{sanne.secret}/proposals",
            f"/p/{sanne.secret}/propose",
            participant=str(_participant(web_world)),
            text="Eén vast telefoonnummer voor ouders",
        )
        base = str(web_world.web_url)
        for path in (
            f"/p/{sanne.secret}/mirror",
            f"/p/{sanne.secret}/proposals",
            f"/p/{sanne.secret}/messages",
            f"{stage.lead}/session",
            f"{stage.lead}/session/mirror",
            f"{stage.lead}/session/proposals",
        ):
            await phone.goto(f"{base}{path}")
            assert await serious_violations(phone) == [], path
