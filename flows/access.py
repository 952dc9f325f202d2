"""Who may do what: the access table, and the one function that applies it.

Every channel asks `authorize()` before it acts on a command or a button; the
row a button names is looked up again here, never trusted from the button.
docs/access.md shows the same table for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from flows.departed import left_every_session
from flows.errors import AnswerGone, Gone, NoActiveSession, NotAllowed
from flows.lookup import session_or_gone
from flows.model import Phase
from storage import Database, Tx
from storage.records import Dialogue, Identity, Person, Session


class Role(StrEnum):
    ADMIN = "admin"
    FACILITATOR = "facilitator"  # may create sessions
    OWNER = "owner"  # created this session
    CO_FACILITATOR = "co_facilitator"  # added to this session by its owner
    PARTICIPANT = "participant"  # consented in this session
    ORGANISER = "organiser"  # receives this session's summary
    SELF = "self"  # the row (answer, participation) is the asker's own
    ANYONE = "anyone"


class Act(StrEnum):
    # Open to anyone: they explain or start something.
    HELP = "help"
    HEALTH = "health"
    START = "start"
    JOIN = "join"
    # Facilitation.
    NEW_SESSION = "new_session"
    LIST_SESSIONS = "list_sessions"
    SELECT_SESSION = "select_session"
    STATUS = "status"
    OPEN_ROUND = "open_round"
    CLOSE_ROUND = "close_round"
    ADD_ACTION = "add_action"
    EDIT_ACTION = "edit_action"
    DROP_ACTION = "drop_action"
    REPORT_PROGRESS = "report_progress"
    HAND_OVER_ACTION = "hand_over_action"
    TAKE_ACTION = "take_action"
    GIVE_BACK_ACTION = "give_back_action"
    SET_TIMING = "set_timing"
    REMIND = "remind"
    PREVIEW_SUMMARY = "preview_summary"
    SEND_SUMMARY = "send_summary"
    GRANT_FACILITATOR = "grant_facilitator"
    MANAGE_INVITES = "manage_invites"
    ADD_CO_FACILITATOR = "add_co_facilitator"
    REMOVE_PARTICIPANT = "remove_participant"
    BOARD_LINK = "board_link"
    # Following a session from a laptop: its status, summary, report and actions.
    VIEW_SESSION = "view_session"
    WEB_LINK = "web_link"
    VIEW_BOARD = "view_board"
    # From voices to a shared result (issue 17).
    WATCH_ROUND = "watch_round"
    SET_QUESTIONS = "set_questions"
    SORT_ANSWERS = "sort_answers"
    SHARE_MIRROR = "share_mirror"
    AGREE_PROPOSAL = "agree_proposal"
    EDIT_SUMMARY = "edit_summary"
    EXPORT = "export"
    # Taking part.
    ANSWER = "answer"
    SET_DISPLAY = "set_display"
    SET_SUMMARY_WISH = "set_summary_wish"
    LIST_OWN = "list_own"
    EDIT_OWN = "edit_own"
    DELETE_OWN = "delete_own"
    ASSIGN_PENDING = "assign_pending"
    RENEW_CONSENT = "renew_consent"
    LEAVE = "leave"
    DECIDE_FLAGGED = "decide_flagged"
    RECOGNISE = "recognise"
    PROPOSE = "propose"
    ENDORSE = "endorse"
    # Anyone's own data.
    READ_MESSAGES = "read_messages"
    PRIVACY = "privacy"
    STOP = "stop"
    EXPORT_OWN = "export_own"
    FORGET_ME = "forget_me"


RUNS_SESSION = frozenset({Role.OWNER, Role.CO_FACILITATOR})
# The acts only a participant does, on their session or their own rows.
TAKES_PART = frozenset({Role.PARTICIPANT, Role.SELF})
OWNS_SESSION = frozenset({Role.OWNER})
CREATES_SESSIONS = frozenset({Role.ADMIN, Role.FACILITATOR})
# Acts on someone else's answer: when it was erased meanwhile, they hear that it is gone.
ON_OTHERS_ANSWERS = frozenset({Act.SORT_ANSWERS, Act.EDIT_SUMMARY, Act.RECOGNISE})

POLICY: dict[Act, frozenset[Role]] = {
    Act.HELP: frozenset({Role.ANYONE}),
    # A container's health check: yes or no, about the process, naming nobody.
    Act.HEALTH: frozenset({Role.ANYONE}),
    Act.START: frozenset({Role.ANYONE}),
    Act.JOIN: frozenset({Role.ANYONE}),
    Act.NEW_SESSION: CREATES_SESSIONS,
    Act.LIST_SESSIONS: CREATES_SESSIONS,
    Act.SELECT_SESSION: RUNS_SESSION,
    Act.STATUS: RUNS_SESSION,
    Act.OPEN_ROUND: RUNS_SESSION,
    Act.CLOSE_ROUND: RUNS_SESSION,
    Act.ADD_ACTION: RUNS_SESSION,
    Act.EDIT_ACTION: RUNS_SESSION,
    Act.DROP_ACTION: RUNS_SESSION,
    # Whoever recorded or took over an action is asked about it; the leaders may answer too.
    Act.REPORT_PROGRESS: RUNS_SESSION | {Role.SELF},
    Act.HAND_OVER_ACTION: RUNS_SESSION,
    # The one-time link is the key; taking the action stores the person.
    Act.TAKE_ACTION: frozenset({Role.ANYONE}),
    Act.GIVE_BACK_ACTION: frozenset({Role.SELF}),
    Act.SET_TIMING: RUNS_SESSION,
    Act.REMIND: RUNS_SESSION,
    Act.PREVIEW_SUMMARY: RUNS_SESSION,
    Act.SEND_SUMMARY: RUNS_SESSION,
    Act.GRANT_FACILITATOR: frozenset({Role.ADMIN}),
    Act.MANAGE_INVITES: OWNS_SESSION,
    Act.ADD_CO_FACILITATOR: OWNS_SESSION,
    # Someone who came in by a forwarded link is taken out, answers and all.
    Act.REMOVE_PARTICIPANT: RUNS_SESSION,
    # The live board shows counts only; whoever leads the session may put it on a beamer.
    Act.BOARD_LINK: RUNS_SESSION,
    # Whoever has a board's link sees it (on a beamer, the room does): its link is the key.
    Act.VIEW_BOARD: frozenset({Role.ANYONE}),
    # The session view on the web page: for its leaders and the organisers who get its report.
    Act.VIEW_SESSION: RUNS_SESSION | {Role.ORGANISER},
    # A personal web link to one's own person: it opens only what VIEW_SESSION allows, on
    # every visit. Whoever leads or organises no session is told so; nothing is stored.
    Act.WEB_LINK: frozenset({Role.ANYONE}),
    # While a round runs, its leaders read the answers so far under the names people chose.
    Act.WATCH_ROUND: RUNS_SESSION,
    Act.SET_QUESTIONS: RUNS_SESSION,
    # Grouping answers into themes; suggestions are shown, the leader decides.
    Act.SORT_ANSWERS: RUNS_SESSION,
    Act.SHARE_MIRROR: RUNS_SESSION,
    Act.AGREE_PROPOSAL: RUNS_SESSION,
    # The summary's draft (leaving answers out, the opening and closing words) is theirs alone.
    Act.EDIT_SUMMARY: RUNS_SESSION,
    # The workbook, CSV and JSON hold answers under pseudonyms: for who gets the report.
    Act.EXPORT: RUNS_SESSION | {Role.ORGANISER},
    # Typed words outside a guided step. Checked where they are stored, in the same
    # statement (storage/rounds.py ANSWERABLE: a participants row, not left, in the one
    # round open for them), so the fast path needs no lookup first; flows/answering.py.
    Act.ANSWER: frozenset({Role.PARTICIPANT}),
    Act.SET_DISPLAY: frozenset({Role.SELF}),
    Act.SET_SUMMARY_WISH: frozenset({Role.SELF}),
    Act.LIST_OWN: frozenset({Role.ANYONE}),  # shows only the asker's own answers
    Act.EDIT_OWN: frozenset({Role.SELF}),
    Act.DELETE_OWN: frozenset({Role.SELF}),
    Act.ASSIGN_PENDING: frozenset({Role.SELF}),
    Act.RENEW_CONSENT: frozenset({Role.SELF}),
    Act.LEAVE: frozenset({Role.SELF}),
    Act.DECIDE_FLAGGED: frozenset({Role.SELF}),
    # Marking a shared item as recognised, proposing an action and backing one: for who takes
    # part in the session the item or proposal belongs to (PROPOSE names the own participant
    # row).
    Act.RECOGNISE: frozenset({Role.PARTICIPANT}),
    Act.PROPOSE: frozenset({Role.SELF}),
    Act.ENDORSE: frozenset({Role.PARTICIPANT}),
    # Each of these shows or erases only the asker's own data; READ_MESSAGES shows the
    # messages and summaries the bot has for the asker (on a channel without chats).
    Act.READ_MESSAGES: frozenset({Role.ANYONE}),
    Act.PRIVACY: frozenset({Role.ANYONE}),
    Act.STOP: frozenset({Role.ANYONE}),
    Act.EXPORT_OWN: frozenset({Role.ANYONE}),
    Act.FORGET_ME: frozenset({Role.ANYONE}),
}


# A leaders' act a participant may well ask for, meaning their own part in it: instead of a
# plain no they hear how they take that part (or when they can). Agreeing on actions is for
# the leaders; proposing and backing them is the participants' share.
PARTICIPANTS_SHARE: frozenset[Act] = frozenset({Act.AGREE_PROPOSAL})
# Acts only the people who lead sessions may do: an organiser reaching for one hears that it
# is the facilitator's, and what is theirs instead, rather than a bare no.
LEADS = RUNS_SESSION | OWNS_SESSION | CREATES_SESSIONS
# Before these phases' end a participant is invited to propose (flows/rounds.py).
_BEFORE_PROPOSALS = frozenset({Phase.DRAFT, Phase.WENT_WELL, Phase.HURT, Phase.NEEDED})


class TargetKind(StrEnum):
    """What a command or button is about; the row is looked up in the database."""

    NONE = "none"
    ACTIVE_SESSION = "active_session"  # the facilitator's chosen session
    # The session the asker chose last if they lead or organise it, else the newest they
    # lead or organise: organisers choose no session, yet /export must find theirs.
    FOLLOWED_SESSION = "followed_session"
    SESSION = "session"
    ACTION = "action"
    CONTRIBUTION = "contribution"
    PARTICIPANT = "participant"
    PENDING = "pending"
    THEME = "theme"
    PROPOSAL = "proposal"


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is asking: how their channel knows them, their row if they have one, their
    language. The channel's id for them is opaque here: a row is made with it once they
    take on a role."""

    identity: Identity
    person: Person | None
    is_admin: bool
    lang: str
    # The guided dialogue they were in when this update arrived.
    dialogue: Dialogue | None = None

    @property
    def person_id(self) -> int | None:
        return None if self.person is None else self.person.id

    @property
    def channel(self) -> str:
        return self.identity.channel


@dataclass(frozen=True, slots=True)
class Grant:
    """What `authorize` found: the asker's roles and the session the request is about."""

    roles: frozenset[Role]
    session: Session | None
    row_id: int | None


def permitted(act: Act, roles: frozenset[Role]) -> bool:
    allowed = POLICY[act]
    return Role.ANYONE in allowed or bool(allowed & roles)


async def authorize(
    db: Database, actor: Actor, act: Act, kind: TargetKind, row_id: int | None = None
) -> Grant:
    """Check `act` against the table for this actor and row; raise if not allowed."""
    async with db.read() as tx:
        try:
            session, own = await _resolve(tx, actor, kind, row_id)
        except AnswerGone:
            if act not in ON_OTHERS_ANSWERS:
                raise Gone() from None  # one's own answer: the old button just stopped
            raise
        roles = await roles_of(tx, actor, session, own=own)
        if not permitted(act, roles) and await _left(tx, actor, act, session, roles):
            # An old button of a session they left: say so, and how to come back.
            raise NotAllowed("left_session", act=act.value)
    if permitted(act, roles):
        return Grant(roles, session, row_id)
    # A facilitator with no session yet is told to pick or start one, not that they may not.
    if session is None and kind in _SESSION_OF_ASKER and roles & CREATES_SESSIONS:
        raise NoActiveSession()
    if act in PARTICIPANTS_SHARE and actor.person is not None:
        async with db.read() as tx:
            await _participants_share(tx, actor.person, act)
    if _for_leaders(act, roles) and actor.person is not None:
        async with db.read() as tx:
            if await tx.participation.organised_by(actor.person.id):
                raise NotAllowed("for_leaders", act=act.value)
    raise NotAllowed(act=act.value)


_SESSION_OF_ASKER = (TargetKind.ACTIVE_SESSION, TargetKind.FOLLOWED_SESSION)


def _for_leaders(act: Act, roles: frozenset[Role]) -> bool:
    """Whether a refused act is one a session's leaders do, asked by someone who leads
    none: an act of the admin alone is no facilitator's, and a facilitator who may not is
    told so as a facilitator."""
    policy = POLICY[act]
    return policy <= LEADS and bool(policy & RUNS_SESSION) and Role.FACILITATOR not in roles


async def _left(
    tx: Tx, actor: Actor, act: Act, session: Session | None, roles: frozenset[Role]
) -> bool:
    """Whether a participant's act is refused because the asker left: they hold a button
    only participants are sent, and take part nowhere now (flows/departed.py)."""
    if actor.person is None or actor.is_admin or session is None:
        return False
    if not POLICY[act] <= TAKES_PART or Role.PARTICIPANT in roles:
        return False
    return await left_every_session(tx, actor.person)


async def _participants_share(tx: Tx, person: Person, act: Act) -> None:
    """Raise the refusal that tells a participant their own part in a leaders' act: the
    session of theirs that gathers proposals now (its participant row names the buttons),
    else when that will be. Return when they take part nowhere that applies."""
    phases: dict[Phase, int] = {}  # a phase: the newest participant row in it
    for participant in await tx.participation.participations_of(person.id):
        session = await tx.sessions.get(participant.session_id)
        if session is not None:
            phases.setdefault(Phase(session.phase), participant.id)
    if Phase.ACTIONS in phases:
        raise NotAllowed("propose_instead", act=act.value, participant=phases[Phase.ACTIONS])
    if phases.keys() & _BEFORE_PROPOSALS:
        raise NotAllowed("proposals_later", act=act.value)
    if Phase.EXTRA in phases:
        raise NotAllowed("proposals_after_extra", act=act.value)
    if Phase.CLOSED in phases:
        raise NotAllowed("not_gathering_actions", act=act.value)


async def roles_of(
    tx: Tx, actor: Actor, session: Session | None, *, own: bool = False
) -> frozenset[Role]:
    roles = {Role.ANYONE}
    if actor.is_admin:
        roles.add(Role.ADMIN)
    person = actor.person
    if person is None:
        return frozenset(roles)
    if person.is_facilitator:
        roles.add(Role.FACILITATOR)
    if own:
        roles.add(Role.SELF)
    if session is not None:
        if session.owner_id == person.id:
            roles.add(Role.OWNER)
        if await tx.sessions.is_co_facilitator(session.id, person.id):
            roles.add(Role.CO_FACILITATOR)
        participant = await tx.participation.participant_for(session.id, person.id)
        if participant is not None and participant.left_at is None:
            roles.add(Role.PARTICIPANT)
        if await tx.participation.is_organiser(session.id, person.id):
            roles.add(Role.ORGANISER)
    return frozenset(roles)


async def _resolve(
    tx: Tx, actor: Actor, kind: TargetKind, row_id: int | None
) -> tuple[Session | None, bool]:
    """Find the session a request is about, and whether its row is the actor's own."""
    person_id = actor.person_id
    if kind is TargetKind.NONE:
        return None, False
    if kind is TargetKind.ACTIVE_SESSION:
        if actor.person is None or actor.person.active_session_id is None:
            return None, False
        return await tx.sessions.get(actor.person.active_session_id), False
    if kind is TargetKind.FOLLOWED_SESSION:
        return await _followed_session(tx, actor.person), False
    if row_id is None:
        raise Gone()
    if kind is TargetKind.SESSION:
        return await session_or_gone(tx, row_id), False
    if kind is TargetKind.ACTION:
        action = await tx.actions.get(row_id)
        if action is None:
            raise Gone()
        own = _own(action.created_by, person_id) or _own(action.owner_person_id, person_id)
        return await session_or_gone(tx, action.session_id), own
    if kind is TargetKind.CONTRIBUTION:
        contribution = await tx.contributions.get(row_id)
        if contribution is None:
            raise AnswerGone()
        participant = await tx.participation.participant(contribution.participant_id)
        if participant is None:
            raise Gone()
        return await session_or_gone(tx, participant.session_id), _own(
            participant.person_id, person_id
        )
    if kind is TargetKind.PARTICIPANT:
        participant = await tx.participation.participant(row_id)
        if participant is None:
            raise Gone()
        return await session_or_gone(tx, participant.session_id), _own(
            participant.person_id, person_id
        )
    if kind is TargetKind.PENDING:
        pending = await tx.contributions.pending(row_id)
        if pending is None:
            raise Gone()
        return None, _own(pending.person_id, person_id)
    if kind is TargetKind.THEME:
        theme = await tx.themes.get(row_id)
        if theme is None:
            raise Gone()
        return await session_or_gone(tx, theme.session_id), False
    if kind is TargetKind.PROPOSAL:
        proposal = await tx.proposals.get(row_id)
        if proposal is None:
            raise Gone()
        participant = await tx.participation.participant(proposal.participant_id)
        own = participant is not None and _own(participant.person_id, person_id)
        return await session_or_gone(tx, proposal.session_id), own
    raise Gone()


async def _followed_session(tx: Tx, person: Person | None) -> Session | None:
    if person is None:
        return None
    followed = [s.id for s in await tx.sessions.run_by(person.id)]
    followed += await tx.participation.organised_by(person.id)
    if person.active_session_id in followed:
        return await tx.sessions.get(person.active_session_id)
    return await tx.sessions.get(max(followed)) if followed else None


def _own(row_person_id: int | None, person_id: int | None) -> bool:
    """Whether a row belongs to the asker; a row of nobody (left, erased) belongs to no one."""
    return person_id is not None and row_person_id == person_id
