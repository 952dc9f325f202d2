"""Short replies of any moment: stopping a step, unknown commands, input we cannot read."""

from __future__ import annotations

from reports.i18n import Texts


def nothing_to_stop(_: Texts) -> str:
    return _("There is nothing to stop. Type /help to see where you are.")


def step_stopped(_: Texts) -> str:
    return _("Stopped. Nothing of that step was saved. Type /help to see where you are.")


def unknown_command(_: Texts) -> str:
    return _("I don't know that command. Type /help to see what you can do.")


def only_text(_: Texts, *, round_open: bool) -> str:
    """Voice notes, photos, stickers and files are not read, nor kept."""
    if round_open:
        hint = _("A round is open: please type your answer as text.")
    else:
        hint = _("Type /help to see where you are.")
    return (
        _("I can only read typed text. I did not save voice messages, photos, stickers or files.")
        + "\n\n"
        + hint
    )


def organiser_registered(_: Texts, title: str, *, new: bool) -> str:
    if new:
        return (
            _(
                "Welcome! You are now an organiser of <b>%(title)s</b>. You will receive the"
                " summary and the printable report when the facilitator sends them.",
                title=title,
            )
            + "\n"
            + _("From then on, /export gives you the results as Excel, CSV and JSON.")
        )
    return _("You are already an organiser of <b>%(title)s</b>.", title=title)


def report_caption(_: Texts) -> str:
    return str(_("The printable report (PDF)."))


def private_chats_only(_: Texts, bot_name: str) -> str:
    """Said in a group the bot was added to, before it leaves."""
    return str(_("I only work in a private chat. Open a chat with me: @%(bot)s", bot=bot_name))
