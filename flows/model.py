"""The words of the domain: perspectives, phases, rounds, how people appear."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Perspective(StrEnum):
    PARENT = "parent"
    WORKER = "worker"
    PARTNER = "partner"
    MUNICIPALITY = "municipality"


class RoundKind(StrEnum):
    WENT_WELL = "went_well"
    HURT = "hurt"
    NEEDED = "needed"
    EXTRA = "extra"  # one more open round a session may add after "what is needed"


class Phase(StrEnum):
    DRAFT = "draft"
    WENT_WELL = "went_well"
    HURT = "hurt"
    NEEDED = "needed"
    ACTIONS = "actions"
    EXTRA = "extra"  # the extra round, from the actions phase and back to it
    CLOSED = "closed"


class DisplayMode(StrEnum):
    NAME = "name"
    PSEUDONYM = "pseudonym"
    ANONYMOUS = "anonymous"


class InviteKind(StrEnum):
    PARTICIPANT = "participant"
    ORGANISER = "organiser"
    FACILITATOR = "facilitator"
    ACTION = "action"  # one-time: take over one agreed action


# Links that give one person a role: claimed by the first to open them.
ONE_PERSON_INVITES = frozenset({InviteKind.ORGANISER, InviteKind.FACILITATOR})
# How long a new session's links work, unless the facilitator chooses otherwise.
INVITE_VALIDITY = dt.timedelta(weeks=4)
# What the facilitator can choose under /invite: a number of weeks, or until the session closes.
INVITE_VALIDITY_CHOICES = ("1w", "4w", "end")
# A link that makes someone a (co-)facilitator waits for them this long.
ONE_TIME_VALIDITY = dt.timedelta(weeks=1)


ROUND_ORDER: tuple[RoundKind, ...] = (RoundKind.WENT_WELL, RoundKind.HURT, RoundKind.NEEDED)
# The three rounds and the extra one, for whatever walks the rounds a session held.
ALL_ROUNDS: tuple[RoundKind, ...] = (*ROUND_ORDER, RoundKind.EXTRA)


def rounds_held(kinds: set[str] | frozenset[str]) -> tuple[RoundKind, ...]:
    """The spine's three rounds, and the extra round when the session has one."""
    return ALL_ROUNDS if RoundKind.EXTRA.value in kinds else ROUND_ORDER


# Bump when the consent text participants agree to changes in substance.
# 2: says who sees what by role, how long each thing is kept, and whom to ask.
# 3: also that a round's answers are shown to all participants without names (the mirror),
#    and that marks of recognition, proposals and backing are stored.
CONSENT_VERSION = "3"

TITLE_MAX = 120
# One answer at most as long as one Telegram message: the same limit in every channel.
ANSWER_MAX = 4096
PSEUDONYM_MAX = 40
ACTION_MAX = 500
OWNER_MAX = 80
# A session's own wording of a question: short enough to read on a phone.
QUESTION_MAX = 500
