"""Numbers no row can have (longer than any id, or a superscript that passes for a digit),
in a link, a path or a form: a calm answer, never a server error."""

from __future__ import annotations

import httpx

from sandbox.web_people import WebPerson
from sandbox.world import World
from tests.web.test_web_review import _table, _token

HUGE = "9" * 30  # past SQLite's 64-bit integers
WORDS = "9" * 5000  # past what Python turns into a number


async def test_numbers_no_row_can_have_get_a_calm_answer(
    web_world: World, client: httpx.AsyncClient
) -> None:
    async with WebPerson(str(web_world.web_url), "Sanne") as sanne:
        table = await _table(web_world, sanne)
        mine = f"/p/{sanne.secret}"
        lead = f"{table.lead}/session"
        own = await _token(sanne.http, f"{mine}/data")
        led = await _token(client, f"{lead}/draft")
        asked: list[tuple[httpx.AsyncClient, str, str, dict[str, str] | None]] = []
        for number in (HUGE, "²"):
            asked += [
                (sanne.http, "GET", f"{mine}/answers/{number}/change", None),
                (sanne.http, "POST", f"{mine}/answers/{number}/change", {"text": "x"}),
                (sanne.http, "GET", f"{mine}/answers/{number}/delete", None),
                (sanne.http, "POST", f"{mine}/answers/{number}/delete", {}),
                (sanne.http, "GET", f"{mine}/answers/{number}/details", None),
                (sanne.http, "POST", f"{mine}/answer", {"text": "Fijn contact.", "round": number}),
                (
                    sanne.http,
                    "POST",
                    f"{mine}/consent",
                    {"participant": number, "pending": number},
                ),
                (sanne.http, "GET", f"{mine}/report.pdf?summary={number}", None),
                (sanne.http, "POST", f"{mine}/leave", {"participant": number, "answers": "keep"}),
                (sanne.http, "POST", f"{mine}/mirror/{number}", {}),
                (sanne.http, "POST", f"{mine}/propose", {"participant": number, "text": "x"}),
                (sanne.http, "POST", f"{mine}/proposals/{number}/back", {}),
                (client, "GET", f"{lead}?session={number}", None),
                (client, "GET", f"{lead}/answers?round={number}", None),
                (client, "GET", f"{lead}/themes?round={number}", None),
                (client, "POST", f"{lead}/themes/sort", {"answer": number, "theme": number}),
                (client, "POST", f"{lead}/themes/sort", {"answer": number, "theme": "skip"}),
                (client, "POST", f"{lead}/themes/rename", {"theme": number, "name": "x"}),
                (client, "POST", f"{lead}/themes/merge", {"theme": number, "into": number}),
                (client, "GET", f"{lead}/mirror?round={number}&done=unsorted", None),
                (client, "POST", f"{lead}/mirror/share", {"round": number}),
                (client, "POST", f"{lead}/proposals/{number}/agree", {"what": "x", "owner": "y"}),
                (client, "POST", f"{lead}/draft/answers/{number}", {"want": "out"}),
                (client, "POST", f"{lead}/draft/send", {"version": number}),
                (client, "POST", f"{lead}/draft/facts", {"invited_parent": number}),
            ]
        asked.append((client, "GET", f"/forgotten?answers={WORDS}", None))
        asked.append((client, "POST", f"{lead}/draft/facts", {"invited_parent": WORDS}))
        failed = []
        for http, method, path, form in asked:
            token = own if http is sanne.http else led
            if form is None:
                answer = await http.get(path)
            else:
                answer = await http.post(path, data={**form, "csrftoken": token})
            if answer.status_code >= 500:
                failed.append((method, path[:80], answer.status_code))
        assert failed == [], "\n".join(f"{m} {p} {s}" for m, p, s in failed)
