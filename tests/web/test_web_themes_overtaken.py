"""A grouping page left open while another leader (another tab, the chat) sorted meanwhile:
its forms do what they said and undo nothing they did not show."""

from __future__ import annotations

import httpx

from sandbox.people import Person
from sandbox.world import World
from tests.conftest import rows
from tests.telegram.test_telegram_themes import closed_round, theme_of
from tests.web.test_web_lead import personal_path
from tests.web.test_web_themes import answer_id, post, theme_id

WAITING = "Wachtlijst duurde maanden"
ALIKE = "Lange wachtlijst, maanden niets gehoord"


async def grouping(world: World, client: httpx.AsyncClient) -> tuple[Person, str, str]:
    """The grouping page of a closed round with the themes Wachtlijst and School: its leader
    (in Telegram too), its address, and where its sorting form posts."""
    facilitator, _ = await closed_round(world)
    secret_path = await personal_path(facilitator)
    themes = f"{secret_path}/themes"
    url = f"{themes}?session=1"
    added = await post(client, url, url, {"names": "Wachtlijst, School"})
    assert added.status_code == 303
    return facilitator, url, f"{themes}/sort?session=1"


async def test_a_skip_from_an_older_page_leaves_an_answer_sorted_meanwhile(
    web_world: World, client: httpx.AsyncClient
) -> None:
    _, url, sort = await grouping(web_world, client)
    answer = str(answer_id(web_world, WAITING))
    # Another leader puts it in a theme; then "Skip for now" comes from a page shown before.
    placed = await post(
        client, url, sort, {"answer": answer, "theme": str(theme_id(web_world, "Wachtlijst"))}
    )
    assert placed.status_code == 303
    skipped = await post(client, url, sort, {"answer": answer, "theme": "skip"})
    assert skipped.status_code == 303
    assert theme_of(web_world, WAITING) == "Wachtlijst"
    # An answer in no theme is still skipped as before.
    other = str(answer_id(web_world, "Formulieren onduidelijk ingevuld"))
    await post(client, url, sort, {"answer": other, "theme": "skip"})
    assert theme_of(web_world, "Formulieren onduidelijk ingevuld") is None


async def test_ticked_alike_answers_sorted_elsewhere_meanwhile_stay_there(
    web_world: World, client: httpx.AsyncClient
) -> None:
    _, url, sort = await grouping(web_world, client)
    alike = str(answer_id(web_world, ALIKE))
    school = str(theme_id(web_world, "School"))
    # The page showed the alike answer unsorted; another leader put it in School since.
    await post(client, url, sort, {"answer": alike, "theme": school})
    wachtlijst = str(theme_id(web_world, "Wachtlijst"))
    first = str(answer_id(web_world, WAITING))
    growing = str(answer_id(web_world, "Wachtlijst groeit steeds verder"))
    placed = await post(
        client, url, sort, {"answer": first, "theme": wachtlijst, "alike": [alike, growing]}
    )
    assert placed.status_code == 303
    assert theme_of(web_world, WAITING) == "Wachtlijst"
    assert theme_of(web_world, "Wachtlijst groeit steeds verder") == "Wachtlijst"
    assert theme_of(web_world, ALIKE) == "School"
    # The same for a new theme made with alike answers ticked.
    soepel = str(answer_id(web_world, "Soepel contact school"))
    await post(client, url, sort, {"answer": soepel, "theme": school})
    talks = str(answer_id(web_world, "School overleg verliep soepel"))
    made = await post(
        client, url, sort, {"answer": talks, "theme": "new", "name": "Overleg", "alike": [soepel]}
    )
    assert made.status_code == 303
    assert theme_of(web_world, "School overleg verliep soepel") == "Overleg"
    assert theme_of(web_world, "Soepel contact school") == "School"


THEME_GONE = "Dat thema is er niet meer: het is samengevoegd met een ander thema."


async def test_forms_about_a_theme_merged_meanwhile_say_so_on_the_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    facilitator, url, sort = await grouping(web_world, client)
    themes = url.split("?")[0]
    await post(client, url, url, {"names": "Uitleg"})
    wachtlijst = str(theme_id(web_world, "Wachtlijst"))
    page = (await client.get(url)).text
    assert f'value="{wachtlijst}"' in page
    # The page stays open while Wachtlijst is merged into School in the chat.
    await facilitator.send("/themas")
    await facilitator.press("Thema's samenvoegen")
    await facilitator.press("Wachtlijst")
    await facilitator.press("School")
    assert "Wachtlijst" not in [
        r["name"] for r in rows(web_world.db_path, "SELECT name FROM themes")
    ]
    before = rows(web_world.db_path, "SELECT * FROM theme_answers ORDER BY contribution_id")

    first = str(answer_id(web_world, WAITING))
    uitleg = str(theme_id(web_world, "Uitleg"))
    for action, fields in (
        (sort, {"answer": first, "theme": wachtlijst}),
        (f"{themes}/rename?session=1", {"theme": wachtlijst, "name": "Wachttijd"}),
        (f"{themes}/merge?session=1", {"theme": uitleg, "into": wachtlijst}),
    ):
        refused = await post(client, url, action, fields)
        assert refused.status_code == 303, (action, refused.text[:300])
        assert refused.headers["location"].endswith("done=theme_gone")
        shown = await client.get(refused.headers["location"])
        assert shown.status_code == 200
        assert THEME_GONE in shown.text
        assert "werkt niet meer" not in shown.text
    assert (
        rows(web_world.db_path, "SELECT * FROM theme_answers ORDER BY contribution_id") == before
    )
    names = sorted(r["name"] for r in rows(web_world.db_path, "SELECT name FROM themes"))
    assert names == ["School", "Uitleg"]
