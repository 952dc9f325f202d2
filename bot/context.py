"""What every handler gets besides the update: our services, the asker and their texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.callback_data import Press
from bot.config import Settings
from flows.access import Actor, Grant
from flows.brake import WrongCodeBrake
from flows.clock import DEFAULT_TZ, Clock, local_today
from flows.pii import PersonalDetailsGuard
from flows.records import Database
from flows.similarity import Similarity
from reports.i18n import Texts
from reports.pdf import PdfMaker

if TYPE_CHECKING:
    from bot.delivery import Delivery
    from bot.scheduler import Scheduler


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    delivery: Delivery
    guard: PersonalDetailsGuard | None
    brake: WrongCodeBrake
    scheduler: Scheduler
    pdfs: PdfMaker
    # One per process, shared with the web page: the theme suggestions.
    similarity: Similarity = field(default_factory=Similarity)


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB's context plus what the guard found out about this update."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self._actor: Actor | None = None
        self.grant: Grant | None = None
        self.press: Press | None = None
        self.toast: str | None = None

    @property
    def services(self) -> Services:
        services: Services = self.application.bot_data["services"]
        return services

    @property
    def db(self) -> Database:
        return self.services.db

    @property
    def clock(self) -> Clock:
        return self.services.clock

    @property
    def actor(self) -> Actor:
        if self._actor is None:
            raise RuntimeError("the guard sets the actor before any handler runs")
        return self._actor

    @actor.setter
    def actor(self, actor: Actor) -> None:
        self._actor = actor

    @property
    def texts(self) -> Texts:
        return Texts(self.actor.lang)

    @property
    def session_id(self) -> int:
        """The session the guard authorised this update for."""
        if self.grant is None or self.grant.session is None:
            raise RuntimeError("handler needs a session but the guard found none")
        return self.grant.session.id

    @property
    def tz(self) -> str:
        """The time zone of the session this update is about (the default without one)."""
        session = self.grant.session if self.grant is not None else None
        return session.tz if session is not None else DEFAULT_TZ

    def today(self) -> dt.date:
        """Today in the time zone of the session this update is about."""
        return local_today(self.clock, self.tz)

    def deep_link(self, code: str) -> str:
        return f"https://t.me/{self.bot.username}?start={code}"


def user_id_of(update: Update) -> int | None:
    user = update.effective_user
    return None if user is None else user.id
