"""A big session's synthesis: forty themes, as a facilitator names them, several of them one
long Dutch compound, with answers from every perspective; for the report's layout tests."""

from __future__ import annotations

import dataclasses

from flows.synthesis import ActionItem, Cell, Quote, Synthesis, ThemeRow
from sandbox.synthesis_example import example_synthesis

# Between 24 and 41 characters, each a single word: a table cannot break them between words.
COMPOUNDS = (
    "Bereikbaarheidsproblemen",  # 24
    "Jeugdhulpverleningstrajecten",  # 28
    "Schuldhulpverleningsorganisaties",  # 32
    "Gegevensuitwisselingsovereenkomsten",  # 35
    "Mantelzorgondersteuningsmogelijkheden",  # 37
    "Wijkteammedewerkersbereikbaarheidsnormen",  # 40
    "Jongerenparticipatiebevorderingsprojecten",  # 41
)

# A project's code: no dictionary hyphenates it, and nothing else may break it.
CODE = "Pilot JGZ-2026-000123456789012"

THEMES = (
    "Wachttijd voor hulp", "Eén vast aanspreekpunt", COMPOUNDS[0], "Samenwerking met school",
    "Privacy en toestemming", COMPOUNDS[1], "Regels en geld", "Meedoen in de buurt",
    "Vervoer naar school en opvang", COMPOUNDS[2], "Taal en begrip", "Nazorg na de hulp",
    "Informatie delen met toestemming van ouders", COMPOUNDS[3], "Schulden en armoede",
    "Wonen en huisvesting", "Jongeren en werk", COMPOUNDS[4], "Vertrouwen in de gemeente",
    "Signalering op school", "Regie bij het gezin", COMPOUNDS[5], "Laaggeletterdheid",
    "Bereikbaarheid van het wijkteam 's avonds", "Ouders als ervaringsdeskundigen",
    COMPOUNDS[6], "Vrijwilligers in de wijk", "Gezondheid en sport", "Echtscheiding",
    "Pesten en veiligheid", "Overgang naar de middelbare school", "Zorg voor 18-plussers",
    CODE, "Klachten en bezwaar", "Wisselende hulpverleners",
    "Kinderopvang en werk", "Geld voor maatwerk", "Samenwerking huisarts en wijkteam",
    "Cultuur en religie", "Spreekuur in het buurthuis",
)  # fmt: skip
assert len(THEMES) == 40 and len(set(THEMES)) == 40

_SAID = (
    "We wachtten maanden op een eerste gesprek.",
    "Eén vaste gezinswerker maakte het verschil.",
    "Niemand wist wie er verantwoordelijk was.",
    "De school dacht mee en belde zelf het wijkteam.",
)


def many_themes(lang: str = "nl") -> Synthesis:
    """The example session with forty themes (and the answers nobody sorted) instead of six."""
    synthesis = example_synthesis(lang)
    ids = iter(range(5001, 10000))
    grid = []
    for index, name in enumerate(THEMES):
        cells = []
        for column, perspective in enumerate(synthesis.perspectives):
            answers = (index * 7 + column * 3) % 9
            quotes = [
                Quote(next(ids), "hurt", perspective, _SAID[(index + n) % len(_SAID)])
                for n in range(min(answers, 2))
            ]
            cells.append(Cell(perspective, answers, answers, quotes))
        recognitions = {p: (index + column) % 6 for column, p in enumerate(synthesis.perspectives)}
        grid.append(ThemeRow(101 + index, name, cells, recognitions, index % 3))
    grid.append(synthesis.grid[-1])  # the answers nobody sorted
    actions = [
        *synthesis.actions,
        ActionItem("Spreekuur na schooltijd", "wijkteam", None, None, COMPOUNDS[5]),
        ActionItem("Een vast nummer voor ouders", "wijkteam", None, "on_track", COMPOUNDS[6]),
    ]
    return dataclasses.replace(synthesis, grid=grid, actions=actions)
