"""Following a session from a laptop: a personal link for its leaders and organisers, and
what the session view shows them.

A personal link holds a random secret; only its SHA-256 is kept, as the person's identity
on the channel that has no accounts (the same hash the web page looks people up by).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from flows import exports, invites, joining, people, sessions, status
from flows.access import RUNS_SESSION, Act, Actor, TargetKind, authorize
from flows.brake import WrongCodeBrake
from flows.clock import Clock
from flows.errors import Gone, NotAllowed, WrongPhase
from flows.invites import Opened, Route
from flows.lookup import session_or_gone
from flows.model import InviteKind, Phase
from flows.people import Identity
from flows.sessions import Invites
from flows.status import Status
from flows.summary import Summary
from storage import Database, Tx
from storage.records import Action, Session

# The channel a personal link is an identity on.
LINK_CHANNEL = "web"
SECRET_BYTES = 24  # 192 bits: unguessable, and short enough for a bookmark


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


def link_external_id(secret: str) -> str:
    """How the database knows a personal link: its hash, never the secret itself."""
    return hashlib.sha256(secret.encode()).hexdigest()


def link_identity(secret: str) -> Identity:
    """The identity a personal link names."""
    return Identity(LINK_CHANNEL, link_external_id(secret))


async def follow_link(
    db: Database,
    brake: WrongCodeBrake,
    secret: str,
    tried_by: Identity,
    lang: str,
    *,
    lang_chosen: bool,
) -> Actor:
    """The actor a personal link names (with no person when it names nobody). Wrong links
    slow `tried_by` down as wrong invite codes do: Braked while they must wait."""
    await brake.refuse_if_braked(tried_by)
    actor = await people.identify(
        db, LINK_CHANNEL, link_external_id(secret), lang, is_admin=False, lang_chosen=lang_chosen
    )
    await brake.tried(tried_by, found=actor.person is not None)
    return actor


async def personal_link(db: Database, actor: Actor) -> str | None:
    """A new personal link (its secret) for the asker's own person, if they lead or
    organise a session; the link they had before stops working. None: nothing to follow,
    and nothing is stored."""
    person = actor.person
    if person is None:
        return None
    async with db.transaction() as tx:
        if not await _followed(tx, person.id):
            return None
        secret = new_secret()
        await tx.people.replace_identities(
            person.id, Identity(LINK_CHANNEL, link_external_id(secret))
        )
    return secret


@dataclass(frozen=True, slots=True)
class SessionView:
    """What a leader or organiser sees of a session on the web page."""

    status: Status
    actions: list[Action]
    # The summary as approved and sent; None until then.
    summary: Summary | None
    # Whether the viewer leads the session (then the invite cards are theirs to print).
    leads: bool
    # Other sessions this person follows, to switch to (newest first).
    others: list[Session]

    @property
    def session(self) -> Session:
        return self.status.session

    @property
    def results_open(self) -> bool:
        """Whether the viewer may download the results and read the mirror and proposals
        now (flows/exports.py): an organiser once the summary is sent."""
        return exports.open_to(self.leads, self.summary is not None)


async def session_view(
    db: Database, clock: Clock, actor: Actor, session_id: int | None = None
) -> SessionView:
    """The session the visitor leads or organises: the one asked for, else the one they
    chose last in the bot, else the newest they follow. Refused for anyone else."""
    chosen = await _chosen(db, actor, session_id)
    grant = await authorize(db, actor, Act.VIEW_SESSION, TargetKind.SESSION, chosen)
    st = await status.status(db, clock, chosen)
    async with db.read() as tx:
        actions = await tx.actions.of_session(chosen)
        record = await tx.summaries.latest_for(chosen)
        others = [s for s in await _followed(tx, actor.person_id) if s.id != chosen]
    summary = None if record is None else Summary.from_dict(record.snapshot)
    return SessionView(st, actions, summary, bool(grant.roles & RUNS_SESSION), others)


async def led_session(
    db: Database, actor: Actor, act: Act, session_id: int | None = None
) -> Session:
    """The session a leaders' page is about (as `session_view` chooses it), checked for `act`."""
    chosen = await _chosen(db, actor, session_id)
    await authorize(db, actor, act, TargetKind.SESSION, chosen)
    async with db.read() as tx:
        return await session_or_gone(tx, chosen)


async def result_session(db: Database, actor: Actor, session_id: int | None = None) -> Session:
    """The session whose shared result (the mirror and its marks, the proposals) a leader
    reads at any time, and an organiser once the summary is sent, as its downloads."""
    chosen = await _chosen(db, actor, session_id)
    grant = await authorize(db, actor, Act.VIEW_SESSION, TargetKind.SESSION, chosen)
    if not await exports.results_open(db, grant):
        raise WrongPhase("results_after_summary")
    async with db.read() as tx:
        return await session_or_gone(tx, chosen)


async def sent_summary(db: Database, actor: Actor, session_id: int | None = None) -> Summary:
    """The session's summary as it was sent, for its report; Gone before it was sent."""
    chosen = await _chosen(db, actor, session_id)
    await authorize(db, actor, Act.VIEW_SESSION, TargetKind.SESSION, chosen)
    async with db.read() as tx:
        record = await tx.summaries.latest_for(chosen)
    if record is None:
        raise Gone("no_summary")
    return Summary.from_dict(record.snapshot)


async def invite_codes(
    db: Database, clock: Clock, actor: Actor, session_id: int | None = None
) -> Invites:
    """The session's invite codes, for its leaders (as /invite shows them)."""
    chosen = await _chosen(db, actor, session_id)
    await authorize(db, actor, Act.STATUS, TargetKind.SESSION, chosen)
    return await printable_invites(db, clock, chosen)


async def printable_invites(db: Database, clock: Clock, session_id: int) -> Invites:
    """The invite codes to print on cards; none once the session is closed (they no
    longer let anyone in)."""
    found = await sessions.invites(db, clock, session_id)
    if found.session.phase == Phase.CLOSED:
        raise Gone("session_closed")
    return found


async def _chosen(db: Database, actor: Actor, session_id: int | None) -> int:
    """The session a visit is about (checked by the caller against the access table)."""
    if actor.person is None:
        raise Gone("link_invalid")
    if session_id is not None:
        return session_id
    async with db.read() as tx:
        followed = await _followed(tx, actor.person.id)
    active = actor.person.active_session_id
    if any(s.id == active for s in followed) and active is not None:
        return active
    if not followed:
        raise NotAllowed(act=Act.VIEW_SESSION.value)
    return followed[0].id


async def _followed(tx: Tx, person_id: int | None) -> list[Session]:
    """Sessions the person leads or organises, newest first."""
    if person_id is None:
        return []
    found = {s.id: s for s in await tx.sessions.run_by(person_id)}
    for session_id in await tx.participation.organised_by(person_id):
        session = await tx.sessions.get(session_id)
        if session is not None:
            found.setdefault(session.id, session)
    return sorted(found.values(), key=lambda s: s.id, reverse=True)


async def claim_organiser(
    db: Database,
    clock: Clock,
    tried_by: Actor,
    claimant: Actor,
    code: str,
    brake: WrongCodeBrake,
) -> Opened:
    """Claim an organiser link for `claimant` (a person known by a new personal link), as
    Telegram's /start does for its account. Wrong codes slow `tried_by` (whoever tries
    them: the same brake as for every link) down.

    The same claim posted twice has one effect: the claimant already holds the link.
    """
    opened = await invites.open_link(db, clock, tried_by, code, brake)
    if opened.route not in (Route.ORGANISER, Route.TAKEN) or opened.view is None:
        return opened
    if opened.view.invite.kind != InviteKind.ORGANISER:
        return Opened(Route.UNKNOWN)
    try:
        await joining.join_as_organiser(db, clock, claimant, code)
    except Gone as error:
        if error.code == "invite_used":
            return Opened(Route.TAKEN, opened.view)
        raise
    return Opened(Route.ORGANISER, opened.view)
