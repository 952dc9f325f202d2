"""What the facilitator reads around the summary: the preview, who gets it, that it went."""

from __future__ import annotations

from markupsafe import Markup

from reports.i18n import Texts


def preview_note(_: Texts) -> Markup:
    return _("👀 Preview. Only you see this. Check it, then send it.")


def pdf_caption(_: Texts) -> str:
    return str(_("The printable report (PDF)."))


def goes_to(_: Texts, recipients: int) -> Markup:
    """Before sending: how many get it, and that sending closes the session."""
    return (
        _.ngettext(
            "The summary goes to %(num)d person: the participants who asked for it, and the organisers.",
            "The summary goes to %(num)d people: the participants who asked for it, and the organisers.",
            recipients,
        )
        + "\n"
        + _("After sending, the session is closed.")
    )


def sent(_: Texts, recipients: int) -> Markup:
    return (
        _.ngettext(
            "📤 Sent. The summary goes to %(num)d person now.",
            "📤 Sent. The summary goes to %(num)d people now.",
            recipients,
        )
        + "\n"
        + _("The session is closed. Thank you for leading it!")
    )
