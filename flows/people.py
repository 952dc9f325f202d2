"""Recognise who is asking, without storing anything about people who only look around."""

from __future__ import annotations

from flows.access import Actor
from flows.clock import Clock
from flows.errors import Gone
from storage import Database, Tx
from storage.records import Identity, Person

__all__ = [
    "Identity",
    "ensure_person",
    "identify",
    "renew_identity",
    "set_reachable",
    "with_person",
]


async def identify(
    db: Database,
    channel: str,
    external_id: str,
    lang: str,
    *,
    is_admin: bool,
    lang_chosen: bool = True,
) -> Actor:
    """Build the actor for someone a channel knows as `external_id`; remember a known
    person's language.

    `lang_chosen`: whether `lang` is the person's choice (their app's setting, a language
    they picked) or only a guess (a browser's wish list, which may be a borrowed laptop's).
    A guess is never stored, and a known person keeps the language they have: a Dutch
    facilitator opening a link in an English browser still gets Dutch messages.
    """
    identity = Identity(channel, external_id)
    async with db.read() as tx:
        found = await tx.people.by_identity_with_dialogue(identity)
    person, dialogue = found if found is not None else (None, None)
    if person is not None and not lang_chosen:
        lang = person.lang
    if person is not None and (person.lang != lang or person.unreachable_since is not None):
        async with db.transaction() as tx:
            await tx.people.set_lang(person.id, lang)
            # They wrote to us, so they can be reached again.
            await tx.people.mark_reachable(person.id)
            person = await tx.people.get(person.id)
    return Actor(identity, person, is_admin, lang, dialogue)


async def ensure_person(tx: Tx, actor: Actor, clock: Clock) -> Person:
    """The actor's row, created now that they take on a role."""
    if actor.person is not None:
        return actor.person
    return await tx.people.get_or_create(actor.identity, actor.lang, clock.now())


async def with_person(db: Database, actor: Actor, clock: Clock) -> Actor:
    """Return the actor with a row (admins get one the first time they act)."""
    if actor.person is not None:
        return actor
    async with db.transaction() as tx:
        person = await ensure_person(tx, actor, clock)
    return Actor(actor.identity, person, actor.is_admin, actor.lang, actor.dialogue)


async def set_reachable(db: Database, clock: Clock, identity: Identity, reachable: bool) -> None:
    """The channel told us the person blocked or unblocked us."""
    async with db.transaction() as tx:
        person = await tx.people.by_identity(identity)
        if person is None:
            return
        if reachable:
            await tx.people.mark_reachable(person.id)
        else:
            await tx.people.mark_unreachable(person.id, clock.now())
            await tx.outbox.drop_for_person(person.id, clock.now(), "unreachable")


async def renew_identity(db: Database, old: Identity, new: Identity) -> None:
    """The person asked their channel for a new id (a personal link they renewed): from
    now on only `new` names them. Refused (Gone) when `old` names nobody any more, so a
    second request with the old id changes nothing."""
    if new.channel != old.channel:
        raise ValueError("an identity is renewed within its channel")
    async with db.transaction() as tx:
        if not await tx.people.replace_identity(old, new.external_id):
            raise Gone("link_invalid")
