"""Questions that fit the theme: a leader words a question for one perspective or for
everyone, and adds one extra round after "what is needed"; each person reads the wording
meant for them, and the extra round is answered and summarised like the others."""

from __future__ import annotations

from flows import board
from flows import summary as summary_flow
from reports.board import board_live
from reports.pdf import report_html
from sandbox import scenario
from sandbox.world import World
from tests.conftest import rows
from tests.reports.report_dom import parse

WORKERS_DEFAULT = "Denk aan je werk met de gezinnen. Wat ging goed?"
FOR_PARENTS = "Denk aan de overstap naar de nieuwe school. Wat ging daarbij goed?"
EXTRA = "Wat moet er gebeuren bij de overgang naar volwassenheid?"


async def test_a_wording_for_parents_reaches_parents_only(world: World) -> None:
    femke = world.admin()
    links = await scenario.create_session(femke)
    sanne, piet = world.person("Sanne"), world.person("Piet")
    await scenario.join(sanne, links.participant["parent"])
    await scenario.join(piet, links.participant["worker"])

    await femke.send("/vragen")
    overview = femke.last
    assert "De vragen van Evaluatie Buurtteams Oost" in overview.text
    assert "Extra vraag" in overview.text and "Geen." in overview.text
    await femke.press("✏️ Wat ging goed?", overview)
    await femke.press("Alleen voor ouders/inwoners", femke.last)
    assert "zoals ouders/inwoners hem gaan lezen" in femke.last.text
    await femke.send(FOR_PARENTS)
    assert f"• Ouder/inwoner ✏️: {FOR_PARENTS}" in femke.last.text
    assert f"• Gezinswerker: {WORKERS_DEFAULT}" in femke.last.text

    await femke.send("/open")
    assert sanne.saw(FOR_PARENTS)
    assert not piet.saw(FOR_PARENTS)
    assert piet.saw(WORKERS_DEFAULT)

    # Once the round started, its question stays as it was asked.
    await femke.send("/vragen")
    assert "✏️ Wat ging goed?" not in femke.last.labels
    assert "(begonnen)" in femke.last.text


async def test_an_extra_round_opens_after_what_is_needed_and_is_summarised(
    world: World,
) -> None:
    femke = world.admin()
    links = await scenario.create_session(femke)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/vragen")
    await femke.press("➕ Extra vraag toevoegen", femke.last)
    assert "Typ de extra vraag" in femke.last.text
    await femke.send(EXTRA)
    assert EXTRA in femke.last.text
    assert "🗑 Geen extra vraag" in femke.last.labels

    for answer in ("Goed geluisterd.", "Lang gewacht.", "Eén vast contact."):
        await femke.send("/open")
        await sanne.send(answer)
        await femke.send("/sluit")
    phases = rows(world.db_path, "SELECT phase FROM sessions")
    assert phases[0]["phase"] == "actions"

    await femke.send("/open")  # the extra round, after "what is needed"
    assert sanne.saw(EXTRA)
    assert "Nog één vraag" in sanne.last.text
    assert rows(world.db_path, "SELECT phase FROM sessions")[0]["phase"] == "extra"
    await sanne.send("Een warme overdracht naar de volwassenenzorg.")
    await femke.send("/sluit")
    assert rows(world.db_path, "SELECT phase FROM sessions")[0]["phase"] == "actions"
    # Held once: /open has no round left to open.
    await femke.send("/open")
    assert rows(world.db_path, "SELECT COUNT(*) AS n FROM rounds")[0]["n"] == 4

    await femke.send("/samenvatting")
    # The draft is told by theme, not by round: the extra round's answer is in it all the same.
    summary = "\n".join(femke.texts[-3:])
    assert "Een warme overdracht naar de volwassenenzorg." in summary

    # The report's appendix and the live board name the round by its question, not by
    # "one more question".
    db, clock = world.services.db, world.clock
    (session,) = rows(world.db_path, "SELECT id FROM sessions")
    preview = await summary_flow.preview(db, clock, session["id"])
    rounds = parse(report_html(preview, "nl")).all("section", data_round=None)
    headings = [next(iter(r.iter())).text for r in rounds]
    assert headings == ["Wat ging goed?", "Waar deed het pijn?", "Wat is nodig?", EXTRA]
    shown = await board.show(db, await board.new_link(db, clock, session["id"]))
    assert [r.question for r in shown.rounds] == [None, None, None, EXTRA]
    assert f"Ronde 4: {EXTRA}" in board_live("nl", shown)


async def test_without_an_extra_question_nothing_changes(world: World) -> None:
    femke = world.admin()
    links = await scenario.create_session(femke)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/vragen")
    await femke.press("➕ Extra vraag toevoegen", femke.last)
    await femke.send(EXTRA)
    await femke.press("🗑 Geen extra vraag", femke.last)
    assert "Geen." in femke.last.text
    for _ in range(3):
        await femke.send("/open")
        await femke.send("/sluit")
    await femke.send("/open")
    assert "Alle rondes zijn klaar" in femke.last.text
    assert rows(world.db_path, "SELECT COUNT(*) AS n FROM rounds")[0]["n"] == 3


async def test_a_wording_typed_after_its_round_started_ends_the_step_and_says_why(
    world: World,
) -> None:
    femke = world.admin()
    links = await scenario.create_session(femke)
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["parent"])
    await femke.send("/vragen")
    await femke.press("✏️ Wat ging goed?", femke.last)
    await femke.press("Voor iedereen", femke.last)
    # The round opens before the wording is typed (a co-leader, or /open in between).
    await femke.send("/open")
    await femke.send("Wat ging er goed bij de overstap?")
    # The step ended and says why, once; the round keeps its question.
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
    assert rows(world.db_path, "SELECT * FROM session_questions") == []
    assert femke.last.text.startswith("Deze ronde is al begonnen")
    await femke.send("Nog iets")
    assert "al begonnen" not in femke.last.text


async def test_a_leaders_late_wording_is_no_answer_where_they_take_part(world: World) -> None:
    """A leader who also answers in a round: words meant for a step that ended are kept
    nowhere, not as their answer (that would reach the mirror and the summary)."""
    femke = world.admin()
    links = await scenario.create_session(femke)
    await scenario.join(femke, links.participant["parent"])
    await femke.send("/vragen")
    await femke.press("✏️ Wat ging goed?", femke.last)
    await femke.press("Voor iedereen", femke.last)
    await femke.send("/open")
    await femke.send("Wat ging er goed bij de overstap?")
    assert femke.last.text.startswith("Deze ronde is al begonnen")
    assert rows(world.db_path, "SELECT * FROM contributions") == []
    assert rows(world.db_path, "SELECT * FROM dialogues") == []
    # Her own answer, typed next, is kept as ever.
    await femke.send("Snel een afspraak.")
    assert femke.last.text.startswith("✓ Bewaard.")
    assert [r["body"] for r in rows(world.db_path, "SELECT body FROM contributions")] == [
        "Snel een afspraak."
    ]
