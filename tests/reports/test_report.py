"""The summary as a Telegram message and as a printable report: right numbers, safe text."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from pypdf import PdfReader

from flows import actions, answering, joining, sessions, themes
from flows import summary as summary_flow
from flows.access import Actor
from flows.clock import SystemClock
from flows.dates import parse_due
from flows.model import DisplayMode, Perspective
from flows.people import Identity, identify
from flows.summary import Summary
from flows.synthesis import Cell, Quote, ThemeRow
from reports.pdf import pdf_from_html, report_html, transcript_html
from reports.render import render
from reports.report import nobody_joined
from reports.summary import quoted_per_cell
from reports.telegram import MESSAGE_LIMIT, plain_length, split_message
from sandbox import scenario
from sandbox.synthesis_example import example_synthesis
from sandbox.telegram_rules import parse_html, utf16_length
from sandbox.world import World
from storage import Database

CLOCK = SystemClock()


def tg(user_id: int) -> Identity:
    """How the Telegram channel knows someone with this user id."""
    return Identity("telegram", str(user_id))


class ReportTable(HTMLParser):
    """Collect the cells the report marks with data attributes and classes."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, dict[str, int]] = {}
        self.rounds: dict[str, int] = {}
        self.totals: dict[str, int] = {}
        self.entries: list[tuple[str, str]] = []
        self.actions: list[str] = []
        self._row: str | None = None
        self._cell: str | None = None
        self._heading: str | None = None
        self._in_entry = False
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tr" and a.get("data-perspective"):
            self._row = a["data-perspective"]
            self.counts[self._row] = {}
        if tag == "section" and a.get("data-round"):
            self.rounds[str(a["data-round"])] = int(a["data-contributions"] or 0)
        if tag == "h3" and a.get("data-perspective"):
            self._heading = a["data-perspective"]
        if tag in ("td", "th"):
            self._cell = (a.get("class") or "").replace("num", "").strip() or a.get("id")
            self._text = ""
        if tag == "li":
            self._in_entry, self._text = True, ""

    def handle_data(self, data: str) -> None:
        self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell:
            if self._row and self._cell in ("joined", "answered", "contributions"):
                self.counts[self._row][self._cell] = int(self._text)
            elif self._cell in ("total-joined", "total-contributions"):
                self.totals[self._cell] = int(self._text)
            elif self._cell == "what":
                self.actions.append(self._text)
            self._cell = None
        if tag == "tr":
            self._row = None
        if tag == "li" and self._in_entry:
            self.entries.append((self._heading or "", self._text))
            self._in_entry = False


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "report.db")
    yield database
    await database.close()


async def played_session(db: Database) -> Summary:
    """Three perspectives, a round each with known answers, and two actions."""
    facilitator = Actor(tg(1), None, True, "nl")
    invites = await sessions.create_session(
        db, CLOCK, facilitator, title="Oost <test> & co", theme="Thema",
        perspectives=[Perspective.PARENT, Perspective.WORKER, Perspective.PARTNER],
    )  # fmt: skip
    session_id = invites.session.id
    people = {}
    for tg_id, perspective, mode, name in [
        (11, Perspective.PARENT, DisplayMode.NAME, "Sanne"),
        (12, Perspective.PARENT, DisplayMode.ANONYMOUS, None),
        (13, Perspective.WORKER, DisplayMode.PSEUDONYM, "Zwaluw"),
        (14, Perspective.PARTNER, DisplayMode.NAME, "Joke"),
    ]:
        actor = Actor(tg(tg_id), None, False, "nl")
        joined = await joining.consent(db, CLOCK, actor, invites.participant_codes[perspective])
        await joining.set_display(db, joined.participant.id, mode, name)
        people[tg_id] = await identify(db, "telegram", str(tg_id), "nl", is_admin=False)

    async def say(tg_id: int, text: str) -> None:
        await answering.receive(db, CLOCK, people[tg_id], text, f"t:{tg_id}:{text}")

    await sessions.open_next_round(db, CLOCK, session_id)
    await say(11, "Goed geluisterd <script>alert(1)</script>")
    await say(12, "Snel geholpen & fijn")
    await say(13, "Korte lijnen")
    await sessions.close_current_round(db, CLOCK, session_id)
    await sessions.open_next_round(db, CLOCK, session_id)
    await say(11, "Wachten")
    await say(11, "Nog meer wachten")
    await say(14, "Geen terugkoppeling 😕")
    await sessions.close_current_round(db, CLOCK, session_id)
    await actions.add(db, CLOCK, facilitator, session_id, what="Terugbellen", owner="buurtteam",
                      due_on=parse_due("15-1-2099", CLOCK.now().date()))  # fmt: skip
    await actions.add(db, CLOCK, facilitator, session_id, what="A4 privacy", owner="gemeente",
                      due_on=None)  # fmt: skip
    return await summary_flow.preview(db, CLOCK, session_id)


async def test_the_report_counts_per_perspective_and_round(db: Database) -> None:
    summary = await played_session(db)
    table = ReportTable()
    table.feed(transcript_html(summary, "nl"))
    assert table.counts == {
        "parent": {"joined": 2, "answered": 2, "contributions": 4},
        "worker": {"joined": 1, "answered": 1, "contributions": 1},
        "partner": {"joined": 1, "answered": 1, "contributions": 1},
    }
    assert table.totals == {"total-joined": 4, "total-contributions": 6}
    assert table.rounds == {"went_well": 3, "hurt": 3}
    assert table.entries[:3] == [
        ("parent", "Sanne: Goed geluisterd <script>alert(1)</script>"),
        ("parent", "Ouder/inwoner: Snel geholpen & fijn"),
        ("worker", "Zwaluw: Korte lijnen"),
    ]
    assert table.actions == ["Terugbellen", "A4 privacy"]


async def test_the_report_escapes_what_people_typed(db: Database) -> None:
    html = report_html(await played_session(db), "nl")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "Oost &lt;test&gt; &amp; co" in html


async def test_the_pdf_holds_the_same_numbers(db: Database) -> None:
    summary = await played_session(db)
    pdf = pdf_from_html(report_html(summary, "en"))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Oost <test> & co" in text
    # Response per perspective: invited (not given), joined, answered, declined, response.
    assert "Family workers – 1 1 0 –" in text
    assert "Parents/residents – 2 2 0 –" in text
    # The actions under their owner: what, source theme, due date, status.
    assert "Terugbellen – 15 Jan 2099 no news yet" in text
    # Every answer, round by round, after the findings.
    assert "Zwaluw: Korte lijnen" in text


async def test_the_telegram_summary_is_valid_telegram_html(db: Database) -> None:
    summary = await played_session(db)
    for lang in ("nl", "en"):
        message = render(lang, "telegram/summary.j2", s=summary)
        plain = parse_html(message)
        assert "Goed geluisterd <script>alert(1)</script>" in plain
        assert "Geen terugkoppeling 😕" in plain
    # The synthesis, Kern first; with no themes sorted every answer is under "not in a theme".
    plain = parse_html(render("nl", "telegram/summary.j2", s=summary))
    assert plain.index("De kern") < plain.index("Niet bij een thema")


async def test_a_theme_nobody_put_an_answer_in_gets_no_heading_in_the_chat(db: Database) -> None:
    """As on the web page: a theme typed in advance and never used is no empty heading."""
    summary = await played_session(db)
    await themes.add_themes(db, CLOCK, summary.session_id, "Nog leeg")
    summary = await summary_flow.preview(db, CLOCK, summary.session_id)
    plain = parse_html(render("nl", "telegram/summary.j2", s=summary))
    assert "Nog leeg" not in plain
    assert "Niet bij een thema" in plain


async def test_a_long_summary_with_special_characters_arrives_in_parts(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    people = [world.person(f"P{i}") for i in range(3)]
    for person in people:
        await scenario.join(person, links.participant["worker"])
    await facilitator.send("/open")
    sent = []
    for index, person in enumerate(people):
        text = f"Deel {index}: a < b & c > d 😀 <b>niet vet</b> &amp; " + "woorden " * 230
        sent.append(text.strip())
        await person.send(text)
    await facilitator.send("/sluit")
    await facilitator.send("/samenvatting")
    await facilitator.press("Verstuur")
    parts = [m for m in people[0].messages if m.document is None][-4:]
    summary = [m for m in parts if "Deel" in m.text or m.text.startswith("Samenvatting")]
    assert len(summary) >= 2, "5,000 characters do not fit one message"
    assert all(utf16_length(m.text) <= MESSAGE_LIMIT for m in summary)
    joined = " ".join(" ".join(m.text.split()) for m in summary)
    for text in sent:
        assert " ".join(text.split()) in joined
    assert world.standin.count("sendMessage", status=400) == 0


paragraph = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=900
)


@settings(max_examples=60, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=12), st.sampled_from(["b", "i", "code"]))
def test_split_parts_fit_and_stay_valid_html(paragraphs: list[str], tag: str) -> None:
    markup = "\n\n".join(f"<{tag}>{escape(p[:20])}</{tag}> {escape(p)}" for p in paragraphs)
    parts = split_message(markup, limit=700)
    for part in parts:
        assert plain_length(part) <= 700
        parse_html(part)  # raises as Telegram would on broken markup
    original = "".join(parse_html(markup).split())
    assert "".join("".join(parse_html(p).split()) for p in parts) == original


async def test_the_old_transcript_pdf_has_each_marker_before_its_answer(db: Database) -> None:
    summary = await played_session(db)
    pdf = pdf_from_html(transcript_html(summary, "nl"))
    lines = [
        line.strip()
        for page in PdfReader(io.BytesIO(pdf)).pages
        for line in page.extract_text().splitlines()
    ]
    assert [line for line in lines if not line.replace("•", "").strip()] == []
    assert "• Zwaluw: Korte lijnen" in lines
    assert "• Ouder/inwoner: Snel geholpen & fijn" in lines


async def test_the_appendix_starts_on_a_page_of_its_own(db: Database) -> None:
    summary = await played_session(db)
    pdf = pdf_from_html(report_html(summary, "en"))
    pages = [page.extract_text().splitlines() for page in PdfReader(io.BytesIO(pdf)).pages]
    (at,) = [
        i for i, lines in enumerate(pages) if "Appendix: every answer, round by round" in lines
    ]
    assert pages[at][0] == "Appendix: every answer, round by round"
    # The findings end before it: the actions are on an earlier page.
    assert any("Terugbellen" in line for lines in pages[:at] for line in lines)


async def test_a_perspective_invited_and_nobody_joined_is_said_in_words(db: Database) -> None:
    facilitator = Actor(tg(1), None, True, "nl")
    invites = await sessions.create_session(
        db, CLOCK, facilitator, title="Oost", theme="Thema",
        perspectives=[Perspective.PARENT, Perspective.MUNICIPALITY],
    )  # fmt: skip
    session_id = invites.session.id
    sanne = Actor(tg(11), None, False, "nl")
    await joining.consent(db, CLOCK, sanne, invites.participant_codes[Perspective.PARENT])
    # Someone of the municipality opened the invitation and said no: a refusal, counted.
    await joining.refuse(db, CLOCK, invites.participant_codes[Perspective.MUNICIPALITY])
    person = await identify(db, "telegram", "11", "nl", is_admin=False)
    await sessions.open_next_round(db, CLOCK, session_id)
    await answering.receive(db, CLOCK, person, "Goed geluisterd", "t:11:1")
    await sessions.close_current_round(db, CLOCK, session_id)
    summary = await summary_flow.preview(db, CLOCK, session_id)

    for lang, said in (("nl", "Gemeente: uitgenodigd, niemand deed mee"),
                       ("en", "Municipality: invited, nobody took part")):  # fmt: skip
        plain = parse_html(render(lang, "telegram/summary.j2", s=summary))
        assert f"• {said}" in plain.splitlines()
    assert "0 personen" not in parse_html(render("nl", "telegram/summary.j2", s=summary))

    # The old transcript's table says it in words; the totals stay what they were.
    transcript = transcript_html(summary, "nl")
    table = ReportTable()
    table.feed(transcript)
    assert table.counts == {
        "parent": {"joined": 1, "answered": 1, "contributions": 1},
        "municipality": {},
    }
    assert table.totals == {"total-joined": 1, "total-contributions": 1}
    assert "uitgenodigd, niemand deed mee" in transcript

    # The report: the method names who answered, and the municipality apart; the response
    # table keeps its numbers (nobody joined, one declined, a response of nothing).
    pdf = pdf_from_html(report_html(summary, "en"))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Parents/residents each answered the same questions" in text
    assert "People from the municipality were invited too; none of them took part." in text
    assert "Municipality – 0 0 1 –" in text
    assert "Parents/residents – 1 1 0 –" in text

    # A group whose people all left, keeping their answers, took part: not named apart.
    assert summary.synthesis is not None
    left = replace(
        summary.synthesis,
        response=[
            replace(r, joined=0) if r.perspective == "parent" else r
            for r in summary.synthesis.response
        ],
    )
    assert nobody_joined(left) == ["municipality"]


async def big_session(db: Database) -> Summary:
    """Parents and family workers, 35 answers each in one round; the last one flagged."""
    facilitator = Actor(tg(1), None, True, "nl")
    invites = await sessions.create_session(
        db, CLOCK, facilitator, title="Groot", theme="Thema",
        perspectives=[Perspective.PARENT, Perspective.WORKER],
    )  # fmt: skip
    session_id = invites.session.id
    await sessions.open_next_round(db, CLOCK, session_id)
    for tg_id, perspective in ((21, Perspective.PARENT), (22, Perspective.WORKER)):
        actor = Actor(tg(tg_id), None, False, "nl")
        await joining.consent(db, CLOCK, actor, invites.participant_codes[perspective])
        person = await identify(db, "telegram", str(tg_id), "nl", is_admin=False)
        for n in range(1, 36):
            flagged = tg_id == 22 and n == 35
            text = f"Antwoord {perspective.value} {n:02d}" + (" en nog veel meer" * 30) * flagged
            await answering.receive(db, CLOCK, person, text, f"t:{text}", flagged=flagged)
    await sessions.close_current_round(db, CLOCK, session_id)
    return await summary_flow.preview(db, CLOCK, session_id)


async def test_a_big_sessions_summary_in_the_chat_quotes_a_few_answers_of_each(
    db: Database,
) -> None:
    """Seventy answers: each perspective's first thirty are quoted, the rest counted; the
    report that follows has them all. The facilitator's preview still quotes a flagged one."""
    summary = await big_session(db)
    sent = parse_html(render("nl", "telegram/summary.j2", s=summary, preview=False))
    assert "In het verslag (PDF) staan alle antwoorden." in sent
    for perspective in ("parent", "worker"):
        assert f"Antwoord {perspective} 30" in sent
        assert f"Antwoord {perspective} 31" not in sent
    assert sent.count("• en nog 5 antwoorden") == 2
    assert len(split_message(render("nl", "telegram/summary.j2", s=summary))) == 1
    preview = parse_html(render("nl", "telegram/summary.j2", s=summary, preview=True))
    # Whole, though long: what it may reveal is to be checked.
    flagged = "Antwoord worker 35" + " en nog veel meer" * 30
    assert f"• ⚠️ Gezinswerker: {flagged}\n• en nog 4 antwoorden" in preview
    assert "Antwoord worker 34" not in preview
    assert preview.count("• en nog 5 antwoorden") == 1
    # The report has every answer.
    html = report_html(summary, "nl")
    assert all(f"Antwoord worker {n:02d}" in html for n in range(1, 36))
    # English reads as English.
    english = parse_html(render("en", "telegram/summary.j2", s=summary))
    assert "The report (PDF) has every answer." in english
    assert "• and 5 more answers" in english


def test_the_room_for_quotes_left_by_small_cells_goes_to_the_large_ones() -> None:
    """One theme with 400 answers of parents and ten themes with one answer each: the ten are
    quoted whole and the large cell gets the other fifty (an even share gave it five)."""
    example = example_synthesis("nl")
    ids = iter(range(1, 10_000))

    def row(theme_id: int, answers: int) -> ThemeRow:
        quotes = [Quote(next(ids), "hurt", "parent", "Te lang " * 80) for _ in range(answers)]
        return ThemeRow(theme_id, f"Thema {theme_id}", [Cell("parent", answers, 1, quotes)])

    big = replace(example, grid=[row(1, 400), *(row(n, 1) for n in range(2, 12))])
    shown = quoted_per_cell(big)
    assert shown is not None
    assert shown[(1, "parent")] == 50
    assert all(shown[(n, "parent")] == 1 for n in range(2, 12))
    assert quoted_per_cell(replace(example, grid=[row(1, 60)])) is None
    # The answers in no theme (no id) beside a theme of as many answers.
    unsorted = replace(row(1, 40), theme_id=None)
    assert quoted_per_cell(replace(example, grid=[row(1, 40), unsorted])) == {
        (1, "parent"): 30,
        (None, "parent"): 30,
    }
    # Quoted in a big session, a long answer is shortened; the report has it whole.
    summary = Summary(1, "Groot", "Thema", "nl", dt.date(2026, 5, 1), [], [], [], big)
    sent = parse_html(render("nl", "telegram/summary.j2", s=summary))
    quoted = [line for line in sent.splitlines() if line.startswith("• Ouder/inwoner: ")]
    assert len(quoted) == 60
    assert all(line.endswith("Te lang…") and len(line) < 420 for line in quoted)
    assert "• en nog 350 antwoorden" in sent
    assert ("Te lang " * 80).strip() in report_html(summary, "nl")


def test_the_actions_of_an_owner_are_headed_with_a_capital_everywhere() -> None:
    """The owner as chosen ("buurtteam") heads its actions in the chat and on the web as in
    the report: "Buurtteam"."""
    example = example_synthesis("nl")
    summary = Summary(1, "Samen", "Thema", "nl", dt.date(2026, 5, 1), [], [], [], example)
    assert "<i>Buurtteam</i>" in render("nl", "telegram/summary.j2", s=summary)
    assert "<i>buurtteam</i>" not in render("nl", "telegram/summary.j2", s=summary)
    web = render("nl", "web/summary_synthesis.html.j2", y=example)
    assert "<h4>Buurtteam</h4>" in web
