"""An organiser on the session view: a page that is not theirs says whose it is, in their
language, and leads back to theirs."""

from __future__ import annotations

import httpx

from sandbox.world import World
from tests.web.test_web_lead import leader_with_session, personal_path


async def test_a_page_for_the_leaders_refuses_an_english_organiser_in_english(
    web_world: World, client: httpx.AsyncClient
) -> None:
    _femke, links = await leader_with_session(web_world)
    paul = web_world.person("Paul", lang="en")
    await paul.open_link(links.organiser)
    path = await personal_path(paul)
    # A Dutch laptop at the town hall: the browser asks for Dutch, Paul's pages stay English.
    dutch = {"accept-language": "nl-NL,nl;q=0.9"}
    view = await client.get(path, headers=dutch)
    assert "Who joined" in view.text
    for page in ("/draft", "/themes", "/questions", "/answers"):
        refused = await client.get(path + page, headers=dutch)
        assert refused.status_code == 403, page
        assert "This page is for the facilitator" in refused.text, page
        assert "Dit is een pagina voor de gespreksleider" not in refused.text, page
        # Not a dead end: the way back to the page that is theirs.
        assert f'href="{path}"' in refused.text, page
    # Picked on the page, the language is his: the refusal follows it.
    await client.get(path + "?lang=nl", headers=dutch)
    refused = await client.get(path + "/draft", headers=dutch)
    assert "Dit is een pagina voor de gespreksleider" in refused.text
