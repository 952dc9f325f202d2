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
    await dialogue.end_step(db, actor, EDIT_ANSWER)


async def replace_typed(
    db: Database, clock: Clock, actor: Actor, find: Finder, contribution_id: int, text: str
) -> Screened | None:
    """The words typed in the step replace the answer, screened as any answer is, and the
    step ends: the next words typed are an answer again.

    None: the answer can no longer change (its round closed while the step waited, or it
    was deleted): the step ends all the same and the words are the person's plain typed
    words (`dialogue.finish`), else a change tapped but never finished would swallow every
    answer to the rounds after it.
    """
    return await dialogue.finish(
        db, actor, EDIT_ANSWER, screening.edit(db, clock, find, contribution_id, text)
    )


async def forget_deleted(db: Database, actor: Actor, contribution_id: int) -> None:
    """An answer deleted while its change was waiting for new words: stop waiting."""
    await dialogue.end_step(db, actor, EDIT_ANSWER, contribution_id=contribution_id)
