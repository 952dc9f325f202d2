"""From what is needed to agreed actions: participants propose actions in their own words
and back each other's; the leader turns a proposal into an agreed action."""

from __future__ import annotations

from dataclasses import dataclass

from flows import actions, dialogue
from flows.access import Actor
from flows.clock import Clock, local_today
from flows.dates import confirmed_due
from flows.errors import Gone, NotAllowed, WrongPhase
from flows.guided import Guided
from flows.lookup import session_or_gone
from flows.model import ACTION_MAX, Phase
from flows.paging import Page, cut_by_size, page_at, pick, text_units
from flows.sessions import clean_text
from storage import Database, Tx
from storage.proposals import Endorsed
from storage.records import Action, Participant, ProposalRecord, Session, ThemeRecord

# Proposals on one page of a participant's list, each with its Back button; fewer when their
# words are long, so that a page always fits one message (a page turned or backed on is an
# edit of that message, which is never split).
PROPOSALS_PER_PAGE = 8
# What a proposal's line takes besides its words: its number, how many back it, "your
# proposal" and "agreed".
PROPOSAL_OVERHEAD = 100


@dataclass(frozen=True, slots=True)
class Line:
    """One proposal as a participant sees it (no author's name: the words count)."""

    proposal: ProposalRecord
    endorsements: int
    own: bool
    endorsed: bool


@dataclass(frozen=True, slots=True)
class Board:
    """The session's proposals for one participant."""

    session: Session
    participant_id: int
    lines: list[Line]
    # Proposals may be made and backed only while the session gathers its actions.
    open: bool


@dataclass(frozen=True, slots=True)
class BoardPage:
    """One page of a participant's board."""

    board: Board
    shown: Page[Line]


def paged(board: Board, page: int = 0, *, holding: int | None = None) -> BoardPage:
    """One page of the board; `holding`: a proposal's id instead of a page, the page it is on
    (one just backed)."""
    pages = cut_by_size(
        board.lines,
        lambda line: text_units(line.proposal.body) + PROPOSAL_OVERHEAD,
        most=PROPOSALS_PER_PAGE,
    )
    if holding is not None:
        ids = [line.proposal.id for line in board.lines]
        page = page_at(pages, ids.index(holding) if holding in ids else 0)
    return BoardPage(board, pick(pages, page))


async def invitation(db: Database, participant_id: int) -> Session | None:
    """The session a participant is invited to propose in; None when they left or it moved on."""
    async with db.read() as tx:
        participant = await tx.participation.participant(participant_id)
        if participant is None or participant.left_at is not None:
            return None
        session = await tx.sessions.get(participant.session_id)
    return session if session is not None and session.phase == Phase.ACTIONS else None


async def propose(
    db: Database, clock: Clock, actor: Actor, participant_id: int, body: str
) -> ProposalRecord:
    """Record an action the participant proposes in their own words. The same words again
    from the same person (a double tap, a form sent twice) are the proposal they made."""
    body = clean_text(body, limit=ACTION_MAX, field="proposal")
    async with db.transaction() as tx:
        participant = await _own_participant(tx, actor, participant_id)
        session = await _gathering(tx, participant.session_id)
        for made in await tx.proposals.of_session(session.id):
            if made.proposal.participant_id == participant.id and made.proposal.body == body:
                return made.proposal
        return await tx.proposals.add(session.id, participant.id, body, clock.now())


async def propose_typed(
    db: Database, clock: Clock, actor: Actor, participant_id: int, body: str
) -> ProposalRecord | None:
    """The words typed in the proposal step, kept as the proposal; the step ends.

    None: the session no longer gathers proposals (an extra round opened meanwhile, or the
    summary went out), or they no longer take part: the step ends all the same and the
    words are the person's plain typed words (`dialogue.finish`), else every answer to the
    extra round would be refused as a late proposal, and lost.
    """
    return await dialogue.finish(
        db, actor, Guided.PROPOSAL, propose(db, clock, actor, participant_id, body)
    )


async def board(db: Database, actor: Actor, participant_id: int) -> Board:
    """The session's proposals, with what the participant backs."""
    async with db.read() as tx:
        participant = await _own_participant(tx, actor, participant_id)
        return await _board(tx, participant)


async def boards_of(db: Database, actor: Actor) -> list[Board]:
    """The proposals of every session the person takes part in (not left) that gathers
    actions or has proposals."""
    if actor.person_id is None:
        raise Gone("link_invalid")
    async with db.read() as tx:
        found = []
        for participant in await tx.participation.participations_of(actor.person_id):
            if participant.left_at is None:
                board = await _board(tx, participant)
                if board.open or board.lines:
                    found.append(board)
    return found


async def endorse(
    db: Database, clock: Clock, actor: Actor, proposal_id: int, *, want: bool | None = None
) -> Board:
    """Back a proposal of someone else, or undo it; return the proposals anew.

    `want`: whether the person asked to back it (a web form says which), so the same form
    posted twice does not undo it; None turns it over."""
    async with db.transaction() as tx:
        proposal = await tx.proposals.get(proposal_id)
        if proposal is None or actor.person_id is None:
            raise Gone()
        await _gathering(tx, proposal.session_id)
        participant = await tx.participation.participant_for(proposal.session_id, actor.person_id)
        if participant is None or participant.left_at is not None:
            raise NotAllowed()
        if proposal.participant_id == participant.id:
            raise NotAllowed("own_proposal")
        backed = proposal.id in await tx.proposals.endorsed_by(participant.id)
        if want is None:
            want = not backed
        if backed and not want:
            await tx.proposals.withdraw(proposal.id, participant.id)
        elif want and not backed:
            await tx.proposals.endorse(proposal.id, participant.id, clock.now())
        return await _board(tx, participant)


async def of_session(db: Database, session_id: int) -> list[Endorsed]:
    """The proposals with their endorsement counts, most backed first, for the leaders."""
    async with db.read() as tx:
        return await tx.proposals.of_session(session_id)


async def get(db: Database, proposal_id: int) -> ProposalRecord:
    async with db.read() as tx:
        proposal = await tx.proposals.get(proposal_id)
    if proposal is None:
        raise Gone()
    return proposal


async def agree(
    db: Database,
    clock: Clock,
    actor: Actor,
    proposal_id: int,
    *,
    what: str,
    owner: str,
    due: str,
    theme_id: int | None,
) -> Action:
    """Turn a proposal into an agreed action in one step (a form holds what the action
    dialogue asks one by one). `due`: a day as YYYY-MM-DD, checked as a confirmed one in the
    dialogue; empty: none."""
    proposal = await get(db, proposal_id)
    async with db.read() as tx:
        session = await session_or_gone(tx, proposal.session_id)
    due_on = confirmed_due(due, local_today(clock, session.tz)) if due else None
    return await actions.add(
        db, clock, actor, session.id,
        what=what, owner=owner, due_on=due_on, proposal_id=proposal.id, theme_id=theme_id,
    )  # fmt: skip


async def set_theme(db: Database, action_id: int, theme_id: int | None) -> None:
    """The theme an action comes from (None: none); a theme of another session is refused."""
    async with db.transaction() as tx:
        action = await tx.actions.get(action_id)
        if action is None:
            raise Gone()
        await set_theme_in(tx, action, theme_id)


async def set_theme_in(tx: Tx, action: Action, theme_id: int | None) -> None:
    await actions.check_theme(tx, action.session_id, theme_id)
    await tx.actions.set_theme(action.id, theme_id)


async def _board(tx: Tx, participant: Participant) -> Board:
    session = await session_or_gone(tx, participant.session_id)
    mine = await tx.proposals.endorsed_by(participant.id)
    lines = [
        Line(
            e.proposal,
            e.endorsements,
            e.proposal.participant_id == participant.id,
            e.proposal.id in mine,
        )
        for e in await tx.proposals.of_session(session.id)
    ]
    return Board(session, participant.id, lines, session.phase == Phase.ACTIONS)


async def _own_participant(tx: Tx, actor: Actor, participant_id: int) -> Participant:
    participant = await tx.participation.participant(participant_id)
    if participant is None or participant.left_at is not None:
        raise Gone()
    if actor.person_id is None or participant.person_id != actor.person_id:
        raise NotAllowed()
    return participant


async def _gathering(tx: Tx, session_id: int) -> Session:
    session = await session_or_gone(tx, session_id)
    if session.phase != Phase.ACTIONS:
        raise WrongPhase("not_gathering_actions")
    return session


async def themes_of(db: Database, session_id: int) -> list[ThemeRecord]:
    """The session's themes, for choosing the one an agreed action comes from."""
    async with db.read() as tx:
        return await tx.themes.of_session(session_id)
