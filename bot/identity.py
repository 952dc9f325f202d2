"""How the Telegram channel knows a person: the one place that turns a Telegram user id
into an identity of ours (channel, external id) and back into a chat to send to."""

from __future__ import annotations

from telegram import User

from flows.access import Actor
from flows.people import Identity

CHANNEL = "telegram"


def identity_of(user: User) -> Identity:
    return Identity(CHANNEL, str(user.id))


def chat_id(external_id: str) -> int:
    """The private chat with someone is their user id."""
    return int(external_id)


def chat_of(actor: Actor) -> int:
    """The private chat with the person who is asking."""
    if actor.identity.channel != CHANNEL:
        raise ValueError("not known on Telegram")
    return chat_id(actor.identity.external_id)
