"""The one place where every command, button and dialogue step is authorised.

Each handler is wired with the act it performs and the row it is about; the guard
identifies the asker, checks the access table in flows/access.py, turns refusals
into friendly words and always answers a button press.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import structlog
from telegram import Update
from telegram.constants import ChatType

from bot import callback_data
from bot.context import BotContext
from bot.identity import identity_of
from bot.keyboards import way_in
from bot.replies import flow_error_text, send
from flows import people
from flows.access import Act, Grant, TargetKind, authorize
from flows.errors import AnswerGone, FlowError, Gone
from reports.i18n import pick_lang

Handler = Callable[[Update, BotContext], Awaitable[None]]

log = structlog.get_logger()


def guard(
    act: Act, target: TargetKind, handler: Handler, answer_gone: Handler | None = None
) -> Handler:
    """Wrap `handler` so it runs only when the access table allows `act` on `target`.

    `answer_gone`: what to show instead when the answer the button is about was erased
    meanwhile, run for the asker's active session (sorting goes on to the next answer)."""

    async def guarded(update: Update, context: BotContext) -> None:
        with structlog.contextvars.bound_contextvars(update_id=update.update_id):
            await _guarded(update, context)

    async def _guarded(update: Update, context: BotContext) -> None:
        if not await identify(update, context):
            return
        row_id = None
        query = update.callback_query
        if query is not None:
            context.press = callback_data.parse(query.data)
            row_id = None if context.press is None else context.press.row_id
        try:
            if query is not None and context.press is None:
                await explain(update, context, act, Gone())
            else:
                await run_authorised(update, context, act, target, row_id, handler, answer_gone)
        finally:
            if query is not None:
                await query.answer(context.toast, show_alert=bool(context.toast))

    guarded.__name__ = handler.__name__
    guarded.__doc__ = handler.__doc__
    return guarded


async def identify(update: Update, context: BotContext) -> bool:
    """Set the actor for this update; False when the update is not for us to answer."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or user.is_bot:
        return False
    services = context.services
    lang = pick_lang(user.language_code, services.settings.lang)
    if chat.type != ChatType.PRIVATE:
        # Sessions live in private chats; the bot leaves groups it is added to (see
        # common.member_change) and does not read along meanwhile.
        log.info("not_private_ignored", update_id=update.update_id)
        return False
    identity = identity_of(user)
    context.actor = await people.identify(
        services.db,
        identity.channel,
        identity.external_id,
        lang,
        is_admin=user.id in services.settings.admins,
    )
    return True


async def run_authorised(
    update: Update,
    context: BotContext,
    act: Act,
    target: TargetKind,
    row_id: int | None,
    handler: Handler,
    answer_gone: Handler | None = None,
    *,
    grant: Grant | None = None,
) -> None:
    """Authorise, run the handler, and put any refusal into words. `grant`: what the
    caller's own check of the same act and row found (then it is not checked again)."""
    try:
        context.grant = grant or await authorize(context.db, context.actor, act, target, row_id)
        session_id = context.grant.session.id if context.grant.session else None
        with structlog.contextvars.bound_contextvars(session_id=session_id):
            await handler(update, context)
    except AnswerGone as error:
        if answer_gone is None:
            await explain(update, context, act, error)
            return
        # Said in the message shown next, where the leader carries on.
        log.info("refused", act=act.value, reason=error.code, update_id=update.update_id)
        await run_authorised(update, context, act, TargetKind.ACTIVE_SESSION, None, answer_gone)
    except FlowError as error:
        await explain(update, context, act, error)


async def explain(update: Update, context: BotContext, act: Act, error: FlowError) -> None:
    """Put a refusal into words: a pop-up for a button, a message otherwise."""
    log.info("refused", act=act.value, reason=error.code, update_id=update.update_id)
    text = flow_error_text(context.texts, error)
    if update.callback_query is not None:
        context.toast = str(text)
    else:
        await send(update, context, text, way_in(context.texts, error.code, error.details))
