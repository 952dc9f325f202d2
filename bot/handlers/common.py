"""Handlers for everyone: /start, /help, and a friendly word for whatever else arrives."""

from __future__ import annotations

import structlog
from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden

from bot import menu
from bot.context import BotContext
from bot.handlers import facilitator, organiser, participant
from bot.handlers import handover as handover_handlers
from bot.identity import chat_of, identity_of
from bot.replies import flow_error_text, send
from flows import dialogue, invites, overview, people
from flows.errors import Gone
from flows.invites import Route
from reports import general
from reports import invites as invite_texts
from reports.i18n import Texts, pick_lang
from reports.render import render

log = structlog.get_logger()


async def start(update: Update, context: BotContext) -> None:
    """Open an invite link; without one, say where the person stands, as /help does."""
    _ = context.texts
    code = context.args[0] if context.args else None
    if code is None:
        # A bare /start is also what Telegram sends when someone unblocks the bot and
        # taps "Restart": a participant in the middle of a round must not hear that they
        # need an invite link.
        await _where_you_are(update, context, show_menu=True)
        return
    opened = await invites.open_link(
        context.db,
        context.clock,
        context.actor,
        code,
        context.services.brake,
    )
    if opened.route is Route.BRAKED:
        log.info("invite_braked", update_id=update.update_id)
        await send(update, context, invite_texts.braked(_, opened.wait))
    elif opened.route is Route.UNKNOWN:
        log.info("invite_unknown", update_id=update.update_id)
        await send(update, context, invite_texts.unknown(_))
    elif opened.route is Route.TAKEN:
        log.info("invite_taken", update_id=update.update_id)
        await send(update, context, flow_error_text(_, Gone("invite_used")))
    elif opened.route is Route.HANDOVER and opened.offer is not None:
        await handover_handlers.show_offer(update, context, code, opened.offer)
    elif opened.route is Route.PARTICIPANT and opened.view is not None:
        await participant.show_invite(update, context, opened.view)
    elif opened.route is Route.ORGANISER:
        await organiser.register(update, context, code)
    elif opened.route is Route.CO_FACILITATOR:
        await facilitator.become_co_facilitator(update, context, code)
    else:
        await facilitator.become_facilitator(update, context, code)


async def help_command(update: Update, context: BotContext) -> None:
    """Explain where the person is now and what they can do."""
    await _where_you_are(update, context, show_menu=False)


async def _where_you_are(update: Update, context: BotContext, *, show_menu: bool) -> None:
    """Where the person stands; someone new to the bot first hears what it is."""
    where = await overview.whereabouts(context.db, context.actor)
    if show_menu and where.facilitates:
        # Facilitators and admins get their own menu when they /start (their chat must exist).
        await menu.show_facilitator_commands(
            context.bot, chat_of(context.actor), context.actor.lang, context.actor.is_admin
        )
    if show_menu and not (where.taking_part or where.organising or where.actions):
        await send(
            update,
            context,
            render(context.actor.lang, "telegram/about.j2", facilitates=where.facilitates),
        )
        return
    await send(
        update,
        context,
        render(
            context.actor.lang,
            "telegram/help.j2",
            w=where,
            web=context.services.settings.web_url is not None,
        ),
        participant.proposals_keyboard(context, where),
    )


async def cancel(update: Update, context: BotContext) -> None:
    """Stop the guided step the person is in; nothing of it is kept."""
    _ = context.texts
    if await dialogue.cancel(context.db, context.actor):
        await send(update, context, general.step_stopped(_))
    else:
        await send(update, context, general.nothing_to_stop(_))


async def old_button(update: Update, context: BotContext) -> None:
    """Explain that a button from an old or unknown message no longer works."""
    raise Gone()


async def unknown_command(update: Update, context: BotContext) -> None:
    """Say that the command does not exist."""
    await send(update, context, general.unknown_command(context.texts))


async def other_input(update: Update, context: BotContext) -> None:
    """Explain that only typed text is read (voice notes, photos, stickers, files are not)."""
    where = await overview.whereabouts(context.db, context.actor)
    text = general.only_text(context.texts, round_open=bool(where.open_rounds))
    await send(update, context, text)


async def member_change(update: Update, context: BotContext) -> None:
    """Note that someone blocked or unblocked the bot; leave any group it is added to."""
    change = update.my_chat_member
    if change is None:
        return
    status = change.new_chat_member.status
    if change.chat.type != ChatType.PRIVATE:
        if status in (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR):
            # Sessions live in private chats: nobody's words belong in a group.
            _ = Texts(pick_lang(change.from_user.language_code, context.services.settings.lang))
            text = general.private_chats_only(_, context.bot.username)
            try:
                await context.bot.send_message(change.chat.id, text)
                await context.bot.leave_chat(change.chat.id)
            except (Forbidden, BadRequest) as error:
                # Added where it may not write, or already gone: nothing more to do.
                log.info("group_not_left", reason=type(error).__name__)
                return
            log.info("left_group", update_id=update.update_id)
        return
    reachable = status not in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)
    await people.set_reachable(context.db, context.clock, identity_of(change.from_user), reachable)
    log.info("reachability", reachable=reachable, update_id=update.update_id)
