"""The guided dialogues for an agreed action: what → who → by when; and changing one part.

Each step is one call. It checks the person is at that step of the dialogue, reads and checks
what they gave (a typed due date through flows/dates.py), and says what comes next; the
channel decides the words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from flows import actions, dialogue, proposals
from flows.access import Actor
from flows.clock import Clock, local_today
from flows.dates import DuePreset, DueReading, confirmed_due, due_from_preset, read_due
from flows.errors import Gone
from flows.guided import ActionStep, Guided
from flows.lookup import session_or_gone
from flows.model import ACTION_MAX, OWNER_MAX
from flows.paging import Page, page_of
from flows.sessions import clean_text
from flows.themes import THEMES_PER_PAGE
from storage import Database
from storage.records import Action, Dialogue, ThemeRecord

# Button choices at the due step besides a DuePreset: no date, or "no, I'll type the day"
# under a day we asked back. A day asked back and confirmed comes as an ISO date.
NO_DATE = "none"
RETYPE = "retype"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

_DIALOGUES = (Guided.NEW_ACTION, Guided.EDIT_ACTION)


class Outcome(StrEnum):
    """What a step led to."""

    ASK_WHAT = "ask_what"
    ASK_OWNER = "ask_owner"
    ASK_DUE = "ask_due"
    ASK_BACK = "ask_back"  # a period names no day: propose `reading.day` for a yes
    RETYPE = "retype"  # no to the day proposed: the person types one
    ASK_THEME = "ask_theme"  # a new action is recorded; which theme does it come from?
    SAVED = "saved"  # a new action is recorded; the dialogue is over
    THEMED = "themed"  # the theme of a new action (saved before) is noted; the dialogue is over
    CHANGED = "changed"  # one part of an action changed; the dialogue is over


@dataclass(frozen=True, slots=True)
class ActionStepResult:
    dialogue: Guided  # a new action, or a change to one
    outcome: Outcome
    session_id: int
    reading: DueReading | None = None  # with ASK_BACK
    action: Action | None = None  # with SAVED, THEMED, CHANGED and a change's questions
    themes: tuple[ThemeRecord, ...] = ()  # with ASK_THEME: the session's themes
    theme_page: int = 0  # with ASK_THEME: the page of them to show

    @property
    def themes_shown(self) -> Page[ThemeRecord]:
        """The page of themes to choose from, as the sorting screen pages them."""
        return page_of(self.themes, self.theme_page, THEMES_PER_PAGE)


async def start(db: Database, clock: Clock, actor: Actor, session_id: int) -> ActionStepResult:
    """Begin recording an agreed action in the session: ask what was agreed."""
    data = {"session_id": session_id}
    await dialogue.begin(db, clock, actor, Guided.NEW_ACTION, ActionStep.WHAT, data)
    return ActionStepResult(Guided.NEW_ACTION, Outcome.ASK_WHAT, session_id)


async def start_from_proposal(
    db: Database, clock: Clock, actor: Actor, proposal_id: int
) -> ActionStepResult:
    """Begin turning a proposal into an agreed action: its words are what is agreed (they can
    be changed afterwards, as any action's); ask who does it."""
    proposal = await proposals.get(db, proposal_id)
    if proposal.action_id is not None:
        raise Gone("proposal_agreed")
    data = {"session_id": proposal.session_id, "proposal_id": proposal.id, "what": proposal.body}
    await dialogue.begin(db, clock, actor, Guided.NEW_ACTION, ActionStep.WHO, data)
    return ActionStepResult(Guided.NEW_ACTION, Outcome.ASK_OWNER, proposal.session_id)


async def choose_theme(
    db: Database, clock: Clock, actor: Actor, action_id: int, theme_id: int | None
) -> ActionStepResult:
    """The theme the action comes from (None: none), for a new one or a change; the dialogue
    is over."""
    current = await _at(db, actor, ActionStep.THEME)
    if current.data.get("action_id") != action_id:
        raise Gone()  # a button of an earlier action
    await proposals.set_theme(db, action_id, theme_id)
    await dialogue.end(db, actor)
    action = await actions.get(db, action_id)
    if current.flow == Guided.EDIT_ACTION:
        return ActionStepResult(
            Guided.EDIT_ACTION, Outcome.CHANGED, action.session_id, action=action
        )
    return ActionStepResult(Guided.NEW_ACTION, Outcome.THEMED, action.session_id, action=action)


async def turn_theme_page(
    db: Database, actor: Actor, action_id: int, page: int
) -> ActionStepResult:
    """Another page of the themes to choose from, for the action whose theme is asked."""
    current = await _at(db, actor, ActionStep.THEME)
    if current.data.get("action_id") != action_id:
        raise Gone()  # a button of an earlier action
    action = await actions.get(db, action_id)
    themes = await _themes(db, action.session_id)
    return ActionStepResult(
        Guided(current.flow),
        Outcome.ASK_THEME,
        action.session_id,
        action=action,
        themes=themes,
        theme_page=page,
    )


async def choose_field(
    db: Database, clock: Clock, actor: Actor, action_id: int, field: str
) -> ActionStepResult:
    """Begin changing one part of an action (what, who, by when or its theme): ask its new
    value."""
    try:
        step = ActionStep(field)
    except ValueError as error:
        raise Gone() from error
    action = await actions.get(db, action_id)
    data = {"session_id": action.session_id, "action_id": action.id}
    if step is ActionStep.THEME:
        # Chosen with its own buttons; also for an action whose theme question went unanswered.
        themes = await _themes(db, action.session_id)
        if not themes:
            raise Gone()
        await dialogue.begin(db, clock, actor, Guided.EDIT_ACTION, step, data)
        return ActionStepResult(
            Guided.EDIT_ACTION, Outcome.ASK_THEME, action.session_id, action=action, themes=themes
        )
    await dialogue.begin(db, clock, actor, Guided.EDIT_ACTION, step, data)
    outcome = {
        ActionStep.WHAT: Outcome.ASK_WHAT,
        ActionStep.WHO: Outcome.ASK_OWNER,
        ActionStep.DUE: Outcome.ASK_DUE,
    }[step]
    return ActionStepResult(Guided.EDIT_ACTION, outcome, action.session_id, action=action)


async def typed(db: Database, actor: Actor, work: Awaitable[ActionStepResult]) -> ActionStepResult:
    """Words typed at a step of an action dialogue (new or change), used by `work`.

    A step that can no longer be finished (the action dropped meanwhile, on the web page or
    from the list; the session's keep-until term ended; the proposal it came from made an
    action by another leader) ends the dialogue, and its refusal says why
    (`dialogue.carry_on`): else every word typed after it would be refused the same way."""
    current = await dialogue.current(db, actor)
    flow = current.flow if current is not None else Guided.NEW_ACTION
    return await dialogue.carry_on(db, actor, flow, work)


async def give_what(db: Database, clock: Clock, actor: Actor, text: str) -> ActionStepResult:
    """What was agreed: a new action goes on to who does it; a changed one is saved."""
    current = await _at(db, actor, ActionStep.WHAT)
    what = clean_text(text, limit=ACTION_MAX, field="what")
    if current.flow == Guided.EDIT_ACTION:
        return await _change(db, clock, actor, current, what=what)
    data = {**current.data, "what": what}
    await dialogue.begin(db, clock, actor, Guided.NEW_ACTION, ActionStep.WHO, data)
    return ActionStepResult(Guided.NEW_ACTION, Outcome.ASK_OWNER, current.data["session_id"])


async def give_owner(
    db: Database, clock: Clock, actor: Actor, owner: str, *, session_id: int | None = None
) -> ActionStepResult:
    """Who does it (typed, or a party chosen in the person's language).

    `session_id`: the session a pressed button belongs to; a button of another dialogue is old.
    """
    current = await _at(db, actor, ActionStep.WHO, session_id)
    owner = clean_text(owner, limit=OWNER_MAX, field="owner")
    if current.flow == Guided.EDIT_ACTION:
        # Pressed or typed after the action was dropped: the step ends (as a due date does).
        return await dialogue.carry_on(
            db, actor, current.flow, _change(db, clock, actor, current, owner=owner)
        )
    data = {**current.data, "owner": owner}
    await dialogue.begin(db, clock, actor, Guided.NEW_ACTION, ActionStep.DUE, data)
    return ActionStepResult(Guided.NEW_ACTION, Outcome.ASK_DUE, current.data["session_id"])


async def type_due(db: Database, clock: Clock, actor: Actor, text: str) -> ActionStepResult:
    """A typed due date: one sure day is taken; a period ("Q1 2027") is asked back."""
    current = await _at(db, actor, ActionStep.DUE)
    reading = read_due(text, await _today(db, clock, current))
    if not reading.sure:
        return ActionStepResult(
            Guided(current.flow), Outcome.ASK_BACK, current.data["session_id"], reading=reading
        )
    return await _due_given(db, clock, actor, current, reading.day)


async def choose_due(
    db: Database, clock: Clock, actor: Actor, session_id: int, choice: str
) -> ActionStepResult:
    """A due date from a button: a quick choice, no date, a day asked back, or "I'll type it".

    A button of this step that can no longer finish it (the proposal made an action by
    another leader meanwhile, the action dropped) ends the step as a typed date would: else
    the next words typed would still be read as a date. A button of another step leaves
    that step alone."""
    current = await _at(db, actor, ActionStep.DUE, session_id)
    if choice == RETYPE:
        return ActionStepResult(Guided(current.flow), Outcome.RETYPE, session_id)
    today = await _today(db, clock, current)
    day: dt.date | None
    if choice == NO_DATE:
        day = None
    elif choice in tuple(DuePreset):
        day = due_from_preset(DuePreset(choice), today)
    elif _ISO_DAY.fullmatch(choice):  # a day asked back, confirmed: checked like a typed one
        day = confirmed_due(choice, today)
    else:
        raise Gone()
    return await dialogue.carry_on(
        db, actor, current.flow, _due_given(db, clock, actor, current, day)
    )


async def _at(
    db: Database, actor: Actor, step: ActionStep, session_id: int | None = None
) -> Dialogue:
    """The action dialogue (new or change) the person is in, at `step`; else the request is old."""
    current = await dialogue.current(db, actor)
    if current is None or current.flow not in _DIALOGUES or current.step != step:
        raise Gone()
    if session_id is not None and current.data.get("session_id") != session_id:
        raise Gone()  # a button of another session's dialogue
    return current


async def _today(db: Database, clock: Clock, current: Dialogue) -> dt.date:
    """Today where the session is: due dates are days in its time zone."""
    async with db.read() as tx:
        session = await session_or_gone(tx, current.data["session_id"])
    return local_today(clock, session.tz)


async def _due_given(
    db: Database, clock: Clock, actor: Actor, current: Dialogue, day: dt.date | None
) -> ActionStepResult:
    if current.flow == Guided.EDIT_ACTION:
        return await _change(db, clock, actor, current, due_on=day, clear_due=day is None)
    data = current.data
    action = await actions.add(
        db, clock, actor, data["session_id"],
        what=data["what"], owner=data["owner"], due_on=day,
        proposal_id=data.get("proposal_id"), theme_id=None,
    )  # fmt: skip
    themes = await _themes(db, action.session_id)
    if themes:
        await dialogue.begin(
            db, clock, actor, Guided.NEW_ACTION, ActionStep.THEME, {**data, "action_id": action.id}
        )
        return ActionStepResult(
            Guided.NEW_ACTION, Outcome.ASK_THEME, action.session_id, action=action, themes=themes
        )
    await dialogue.end(db, actor)
    return ActionStepResult(Guided.NEW_ACTION, Outcome.SAVED, action.session_id, action=action)


async def _themes(db: Database, session_id: int) -> tuple[ThemeRecord, ...]:
    async with db.read() as tx:
        return tuple(await tx.themes.of_session(session_id))


async def _change(
    db: Database, clock: Clock, actor: Actor, current: Dialogue, **fields: Any
) -> ActionStepResult:
    action = await actions.change(db, clock, current.data["action_id"], **fields)
    await dialogue.end(db, actor)
    return ActionStepResult(Guided.EDIT_ACTION, Outcome.CHANGED, action.session_id, action=action)
