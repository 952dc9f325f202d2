"""Changing one's own answer as a guided step: the next words typed replace it."""

from __future__ import annotations

from flows import answering, dialogue, screening
from flows.access import Actor
from flows.clock import Clock
from flows.screening import Finder, Screened
from storage import Database
from storage.records import Contribution

EDIT_ANSWER = "edit_answer"
STEP_TEXT = "text"


async def begin_edit(
    db: Database, clock: Clock, actor: Actor, contribution_id: int
) -> Contribution:
    """Wait for the new words of an answer that can still be changed (its round is open)."""
    contribution = await answering.get_own(db, contribution_id)
    await dialogue.begin(
        db, clock, actor, EDIT_ANSWER, STEP_TEXT, {"contribution_id": contribution.id}
    )
    return contribution


async def end_edit(db: Database, actor: Actor) -> None:
    """Stop waiting for new words; any other step the person is in goes on."""
    current = await dialogue.current(db, actor)
    if current is not None and current.flow == EDIT_ANSWER:
        await dialogue.end(db, actor)


async def replace_typed(
    db: Database, clock: Clock, actor: Actor, find: Finder, contribution_id: int, text: str
) -> Screened:
    """The words typed in the step replace the answer, screened as any answer is, and the
    step ends: the next words typed are an answer again."""
    screened = await screening.edit(db, clock, find, contribution_id, text)
    await end_edit(db, actor)
    return screened
