"""`make demo`: a whole dialogue session on this machine, no Telegram account needed.

The real bot talks HTTP to the local stand-in and serves its web page on 127.0.0.1; a
facilitator, seven participants of three perspectives in Telegram, one participant on the
web page and an organiser join and play a session through, the web participant in the same
rounds and the same summary. The whole session is printed as one conversation in the order
things happened (a message sent to many people in the same words is written out once),
followed by the web page's links; the report, each person's own screen
(out/transcripts/<name>.txt) and a phone-size screenshot of each web page visited
(out/web/<page>.png) are written to ./out/.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import logs
from flows import summary as summary_flow
from flows.clock import Clock
from reports.pdf import report_html
from sandbox import browser, demo_themes, scenario
from sandbox.people import Person
from sandbox.standin import StandIn
from sandbox.web_people import WebPageRefused, WebPerson, invite_code
from sandbox.world import World


@dataclass(frozen=True)
class Role:
    name: str
    perspective: str
    appear: str  # the button label for how they want to appear
    pseudonym: str | None
    wants_summary: bool
    answers: tuple[str, str, str]  # went well, hurt, needed


PEOPLE = (
    Role(
        "Sanne",
        "parent",
        "voornaam",
        None,
        True,
        (
            "Mijn gezinswerker kwam gewoon bij ons thuis. Ze luisterde echt, zonder oordeel.",
            "Het duurde drie maanden voordat er hulp kwam. In die tijd ging het slecht met mijn zoon.",
            "Eén vast aanspreekpunt, ook als er meer hulpverleners bij komen.",
        ),
    ),
    Role(
        "Mo",
        "parent",
        "zelfgekozen",
        "Moeder van drie",
        True,
        (
            "Ik werd serieus genomen. Ze vroeg wat ik zelf wilde.",
            "Ik moest mijn verhaal steeds opnieuw vertellen, aan steeds andere mensen.",
            "Dat hulpverleners informatie delen (als ik dat goed vind), zodat ik niet alles herhaal.",
        ),
    ),
    Role(
        "Kees",
        "parent",
        "Anoniem",
        None,
        False,
        (
            "De opvoedcursus in de wijk hielp ons echt.",
            "Ik wist niet waar ik terecht kon. De website snapte ik niet.",
            "Een plek in de wijk waar je gewoon binnen kunt lopen.",
        ),
    ),
    Role(
        "Ahmed",
        "worker",
        "voornaam",
        None,
        True,
        (
            "Korte lijnen met de school: we zaten snel samen aan tafel met het gezin.",
            "Bij complexe casussen wachten we te lang op specialistische jeugdhulp.",
            "Ruimte om langer bij een gezin te blijven, in plaats van snel af te schalen.",
        ),
    ),
    Role(
        "Lotte",
        "worker",
        "Anoniem",
        None,
        True,
        (
            "Collega's denken mee in het casusoverleg. Dat geeft vertrouwen.",
            "De registratie kost veel tijd die ik liever aan gezinnen besteed.",
            "Minder formulieren, en één plan met het gezin in plaats van drie.",
        ),
    ),
    Role(
        "Joke",
        "partner",
        "voornaam",
        None,
        True,
        (
            "Het buurtteam is goed bereikbaar en belt terug.",
            "We horen niet wat er met een aanmelding gebeurt. Dan bellen we maar weer.",
            "Een terugkoppeling na elke aanmelding, ook als het buurtteam niets doet.",
        ),
    ),
    Role(
        "Rik",
        "partner",
        "zelfgekozen",
        "Sportcoach Oost",
        False,
        (
            "Samen met het buurtteam een sportaanbod voor jongeren opgezet.",
            "Soms weet ik niet of ik iets mag delen over een jongere.",
            "Duidelijke afspraken over privacy, op één A4.",
        ),
    ),
)


@dataclass(frozen=True)
class WebRole:
    """Someone who takes part on the web page: their organisation does not allow Telegram."""

    name: str
    perspective: str
    answers: tuple[str, str, str]  # went well, hurt, needed


WEB_PEOPLE = (
    WebRole(
        "Noor",
        "partner",
        (
            "Het buurtteam schoof aan bij ons spreekuur in de bibliotheek. Zo kwamen ouders makkelijk binnen.",
            "Wij mogen Telegram niet gebruiken op ons werk, dus we hoorden veel pas achteraf.",
            "Een manier om mee te doen zonder app, en vaste tijden waarop het buurtteam in de wijk is.",
        ),
    ),
)

TITLE = "Evaluatie Buurtteams Jeugd en Gezin — Oost"
ACTIONS = (
    (
        "Na elke aanmelding krijgt de partner binnen 5 werkdagen een terugkoppeling.",
        "buurtteam",
        "1 maand",
    ),
    ("Privacy-afspraken op één A4 voor partners in de wijk.", "gemeente", "3 maanden"),
)


@dataclass
class Conversation:
    """Everything people and the bot did, in the order it happened, across all chats."""

    standin: StandIn
    names: dict[int, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    # A text already written out in full, and to whom: the next time it is only named.
    shown: dict[str, str] = field(default_factory=dict)
    # Open button presses: who pressed, so the bot's pop-up answer can be put with them.
    pressed_by: dict[str, int] = field(default_factory=dict)

    def follow(self) -> None:
        self.standin.on_update = self.on_update
        self.standin.on_call = self.on_call

    def on_update(self, update: dict[str, Any]) -> None:
        message, query = update.get("message"), update.get("callback_query")
        if message is not None:
            who = self._name(message["from"]["id"])
            self._add(f"{who}: {message.get('text') or '[media]'}")
        elif query is not None:
            user_id = query["from"]["id"]
            self.pressed_by[query["id"]] = user_id
            self._add(f"{self._name(user_id)} tapped [{_label(query)}]")

    def on_call(self, method: str, params: dict[str, Any]) -> None:
        if method == "answerCallbackQuery":
            user_id = self.pressed_by.pop(str(params.get("callback_query_id")), None)
            if params.get("text") and user_id is not None:
                self._add(f"bot → {self._name(user_id)} (pop-up): {params['text']}")
            return
        if method not in ("sendMessage", "sendDocument", "editMessageText"):
            return
        chat = self.standin.chat(int(params["chat_id"]))
        if method == "editMessageText":
            shown = chat.messages[int(params["message_id"])]
            how = " (edits its earlier message)"
        else:
            shown = chat.messages[max(chat.messages)]
            how = ""
        to = self._name(chat.id)
        body = f"[{shown.document.file_name}] " if shown.document else ""
        body += shown.text
        if len(body) > 200 and body in self.shown:
            self._add(f"bot → {to}{how}: (the same message as to {self.shown[body]})")
            return
        self.shown.setdefault(body, to)
        self._add(f"bot → {to}{how}: " + body.replace("\n", "\n    "))
        if shown.labels:
            self._add("    " + "  ".join(f"[{label}]" for label in shown.labels))

    def text(self) -> str:
        return "\n".join(self.lines)

    def _add(self, line: str) -> None:
        self.lines.append(line)

    def _name(self, user_id: int) -> str:
        return self.names.get(user_id, str(user_id))


def _label(query: dict[str, Any]) -> str:
    """The label of the pressed button, as the person saw it."""
    markup = query.get("message", {}).get("reply_markup", {})
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if button.get("callback_data") == query.get("data"):
                return str(button["text"])
    return "?"


@dataclass(frozen=True)
class Played:
    pdf: bytes
    html: str
    conversation: str
    # Each person's own screen at the end: (name, transcript).
    transcripts: list[tuple[str, str]]
    # The web page's links the demo used or the bot handed out: (what, address).
    web_links: list[tuple[str, str]] = field(default_factory=list)
    # A phone-size picture of each web page visited: (file name, PNG).
    screenshots: list[tuple[str, bytes]] = field(default_factory=list)
    # The organiser's /export: the workbook, the CSV and the JSON, (file name, content).
    exports: list[tuple[str, bytes]] = field(default_factory=list)


Show = Callable[[Played], Awaitable[None]]


def run_demo(out_dir: str = "out", *, serve: bool = False) -> int:
    """Play a whole session, print what everyone saw and write the report; return the status.

    `serve`: keep the web page running after the session, until Ctrl-C, to open its links.
    """
    out = Path(out_dir)

    async def show(played: Played) -> None:
        write_out(played, out)
        if serve:
            print("\nThe web page stays up at the links above; stop it with Ctrl-C.", flush=True)
            await asyncio.Event().wait()

    with tempfile.TemporaryDirectory() as scratch:
        try:
            played = asyncio.run(play(Path(scratch) / "demo.db", then=show))
        except WebPageRefused as refused:
            print(f"The web page did not take part as expected: {refused}")
            return 1
        except KeyboardInterrupt:
            return 0
    if played is None:
        print("The organiser did not receive the report.")
        return 1
    return 0


def write_out(played: Played, out: Path) -> None:
    """Print the conversation and the web links; write the report, screens and screenshots."""
    out.mkdir(parents=True, exist_ok=True)
    pdf_path, html_path = out / "rapport.pdf", out / "rapport.html"
    pdf_path.write_bytes(played.pdf)
    html_path.write_text(played.html, encoding="utf-8")
    screens = out / "transcripts"
    screens.mkdir(exist_ok=True)
    for name, transcript in played.transcripts:
        (screens / f"{name.lower()}.txt").write_text(transcript + "\n", encoding="utf-8")
    pictures = out / "web"
    pictures.mkdir(exist_ok=True)
    for name, png in played.screenshots:
        (pictures / name).write_bytes(png)
    for name, content in played.exports:
        (out / name).write_bytes(content)
    print(played.conversation)
    print()
    print("The web page, as the demo used it (it stops with the demo; --serve keeps it up):")
    for what, url in played.web_links:
        print(f"  {what + ':':<34} {url}")
    print("  (the invites stopped when the session closed with its summary, as invites do)")
    print()
    print(f"Report (PDF):  {pdf_path.resolve()}")
    print(f"Report (HTML): {html_path.resolve()}")
    print(f"What each person saw: {screens.resolve()}/")
    for name, _ in played.exports:
        print(f"Export: {(out / name).resolve()}")
    print(f"The web pages on a phone (390×844): {pictures.resolve()}/")


# What a page of ours is, by the start of its path: for the links and the screenshots' names.
PAGE_KINDS = {"i": "invite", "p": "own-page", "o": "organiser", "b": "board"}


def page_kind(path: str) -> str:
    parts = [part for part in path.split("/") if part]
    if not parts:
        return "home"
    if parts[0] == "p" and parts[-1] == "session":
        return "session"
    return PAGE_KINDS.get(parts[0], parts[0])


def shown_to(person: Person) -> list[str]:
    """Everything a person was shown that can hold a link: texts, links behind words
    (the HTML), and the addresses of link buttons."""
    found = []
    for message in person.messages:
        found += [message.text, message.html]
        found += [b.url for row in message.buttons for b in row if b.url is not None]
    return found


def web_links_in(texts: list[str], base_url: str) -> list[str]:
    """Links to our web page in messages the bot sent, in order, each once."""
    found = re.findall(re.escape(base_url) + r"/[^\s\"'<>]+", "\n".join(texts))
    return list(dict.fromkeys(link.rstrip(".,;:)") for link in found))


# The first question as the facilitator words it for parents, to fit the session's theme.
PARENTS_FIRST_QUESTION = (
    "Denk aan de hulp van het buurtteam voor jou en je gezin, in jouw wijk. Wat ging goed?"
)


async def play(
    db_path: Path,
    clock: Clock | None = None,
    *,
    web_people: tuple[WebRole, ...] = WEB_PEOPLE,
    screenshots: bool = True,
    then: Show | None = None,
) -> Played | None:
    """The session itself: a facilitator, seven participants and an organiser in Telegram,
    and `web_people` on the web page, in the same rounds.

    `clock`: the real one unless given (tests play it at a chosen hour). `screenshots`: visit
    each web page in a phone-size Chromium. `then`: called with what was played while the
    bot and its web page still run.
    """
    async with World(db_path, clock=clock, web=True) as world, AsyncExitStack() as stack:
        assert world.web_url is not None
        base = world.web_url
        camera = await stack.enter_async_context(browser.phone()) if screenshots else None
        facilitator = world.admin("Femke")
        organiser = world.person("Pieter")
        people = [world.person(role.name) for role in PEOPLE]
        on_web = [
            await stack.enter_async_context(WebPerson(base, role.name)) for role in web_people
        ]
        conversation = Conversation(world.standin)
        conversation.names = {p.id: p.name for p in (facilitator, *people, organiser)}
        conversation.follow()
        if camera is not None:
            await camera.shoot("home", f"{base}/")
        await facilitator.send("/start")
        links = await scenario.create_session(
            facilitator, TITLE, "perspectief van inwoners", without=("municipality",)
        )
        # -- questions: the first question, worded for the parents and residents of this theme
        await facilitator.send("/vragen")
        await facilitator.press("✏️ Wat ging goed?")
        await facilitator.press("Alleen voor ouders/inwoners")
        await facilitator.send(PARENTS_FIRST_QUESTION)
        web_links = [("home", f"{base}/")] + [
            (f"web invite, {perspective}", f"{base}/i/{invite_code(link)}")
            for perspective, link in links.participant.items()
        ]
        # The whole session is played at once, as live at a table: at any hour of the day,
        # so the facilitator switches the quiet hours off, as they would in the evening.
        await facilitator.send("/instellingen")
        await facilitator.press("Stille uren uitzetten")
        for person, role in zip(people, PEOPLE, strict=True):
            await scenario.join(
                person,
                links.participant[role.perspective],
                appear=role.appear,
                pseudonym=role.pseudonym,
                wants_summary=role.wants_summary,
            )
        for visitor, web_role in zip(on_web, web_people, strict=True):
            invite = f"{base}/i/{invite_code(links.participant[web_role.perspective])}"
            if camera is not None:
                await camera.shoot("invite", invite)
            await visitor.join(invite_code(links.participant[web_role.perspective]))
            await visitor.settle_in(appear="name", name=web_role.name, wants_summary=True)
            conversation.lines.append(
                f"{visitor.name} (web page): opened the web invite, said yes, appears by first name"
            )
            web_links.append((f"{visitor.name}'s own page", visitor.page))
            await world.settle()
        if camera is not None:
            # The organiser's web invite as it looks before anyone took it (one organiser
            # per link) and while the session runs.
            for link in web_links_in(shown_to(facilitator), base):
                if page_kind(path_of(link, base)) == "organiser":
                    await camera.shoot("organiser", link)
                    break
        await organiser.open_link(links.organiser)
        await facilitator.send("/status")
        for round_index in range(3):
            await facilitator.send("/open")
            for person, role in zip(people, PEOPLE, strict=True):
                await person.send(role.answers[round_index])
            for visitor, web_role in zip(on_web, web_people, strict=True):
                await visitor.answer(web_role.answers[round_index])
                conversation.lines.append(
                    f"{visitor.name} (web page): {web_role.answers[round_index]}"
                )
                await world.settle()
                if camera is not None and round_index == 0:
                    await camera.shoot("own-page-answered", visitor.page)
            if round_index == 1:
                await people[0].send("En de wachtlijst voor de GGZ was lang.")
            if round_index == 0:
                # -- watching: the facilitator reads along at the table before closing
                await facilitator.send("/meelezen")
            await facilitator.send("/sluit")
            # -- themes: the facilitator sorts this round's answers
            await demo_themes.sort_round(facilitator, round_index + 1)
            #
            # -- mirror: the round is shared back and recognised
            if round_index == 0:
                await facilitator.send("/spiegel")
                # Each marks the first answer of someone else (their own has no button).
                for person in people[:3]:
                    await person.press("Herkenbaar")
                await people[3].press("Herkenbaar 2")
                for visitor in on_web:
                    await visitor.press_first("mirror")
                    conversation.lines.append(f"{visitor.name} (web page): Herkenbaar")
                await facilitator.send("/spiegel")  # not sent again: the counts
            #
        # -- proposals: participants propose and back actions; some are agreed
        await people[0].press("Stel een actie voor")
        await people[0].send("Eén vast telefoonnummer waar ouders altijd iemand spreken")
        await people[1].press("Stel een actie voor")
        await people[1].send("Elke maand een vast overleg tussen buurtteam en school")
        for person in people[2:4]:
            await person.press("Bekijk de voorstellen")
            await person.press("Steun 1")
        await facilitator.send("/voorstellen")
        await facilitator.press("Maak afspraak van 1")
        await facilitator.press("buurtteam")
        await facilitator.press("Over 1 maand")
        if facilitator.last.button("Geen thema") is not None:
            await facilitator.press(facilitator.last.labels[0])  # the first theme
        #
        for what, who, when in ACTIONS:
            await scenario.add_action(facilitator, what, who, when)
        # The family worker takes the neighbourhood team's action over: on its due date the
        # bot asks them how it is going, not the facilitator.
        await facilitator.press("1 doorgeven")
        worker = next(p for p, r in zip(people, PEOPLE, strict=True) if r.name == "Ahmed")
        await worker.open_link(facilitator.last.text.split()[-1])
        await worker.press("Ja, ik doe het")
        # The summary: a draft only the facilitator sees. She leaves an answer out, fills in
        # the cover, writes an opening line, then approves and sends it. (The draft's buttons
        # approve the draft as they were shown with it, her typed texts in it: an answer left
        # out after them would show her the draft again first.)
        await facilitator.send("/samenvatting")
        # She leaves out the aside about the GGZ waiting list (it names no one, but is off topic).
        await facilitator.press("Antwoorden weglaten")
        aside = "En de wachtlijst voor de GGZ was lang."
        while aside not in facilitator.last.text:
            await facilitator.press("▶️", facilitator.last)
        number = re.search(rf"(\d+)\. .*\n{re.escape(aside)}", facilitator.last.text)
        assert number is not None, facilitator.last.text
        await facilitator.press(f"{number.group(1)} weglaten", facilitator.last)
        for button, typed in (
            ("Gemeente", "Nijmegen"),
            ("Wijk of gebied", "Dukenburg"),
            ("Naam gespreksleider", "Femke Jansen"),
            ("Openingstekst", "Dank aan iedereen die meedacht: dit is wat we samen zagen."),
        ):
            await facilitator.press(button)
            await facilitator.send(typed)
        # How many of each perspective were invited: the report counts the response against it.
        for group, invited in (("Ouders/inwoners", "6"), ("Gezinswerkers", "3"),
                               ("Partnerorganisaties", "4")):  # fmt: skip
            await facilitator.press("👥 Uitgenodigd")
            await facilitator.press(group)
            await facilitator.send(invited)
        await facilitator.press("Akkoord, verstuur")

        # The facilitator asks for her own link to the session view on the web page.
        await facilitator.send("/web")
        # And the live board's link, for the beamer at the table.
        await facilitator.send("/bord")
        # Pages the bot handed out in Telegram (the session view, the board, an organiser's
        # page): the demo shows them too, but not the web invites again.
        handed_out = [
            (page_kind(path_of(link, base)), link)
            for link in web_links_in(shown_to(facilitator) + shown_to(organiser), base)
        ]
        handed_out = [(kind, link) for kind, link in handed_out if kind != "invite"]
        web_links += handed_out
        if camera is not None:
            for visitor in on_web:
                await camera.shoot("own-page", visitor.page)
            # The web participant's other pages: messages, the summary they asked for, data.
            for page in ("messages", "summary", "data", "mirror", "proposals") if on_web else ():
                await camera.shoot(page, f"{on_web[0].page}/{page}")
            taken: dict[str, int] = {}
            for kind, link in handed_out:
                if kind == "organiser":
                    continue  # an invite: shot above, while it was open
                taken[kind] = taken.get(kind, 0) + 1
                await camera.shoot(kind if taken[kind] == 1 else f"{kind}-{taken[kind]}", link)
                if kind == "session":  # the leaders' pages of the mirror and the proposals
                    for part in ("mirror", "proposals"):
                        await camera.shoot(
                            f"session-{part}", link.replace("/session", f"/session/{part}", 1)
                        )

        summary = await summary_flow.latest_approved(world.services.db)
        received = [m.document for m in organiser.messages if m.document is not None]
        if summary is None or not received:
            return None
        # -- exports: the organiser asks for the workbook, the CSV and the JSON
        await organiser.send("/export")
        exported = [
            (m.document.file_name, m.document.content)
            for m in organiser.messages
            if m.document is not None and m.document.file_name.endswith((".xlsx", ".csv", ".json"))
        ]
        played = Played(
            pdf=received[-1].content,
            html=report_html(summary, "nl"),
            conversation=conversation.text(),
            transcripts=[(p.name, p.transcript()) for p in (facilitator, *people, organiser)],
            web_links=web_links,
            screenshots=camera.shots if camera is not None else [],
            exports=exported,
        )
        if then is not None:
            await then(played)
        return played


def path_of(link: str, base: str) -> str:
    """The path of one of our links."""
    return link[len(base) :].split("?", 1)[0]


def main(argv: list[str] | None = None) -> int:
    """`python -m sandbox.demo [--out DIR] [--serve]`, what `make demo` runs; its logs stay quiet."""
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.demo", description="Play a whole session locally, no Telegram."
    )
    parser.add_argument("--out", default="out", help="where to write the report (default: ./out)")
    parser.add_argument(
        "--serve", action="store_true", help="keep the web page up afterwards, until Ctrl-C"
    )
    args = parser.parse_args(argv)
    logs.configure("WARNING")
    return run_demo(args.out, serve=args.serve)


if __name__ == "__main__":
    sys.exit(main())
