"""The questions page under the session view: the session's questions for its leaders."""

from __future__ import annotations

from flows.access import Act, Actor, TargetKind, authorize
from flows.clock import Clock
from flows.questions import EVERYONE, SessionQuestions, questions, set_wording, use_default
from flows.web_links import _chosen as chosen_session
from storage import Database


async def questions_on_web(db: Database, actor: Actor, session_id: int | None) -> SessionQuestions:
    """The questions of the session a visitor leads; refused for anyone else."""
    chosen = await chosen_session(db, actor, session_id)
    await authorize(db, actor, Act.SET_QUESTIONS, TargetKind.SESSION, chosen)
    return await questions(db, chosen)


async def change_on_web(
    db: Database,
    clock: Clock,
    actor: Actor,
    session_id: int | None,
    kind: str,
    perspective: str | None,
    text: str | None,
) -> SessionQuestions:
    """Word a question (`text`), or go back to the usual one (`text` None), from a form."""
    chosen = await chosen_session(db, actor, session_id)
    await authorize(db, actor, Act.SET_QUESTIONS, TargetKind.SESSION, chosen)
    if text is None:
        return await use_default(db, chosen, kind)
    return await set_wording(db, clock, chosen, kind, perspective or EVERYONE, text)
