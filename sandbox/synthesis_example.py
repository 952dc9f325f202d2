"""A realistic session's `Synthesis`, made by hand: for the report's tests and a look at the report.

Four perspectives, six themes (and a few unsorted answers), quotes signed and unsigned,
recognitions, actions of several owners and a response with refusals.
"""

from __future__ import annotations

import datetime as dt

from flows.synthesis import (
    APPROVED,
    DRAFT,
    ActionItem,
    Cell,
    Cover,
    Difference,
    Quote,
    RecognisedItem,
    Response,
    Synthesis,
    ThemeRow,
    Thread,
)

PERSPECTIVES = ["parent", "worker", "partner", "municipality"]

# Per theme: (id, name, {perspective: [(round, text, signed)]}, recognitions, broadly).
_THEMES: list[
    tuple[int, str, dict[str, list[tuple[str, str, str | None]]], dict[str, int], int]
] = [
    (
        1,
        "Wachttijd voor hulp",
        {
            "parent": [
                ("hurt", "We wachtten vier maanden op de eerste afspraak.", "Sanne"),
                ("hurt", "Niemand belde terug toen het thuis misging.", None),
                ("needed", "Een telefoonnummer waar je meteen iemand spreekt.", None),
            ],
            "worker": [
                ("hurt", "Onze wachtlijst groeit, we kunnen niet iedereen zien.", "Zwaluw"),
                ("needed", "Meer handen in de wijk, zeker in de winter.", None),
            ],
            "partner": [("hurt", "Wij verwijzen door, en dan hoor je maanden niets.", None)],
            "municipality": [("hurt", "De budgetten liepen achter op de vraag.", None)],
        },
        {"parent": 6, "worker": 3, "partner": 2, "municipality": 1},
        2,
    ),
    (
        2,
        "Eén vast aanspreekpunt",
        {
            "parent": [
                ("went_well", "Eén gezinswerker die ons hele verhaal kende 😊", None),
                ("went_well", "Ik hoefde niet steeds opnieuw te beginnen.", "Mo"),
            ],
            "worker": [("went_well", "Korte lijnen met het gezin werken.", None)],
            "partner": [],
            "municipality": [("needed", "Vaste gezichten in elke wijk.", None)],
        },
        {"parent": 4, "worker": 2, "partner": 0, "municipality": 1},
        1,
    ),
    (
        3,
        "Samenwerking met school",
        {
            "parent": [("hurt", "School en buurtteam spraken elkaar niet.", None)],
            "worker": [],
            "partner": [
                ("went_well", "De intern begeleider zat bij het eerste gesprek.", None),
                ("hurt", "Wij wisten niet wie we moesten bellen.", "Karin"),
            ],
            "municipality": [],
        },
        {"parent": 1, "partner": 2},
        0,
    ),
    (
        4,
        "Privacy en toestemming",
        {
            "parent": [],
            "worker": [("hurt", "We mogen te weinig delen, ook als het gezin het wil.", None)],
            "partner": [],
            "municipality": [],
        },
        {"worker": 1},
        0,
    ),
    (
        5,
        "Regels en geld",
        {
            "parent": [],
            "worker": [("hurt", "Een indicatie kost weken papierwerk.", None)],
            "partner": [],
            "municipality": [
                ("hurt", "Regels van de jeugdwet en de Wmo botsen.", None),
                ("needed", "Ruimte om af te wijken als het gezin erom vraagt.", None),
            ],
        },
        {"worker": 2, "municipality": 1},
        1,
    ),
    (
        6,
        "Meedoen in de buurt",
        {
            "parent": [("went_well", "Het buurthuis gaf mijn kinderen een plek.", None)],
            "worker": [],
            "partner": [("went_well", "Vrijwilligers vingen gezinnen op na school.", None)],
            "municipality": [],
        },
        {},
        0,
    ),
]

_UNSORTED = {"parent": [("went_well", "Fijn dat jullie dit vragen.", None)]}


def example_synthesis(
    lang: str = "nl", *, status: str = APPROVED, perspectives: list[str] | None = None
) -> Synthesis:
    """The example session, as the report gets it."""
    keys = perspectives or PERSPECTIVES
    next_id = iter(range(101, 1000))
    grid = []
    quotes_by_theme: dict[int, list[Quote]] = {}
    for theme_id, name, said, recognitions, broadly in _THEMES:
        cells = []
        for p in keys:
            quotes = [
                Quote(next(next_id), kind, p, text, signed) for kind, text, signed in said[p]
            ]
            quotes_by_theme.setdefault(theme_id, []).extend(quotes)
            people = len({q.signed or q.contribution_id for q in quotes})
            cells.append(Cell(p, len(quotes), people, quotes))
        grid.append(ThemeRow(theme_id, name, cells, dict(recognitions), broadly))
    grid.append(
        ThemeRow(
            None,
            "",
            [
                Cell(p, len(_UNSORTED.get(p, [])), len(_UNSORTED.get(p, [])), [
                    Quote(next(next_id), kind, p, text, signed)
                    for kind, text, signed in _UNSORTED.get(p, [])
                ])
                for p in keys
            ],
        )
    )  # fmt: skip
    rows = {row.theme_id: row for row in grid}

    def quote(theme_id: int, index: int) -> Quote:
        # With fewer perspectives a theme has fewer quotes: take its last one then.
        said = quotes_by_theme[theme_id]
        return said[min(index, len(said) - 1)]

    kern = [
        Thread(t, rows[t].name, rows[t].raised_by, rows[t].answers, quote(t, i))
        for t, i in ((1, 1), (2, 0), (3, 2), (5, 0))
    ]
    differences = [
        Difference(4, "Privacy en toestemming", ["worker"], "only_one"),
        Difference(3, "Samenwerking met school", ["parent", "partner"], "differ"),
    ]
    recognised = [
        RecognisedItem(
            quote(1, 0), "Wachttijd voor hulp",
            {"parent": 3, "worker": 2, "partner": 1, "municipality": 1}, keys, True,
        ),
        RecognisedItem(
            quote(2, 0), "Eén vast aanspreekpunt",
            {"parent": 3, "worker": 1, "municipality": 1}, keys, False,
        ),
        RecognisedItem(
            quote(5, 1), "Regels en geld", {"worker": 2, "municipality": 1},
            ["worker", "municipality"], True,
        ),
        RecognisedItem(quote(6, 0), "Meedoen in de buurt", {}, keys, False),
    ]  # fmt: skip
    actions = [
        ActionItem(
            "Terugbelbelofte: binnen twee werkdagen",
            "buurtteam",
            dt.date(2027, 2, 3),
            "on_track",
            "Wachttijd voor hulp",
        ),
        ActionItem(
            "Vast aanspreekpunt per gezin",
            "buurtteam",
            dt.date(2027, 4, 1),
            None,
            "Eén vast aanspreekpunt",
        ),
        ActionItem(
            "Overleg intern begeleiders en buurtteam",
            "school",
            None,
            "done",
            "Samenwerking met school",
        ),
        ActionItem(
            "Afwijkingsruimte in de verordening",
            "gemeente",
            dt.date(2027, 6, 30),
            "stuck",
            "Regels en geld",
        ),
        ActionItem("Folder over privacy voor ouders", "gemeente", None, None, None),
    ]
    response = [
        Response("parent", 8, 5, 4, 2),
        Response("worker", 4, 4, 3, 0),
        Response("partner", 3, 2, 2, 1),
        Response("municipality", None, 1, 1, 0),
    ]
    cover = Cover(
        title="Buurtteams Oost: het perspectief van gezinnen",
        theme="Het perspectief van inwoners",
        municipality="Gemeente Nijmegen",
        area="Oost",
        facilitator="Fatima de Vries",
        period_from=dt.date(2027, 1, 11),
        period_to=dt.date(2027, 1, 25),
        status=status,
        version=2 if status == APPROVED else None,
        approved_at=dt.datetime(2027, 1, 28, 15, 30, tzinfo=dt.UTC)
        if status == APPROVED
        else None,
    )
    return Synthesis(
        session_id=1,
        lang=lang,
        perspectives=keys,
        cover=cover,
        opening="Op 11 januari spraken ouders, gezinswerkers, partners en de gemeente samen.\n"
        "Dank aan iedereen die meedeed.",
        closing="We komen over drie maanden terug op de acties.",
        kern=kern,
        differences=differences,
        recognised=recognised,
        grid=grid,
        actions=actions,
        response=response,
    )


__all__ = ["DRAFT", "PERSPECTIVES", "example_synthesis"]
