"""The demo's facilitator sorts each closed round's answers into themes, in Telegram.

She has a theme in mind for every answer (THEME_OF), by subject, whoever said it: a parent's
"I had to tell my story again" and a partner's "may I share this?" are both about sharing
information, so perspectives meet in a theme (the summary's rode draden). When the bot suggests it (⭐), she taps
the suggestion; alike answers that belong with it go in with one tap; a theme she has not
made yet is made on the way, once under the name the bot proposes (PROPOSED).
"""

from __future__ import annotations

import re

from sandbox.people import Person

# Typed in advance, before the first round is sorted.
IN_ADVANCE = "Gehoord worden, Samenwerking, In de wijk"
PROPOSED = ""  # a new theme under the name the bot proposes

THEME_OF: dict[str, str] = {
    # Round 1: what went well
    "Mijn gezinswerker kwam gewoon bij ons thuis. Ze luisterde echt, zonder oordeel.": "Gehoord worden",
    "Ik werd serieus genomen. Ze vroeg wat ik zelf wilde.": "Gehoord worden",
    "De opvoedcursus in de wijk hielp ons echt.": "In de wijk",
    "Korte lijnen met de school: we zaten snel samen aan tafel met het gezin.": "Samenwerking",
    "Collega's denken mee in het casusoverleg. Dat geeft vertrouwen.": "Samenwerking",
    "Het buurtteam is goed bereikbaar en belt terug.": PROPOSED,
    "Samen met het buurtteam een sportaanbod voor jongeren opgezet.": "In de wijk",
    "Het buurtteam schoof aan bij ons spreekuur in de bibliotheek. Zo kwamen ouders makkelijk binnen.": "In de wijk",
    # Round 2: what hurt
    "Het duurde drie maanden voordat er hulp kwam. In die tijd ging het slecht met mijn zoon.": "Wachttijd",
    "Ik moest mijn verhaal steeds opnieuw vertellen, aan steeds andere mensen.": "Informatie delen",
    "Ik wist niet waar ik terecht kon. De website snapte ik niet.": "Vindbaar en bereikbaar",
    "Bij complexe casussen wachten we te lang op specialistische jeugdhulp.": "Wachttijd",
    "De registratie kost veel tijd die ik liever aan gezinnen besteed.": "Regeldruk",
    "We horen niet wat er met een aanmelding gebeurt. Dan bellen we maar weer.": "Terugkoppeling",
    "Soms weet ik niet of ik iets mag delen over een jongere.": "Informatie delen",
    "Wij mogen Telegram niet gebruiken op ons werk, dus we hoorden veel pas achteraf.": "Vindbaar en bereikbaar",
    "En de wachtlijst voor de GGZ was lang.": "Wachttijd",
    # Round 3: what is needed
    "Eén vast aanspreekpunt, ook als er meer hulpverleners bij komen.": "Continuïteit",
    "Dat hulpverleners informatie delen (als ik dat goed vind), zodat ik niet alles herhaal.": "Informatie delen",
    "Een plek in de wijk waar je gewoon binnen kunt lopen.": "In de wijk",
    "Ruimte om langer bij een gezin te blijven, in plaats van snel af te schalen.": "Continuïteit",
    "Minder formulieren, en één plan met het gezin in plaats van drie.": "Regeldruk",
    "Een terugkoppeling na elke aanmelding, ook als het buurtteam niets doet.": "Terugkoppeling",
    "Duidelijke afspraken over privacy, op één A4.": "Informatie delen",
    "Een manier om mee te doen zonder app, en vaste tijden waarop het buurtteam in de wijk is.": (
        "Vindbaar en bereikbaar"
    ),
}

_QUOTED = re.compile(r"“(.+?)”", re.S)
_PLACED = re.compile(r"✓ In thema: (.+)")
_ALIKE = re.compile(r"^(\d+)\. “(.+?)”", re.M)


async def sort_round(facilitator: Person, number: int) -> None:
    """Sort the answers of closed round `number` (1-3), the way the facilitator means them."""
    await facilitator.send("/themas")
    if number == 1:
        await facilitator.press("Thema's toevoegen")
        await facilitator.send(IN_ADVANCE)
    if facilitator.last.button(f"Sorteer ronde {number}") is None:
        return
    await facilitator.press(f"Sorteer ronde {number}")
    for _ in range(60):  # a round's answers, each with at most a few taps
        screen = facilitator.last
        if "Alle antwoorden van deze ronde zijn gesorteerd" in screen.text:
            return
        placed = _PLACED.search(screen.text)
        if placed is not None and screen.button("Volgend antwoord") is not None:
            await _alike_along(facilitator, placed.group(1).strip())
            continue
        quoted = _QUOTED.search(screen.text)
        if quoted is None:
            return
        await _choose(facilitator, THEME_OF.get(quoted.group(1)))


async def _choose(facilitator: Person, theme: str | None) -> None:
    screen = facilitator.last
    if theme is None:
        await facilitator.press("Nu overslaan")
    elif theme and f"⭐ {theme}" in screen.labels:
        await facilitator.press(f"⭐ {theme}")  # the bot suggested it: one tap
    elif theme and theme in screen.labels:
        await facilitator.press(theme)
    else:
        await facilitator.press("Nieuw thema")
        if theme == PROPOSED and any(label.startswith("✓") for label in facilitator.last.labels):
            await facilitator.press(facilitator.last.labels[0])
        else:
            await facilitator.send(theme or "Overig")


async def _alike_along(facilitator: Person, theme: str) -> None:
    """Put the alike answers that belong in `theme` in with one tap each; then go on."""
    for number, body in _ALIKE.findall(facilitator.last.text):
        wanted = THEME_OF.get(body)
        if wanted == theme or (wanted == PROPOSED and theme not in THEME_OF.values()):
            await facilitator.press(f"➕ {number} in hetzelfde thema")
            return
    await facilitator.press("Volgend antwoord")
