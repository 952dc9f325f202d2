"""Steps that tests, the demo and the benchmarks share, played through the bot's own buttons.

Labels are the Dutch ones people see by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.people import Person

LINK = re.compile(r"https://t\.me/\S+\?start=[\w-]+")
PERSPECTIVE_LABELS = {
    "parent": "Ouder/inwoner",
    "worker": "Gezinswerker",
    "partner": "Partnerorganisatie",
    "municipality": "Gemeente",
}


@dataclass(frozen=True)
class Links:
    """The invite links of one session, by perspective, and the organisers' link."""

    participant: dict[str, str]
    organiser: str


async def create_session(
    facilitator: Person,
    title: str = "Evaluatie Buurtteams Oost",
    theme: str = "perspectief van inwoners",
    *,
    without: tuple[str, ...] = (),
) -> Links:
    """Make a session through /nieuw; `without` switches perspectives off."""
    await facilitator.send("/nieuw")
    await facilitator.send(title)
    await facilitator.press(theme)
    for perspective in without:
        await facilitator.press(PERSPECTIVE_LABELS[perspective])
    await facilitator.press("Klaar")
    return links_in(facilitator.last.text)


def links_in(text: str) -> Links:
    participant = {}
    for key, label in PERSPECTIVE_LABELS.items():
        match = re.search(rf"^{re.escape(label)}\n({LINK.pattern})", text, re.MULTILINE)
        if match:
            participant[key] = match.group(1)
    return Links(participant, LINK.findall(text)[-1])


async def join(
    person: Person,
    link: str,
    *,
    appear: str = "voornaam",
    pseudonym: str | None = None,
    wants_summary: bool = True,
) -> None:
    """Open an invite, say yes, choose how to appear and whether to get the summary."""
    await person.open_link(link)
    await person.press("Ja, ik doe mee")
    await person.press(appear)
    if pseudonym is not None:
        await person.send(pseudonym)
    await person.press("Ja, stuur" if wants_summary else "Nee, dank je")


# For a bot in another process, where nothing settles: each step waits for the bot's prompt.


async def create_session_waiting(facilitator: Person, title: str, theme: str) -> Links:
    """Make a session through /nieuw, waiting for each question."""
    await facilitator.send("/nieuw")
    await facilitator.wait_for("Wat is de titel?")
    await facilitator.send(title)
    await facilitator.wait_for("Wat is het thema?")
    await facilitator.press(theme)
    await facilitator.wait_for("Wie nodig je uit?")
    await facilitator.press("Klaar")
    return links_in((await facilitator.wait_for("Uitnodigingslinks")).text)


async def quiet_hours_off_waiting(facilitator: Person) -> None:
    """Switch the active session's quiet hours off, as for a live session, waiting for
    each step: a bot on the real clock would otherwise hold a round opened in the evening
    until the morning."""
    await facilitator.send("/instellingen")
    await facilitator.wait_for("Instellingen van deze sessie")
    await facilitator.press("Stille uren uitzetten")
    await facilitator.wait_for("Stille uren staan uit")


async def join_waiting(
    person: Person, link: str, *, appear: str = "voornaam", wants_summary: bool = True
) -> None:
    """Open an invite and say yes, waiting for each question."""
    await person.open_link(link)
    await person.wait_for("Doe je mee?")
    await person.press("Ja, ik doe mee")
    await person.wait_for("Hoe wil je")
    await person.press(appear)
    await person.wait_for("samenvatting krijgen")
    await person.press("Ja, stuur" if wants_summary else "Nee, dank je")
    await person.wait_for("Alles is klaar")


async def add_action(facilitator: Person, what: str, who: str, when: str) -> None:
    """Record an agreed action; `who` and `when` are button labels or typed text."""
    await facilitator.send("/actie")
    await facilitator.send(what)
    if facilitator.last.button(who) is not None:
        await facilitator.press(who)
    else:
        await facilitator.send(who)
    if facilitator.last.button(when) is not None:
        await facilitator.press(when)
    else:
        await facilitator.send(when)
