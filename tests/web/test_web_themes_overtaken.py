"""A grouping page left open while another leader (another tab, the chat) sorted meanwhile:
its forms do what they said and undo nothing they did not show."""

from __future__ import annotations

import httpx

from sandbox.world import World
from tests.telegram.test_telegram_themes import closed_round, theme_of
from tests.web.test_web_lead import personal_path
from tests.web.test_web_themes import answer_id, post, theme_id

WAITING = "Wachtlijst duurde maanden"
ALIKE = "Lange wachtlijst, maanden niets gehoord"


async def grouping(world: World, client: httpx.AsyncClient) -> tuple[str, str]:
    """The grouping page of a closed round with the themes Wachtlijst and School: its address,
    and where its sorting form posts."""
    facilitator, _ = await closed_round(world)
    secret_path = await personal_path(facilitator)
    themes = f"{secret_path}/themes"
    url = f"{themes}?session=1"
    added = await post(client, url, url, {"names": "Wachtlijst, School"})
    assert added.status_code == 303
    return url, f"{themes}/sort?session=1"


async def test_a_skip_from_an_older_page_leaves_an_answer_sorted_meanwhile(
    web_world: World, client: httpx.AsyncClient
) -> None:
    url, sort = await grouping(web_world, client)
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
    url, sort = await grouping(web_world, client)
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
