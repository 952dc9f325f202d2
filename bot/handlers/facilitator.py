"""Handlers for facilitators: make a session, invite, pick it, see it, run its rounds."""

from __future__ import annotations

import structlog
from markupsafe import Markup
from telegram import Update

from bot import keyboards, menu
from bot.context import BotContext
from bot.handlers.steps import extra, extra_number, row, typed
from bot.identity import chat_of
from bot.replies import edit, remove_buttons, replace_buttons, send
from flows import invites as invites_flow
from flows import joining, newcomers, sessions
from flows import new_session as new_session_flow
from flows import status as status_flow
from flows.errors import Gone
from flows.guided import NewSessionStep
from flows.sessions import Invites
from reports import dialogues, labels
from reports import facilitating as texts
from reports import invites as invite_texts
from reports.hints import next_step
from reports.render import render

log = structlog.get_logger()


async def new_session(update: Update, context: BotContext) -> None:
    """Start making a session: ask for its title."""
    asked = await new_session_flow.start(context.db, context.clock, context.actor)
    await send(update, context, dialogues.new_session_question(context.texts, asked.step))


async def title_typed(update: Update, context: BotContext) -> None:
    """Keep the title and ask for the theme."""
    _ = context.texts
    await new_session_flow.give_title(context.db, context.clock, context.actor, typed(update))
    await send(
        update,
        context,
        dialogues.new_session_question(_, NewSessionStep.THEME),
        keyboards.themes(_),
    )


async def theme_chosen(update: Update, context: BotContext) -> None:
    """Take the theme from a button and ask which perspectives to invite."""
    theme = dialogues.theme_label(context.texts, extra(context))
    if theme is None:
        raise Gone()
    asked = await new_session_flow.give_theme(context.db, context.clock, context.actor, theme)
    await remove_buttons(update)
    await _ask_perspectives(update, context, asked)


async def theme_typed(update: Update, context: BotContext) -> None:
    """Take the typed theme and ask which perspectives to invite."""
    asked = await new_session_flow.give_theme(
        context.db, context.clock, context.actor, typed(update)
    )
    await _ask_perspectives(update, context, asked)


async def perspective_toggled(update: Update, context: BotContext) -> None:
    """Switch one perspective on or off."""
    asked = await new_session_flow.toggle_perspective(
        context.db, context.clock, context.actor, extra(context)
    )
    await replace_buttons(update, keyboards.perspectives(context.texts, asked.chosen))


async def use_buttons(update: Update, context: BotContext) -> None:
    """Explain that this step is answered with the buttons."""
    await send(update, context, dialogues.use_buttons(context.texts))


async def create_session(update: Update, context: BotContext) -> None:
    """Create the session and hand out its invite links."""
    created = await new_session_flow.create(
        context.db, context.clock, context.actor, tz=context.services.settings.tz
    )
    log.info(
        "session_created",
        session_id=created.session.id,
        perspectives=len(created.participant_codes),
    )
    await remove_buttons(update)
    await _send_invites(update, context, created)


async def invite_links(update: Update, context: BotContext) -> None:
    """Send the invite links of the active session again (with their controls, for the owner)."""
    await _send_invites(
        update, context, await sessions.invites(context.db, context.clock, context.session_id)
    )


async def list_sessions(update: Update, context: BotContext) -> None:
    """Show the facilitator's sessions, newest first, to pick the active one."""
    _ = context.texts
    listed = await sessions.listed(context.db, context.actor)
    if not listed.shown.items:
        await send(update, context, texts.no_sessions(_))
        return
    await send(update, context, _sessions_text(context, listed), keyboards.sessions(_, listed))


async def turn_sessions_page(update: Update, context: BotContext) -> None:
    """Show another page of the facilitator's sessions, in the same message."""
    listed = await sessions.listed(context.db, context.actor, extra_number(context) or 0)
    await edit(update, _sessions_text(context, listed), keyboards.sessions(context.texts, listed))


def _sessions_text(context: BotContext, listed: sessions.SessionList) -> Markup:
    return texts.pick_a_session(context.texts, listed.shown.page, listed.shown.pages)


async def pick_session(update: Update, context: BotContext) -> None:
    """Make the tapped session the active one and show how it is doing."""
    session = await sessions.select(context.db, context.actor, row(context))
    await remove_buttons(update)
    await _send_status(update, context, session.id)


async def status(update: Update, context: BotContext) -> None:
    """Show who joined, who answered and who cannot be reached."""
    await _send_status(update, context, context.session_id)


async def facilitator_link(update: Update, context: BotContext) -> None:
    """Make a one-time link that makes someone a facilitator."""
    code = await sessions.create_facilitator_invite(context.db, context.clock, context.actor)
    await send(update, context, texts.facilitator_link(context.texts, context.deep_link(code)))


async def become_facilitator(update: Update, context: BotContext, code: str) -> None:
    """Use a facilitator link: grant the rights and show the facilitator's commands."""
    await joining.become_facilitator(context.db, context.clock, context.actor, code)
    await menu.show_facilitator_commands(
        context.bot, chat_of(context.actor), context.actor.lang, context.actor.is_admin
    )
    await send(update, context, texts.now_facilitator(context.texts))


async def _ask_perspectives(
    update: Update, context: BotContext, asked: new_session_flow.PerspectivesAsked
) -> None:
    _ = context.texts
    await send(
        update,
        context,
        dialogues.new_session_question(_, asked.step),
        keyboards.perspectives(_, asked.chosen),
    )


async def _send_invites(update: Update, context: BotContext, invites: Invites) -> None:
    web_url = context.services.settings.web_url
    links = [
        (
            p.value,
            context.deep_link(code),
            invite_texts.web_invite_link(web_url, code) if web_url else None,
        )
        for p, code in invites.participant_codes.items()
    ]
    text = render(
        context.actor.lang,
        "telegram/invites.j2",
        session=invites.session,
        links=links,
        organiser_link=context.deep_link(invites.organiser_code),
        organiser_web_link=(
            invite_texts.web_organiser_link(web_url, invites.organiser_code) if web_url else None
        ),
        web_on=web_url is not None,
    )
    owner = context.actor.person_id == invites.session.owner_id
    keyboard = (
        keyboards.manage_invites(
            context.texts,
            invites.session.id,
            invites.session.joins_closed_at is None,
            invites.generation,
        )
        if owner
        else keyboards.invite_cards(context.texts, invites.session.id)
    )
    await send(update, context, text, keyboard)


async def _send_status(update: Update, context: BotContext, session_id: int) -> None:
    _ = context.texts
    st = await status_flow.status(context.db, context.clock, session_id)
    unreachable = [
        labels.signature(_, p.display_mode, p.display_name, p.perspective) for p in st.unreachable
    ]
    extra_due = await sessions.extra_round_next(context.db, session_id)
    hint = next_step(
        _, st.session.phase, round_open=st.current_round is not None, extra_due=extra_due
    )
    text = render(
        context.actor.lang, "telegram/status.j2", st=st, unreachable=unreachable, hint=hint
    )
    await send(update, context, text)


async def renew_invites(update: Update, context: BotContext) -> None:
    """Make new links; the old ones stop working.

    Links renewed since the button was shown (a double tap, an older message) stay: the
    ones that work now are shown again."""
    _ = context.texts
    renewal = await invites_flow.renew_shown(
        context.db, context.clock, context.actor, row(context), extra(context)
    )
    await remove_buttons(update)
    said = texts.links_renewed(_) if renewal.renewed else texts.links_renewed_already(_)
    await send(update, context, said)
    await _send_invites(update, context, renewal.invites)


async def close_joins(update: Update, context: BotContext) -> None:
    """Close the session to people who have not joined yet."""
    _ = context.texts
    session = await invites_flow.set_joins_open(context.db, context.clock, row(context), False)
    await replace_buttons(update, keyboards.manage_invites(_, session.id, False, _shown(context)))
    context.toast = texts.joins(_, open_=False)


async def open_joins(update: Update, context: BotContext) -> None:
    """Open the session to new people again."""
    _ = context.texts
    session = await invites_flow.set_joins_open(context.db, context.clock, row(context), True)
    await replace_buttons(update, keyboards.manage_invites(_, session.id, True, _shown(context)))
    context.toast = texts.joins(_, open_=True)


def _shown(context: BotContext) -> str | None:
    """The set of links the pressed message shows (as its buttons name it)."""
    return context.press.extra if context.press is not None else None


async def set_link_validity(update: Update, context: BotContext) -> None:
    """Choose how long the session's links work: a week or four from now, or to the end."""
    _ = context.texts
    session = await invites_flow.set_validity(
        context.db, context.clock, row(context), extra(context)
    )
    context.toast = texts.links_valid(_, session.invites_expire_at, session.tz)


async def ask_removal(update: Update, context: BotContext) -> None:
    """Ask whether a newcomer should really be taken out, with their answers."""
    _ = context.texts
    found = await newcomers.check_removable(context.db, row(context))
    who = labels.signature(
        _,
        found.participant.display_mode,
        found.participant.display_name,
        found.participant.perspective,
    )
    await send(
        update,
        context,
        texts.ask_removal(_, who, found.session.title),
        keyboards.confirm_removal(_, found.participant.id),
    )


async def removal_confirmed(update: Update, context: BotContext) -> None:
    """Take the participant out of the session, answers and all."""
    removed = await newcomers.remove(context.db, context.clock, row(context))
    log.info("participant_removed", session_id=removed.session.id, answers=removed.answers)
    await edit(update, texts.removed(context.texts, removed.answers))


async def removal_cancelled(update: Update, context: BotContext) -> None:
    """Keep the participant."""
    await edit(update, texts.removal_cancelled(context.texts))


async def co_facilitator_link(update: Update, context: BotContext) -> None:
    """Make a one-time link that adds a co-facilitator to the active session."""
    code = await invites_flow.co_facilitator_link(
        context.db, context.clock, context.actor, context.session_id
    )
    await send(update, context, texts.co_facilitator_link(context.texts, context.deep_link(code)))


async def become_co_facilitator(update: Update, context: BotContext, code: str) -> None:
    """Use a co-facilitator link: join the session's leadership."""
    session = await invites_flow.become_co_facilitator(
        context.db, context.clock, context.actor, code
    )
    await menu.show_facilitator_commands(
        context.bot, chat_of(context.actor), context.actor.lang, context.actor.is_admin
    )
    await send(update, context, texts.now_co_facilitator(context.texts, session.title))
