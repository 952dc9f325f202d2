"""Issue 17's pages walked as their users would: a second tap, a page left open, a slip in a
form, an organiser who only reads along, a leader who picked English. Each answers calmly
and truly, and a form posted twice does what it said once."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from playwright.async_api import Page, expect

from sandbox import scenario
from sandbox.people import Person
from sandbox.web_people import WebPerson, invite_code
from sandbox.world import World
from tests.conftest import rows
from tests.web.browsing import form_fields, form_token, serious_violations
from tests.web.test_web_lead import leader_with_session, personal_path


@dataclass
class Table:
    femke: Person  # the facilitator, in Telegram, with her web page at `lead`
    ahmed: Person  # a family worker in Telegram
    sanne: WebPerson  # a parent on the web page
    lead: str  # Femke's personal path (/p/<secret>)
    organiser: str  # the organiser's personal path


async def _table(world: World, sanne: WebPerson) -> Table:
    """A session with a closed first round, a web parent and a web organiser."""
    femke, links = await leader_with_session(world)
    ahmed = world.person("Ahmed")
    await scenario.join(ahmed, links.participant["worker"])
    await sanne.join(invite_code(links.participant["parent"]))
    await sanne.settle_in(appear="anonymous", name=None, wants_summary=True)
    await femke.send("/open")
    await sanne.answer("Ze luisterde echt naar ons.")
    await ahmed.send("Het wachten duurde lang.")
    await femke.send("/sluit")
    lead = (await personal_path(femke)).removesuffix("/session")
    async with httpx.AsyncClient(base_url=str(world.web_url)) as pieter:
        code = invite_code(links.organiser)
        shown = await pieter.get(f"/o/{code}")
        key = re.search(r'name="key" value="([^"]+)"', shown.text)
        assert key is not None
        claimed = await pieter.post(
            f"/o/{code}", data={"csrftoken": form_token(shown.text), "key": key.group(1)}
        )
        assert claimed.status_code == 303
        organiser = claimed.headers["location"].removesuffix("/session")
    return Table(femke, ahmed, sanne, lead, organiser)


async def _to_actions(table: Table) -> None:
    """Rounds two and three, so the session gathers its actions."""
    for _ in range(2):
        await table.femke.send("/open")
        await table.femke.send("/sluit")


async def _token(http: httpx.AsyncClient, page: str) -> str:
    shown = await http.get(page)
    assert shown.status_code == 200, shown.text[:300]
    return form_token(shown.text)


async def _approval(http: httpx.AsyncClient, draft: str) -> dict[str, str]:
    """The draft's approve form as the page shows it: its version and the draft's mark."""
    shown = await http.get(draft)
    assert shown.status_code == 200, shown.text[:300]
    return form_fields(shown.text, f"{draft}/send")


async def _change_the_closing(http: httpx.AsyncClient, draft: str) -> None:
    token = await _token(http, draft)
    saved = await http.post(
        f"{draft}/facts", data={"csrftoken": token, "closing": "Tot de volgende keer."}
    )
    assert saved.headers["location"].endswith("done=saved"), saved.text[:300]


async def _share_the_mirror(world: World, http: httpx.AsyncClient, lead: str) -> int:
    """The leader shares the mirror; the id of the answer about waiting that is in it."""
    share = f"{lead}/session/mirror"
    token = await _token(http, share)
    # Nothing is sorted into themes here: the leader shares it as one list.
    fields = {"csrftoken": token, "without_themes": "yes"}
    assert (await http.post(f"{share}/share", data=fields)).status_code == 303
    return _count(world, "SELECT id FROM contributions WHERE body LIKE 'Het wachten%'")


async def _proposal_form(world: World, parent: WebPerson, text: str) -> dict[str, str]:
    """The fields of the parent's "propose an action" form, filled in with `text`."""
    participant = _count(world, "SELECT id FROM participants WHERE perspective='parent'")
    token = await _token(parent.http, f"/p/{parent.secret}/proposals")
    return {"csrftoken": token, "participant": str(participant), "text": text}


def _count(world: World, sql: str) -> int:
    return int(rows(world.db_path, sql)[0][0])


async def test_approving_twice_with_one_tap_sends_the_summary_once(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        draft = f"{table.lead}/session/draft"
        fields = await _approval(client, draft)
        assert fields["version"] == "1"
        first = await client.post(f"{draft}/send", data=fields)
        assert first.headers["location"].endswith("done=sent")
        # The same form again (a double tap, a slow network, a page left open): nothing more.
        again = await client.post(f"{draft}/send", data=fields)
        assert again.status_code == 303
        assert again.headers["location"].endswith("done=sent_before")
        assert _count(web_world, "SELECT COUNT(*) FROM summaries") == 1
        told = (await client.get(again.headers["location"])).text
        assert "Deze versie is al verstuurd. Er is niets opnieuw verstuurd." in told
        await web_world.settle()
        assert sum(t.startswith("Samenvatting:") for t in table.ahmed.texts) == 1
        assert not any(t.startswith("Correctie") for t in table.ahmed.texts)
        # Approving it as it is sends nothing either: a correction must correct something.
        fields = await _approval(client, draft)
        assert fields["version"] == "2"
        unchanged = await client.post(f"{draft}/send", data=fields)
        assert unchanged.status_code == 409
        assert "Er is niets veranderd sinds de vorige versie" in unchanged.text
        assert _count(web_world, "SELECT COUNT(*) FROM summaries") == 1
        # Changed, then approved: a correction, on purpose.
        await _change_the_closing(client, draft)
        fields = await _approval(client, draft)
        assert fields["version"] == "2"
        assert (
            (await client.post(f"{draft}/send", data=fields))
            .headers["location"]
            .endswith("done=sent")
        )
        assert _count(web_world, "SELECT COUNT(*) FROM summaries") == 2


async def test_a_second_tap_on_recognisable_back_or_leave_out_does_not_undo_it(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        item = await _share_the_mirror(web_world, client, table.lead)

        # Sanne taps "Herkenbaar" twice before the page answers: it is recognised, once.
        mirror = f"/p/{sanne.secret}/mirror"
        shown = await sanne.http.get(mirror)
        form = re.search(rf'action="{mirror}/{item}">(.*?)</form>', shown.text, re.S)
        assert form is not None and 'name="want" value="yes"' in form.group(1)
        fields = {"csrftoken": form_token(shown.text), "want": "yes"}
        for _ in range(2):
            assert (await sanne.http.post(f"{mirror}/{item}", data=fields)).status_code == 303
        assert _count(web_world, "SELECT COUNT(*) FROM recognitions") == 1
        # Undoing it, twice, leaves it undone.
        for _ in range(2):
            undone = await sanne.http.post(f"{mirror}/{item}", data={**fields, "want": "no"})
            assert undone.status_code == 303
        assert _count(web_world, "SELECT COUNT(*) FROM recognitions") == 0

        # Backing Ahmed's proposal with a double tap backs it.
        await _to_actions(table)
        await table.ahmed.press("Stel een actie voor")
        await table.ahmed.send("Elke maand overleg met school")
        proposal = _count(web_world, "SELECT id FROM proposals")
        proposals = f"/p/{sanne.secret}/proposals"
        shown = await sanne.http.get(proposals)
        assert 'name="want" value="yes"' in shown.text
        fields = {"csrftoken": form_token(shown.text), "want": "yes"}
        for _ in range(2):
            backed = await sanne.http.post(f"{proposals}/{proposal}/back", data=fields)
            assert backed.status_code == 303
        assert _count(web_world, "SELECT COUNT(*) FROM endorsements") == 1

        # The leader leaves Sanne's answer out with a double tap: it stays out.
        draft = f"{table.lead}/session/draft"
        mine = _count(web_world, "SELECT id FROM contributions WHERE body LIKE 'Ze luisterde%'")
        shown = await client.get(draft)
        form = re.search(rf'action="{draft}/answers/{mine}">(.*?)</form>', shown.text, re.S)
        assert form is not None and 'name="want" value="out"' in form.group(1)
        fields = {"csrftoken": form_token(shown.text), "want": "out"}
        for _ in range(2):
            left = await client.post(f"{draft}/answers/{mine}", data=fields)
            assert left.status_code == 303
        left_out = "SELECT COUNT(*) FROM contributions WHERE left_out_at IS NOT NULL"
        assert _count(web_world, left_out) == 1
        for _ in range(2):
            back = await client.post(f"{draft}/answers/{mine}", data={**fields, "want": "in"})
            assert back.status_code == 303
        assert _count(web_world, left_out) == 0


async def test_a_slip_in_a_proposal_or_an_agreement_is_said_beside_its_form(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        await _to_actions(table)
        # Sanne sends a proposal of only spaces (the browser lets it through): she is told
        # on her page what to do, not to "use the buttons".
        blank = await sanne.http.post(
            f"/p/{sanne.secret}/propose", data=await _proposal_form(web_world, sanne, "   ")
        )
        assert blank.status_code == 422
        assert "Dat is leeg. Typ een tekst." in blank.text
        assert 'name="text"' in blank.text  # the form is there to try again
        await table.ahmed.press("Stel een actie voor")
        await table.ahmed.send("Elke maand overleg met school")
        proposal = _count(web_world, "SELECT id FROM proposals")

        # Femke picks a day in the past: the page says so beside that proposal, keeping
        # what she typed.
        page = f"{table.lead}/session/proposals"
        agree = f"{page}/{proposal}/agree"
        fields = {
            "csrftoken": await _token(client, page),
            "what": "Maandelijks overleg met de school",
            "owner": "Buurtteam",
            "due": "2020-01-01",
        }
        past = await client.post(agree, data=fields)
        assert past.status_code == 422
        assert "Die datum is al voorbij. Kies een datum in de toekomst." in past.text
        section = past.text[past.text.index(f'id="proposal-{proposal}"') :]
        assert "Maandelijks overleg met de school</textarea>" in section
        assert 'value="Buurtteam"' in section and 'value="2020-01-01"' in section
        assert _count(web_world, "SELECT COUNT(*) FROM actions") == 0

        # Then right, with a double tap: one action, and the page says it is agreed.
        fields["due"] = "2027-03-01"
        first = await client.post(agree, data=fields)
        assert first.headers["location"].endswith("done=agreed")
        again = await client.post(agree, data=fields)
        assert again.status_code == 303
        assert again.headers["location"].endswith("done=agreed")
        assert _count(web_world, "SELECT COUNT(*) FROM actions") == 1


async def test_an_empty_who_in_an_agreement_is_said_beside_that_field(
    web_world: World, phone: Page
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        await _to_actions(table)
        await table.ahmed.press("Stel een actie voor")
        await table.ahmed.send("Elke maand overleg met school")
        proposal = _count(web_world, "SELECT id FROM proposals")
        await phone.goto(f"{web_world.web_url}{table.lead}/session/proposals")
        # Only spaces as who: the browser lets it through, the page refuses it.
        await phone.fill(f"#owner-{proposal}", "   ")
        await phone.fill(f"#what-{proposal}", "Maandelijks overleg met de school")
        await phone.locator(f"#proposal-{proposal} button[type=submit]").click()
        who = phone.locator(f"#owner-{proposal}")
        what = phone.locator(f"#what-{proposal}")
        # Said beside the field it is about, tied to it, and only to it (two fields are
        # required: "that is empty" alone did not say which).
        await expect(who).to_have_accessible_description("Dat is leeg. Typ een tekst.")
        await expect(who).to_have_attribute("aria-invalid", "true")
        await expect(what).not_to_have_attribute("aria-invalid", "true")
        await expect(what).to_have_accessible_description("")
        warning = phone.locator(f"#error-{proposal}")
        assert await warning.evaluate(
            "w => w.nextElementSibling === document.getElementById(w.id.replace('error', 'owner'))"
        )
        await expect(what).to_have_value("Maandelijks overleg met de school")
        assert await serious_violations(phone) == []
        assert _count(web_world, "SELECT COUNT(*) FROM actions") == 0


async def test_an_organiser_reads_the_mirror_and_proposals_without_buttons_that_refuse_them(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        await _to_actions(table)
        await table.ahmed.press("Stel een actie voor")
        await table.ahmed.send("Elke maand overleg met school")
        # Once the summary is sent (before, the answers are the facilitator's to check)...
        await table.femke.send("/samenvatting")
        await table.femke.press("Akkoord, verstuur")
        await web_world.settle()
        # ... the leader sees the forms; the organiser reads the same pages without them.
        assert "Deel de spiegel" in (await client.get(f"{table.lead}/session/mirror")).text
        assert "/agree" in (await client.get(f"{table.lead}/session/proposals")).text
        session = (await client.get(f"{table.organiser}/session")).text
        assert "deel hem" not in session and "maak er afspraken van" not in session
        assert "De spiegel: wat mensen herkennen" in session
        mirror = await client.get(f"{table.organiser}/session/mirror")
        assert mirror.status_code == 200
        assert "Deel de spiegel" not in mirror.text and "<form" not in mirror.text
        proposals = await client.get(f"{table.organiser}/session/proposals")
        assert "Elke maand overleg met school" in proposals.text
        assert "<form" not in proposals.text and "Maak er een afspraak van" not in proposals.text


async def test_a_leader_who_picks_english_keeps_it_on_every_leaders_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        client.headers["accept-language"] = "nl-NL,nl"  # a Dutch laptop
        picked = await client.get(f"{table.lead}/session?lang=en")
        assert "Who joined" in picked.text
        # The next pages, reached by their links, stay in English.
        expected = {
            "": "Who joined",
            "/answers": "Answers so far",
            "/questions": "The questions",
            "/themes": "Add themes",
            "/mirror": "The mirror",
            "/proposals": "Proposed actions, most backed first",
            "/draft": "Summary draft",
        }
        for path, heading in expected.items():
            page = await client.get(f"{table.lead}/session{path}")
            assert page.status_code == 200, path
            assert '<html lang="en">' in page.text, path
            assert heading in page.text, path
        # And back to Dutch when she picks it.
        assert "Wie doet mee" in (await client.get(f"{table.lead}/session?lang=nl")).text
        assert "Antwoorden tot nu toe" in (await client.get(f"{table.lead}/session/answers")).text


async def test_a_form_the_session_has_moved_past_says_why_and_a_slip_in_the_cover_keeps_it(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        draft = f"{table.lead}/session/draft"
        token = await _token(client, draft)
        # A number the browser let through but no count: said beside the form, and what was
        # typed is kept; nothing is stored half.
        typed = {
            "csrftoken": token,
            "municipality": "Nijmegen",
            "opening": "Dank aan iedereen die meedeed.",
            "invited_parent": "99999999",
        }
        slip = await client.post(f"{draft}/facts", data=typed)
        assert slip.status_code == 422
        assert (
            "Typ voor de uitgenodigde ouders/inwoners een getal van 0 tot en met 10000."
            in slip.text
        )
        assert (
            'value="Nijmegen"' in slip.text
            and "Dank aan iedereen die meedeed.</textarea>" in slip.text
        )
        assert 'value="99999999"' in slip.text
        assert _count(web_world, "SELECT COUNT(*) FROM summary_drafts") == 0
        # A superscript passes for a digit but is no number: the same friendly answer.
        superscript = await client.post(f"{draft}/facts", data={**typed, "invited_parent": "²"})
        assert superscript.status_code == 422
        assert (
            "Typ voor de uitgenodigde ouders/inwoners een getal van 0 tot en met 10000."
            in superscript.text
        )
        assert _count(web_world, "SELECT COUNT(*) FROM summary_drafts") == 0
        # Femke opens the next round in Telegram while the draft is open on her laptop; the
        # approve button then says what is in the way, not that the page is not for her.
        await table.femke.send("/open")
        late = await client.post(f"{draft}/send", data={"csrftoken": token, "version": "1"})
        assert late.status_code == 409
        assert "niet voor jou bedoeld" not in late.text
        assert "Sluit eerst de open ronde" in late.text
        assert _count(web_world, "SELECT COUNT(*) FROM summaries") == 0


async def test_merging_a_theme_into_itself_is_said_beside_the_form(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        page = f"{table.lead}/session/themes"
        token = await _token(client, page)
        added = await client.post(page, data={"csrftoken": token, "names": "Wachten, Luisteren"})
        assert added.status_code == 303
        wachten = _count(web_world, "SELECT id FROM themes WHERE name = 'Wachten'")
        same = await client.post(
            f"{page}/merge", data={"csrftoken": token, "theme": wachten, "into": wachten}
        )
        assert same.status_code == 422
        merge_form = same.text[same.text.index('action="' + page + "/merge") :]
        assert "Kies twee verschillende thema&#39;s." in merge_form.split("</form>")[0]
        assert "werkt niet meer" not in same.text
        assert _count(web_world, "SELECT COUNT(*) FROM themes") == 2
        # Merging with a double tap: merged once, and the second tap shows the themes.
        luisteren = _count(web_world, "SELECT id FROM themes WHERE name = 'Luisteren'")
        fields = {"csrftoken": token, "theme": str(wachten), "into": str(luisteren)}
        for _ in range(2):
            merged = await client.post(f"{page}/merge?session=1", data=fields)
            assert merged.status_code == 303
            assert merged.headers["location"].endswith(f"{page}?session=1")
        assert _count(web_world, "SELECT COUNT(*) FROM themes") == 1


async def test_the_language_switch_stays_on_the_session_and_round_being_read(
    web_world: World, client: httpx.AsyncClient
) -> None:
    femke, _ = await leader_with_session(web_world)
    await scenario.create_session(femke, "Tweede sessie")  # now her active session
    lead = await personal_path(femke)
    first = await client.get(f"{lead}?session=1")
    assert "<h1>Evaluatie Buurtteams Oost</h1>" in first.text
    switch = re.search(r'href="([^"]+)" lang="en"', first.text)
    assert switch is not None
    english = await client.get(switch.group(1).replace("&amp;", "&"))
    assert "Who joined" in english.text
    assert "<h1>Evaluatie Buurtteams Oost</h1>" in english.text, "the same session, in English"
    saved = await client.get(f"{lead}/draft?session=1&done=saved")
    switch = re.search(r'href="([^"]+)" lang="en"', saved.text)
    assert switch is not None and "done" not in switch.group(1) and "session=1" in switch.group(1)
    themes = await client.get(f"{lead}/themes?session=1")
    switch = re.search(r'href="([^"]+)" lang="nl"', themes.text)
    assert switch is not None and "session=1" in switch.group(1)
    assert "lang=en" not in switch.group(1)


async def test_a_theme_with_no_answers_is_no_empty_heading_and_the_draft_leads_back(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        page = f"{table.lead}/session/themes"
        token = await _token(client, page)
        await client.post(page, data={"csrftoken": token, "names": "Wachten, Samenwerking"})
        wachten = _count(web_world, "SELECT id FROM themes WHERE name = 'Wachten'")
        waiting = _count(web_world, "SELECT id FROM contributions WHERE body LIKE 'Het wachten%'")
        sorted_ = await client.post(
            f"{page}/sort?session=1",
            data={"csrftoken": token, "answer": str(waiting), "theme": str(wachten)},
        )
        assert sorted_.status_code == 303
        draft = (await client.get(f"{table.lead}/session/draft")).text
        assert f'href="{table.lead}/session?session=1"' in draft  # back to the session
        # The draft says the typed-in-advance theme has no answers; the summary leaves it out.
        empty = draft[draft.index("<h2>Samenwerking</h2>") :]
        assert empty.index("Nog geen antwoorden bij dit thema.") < empty.index("<h2>", 1)
        fields = await _approval(client, f"{table.lead}/session/draft")
        sent = await client.post(f"{table.lead}/session/draft/send", data=fields)
        assert sent.status_code == 303
        summary = (await sanne.http.get(f"/p/{sanne.secret}/summary")).text
        assert "<h3>Wachten</h3>" in summary
        assert "Samenwerking" not in summary


async def test_someone_who_left_is_not_promised_a_mirror_proposals_or_questions(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        await _table(web_world, sanne)
        data = await sanne.http.get(f"/p/{sanne.secret}/data")
        participant = re.search(r'name="participant" value="(\d+)"', data.text)
        assert participant is not None
        left = await sanne.http.post(
            f"/p/{sanne.secret}/leave",
            data={
                "csrftoken": form_token(data.text),
                "participant": participant.group(1),
                "answers": "keep",
            },
        )
        assert left.status_code == 303
        for page, promise in (
            ("mirror", "Deelt de gespreksleider"),
            ("proposals", "Na de laatste ronde kun je hier acties voorstellen"),
            ("messages", "Als een ronde begint, staat de vraag hier"),
        ):
            shown = await sanne.http.get(f"/p/{sanne.secret}/{page}")
            assert shown.status_code == 200
            assert promise not in shown.text, page
            assert "Je doet niet mee aan een sessie." in shown.text, page


async def test_a_summary_replaced_by_a_correction_says_so_on_the_participants_page(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        draft = f"{table.lead}/session/draft"
        for version in ("1", "2"):
            if version == "2":
                await _change_the_closing(client, draft)
            fields = await _approval(client, draft)
            assert fields["version"] == version
            sent = await client.post(f"{draft}/send", data=fields)
            assert sent.headers["location"].endswith("done=sent")
        page = (await sanne.http.get(f"/p/{sanne.secret}/summary")).text
        newest, older = page.split('<section class="summary"')[1:3]
        assert "Correctie: deze versie vervangt" in newest
        assert "Vervangen door de correctie hierboven." not in newest
        assert "Vervangen door de correctie hierboven." in older


async def test_the_session_page_links_every_table_as_csv(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        # Sent: the results are the organiser's to download too.
        await table.femke.send("/samenvatting")
        await table.femke.press("Akkoord, verstuur")
        await web_world.settle()
        for who in (table.lead, table.organiser):
            page = (await client.get(f"{who}/session")).text
            links = re.findall(r'href="([^"]+/export\.csv[^"]*)"[^>]*>([^<]+)</a>', page)
            tables = {h.replace("&amp;", "&").partition("table=")[2]: words for h, words in links}
            assert set(tables) == {"", "themes", "grid", "recognitions", "actions"}, tables
            assert tables["actions"] == "Acties" and tables["themes"] == "Thema's"
            for href, _ in links:
                got = await client.get(href.replace("&amp;", "&"))
                assert got.status_code == 200 and got.headers["content-type"].startswith(
                    "text/csv"
                ), href


async def test_recognising_an_answer_left_out_meanwhile_says_so_calmly(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        item = await _share_the_mirror(web_world, client, table.lead)
        mirror = f"/p/{sanne.secret}/mirror"
        stale = await _token(sanne.http, mirror)  # Sanne's phone shows the mirror
        # Meanwhile Femke leaves that answer out of the summary (and so out of the mirror).
        draft = f"{table.lead}/session/draft"
        left = await client.post(
            f"{draft}/answers/{item}",
            data={"csrftoken": await _token(client, draft), "want": "out"},
        )
        assert left.status_code == 303
        pressed = await sanne.http.post(
            f"{mirror}/{item}", data={"csrftoken": stale, "want": "yes"}
        )
        assert pressed.status_code == 303
        shown = (await sanne.http.get(pressed.headers["location"])).text
        assert "Dat antwoord staat niet meer in het overzicht." in shown
        assert "Het wachten duurde lang." not in shown
        assert _count(web_world, "SELECT COUNT(*) FROM recognitions") == 0


async def test_a_slip_said_beside_its_form_reads_well_on_a_phone(
    web_world: World, client: httpx.AsyncClient, phone: Page
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        await _to_actions(table)
        await table.ahmed.press("Stel een actie voor")
        await table.ahmed.send("Elke maand overleg met school")
        await phone.goto(f"{web_world.web_url}{table.lead}/session/proposals")
        await phone.get_by_label("Wie", exact=True).fill("Buurtteam")
        await phone.get_by_label("Klaar op (mag leeg blijven)").fill("2020-01-01")
        await phone.get_by_role("button", name="Maak er een afspraak van").click()
        alert = phone.get_by_role("alert")
        await alert.wait_for()
        assert "Die datum is al voorbij" in await alert.inner_text()
        assert await phone.get_by_label("Wie", exact=True).input_value() == "Buurtteam"
        assert await serious_violations(phone) == []
        assert await phone.evaluate("document.documentElement.scrollWidth") <= 390


async def test_a_proposal_sent_twice_by_a_double_tap_is_one_proposal(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        await _to_actions(table)
        proposals = f"/p/{sanne.secret}/proposals"
        fields = await _proposal_form(web_world, sanne, "Eén vast telefoonnummer voor ouders")
        for _ in range(2):
            sent = await sanne.http.post(f"/p/{sanne.secret}/propose", data=fields)
            assert sent.status_code == 303
        assert _count(web_world, "SELECT COUNT(*) FROM proposals") == 1
        page = (await sanne.http.get(proposals)).text
        assert page.count("Eén vast telefoonnummer voor ouders") == 1


async def test_the_draft_asks_the_invited_per_group_in_the_usual_order(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        draft = (await client.get(f"{table.lead}/session/draft")).text
        fields = re.findall(r'name="invited_(\w+)"', draft)
        # As everywhere else (the invites, the report): parents first, the municipality last.
        assert fields == ["parent", "worker", "partner", "municipality"]


async def test_the_session_page_between_rounds_says_the_last_round_is_closed(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        page = (await client.get(f"{table.lead}/session")).text
        assert "Nu: ronde 1: wat ging goed (gesloten)</p>" in page
