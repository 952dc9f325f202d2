"""Render the access table in docs/access.md from the wiring of both channels and the
policy they enforce.

`python -m app.access_doc` rewrites the table in docs/access.md; a test checks it is current.
It lives in the composition root because it reads both the bot's and the web's wiring.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from bot.app import ANSWER, BUTTONS, COMMANDS, DIALOGUE_STEPS
from bot.guard import Handler
from flows.access import POLICY, Act, Role, TargetKind
from reports.labels import COMMANDS as DUTCH
from web.access import ROUTE_ACTS, Key, WebAct, endpoints
from web.app import ROUTES

DOC = Path(__file__).resolve().parent.parent / "docs" / "access.md"
START, END = "<!-- access table: start -->", "<!-- access table: end -->"

# The roles as columns, with the roles a person in that column holds for the row concerned.
COLUMNS: list[tuple[str, frozenset[Role]]] = [
    ("admin", frozenset({Role.ADMIN})),
    ("facilitator", frozenset({Role.FACILITATOR})),
    ("owner", frozenset({Role.FACILITATOR, Role.OWNER})),
    ("co-facilitator", frozenset({Role.CO_FACILITATOR})),
    ("participant", frozenset({Role.PARTICIPANT})),
    ("organiser", frozenset({Role.ORGANISER})),
    ("stranger", frozenset()),
]


# Whose own a row is: an answer or a participation is the participant's; an action is
# the one who recorded it (the owner or a co-facilitator) or anyone who took it over.
OWN_ROWS_OF = {
    TargetKind.ACTION: frozenset(name for name, _ in COLUMNS),
}


def holds(
    column: str,
    roles: frozenset[Role],
    target: TargetKind,
    own_rows_of: Mapping[TargetKind, frozenset[str]] = OWN_ROWS_OF,
) -> frozenset[Role]:
    """The roles a column holds towards a row of this kind (whose own rows can it have)."""
    owners = own_rows_of.get(target, frozenset({"participant"}))
    if column in owners:
        return roles | {Role.SELF}
    return roles - {Role.SELF}


# The roles on the web page, where nobody is an admin: each holds a personal link (the
# stranger a made-up one). "participant elsewhere" takes part in another session only.
WEB_COLUMNS: list[tuple[str, frozenset[Role]]] = [
    ("owner", frozenset({Role.FACILITATOR, Role.OWNER})),
    ("co-facilitator", frozenset({Role.CO_FACILITATOR})),
    ("organiser", frozenset({Role.ORGANISER})),
    ("participant", frozenset({Role.PARTICIPANT})),
    ("participant elsewhere", frozenset()),
    ("stranger", frozenset()),
]


def web_holds(column: str, roles: frozenset[Role], route: WebAct) -> frozenset[Role] | None:
    """The roles a web column holds for a route's act; None: its key lets them in nowhere
    (a made-up personal link names nobody).

    A route about the visitor alone (no row named) acts on their own participation: a
    participant elsewhere is then a participant too. A row (an answer) or a session named
    is the participant's of this session."""
    if column == "stranger" and route.key is Key.PERSONAL:
        return None
    if column == "participant elsewhere" and route.target in (
        TargetKind.NONE,
        TargetKind.PARTICIPANT,
    ):
        roles = frozenset({Role.PARTICIPANT})
    own_participation = route.target is TargetKind.PARTICIPANT and Role.PARTICIPANT in roles
    own_answer = route.target is TargetKind.CONTRIBUTION and column == "participant"
    return roles | {Role.SELF} if own_participation or own_answer else roles


def web_cell(column: str, roles: frozenset[Role], route: WebAct) -> str:
    held = web_holds(column, roles, route)
    return "—" if held is None else cell(route.act, held)


def cell(act: Act, roles: frozenset[Role]) -> str:
    allowed = POLICY[act]
    if Role.ANYONE in allowed:
        return "✓"
    if allowed & roles:
        return "own" if not (allowed - {Role.SELF}) & roles else "✓"
    return "—"


def render() -> str:
    header = "| | act | " + " | ".join(name for name, _ in COLUMNS) + " | web |"
    rule = "|---|---|" + "---|" * (len(COLUMNS) + 1)
    lines = ["### Commands", "", header, rule]
    for name, act, target, handler in COMMANDS:
        command = f"`/{DUTCH[name]}`" + (f" (`/{name}`)" if DUTCH[name] != name else "")
        lines.append(_row(f"{command} — {_what(handler)}", act, target))
    lines += ["", "### Buttons (callback data `prefix:row[:extra]`)", "", header, rule]
    for prefix, act, target, handler in BUTTONS:
        lines.append(_row(f"`{prefix}` — {_what(handler)}", act, target))
    lines += ["", "### Typed text", "", header, rule]
    lines.append(
        _row(f"outside a guided step — {_what(ANSWER.handler)}", ANSWER.act, ANSWER.target)
    )
    lines += [
        "",
        "### Typed text in a guided step",
        "",
        "A step that can no longer be finished (what it is about went, is no longer the"
        " person's, or the session moved on) ends. In a participant's own step (a name, a"
        " change, a proposal) its words are then typed text outside a guided step; in a"
        " leader's step they are refused with the reason and kept nowhere.",
        "",
        header,
        rule,
    ]
    for (flow, step), spec in DIALOGUE_STEPS.items():
        lines.append(_row(f"{flow} · {step} — {_what(spec.handler)}", spec.act, spec.target))
    web_header = "| | act | key | " + " | ".join(name for name, _ in WEB_COLUMNS) + " |"
    web_rule = "|---|---|---|" + "---|" * len(WEB_COLUMNS)
    lines += ["", "### Web pages", "", web_header, web_rule]
    for method, path in endpoints(ROUTES):
        route = ROUTE_ACTS[method, path]
        cells = [web_cell(column, roles, route) for column, roles in WEB_COLUMNS]
        lines.append(
            f"| {method} `{path}` | `{route.act.value}` | {route.key.value} | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines)


def web_routes(act: Act) -> str:
    """The web routes that perform an act, for the bot table's web column."""
    found = [f"{m} `{p}`" for m, p in endpoints(ROUTES) if ROUTE_ACTS[m, p].act is act]
    return ", ".join(found) or "—"


def _row(label: str, act: Act, target: TargetKind) -> str:
    cells = [cell(act, holds(column, roles, target)) for column, roles in COLUMNS]
    return f"| {label} | `{act.value}` | " + " | ".join(cells) + f" | {web_routes(act)} |"


def _what(handler: Handler) -> str:
    return (handler.__doc__ or "").strip().splitlines()[0].rstrip(".")


def current_table() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def write() -> None:
    text = DOC.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    DOC.write_text(f"{before}{START}\n{render()}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    write()
    sys.stdout.write(f"Wrote the access table to {DOC}\n")
