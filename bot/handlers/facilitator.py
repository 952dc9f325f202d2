"""Handlers for facilitators: make a session, invite, pick it, see it, run its rounds."""

from __future__ import annotations

import structlog
from markupsafe import Markup
from telegram import Update

from bot import keyboards, menu
from bot.context import BotContext
from bot.handlers.steps import expect, extra, row, typed
from bot.hints import next_step
from bot.identity import chat_of
from bot.replies import edit, remove_buttons, replace_buttons, send
from flows import dialogue, joining, newcomers, people, sessions
from flows import invites as invites_flow
from flows import status as status_flow
from flows.errors import Gone
from flows.model import TITLE_MAX, Perspective
from flows.sessions import Invites, clean_text
from reports import labels
from reports.render import render

# The guided dialogue for a new session.
NEW_SESSION = "new_session"
TITLE, THEME, PERSPECTIVES = "title", "theme", "perspectives"


log = structlog.get_logger()


async def new_session(update: Update, context: BotContext) -> None:
    """Start making a session: ask for its title."""
    _ = context.texts
    context.actor = await people.with_person(context.db, context.actor, context.clock)
    await dialogue.begin(context.db, context.clock, context.actor, NEW_SESSION, TITLE, {})
    await send(
        update,
        context,
        _("Let's make a new session.")
        + "\n\n"
        + _("What is its title? For example: Evaluation neighbourhood teams East, spring 2027.")
        + "\n\n"
        + _("Type /cancel to stop."),
    )


async def title_typed(update: Update, context: BotContext) -> None:
    """Keep the title and ask for the theme."""
    _ = context.texts
    title = clean_text(typed(update), limit=TITLE_MAX, field="title")
    await dialogue.begin(
        context.db, context.clock, context.actor, NEW_SESSION, THEME, {"title": title}
    )
    await send(
        update,
        context,
        _("What is the theme? Choose one, or type your own."),
        keyboards.themes(_),
    )


async def theme_chosen(update: Update, context: BotContext) -> None:
    """Take the theme from a button and ask which perspectives to invite."""
    current = await expect(context, NEW_SESSION, THEME)
    index = extra(context)
    if not index.isdigit() or int(index) >= len(labels.THEMES):
        raise Gone()
    await remove_buttons(update)
    await _ask_perspectives(
        update, context, current.data, context.texts(labels.THEMES[int(index)])
    )


async def theme_typed(update: Update, context: BotContext) -> None:
    """Take the typed theme and ask which perspectives to invite."""
    current = await expect(context, NEW_SESSION, THEME)
    theme = clean_text(typed(update), limit=TITLE_MAX, field="theme")
    await _ask_perspectives(update, context, current.data, theme)


async def perspective_toggled(update: Update, context: BotContext) -> None:
    """Switch one perspective on or off."""
    current = await expect(context, NEW_SESSION, PERSPECTIVES)
    choice = extra(context)
    if choice not in {p.value for p in Perspective}:
        raise Gone()
    chosen = list(current.data.get("perspectives", []))
    chosen = [p for p in chosen if p != choice] if choice in chosen else [*chosen, choice]
    data = {**current.data, "perspectives": chosen}
    await dialogue.begin(context.db, context.clock, context.actor, NEW_SESSION, PERSPECTIVES, data)
    await replace_buttons(update, keyboards.perspectives(context.texts, chosen))


async def use_buttons(update: Update, context: BotContext) -> None:
    """Explain that this step is answered with the buttons."""
    _ = context.texts
    await send(update, context, _("Please use the buttons above, or type /cancel to stop."))


async def create_session(update: Update, context: BotContext) -> None:
    """Create the session and hand out its invite links."""
    current = await expect(context, NEW_SESSION, PERSPECTIVES)
    created = await sessions.create_session(
        context.db,
        context.clock,
        context.actor,
        title=current.data["title"],
        theme=current.data["theme"],
        perspectives=[Perspective(p) for p in current.data.get("perspectives", [])],
        tz=context.services.settings.tz,
    )
    await dialogue.end(context.db, context.actor)
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
    """Show the facilitator's sessions, to pick the active one."""
    _ = context.texts
    items = await sessions.sessions_of(context.db, context.actor)
    if not items:
        await send(update, context, _("You have no sessions yet. Start one with /new."))
        return
    active = context.actor.person.active_session_id if context.actor.person else None
    await send(
        update,
        context,
        _("Your sessions. Tap one to make it your active session."),
        keyboards.sessions(_, items, active),
    )


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
    _ = context.texts
    code = await sessions.create_facilitator_invite(context.db, context.clock, context.actor)
    await send(
        update,
        context,
        _("Send this link to the new facilitator. It works for one person, for a week.")
        + Markup("\n\n{}").format(context.deep_link(code)),
    )


async def become_facilitator(update: Update, context: BotContext, code: str) -> None:
    """Use a facilitator link: grant the rights and show the facilitator's commands."""
    _ = context.texts
    await joining.become_facilitator(context.db, context.clock, context.actor, code)
    await menu.show_facilitator_commands(
        context.bot, chat_of(context.actor), context.actor.lang, context.actor.is_admin
    )
    await send(update, context, _("You are now a facilitator. Start a new session with /new."))


async def _ask_perspectives(
    update: Update, context: BotContext, data: dict[str, object], theme: str
) -> None:
    _ = context.texts
    chosen = [p.value for p in Perspective]
    await dialogue.begin(
        context.db, context.clock, context.actor, NEW_SESSION, PERSPECTIVES,
        {**data, "theme": str(theme), "perspectives": chosen},
    )  # fmt: skip
    await send(
        update,
        context,
        _("Who do you invite? Tap a perspective to switch it on or off. Then tap Done."),
        keyboards.perspectives(_, chosen),
    )


async def _send_invites(update: Update, context: BotContext, invites: Invites) -> None:
    links = [(p.value, context.deep_link(code)) for p, code in invites.participant_codes.items()]
    text = render(
        context.actor.lang,
        "telegram/invites.j2",
        session=invites.session,
        links=links,
        organiser_link=context.deep_link(invites.organiser_code),
    )
    owner = context.actor.person_id == invites.session.owner_id
    keyboard = (
        keyboards.manage_invites(
            context.texts, invites.session.id, invites.session.joins_closed_at is None
        )
        if owner
        else None
    )
    await send(update, context, text, keyboard)


async def _send_status(update: Update, context: BotContext, session_id: int) -> None:
    _ = context.texts
    st = await status_flow.status(context.db, context.clock, session_id)
    unreachable = [
        labels.signature(_, p.display_mode, p.display_name, p.perspective) for p in st.unreachable
    ]
    hint = next_step(_, st.session.phase, round_open=st.current_round is not None)
    text = render(
        context.actor.lang, "telegram/status.j2", st=st, unreachable=unreachable, hint=hint
    )
    await send(update, context, text)


async def renew_invites(update: Update, context: BotContext) -> None:
    """Make new links; the old ones stop working."""
    _ = context.texts
    renewed = await invites_flow.renew(context.db, context.clock, context.actor, row(context))
    await remove_buttons(update)
    await send(update, context, _("New links made. The old links no longer work."))
    await _send_invites(update, context, renewed)


async def close_joins(update: Update, context: BotContext) -> None:
    """Close the session to people who have not joined yet."""
    _ = context.texts
    session = await invites_flow.set_joins_open(context.db, context.clock, row(context), False)
    await replace_buttons(update, keyboards.manage_invites(_, session.id, False))
    context.toast = str(_("Closed: nobody new can join. People who joined go on."))


async def open_joins(update: Update, context: BotContext) -> None:
    """Open the session to new people again."""
    _ = context.texts
    session = await invites_flow.set_joins_open(context.db, context.clock, row(context), True)
    await replace_buttons(update, keyboards.manage_invites(_, session.id, True))
    context.toast = str(_("Open again: new people can join with the links."))


async def set_link_validity(update: Update, context: BotContext) -> None:
    """Choose how long the session's links work: a week or four from now, or to the end."""
    _ = context.texts
    session = await invites_flow.set_validity(
        context.db, context.clock, row(context), extra(context)
    )
    if session.invites_expire_at is None:
        context.toast = str(_("The links now work until the session closes."))
    else:
        context.toast = str(
            _(
                "The links now work until %(moment)s.",
                moment=_.moment(session.invites_expire_at, session.tz),
            )
        )


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
        _(
            "Remove %(who)s from <b>%(title)s</b>? Their answers are deleted, they can no"
            " longer join with the link, and I let them know.",
            who=who,
            title=found.session.title,
        ),
        keyboards.confirm_removal(_, found.participant.id),
    )


async def removal_confirmed(update: Update, context: BotContext) -> None:
    """Take the participant out of the session, answers and all."""
    _ = context.texts
    removed = await newcomers.remove(context.db, context.clock, row(context))
    log.info("participant_removed", session_id=removed.session.id, answers=removed.answers)
    context.services.delivery.wake()
    await edit(
        update,
        _.ngettext(
            "Removed. %(num)d answer was deleted.",
            "Removed. %(num)d answers were deleted.",
            removed.answers,
        ),
    )


async def removal_cancelled(update: Update, context: BotContext) -> None:
    """Keep the participant."""
    _ = context.texts
    await edit(update, _("Okay, they stay in the session."))


async def co_facilitator_link(update: Update, context: BotContext) -> None:
    """Make a one-time link that adds a co-facilitator to the active session."""
    _ = context.texts
    code = await invites_flow.co_facilitator_link(
        context.db, context.clock, context.actor, context.session_id
    )
    await send(
        update,
        context,
        _(
            "Send this link to the person who leads the session with you. It works for one"
            " person, for a week."
            " They can open and close rounds, record actions and send the summary;"
            " only you can change the invite links."
        )
        + Markup("\n\n{}").format(context.deep_link(code)),
    )


async def become_co_facilitator(update: Update, context: BotContext, code: str) -> None:
    """Use a co-facilitator link: join the session's leadership."""
    _ = context.texts
    session = await invites_flow.become_co_facilitator(
        context.db, context.clock, context.actor, code
    )
    await menu.show_facilitator_commands(
        context.bot, chat_of(context.actor), context.actor.lang, context.actor.is_admin
    )
    await send(
        update,
        context,
        _(
            "You now help lead <b>%(title)s</b>. Type /status to see how it is going.",
            title=session.title,
        ),
    )
