"""What the facilitator reads around the summary: the preview, who gets it, that it went."""

from __future__ import annotations

from markupsafe import Markup

from flows.synthesis import Synthesis
from reports import labels
from reports.i18n import Texts

# The most answers the summary in Telegram quotes side by side, all themes together, and
# the most characters of each there: the report (PDF) holds every answer whole. A big
# session's summary quoted them all, some seventy messages for each person with 480 answers.
QUOTED = 60
QUOTE_CHARS = 400


def quoted_per_cell(synthesis: Synthesis) -> dict[tuple[int | None, str], int] | None:
    """How many answers each theme's perspective quotes in Telegram, by (theme id,
    perspective); None: all of them. The room is shared out evenly, and what a small cell
    leaves goes to the larger ones; each cell quotes one at least."""
    cells = sorted(
        (
            (len(cell.quotes), (row.theme_id, cell.perspective))
            for row in synthesis.grid
            for cell in row.cells
            if cell.quotes
        ),
        key=lambda sized: sized[0],  # by size alone: the answers in no theme have no id
    )
    if sum(size for size, _ in cells) <= QUOTED:
        return None
    shown: dict[tuple[int | None, str], int] = {}
    room = QUOTED
    for index, (size, key) in enumerate(cells):
        shown[key] = min(size, max(1, room // (len(cells) - index)))
        room = max(0, room - shown[key])
    return shown


def quote_in_chat(text: str, shortened: bool) -> str:
    """An answer as a big session's summary quotes it: its beginning, when long."""
    if not shortened or len(text) <= QUOTE_CHARS:
        return text
    return text[: QUOTE_CHARS - 1].rstrip() + "…"


def preview_note(_: Texts, versions_sent: int = 0) -> Markup:
    """Above the draft; once a version went out, what approving this one does."""
    if versions_sent:
        return _(
            "👀 Preview. Only you see this. Version %(version)d was sent already: if you approve"
            " this one, it goes out as a correction.",
            version=versions_sent,
        )
    return _("👀 Preview. Only you see this. Check it, then send it.")


def pdf_caption(_: Texts) -> str:
    return str(_("The printable report (PDF)."))


def pdf_failed(_: Texts) -> Markup:
    """Where the draft's PDF would be, when it could not be made."""
    return _(
        "The printable report (PDF) could not be made just now. You can still check and send"
        " the summary."
    )


def goes_to(_: Texts, recipients: int, *, correction: bool = False) -> Markup:
    """Before sending: how many get it, and what sending changes."""
    if correction:
        return _.ngettext(
            "A correction goes to %(num)d person: the participants who asked for the summary,"
            " and the organisers.",
            "A correction goes to %(num)d people: the participants who asked for the summary,"
            " and the organisers.",
            recipients,
        )
    return (
        _.ngettext(
            "The summary goes to %(num)d person: the participants who asked for it, and the organisers.",
            "The summary goes to %(num)d people: the participants who asked for it, and the organisers.",
            recipients,
        )
        + "\n"
        + _(
            "After sending, actions and their follow-up go on. A change later goes out as a correction."
        )
    )


def sent(_: Texts, recipients: int) -> Markup:
    return (
        _.ngettext(
            "📤 Sent. The summary goes to %(num)d person now.",
            "📤 Sent. The summary goes to %(num)d people now.",
            recipients,
        )
        + "\n"
        + _("Thank you for leading the session! Actions and their follow-up go on.")
    )


def draft_menu(_: Texts) -> Markup:
    return _(
        "What would you like to change before sending? Leave answers out, write an opening or"
        " closing paragraph, fill in the cover, or say how many were invited."
    )


def ask_fact(_: Texts, field: str) -> Markup:
    """What to type for one cover fact or paragraph."""
    asks = {
        "opening": _("Type the opening paragraph: a few sentences above the summary."),
        "closing": _("Type the closing paragraph: a few sentences below the summary."),
        "municipality": _("Type the name of the municipality."),
        "area": _("Type the neighbourhood or area the session was about."),
        "facilitator_name": _("Type the facilitator's name as it should appear on the cover."),
    }
    return asks[field] + "\n" + _("Type - to leave it empty.")


def ask_invited(_: Texts, perspective: str) -> Markup:
    return _(
        "How many %(who)s were invited? Type a number (- if you don't know).",
        who=_(labels.PEOPLE.get(perspective, perspective)),
    )


def pick_perspective(_: Texts) -> Markup:
    return _("For which perspective?")


def draft_saved(_: Texts, *, cleared: bool = False, invited: bool = False) -> Markup:
    if invited and not cleared:
        return _(
            "Saved. The printable report shows it, under “Response per perspective”. Use"
            " /summary to see the draft again."
        )
    if cleared:
        return _("Left empty. The summary will not show it. Use /summary to see the draft again.")
    return _("Saved. The summary will show it. Use /summary to see the draft again.")


def corrected(_: Texts, recipients: int, version: int) -> Markup:
    return _.ngettext(
        "📤 Version %(version)d sent as a correction, to %(num)d person.",
        "📤 Version %(version)d sent as a correction, to %(num)d people.",
        recipients,
        version=version,
    )
