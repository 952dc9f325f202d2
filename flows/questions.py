"""Questions that fit the theme: a session's own wording of the three questions (for all
perspectives or one) and one extra open round after "what is needed"."""

from __future__ import annotations

from dataclasses import dataclass

from flows import dialogue
from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone, InvalidInput, WrongPhase
from flows.guided import Guided, QuestionStep
from flows.lookup import session_or_gone
from flows.model import ALL_ROUNDS, QUESTION_MAX, Perspective, RoundKind
from flows.visible import shows_nothing
from storage import Database, Tx
from storage.questions import EVERYONE as EVERYONE
from storage.records import Session


@dataclass(frozen=True, slots=True)
class SessionQuestions:
    session: Session
    # (round kind, perspective or EVERYONE) -> the session's wording; the rest is default.
    wordings: dict[tuple[str, str], str]
    # Rounds opened already (open or done): their questions no longer change.
    started: frozenset[str]

    @property
    def extra(self) -> str | None:
        """The extra round's question, if the session has one."""
        return self.wordings.get((RoundKind.EXTRA.value, EVERYONE))

    @property
    def perspectives(self) -> list[str]:
        return [p.value for p in Perspective if p.value in self.session.perspectives]

    def own(self, kind: str, perspective: str) -> str | None:
        """The session's wording for a perspective: its own, else the one for everyone."""
        return self.wordings.get((kind, perspective)) or self.wordings.get((kind, EVERYONE))


async def questions(db: Database, session_id: int) -> SessionQuestions:
    async with db.read() as tx:
        session = await session_or_gone(tx, session_id)
        wordings = await tx.questions.of_session(session.id)
        started = frozenset(r.kind for r in await tx.rounds.of_session(session.id))
    return SessionQuestions(session, wordings, started)


async def wording_in(tx: Tx, session_id: int, kind: str, perspective: str) -> str | None:
    """The session's wording of a round's question for a perspective; None: the default."""
    return await tx.questions.wording(session_id, kind, perspective)


async def extra_due(tx: Tx, session_id: int) -> bool:
    """Whether the session has an extra question whose round was not opened yet."""
    if await tx.questions.wording(session_id, RoundKind.EXTRA.value, EVERYONE) is None:
        return False
    return all(r.kind != RoundKind.EXTRA.value for r in await tx.rounds.of_session(session_id))


async def set_wording(
    db: Database, clock: Clock, session_id: int, kind: str, perspective: str, text: str
) -> SessionQuestions:
    """Word a round's question for the session: for everyone (EVERYONE) or one perspective.

    The extra round has one question for everyone. A round opened already keeps its words.
    """
    round_kind = _kind(kind)
    text = " ".join(text.split())
    if shows_nothing(text):
        raise InvalidInput("empty")
    if len(text) > QUESTION_MAX:
        raise InvalidInput("too_long", limit=QUESTION_MAX)
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        if perspective != EVERYONE and (
            round_kind is RoundKind.EXTRA or perspective not in session.perspectives
        ):
            raise Gone()
        await _not_started(tx, session.id, round_kind)
        await tx.questions.put(session.id, round_kind.value, perspective, text, clock.now())
    return await questions(db, session_id)


async def use_default(db: Database, session_id: int, kind: str) -> SessionQuestions:
    """Back to the catalogue's question for the round (for the extra round: no extra round)."""
    round_kind = _kind(kind)
    async with db.transaction() as tx:
        session = await session_or_gone(tx, session_id)
        await _not_started(tx, session.id, round_kind)
        await tx.questions.remove(session.id, round_kind.value)
    return await questions(db, session_id)


@dataclass(frozen=True, slots=True)
class Asked:
    """The wording asked for next: which round, for whom, and what it says now."""

    kind: str
    perspective: str
    now: str | None


async def ask(
    db: Database, clock: Clock, actor: Actor, session_id: int, kind: str, perspective: str
) -> Asked:
    """Begin the typed step that words a round's question for everyone or one perspective."""
    round_kind = _kind(kind)
    found = await questions(db, session_id)
    if perspective != EVERYONE and (
        round_kind is RoundKind.EXTRA or perspective not in found.session.perspectives
    ):
        raise Gone()
    if round_kind.value in found.started:
        raise WrongPhase("question_round_started")
    data = {"session_id": session_id, "kind": round_kind.value, "perspective": perspective}
    await dialogue.begin(db, clock, actor, Guided.QUESTION, QuestionStep.TEXT, data)
    now = found.wordings.get((round_kind.value, perspective))
    return Asked(round_kind.value, perspective, now)


async def give(db: Database, clock: Clock, actor: Actor, text: str) -> SessionQuestions:
    """Keep the typed wording for the round and readers chosen before; end the step.

    A round started while the wording was typed keeps its question as it was asked: the
    step ends and its refusal says so (`dialogue.conclude`), else every word typed after
    it would be refused as a late wording."""
    current = await dialogue.expect(db, actor, Guided.QUESTION, QuestionStep.TEXT)
    data = current.data
    wording = set_wording(
        db, clock, int(data["session_id"]), str(data["kind"]), str(data["perspective"]), text
    )
    return await dialogue.conclude(db, actor, Guided.QUESTION, wording)


def _kind(kind: str) -> RoundKind:
    try:
        found = RoundKind(kind)
    except ValueError:
        raise Gone() from None
    if found not in ALL_ROUNDS:
        raise Gone()
    return found


async def _not_started(tx: Tx, session_id: int, kind: RoundKind) -> None:
    if any(r.kind == kind.value for r in await tx.rounds.of_session(session_id)):
        raise WrongPhase("question_round_started")
