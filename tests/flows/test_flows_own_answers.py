"""One's own answers and standing without Telegram: an answer is changeable only while its
round is open, details kept in stay flagged, how one's answers are signed, where one stands,
which session one leaves, and a channel saying someone blocked or unblocked us."""

from __future__ import annotations

import pytest

from flows import answering, joining, leaving, outbox, overview, sessions, status
from flows.access import Actor
from flows.answering import Stored
from flows.errors import Gone, WrongPhase
from flows.model import DisplayMode, Perspective
from flows.people import identify, set_reachable
from flows.sessions import Invites
from sandbox.clock import ManualClock
from storage import Database
from storage.records import Identity

CHANNEL = "telegram"


async def _person(db: Database, number: int, *, admin: bool = False) -> Actor:
    return await identify(db, CHANNEL, str(number), "nl", is_admin=admin)


async def _session(db: Database, clock: ManualClock, title: str = "Samen terug") -> Invites:
    return await sessions.create_session(
        db, clock, await _person(db, 1, admin=True), title=title, theme="Jeugdhulp",
        perspectives=[Perspective.PARENT],
    )  # fmt: skip


async def _answered(db: Database, clock: ManualClock, text: str) -> tuple[Invites, Stored]:
    made = await _session(db, clock)
    code = made.participant_codes[Perspective.PARENT]
    await joining.consent(db, clock, await _person(db, 10), code)
    await sessions.open_next_round(db, clock, made.session.id)
    stored = await answering.receive(db, clock, await _person(db, 10), text, "r:1")
    assert isinstance(stored, Stored)
    return made, stored


async def test_an_answer_is_changeable_only_while_its_round_is_open(
    db: Database, clock: ManualClock
) -> None:
    made, stored = await _answered(db, clock, "Fijn gesprek")
    own = await answering.get_own(db, stored.contribution.id)
    assert own.body == "Fijn gesprek"
    await sessions.close_current_round(db, clock, made.session.id)
    for change in (answering.get_own, answering.keep_flagged, answering.delete):
        with pytest.raises(WrongPhase):
            await change(db, stored.contribution.id)
    with pytest.raises(Gone):
        await answering.get_own(db, stored.contribution.id + 1)


async def test_details_kept_in_stay_flagged(db: Database, clock: ManualClock) -> None:
    _, stored = await _answered(db, clock, "Bel me op 06-12345678")
    flagged = await answering.edit(
        db, clock, stored.contribution.id, "Bel me op 06-12345678", flagged=True
    )
    kept = await answering.keep_flagged(db, flagged.contribution.id)
    assert kept.flagged and kept.body == "Bel me op 06-12345678"


async def test_answers_are_signed_as_the_participant_chose(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    joined = await joining.consent(
        db, clock, await _person(db, 10), made.participant_codes[Perspective.PARENT]
    )
    pid = joined.participant.id
    named = await joining.set_display(db, pid, DisplayMode.NAME, "  Anna   de Vries ")
    assert (named.display_mode, named.display_name) == (DisplayMode.NAME.value, "Anna de Vries")
    # No first name known: the answers go without one.
    nameless = await joining.set_display(db, pid, DisplayMode.NAME, None)
    assert (nameless.display_mode, nameless.display_name) == (DisplayMode.ANONYMOUS.value, None)
    anonymous = await joining.set_display(db, pid, DisplayMode.ANONYMOUS, "Anna")
    assert anonymous.display_name is None
    with pytest.raises(Gone):
        await joining.set_display(db, pid + 100, DisplayMode.ANONYMOUS)


async def test_where_someone_stands(db: Database, clock: ManualClock) -> None:
    made = await _session(db, clock)
    stranger = await overview.whereabouts(db, await _person(db, 99))
    assert (stranger.taking_part, stranger.organising, stranger.facilitates) == ([], [], False)
    await joining.consent(
        db, clock, await _person(db, 10), made.participant_codes[Perspective.PARENT]
    )
    await joining.join_as_organiser(db, clock, await _person(db, 20), made.organiser_code)
    await sessions.open_next_round(db, clock, made.session.id)
    parent = await overview.whereabouts(db, await _person(db, 10))
    assert [t.session.id for t in parent.open_rounds] == [made.session.id]
    organiser = await overview.whereabouts(db, await _person(db, 20))
    assert [s.id for s in organiser.organising] == [made.session.id]
    owner = await overview.whereabouts(db, await _person(db, 1, admin=True))
    assert owner.facilitates and owner.active_session is not None
    assert owner.active_round is not None and owner.active_round.is_open


async def test_leaving_asks_about_one_membership_that_still_holds(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    joined = await joining.consent(
        db, clock, await _person(db, 10), made.participant_codes[Perspective.PARENT]
    )
    member = await leaving.membership(db, joined.participant.id)
    assert member.session.id == made.session.id
    await leaving.leave(db, clock, joined.participant.id, keep_answers=True)
    with pytest.raises(Gone):
        await leaving.membership(db, joined.participant.id)


async def test_who_blocked_us_gets_nothing_until_they_unblock(
    db: Database, clock: ManualClock
) -> None:
    made = await _session(db, clock)
    code = made.participant_codes[Perspective.PARENT]
    first = await joining.consent(db, clock, await _person(db, 10), code)
    await joining.consent(db, clock, await _person(db, 11), code)
    await set_reachable(db, clock, Identity(CHANNEL, "10"), False)
    await set_reachable(db, clock, Identity(CHANNEL, "404"), False)  # never met: nothing
    await sessions.open_next_round(db, clock, made.session.id)
    due = await outbox.due(db, clock, channel=CHANNEL)
    assert sorted(i.external_id for i in due if i.kind == sessions.ROUND_QUESTION) == ["11"]
    # (Not looked up through identify: someone who writes to us is reachable again.)
    st = await status.status(db, clock, made.session.id)
    assert [p.person_id for p in st.unreachable] == [first.participant.person_id]
    await set_reachable(db, clock, Identity(CHANNEL, "10"), True)
    assert (await status.status(db, clock, made.session.id)).unreachable == []
