"""What every web route does in terms of the access table: its act, what it is about, and
what key its path holds. docs/access.md shows this next to the bot's table, and a test
plays every role against every route to prove the routes enforce what is declared here.

A route missing here fails a test: no page can slip in without its place in the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from starlette.routing import BaseRoute, Mount, Route

from flows.access import Act, TargetKind


class Key(StrEnum):
    """What the path holds that lets the visitor in."""

    NONE = "none"  # a public page
    INVITE = "invite code"  # an invite or organiser link's code
    PERSONAL = "personal link"  # the secret of one's own personal link
    BOARD = "board link"  # the secret of a session's live board


@dataclass(frozen=True, slots=True)
class WebAct:
    act: Act
    # What the act is about: the row a path or form names (an answer, a participation),
    # the session the visitor follows, or nothing beyond the visitor themselves.
    target: TargetKind
    key: Key


NONE, SESSION = TargetKind.NONE, TargetKind.SESSION
ANSWER, TAKING_PART = TargetKind.CONTRIBUTION, TargetKind.PARTICIPANT
PROPOSAL = TargetKind.PROPOSAL

# (method, path) -> what the route does. HEAD goes with GET.
ROUTE_ACTS: dict[tuple[str, str], WebAct] = {
    ("GET", "/"): WebAct(Act.HELP, NONE, Key.NONE),
    ("GET", "/healthz"): WebAct(Act.HEALTH, NONE, Key.NONE),
    ("GET", "/static"): WebAct(Act.HELP, NONE, Key.NONE),
    ("GET", "/forgotten"): WebAct(Act.HELP, NONE, Key.NONE),
    ("GET", "/i/{code}"): WebAct(Act.JOIN, NONE, Key.INVITE),
    ("POST", "/i/{code}"): WebAct(Act.JOIN, NONE, Key.INVITE),
    ("GET", "/i/{code}/bye"): WebAct(Act.JOIN, NONE, Key.NONE),
    ("GET", "/o/{code}"): WebAct(Act.JOIN, NONE, Key.INVITE),
    ("POST", "/o/{code}"): WebAct(Act.JOIN, NONE, Key.INVITE),
    # The participant's page is the place to answer: it needs a participation, not left.
    ("GET", "/p/{secret}"): WebAct(Act.ANSWER, NONE, Key.PERSONAL),
    ("POST", "/p/{secret}/answer"): WebAct(Act.ANSWER, NONE, Key.PERSONAL),
    ("GET", "/p/{secret}/name"): WebAct(Act.SET_DISPLAY, TAKING_PART, Key.PERSONAL),
    ("POST", "/p/{secret}/name"): WebAct(Act.SET_DISPLAY, TAKING_PART, Key.PERSONAL),
    ("GET", "/p/{secret}/wish"): WebAct(Act.SET_SUMMARY_WISH, TAKING_PART, Key.PERSONAL),
    ("POST", "/p/{secret}/wish"): WebAct(Act.SET_SUMMARY_WISH, TAKING_PART, Key.PERSONAL),
    ("POST", "/p/{secret}/consent"): WebAct(Act.RENEW_CONSENT, TAKING_PART, Key.PERSONAL),
    ("GET", "/p/{secret}/answers/{answer:row}/change"): WebAct(Act.EDIT_OWN, ANSWER, Key.PERSONAL),
    ("POST", "/p/{secret}/answers/{answer:row}/change"): WebAct(
        Act.EDIT_OWN, ANSWER, Key.PERSONAL
    ),
    ("GET", "/p/{secret}/answers/{answer:row}/delete"): WebAct(
        Act.DELETE_OWN, ANSWER, Key.PERSONAL
    ),
    ("POST", "/p/{secret}/answers/{answer:row}/delete"): WebAct(
        Act.DELETE_OWN, ANSWER, Key.PERSONAL
    ),
    ("GET", "/p/{secret}/answers/{answer:row}/details"): WebAct(
        Act.DECIDE_FLAGGED, ANSWER, Key.PERSONAL
    ),
    ("POST", "/p/{secret}/answers/{answer:row}/details"): WebAct(
        Act.DECIDE_FLAGGED, ANSWER, Key.PERSONAL
    ),
    ("GET", "/p/{secret}/messages"): WebAct(Act.READ_MESSAGES, NONE, Key.PERSONAL),
    ("GET", "/p/{secret}/summary"): WebAct(Act.READ_MESSAGES, NONE, Key.PERSONAL),
    ("GET", "/p/{secret}/report.pdf"): WebAct(Act.READ_MESSAGES, NONE, Key.PERSONAL),
    ("GET", "/p/{secret}/data"): WebAct(Act.EXPORT_OWN, NONE, Key.PERSONAL),
    ("GET", "/p/{secret}/data.json"): WebAct(Act.EXPORT_OWN, NONE, Key.PERSONAL),
    ("POST", "/p/{secret}/leave"): WebAct(Act.LEAVE, TAKING_PART, Key.PERSONAL),
    ("GET", "/p/{secret}/forget"): WebAct(Act.FORGET_ME, NONE, Key.PERSONAL),
    ("POST", "/p/{secret}/forget"): WebAct(Act.FORGET_ME, NONE, Key.PERSONAL),
    ("POST", "/p/{secret}/link"): WebAct(Act.WEB_LINK, NONE, Key.PERSONAL),
    ("GET", "/p/{secret}/session"): WebAct(Act.VIEW_SESSION, SESSION, Key.PERSONAL),
    ("GET", "/p/{secret}/session/report.pdf"): WebAct(Act.VIEW_SESSION, SESSION, Key.PERSONAL),
    ("GET", "/p/{secret}/session/card/{perspective}.pdf"): WebAct(
        Act.STATUS, SESSION, Key.PERSONAL
    ),
    ("GET", "/p/{secret}/session/draft"): WebAct(Act.PREVIEW_SUMMARY, SESSION, Key.PERSONAL),
    ("POST", "/p/{secret}/session/draft/facts"): WebAct(Act.EDIT_SUMMARY, SESSION, Key.PERSONAL),
    ("POST", "/p/{secret}/session/draft/answers/{answer:row}"): WebAct(
        Act.EDIT_SUMMARY, ANSWER, Key.PERSONAL
    ),
    ("POST", "/p/{secret}/session/draft/send"): WebAct(Act.SEND_SUMMARY, SESSION, Key.PERSONAL),
    # The session's results to download (answers under pseudonyms): docs/exports.md.
    ("GET", "/p/{secret}/session/export.xlsx"): WebAct(Act.EXPORT, SESSION, Key.PERSONAL),
    ("GET", "/p/{secret}/session/export.csv"): WebAct(Act.EXPORT, SESSION, Key.PERSONAL),
    ("GET", "/p/{secret}/session/export.json"): WebAct(Act.EXPORT, SESSION, Key.PERSONAL),
    ("GET", "/p/{secret}/session/themes"): WebAct(Act.SORT_ANSWERS, SESSION, Key.PERSONAL),
    ("POST", "/p/{secret}/session/themes"): WebAct(Act.SORT_ANSWERS, SESSION, Key.PERSONAL),
    ("POST", "/p/{secret}/session/themes/sort"): WebAct(Act.SORT_ANSWERS, SESSION, Key.PERSONAL),
    ("POST", "/p/{secret}/session/themes/rename"): WebAct(Act.SORT_ANSWERS, SESSION, Key.PERSONAL),
    ("POST", "/p/{secret}/session/themes/merge"): WebAct(Act.SORT_ANSWERS, SESSION, Key.PERSONAL),
    # The shared result: the participant's pages list what their own sessions hold; the
    # forms name the item, the own participation or the proposal they act on.
    ("GET", "/p/{secret}/mirror"): WebAct(Act.READ_MESSAGES, NONE, Key.PERSONAL),
    ("POST", "/p/{secret}/mirror/{answer:row}"): WebAct(Act.RECOGNISE, ANSWER, Key.PERSONAL),
    ("GET", "/p/{secret}/proposals"): WebAct(Act.READ_MESSAGES, NONE, Key.PERSONAL),
    ("POST", "/p/{secret}/propose"): WebAct(Act.PROPOSE, TAKING_PART, Key.PERSONAL),
    ("POST", "/p/{secret}/proposals/{proposal:row}/back"): WebAct(
        Act.ENDORSE, PROPOSAL, Key.PERSONAL
    ),
    ("GET", "/p/{secret}/session/mirror"): WebAct(Act.VIEW_SESSION, SESSION, Key.PERSONAL),
    ("POST", "/p/{secret}/session/mirror/share"): WebAct(Act.SHARE_MIRROR, SESSION, Key.PERSONAL),
    ("GET", "/p/{secret}/session/proposals"): WebAct(Act.VIEW_SESSION, SESSION, Key.PERSONAL),
    ("POST", "/p/{secret}/session/proposals/{proposal:row}/agree"): WebAct(
        Act.AGREE_PROPOSAL, PROPOSAL, Key.PERSONAL
    ),
    ("GET", "/b/{secret}"): WebAct(Act.VIEW_BOARD, NONE, Key.BOARD),
    # -- watching a round, the questions
    ("GET", "/p/{secret}/session/answers"): WebAct(Act.WATCH_ROUND, SESSION, Key.PERSONAL),
    ("GET", "/p/{secret}/session/questions"): WebAct(Act.SET_QUESTIONS, SESSION, Key.PERSONAL),
    ("POST", "/p/{secret}/session/questions"): WebAct(Act.SET_QUESTIONS, SESSION, Key.PERSONAL),
    ("GET", "/b/{secret}/events"): WebAct(Act.VIEW_BOARD, NONE, Key.BOARD),
}


def endpoints(routes: list[BaseRoute]) -> list[tuple[str, str]]:
    """Every (method, path) the routes answer, in their order (HEAD goes with GET)."""
    found: list[tuple[str, str]] = []
    for route in routes:
        if isinstance(route, Route):
            methods = sorted((route.methods or {"GET"}) - {"HEAD"})
            found += [(method, route.path) for method in methods]
        elif isinstance(route, Mount):
            found.append(("GET", route.path))
        else:
            raise TypeError(f"a route of an unknown kind: {route!r}")
    return found
