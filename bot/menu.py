"""The Telegram command menu: each person sees the commands of their own role."""

from __future__ import annotations

import structlog
from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, BotCommandScopeChat
from telegram.error import BadRequest, Forbidden

from reports.i18n import LANGS, N_, Texts
from reports.labels import COMMANDS

log = structlog.get_logger()

DESCRIPTIONS = {
    "start": N_("start, or open an invite link"),
    "help": N_("where am I, and what can I do?"),
    "answers": N_("see, change or delete your answers"),
    "cancel": N_("stop the step you are in"),
    "new": N_("start a new session"),
    "sessions": N_("see and pick your sessions"),
    "status": N_("who joined and who answered"),
    "invite": N_("the invite links again"),
    "open": N_("open the next round"),
    "close": N_("close the open round"),
    "action": N_("record an agreed action"),
    "summary": N_("check and send the summary"),
    "facilitator": N_("make a link that grants facilitator rights"),
    "cohost": N_("make a link for someone who leads the session with you"),
    "board": N_("a live board for the beamer"),
    "remind": N_("remind those who have not answered yet"),
    "settings": N_("quiet hours and reminders of this session"),
    "privacy": N_("what we store, and your rights"),
    "stop": N_("stop taking part in a session"),
    "mydata": N_("get everything we store about you"),
    "forgetme": N_("erase everything about you"),
    "web": N_("your own link to the session, for a laptop"),
    "export": N_("the results as Excel, CSV and JSON"),
    "watch": N_("read the answers of the open round as they come in"),
    "questions": N_("adjust the questions, or add an extra round"),
    "themes": N_("group the answers into themes"),
    "mirror": N_("share a closed round without names"),
    "proposals": N_("the actions participants propose"),
}

PARTICIPANT_MENU = ("help", "answers", "cancel", "privacy", "stop", "mydata", "forgetme")
FACILITATOR_MENU = (
    "new", "sessions", "status", "invite", "questions", "open", "watch", "close", "remind",
    "themes", "mirror", "proposals", "action", "summary", "settings", "cohost", "board", "web",
    "export",
    "answers", "help", "cancel", "privacy", "mydata", "forgetme",
)  # fmt: skip
ADMIN_MENU = (*FACILITATOR_MENU, "facilitator")
# Organisers take no part in the rounds, but fetch the results.
ORGANISER_MENU = ("help", "export", "web", "cancel", "privacy", "stop", "mydata", "forgetme")


def commands(lang: str, names: tuple[str, ...]) -> list[BotCommand]:
    _ = Texts(lang)
    return [
        BotCommand(COMMANDS[name] if lang == "nl" else name, str(_(DESCRIPTIONS[name])))
        for name in names
    ]


async def set_default_commands(bot: Bot, fallback_lang: str) -> None:
    """Everyone's menu in private chats, in Dutch and English."""
    scope = BotCommandScopeAllPrivateChats()
    for lang in LANGS:
        await bot.set_my_commands(
            commands(lang, PARTICIPANT_MENU), scope=scope, language_code=lang
        )
    await bot.set_my_commands(commands(fallback_lang, PARTICIPANT_MENU), scope=scope)


async def show_organiser_commands(bot: Bot, chat_id: int, lang: str) -> None:
    """Give an organiser the menu with the exports, in their language."""
    try:
        await bot.set_my_commands(
            commands(lang, ORGANISER_MENU), scope=BotCommandScopeChat(chat_id)
        )
    except (BadRequest, Forbidden) as error:
        log.info("menu_not_set", reason=error.message)


async def show_facilitator_commands(bot: Bot, chat_id: int, lang: str, is_admin: bool) -> None:
    """Give one facilitator (or admin) the menu of their role, in their language."""
    names = ADMIN_MENU if is_admin else FACILITATOR_MENU
    try:
        await bot.set_my_commands(commands(lang, names), scope=BotCommandScopeChat(chat_id))
    except (BadRequest, Forbidden) as error:
        # An admin who never opened a chat with the bot: the menu follows on their /start.
        log.info("menu_not_set", reason=error.message)
