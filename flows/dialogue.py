"""Where someone is in a guided dialogue; stored so a restart loses no step.

One rule for every step that waits for typed words: a step that can no longer be finished
ends. Else a step overtaken by events (its answer deleted, its round closed, its session
left) swallows every word typed after it. A participant's words are then their plain typed
words again, for the channel to handle as any (an answer, or why it was not kept): they were
what the person wanted to say. A leader's words (a wording, a theme's name, an action) were
meant for the step only: they are refused with the reason, never kept as an answer.
`typed_step` applies the rule before a step's words are looked at; `finish` (a
participant's step), `conclude` and `carry_on` (a leader's) while they are used.
"""

from __future__ import annotations

from collections.abc import Awaitable, Collection
from typing import Any, TypeVar

from flows.access import POLICY, Act, Actor, Grant, Role, TargetKind, authorize
from flows.clock import Clock
from flows.errors import FlowError, Gone, NotAllowed, WrongPhase
from storage import Database
from storage.records import Dialogue

T = TypeVar("T")


class Overtaken(FlowError):
    """A step's own check found it overtaken: what it asked for is no longer what the
    person's next words are about (see `finish`)."""

    code = "step_overtaken"


# The refusals that mean a step can no longer be finished: what it is about went (Gone),
# is no longer the person's (NotAllowed: they left, or lost the role), the session moved on
# (WrongPhase), or the step's own check says so (Overtaken). Not InvalidInput: the step
# goes on, and the person types again.
OVERTAKEN: tuple[type[FlowError], ...] = (Gone, NotAllowed, WrongPhase, Overtaken)
# The roles of acts about a person's own taking part (a name, a change, a proposal): words
# typed in such a step that can no longer be finished are plain typed words, an answer.
PEOPLES_OWN = frozenset({Role.SELF, Role.PARTICIPANT})


async def current(db: Database, actor: Actor) -> Dialogue | None:
    if actor.person is None:
        return None
    async with db.transaction() as tx:
        return await tx.dialogues.get(actor.person.id)


async def begin(
    db: Database, clock: Clock, actor: Actor, flow: str, step: str, data: dict[str, Any]
) -> None:
    """Start or move on in a dialogue (one per person: a new one replaces the old)."""
    if actor.person is None:
        raise ValueError("a dialogue needs a person row")
    async with db.transaction() as tx:
        await tx.dialogues.set(actor.person.id, flow, step, data, clock.now())


async def end(db: Database, actor: Actor) -> None:
    if actor.person is None:
        return
    async with db.transaction() as tx:
        await tx.dialogues.clear(actor.person.id)


async def cancel(db: Database, actor: Actor) -> bool:
    """Stop the guided dialogue the person is in, keeping nothing of it; False if none."""
    if await current(db, actor) is None:
        return False
    await end(db, actor)
    return True


async def expect(db: Database, actor: Actor, flow: str, *steps: str) -> Dialogue:
    """The person's dialogue, if it is at one of `steps` of `flow`; else the request is old."""
    found = await current(db, actor)
    if found is None or found.flow != flow or (steps and found.step not in steps):
        raise Gone()
    return found


async def end_step(db: Database, actor: Actor, flow: str, **about: object) -> bool:
    """End the person's dialogue if it is `flow` (and about these rows, e.g.
    `participant_id=3`); any other step they are in goes on. True: a step ended."""
    found = await current(db, actor)
    if (
        found is not None
        and found.flow == flow
        and all(found.data.get(key) == value for key, value in about.items())
    ):
        await end(db, actor)
        return True
    return False


def about_taking_part(found: Dialogue, participant_id: int, answer_ids: Collection[int]) -> bool:
    """Whether a step is about someone's taking part as `participant_id` (choosing a name,
    a proposal) or about one of their answers (a change): once they leave, it can never be
    finished, and it ends with the leaving rather than waiting for words that never come."""
    return (
        found.data.get("participant_id") == participant_id
        or found.data.get("contribution_id") in answer_ids
    )


async def typed_step(
    db: Database, actor: Actor, act: Act, kind: TargetKind, row_id: int | None
) -> Grant | None:
    """Check words typed in a step as the step's act on its row (see `authorize`).

    None: the step can no longer be finished: what it is about went or is no longer the
    person's (an answer deleted on the web page, a session left with /stop). The step
    ends and the words are plain typed words. A leader's step (an act not of a person's
    own taking part) ends too, but its refusal is raised: see `conclude`."""
    try:
        return await authorize(db, actor, act, kind, row_id)
    except OVERTAKEN as error:
        await end(db, actor)
        if not POLICY[act] & PEOPLES_OWN:
            # A leader's words were for the step: say why it ended, keep nothing.
            raise _for_typed_words(error) from error
        return None


async def finish(db: Database, actor: Actor, flow: str, work: Awaitable[T]) -> T | None:
    """Use the words typed in a step of `flow` (`work`); the step ends either way.

    None: the step could no longer be finished (`work` was refused as OVERTAKEN); its words
    are plain typed words, for the channel to handle as any. Any other refusal (words it
    cannot take) leaves the step waiting for better words."""
    try:
        done = await work
    except OVERTAKEN:
        await end_step(db, actor, flow)
        return None
    await end_step(db, actor, flow)
    return done


async def conclude(db: Database, actor: Actor, flow: str, work: Awaitable[T]) -> T:
    """Use the words typed in a leader's step of `flow` (`work`); the step ends either way.

    A step that could no longer be finished (`work` refused as OVERTAKEN) ends and its
    refusal is raised, to say why. Unlike a participant's (`finish`), a leader's words were
    meant for the step (a wording, a theme's name, an action): kept as an answer, they
    would reach the mirror and the summary."""
    try:
        done = await work
    except OVERTAKEN as error:
        await end_step(db, actor, flow)
        raise _for_typed_words(error) from error
    await end_step(db, actor, flow)
    return done


async def carry_on(db: Database, actor: Actor, flow: str, work: Awaitable[T]) -> T:
    """Use the words typed in a leader's step of `flow` that may lead to a next one (`work`
    moves the dialogue on, asks again or ends it): the rule of `conclude`, but a step used
    well is left as `work` left it."""
    try:
        return await work
    except OVERTAKEN as error:
        await end_step(db, actor, flow)
        raise _for_typed_words(error) from error


def _for_typed_words(error: FlowError) -> FlowError:
    """The refusal to say of words typed in a step: a plain "gone" speaks of a button."""
    return Gone("step_gone") if error.code == Gone.code else error
