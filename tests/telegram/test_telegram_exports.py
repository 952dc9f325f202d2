"""/export in Telegram: the organiser and the facilitator get the workbook, the CSV and the
JSON as documents; a participant gets none."""

from __future__ import annotations

import io
import json

import openpyxl

from sandbox import scenario
from sandbox.people import Person
from sandbox.world import World
from tests.exporting import LEFT_OUT, TRICKY, session_with_results, summary_sent

NAMES = [
    "dialoogbot-evaluatie-buurtteams-oost-2026-11-24." + ext for ext in ("xlsx", "csv", "json")
]


def documents(person: Person) -> dict[str, bytes]:
    """The files sent to the person, but for the summary's report (a PDF)."""
    return {
        m.document.file_name: m.document.content
        for m in person.messages
        if m.document is not None and not m.document.file_name.endswith(".pdf")
    }


async def test_the_organiser_and_the_facilitator_get_the_three_files(world: World) -> None:
    played = await session_with_results(world)
    await summary_sent(world, played)  # before, the organiser is told to wait for it
    for person in (played.organiser, played.facilitator):
        await person.send("/export")
        files = documents(person)
        assert sorted(files) == sorted(NAMES)
        book = openpyxl.load_workbook(io.BytesIO(files[NAMES[0]]))
        assert "Antwoorden" in book.sheetnames
        csv_text = files[NAMES[1]].decode("utf-8-sig")
        assert "Ouder 1" in csv_text and LEFT_OUT not in csv_text
        data = json.loads(files[NAMES[2]])
        assert TRICKY in [a["answer"] for a in data["answers"]]
    captions = [m.text for m in played.organiser.messages if m.document is not None]
    assert "Het werkboek voor Excel." in captions


async def test_a_participant_gets_no_export(world: World) -> None:
    played = await session_with_results(world)
    sanne = played.people["Sanne"]
    await sanne.send("/export")
    assert documents(sanne) == {}
    assert sanne.last.text.startswith("Sorry, dat kun jij hier niet doen.")


async def test_before_any_answer_the_leader_is_told_there_is_nothing_yet_and_help_names_it(
    world: World,
) -> None:
    femke = world.admin()
    await femke.send("/start")
    # Before any session: where to start, not "you may not".
    await femke.send("/export")
    assert femke.last.text.startswith("Kies eerst een sessie met /sessies")
    await scenario.create_session(femke)
    await femke.send("/export")
    assert documents(femke) == {}
    assert femke.last.text == "Er zijn nog geen antwoorden om te exporteren."
    await femke.send("/help")
    assert "/export — de resultaten als Excel, CSV en JSON" in femke.last.text


async def test_an_erased_answer_is_in_no_export(world: World) -> None:
    played = await session_with_results(world)
    await summary_sent(world, played)
    kees = played.people["Kees"]
    await kees.send("/vergeetmij")
    await kees.press("Ja, wis alles")
    await played.organiser.send("/export")
    files = documents(played.organiser)
    data = json.loads(files[NAMES[2]])
    texts = [a["answer"] for a in data["answers"]]
    assert "Snel een afspraak gehad" not in texts
    assert "Het buurtteam belde snel terug" in texts
    assert "Snel een afspraak gehad" not in files[NAMES[1]].decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(files[NAMES[0]]))
    cells = [v for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row]
    assert "Snel een afspraak gehad" not in cells
    # Who joined before the erased person keeps their pseudonym.
    assert {a["pseudonym"] for a in data["answers"] if a["perspective"] == "parent"} == {"Ouder 1"}
    grid = {g["theme"]: g for g in data["grid"]}
    assert grid["Bereikbaarheid"]["parent"] == 1
