"""Questions that fit the theme, on the web: the leader words the first question for
parents and adds an extra round on the questions page; a parent on the web reads the new
wording, a family worker the usual one, and the extra round is answered on the web."""

from __future__ import annotations

import httpx
from playwright.async_api import Page

from sandbox.web_people import WebPerson, invite_code
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import form_token, serious_violations, submit
from tests.web.test_web_lead import leader_with_session, personal_path

FOR_PARENTS = "Denk aan de overstap naar de nieuwe school. Wat ging daarbij goed?"
WORKERS_DEFAULT = "Denk aan je werk met de gezinnen. Wat ging goed?"
EXTRA = "Wat moet er gebeuren bij de overgang naar volwassenheid?"


async def test_a_wording_for_parents_and_an_extra_round_made_on_the_web(
    web_world: World, client: httpx.AsyncClient, phone: Page
) -> None:
    femke, links = await leader_with_session(web_world)
    path = await personal_path(femke)
    assert web_world.web_url is not None
    page = f"{path}/questions"
    assert f'href="{page}?session=' in (await client.get(path)).text

    shown = await client.get(page)
    assert shown.status_code == 200
    assert f"<strong>Gezinswerker</strong>: {WORKERS_DEFAULT}" in shown.text
    # Empty: refused, with the reason beside the form.
    empty = await submit(
        client, page, page, {"kind": "went_well", "readers": "parent", "text": " ", "do": "save"}
    )
    assert empty.status_code == 422
    assert "Dat is leeg." in empty.text
    saved = await submit(
        client,
        page,
        page,
        {"kind": "went_well", "readers": "parent", "text": FOR_PARENTS, "do": "save"},
    )
    assert saved.status_code == 303
    extra = await submit(
        client, page, page, {"kind": "extra", "readers": "all", "text": EXTRA, "do": "save"}
    )
    assert extra.status_code == 303
    shown = await client.get(page)
    assert (
        f"<strong>Ouder/inwoner</strong> (voor deze sessie verwoord): {FOR_PARENTS}" in shown.text
    )
    assert f"<strong>Gezinswerker</strong>: {WORKERS_DEFAULT}" in shown.text
    assert f"<p>{EXTRA}</p>" in shown.text
    token = form_token(shown.text)

    await phone.goto(f"{web_world.web_url}{page}")
    assert await phone.title() == "De vragen · Evaluatie Buurtteams Oost · Dialoogbot"
    assert await serious_violations(phone) == []

    async with (
        WebPerson(web_world.web_url, "Mo") as mo,
        WebPerson(web_world.web_url, "Wim") as wim,
    ):
        await mo.join(invite_code(links.participant["parent"]))
        await mo.settle_in(appear="anonymous", name=None, wants_summary=True)
        await wim.join(invite_code(links.participant["worker"]))
        await wim.settle_in(appear="anonymous", name=None, wants_summary=True)
        await femke.send("/open")
        parent_page = (await client.get(f"/p/{mo.secret}")).text
        worker_page = (await client.get(f"/p/{wim.secret}")).text
        assert FOR_PARENTS in parent_page
        assert FOR_PARENTS not in worker_page and WORKERS_DEFAULT in worker_page
        # The round started: its question stays, the form is gone.
        assert "Deze ronde is al begonnen" in (await client.get(page)).text

        for _ in range(3):
            await femke.send("/sluit")
            await femke.send("/open")
        # The fourth /open opened the extra round, after "what is needed".
        parent_page = (await client.get(f"/p/{mo.secret}")).text
        assert "<h2>Nog één vraag</h2>" in parent_page
        assert EXTRA in parent_page
        await mo.answer("Een warme overdracht naar de volwassenenzorg.")
        stored = rows(
            web_world.db_path,
            "SELECT r.kind FROM contributions c JOIN rounds r ON r.id = c.round_id",
        )
        assert [r["kind"] for r in stored] == ["extra"]
        # The extra round's question can no longer be changed or removed.
        # (an old tab's form, posted now)
        late = await client.post(page, data={"kind": "extra", "do": "default", "csrftoken": token})
        assert late.status_code == 422
        assert "Deze ronde is al begonnen" in late.text
