"""What a leader reads while grouping answers into themes (besides the templates)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from flows.themes import THEME_MAX
from reports.i18n import Texts

BUTTON_NAME_MAX = 28  # a theme's name on a button; the message shows it in full


def short(name: str, limit: int = BUTTON_NAME_MAX) -> str:
    """A theme's name cut to fit on a button."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def put_in(_: Texts, name: str) -> Markup:
    return _("✓ Put in: %(theme)s", theme=name)


def name_changed(_: Texts) -> Markup:
    """A pop-up: the name proposed on the button is not the one proposed now."""
    return _(
        "Another leader sorted the answers this name was made of. Here is the name proposed now."
    )


def skipped(_: Texts) -> Markup:
    return _("Skipped for now. You can come back to it later.")


def round_done(_: Texts, unsorted: int = 0, skipped: int = 0) -> Markup:
    """Where a round stands when no answer is left to show in this pass."""
    if unsorted:
        # The pass over the skipped answers ended; others are still to sort.
        return _("No more skipped answers in this round.")
    if skipped:
        return _.ngettext(
            "Every answer of this round has been seen. %(num)d skipped answer is still waiting.",
            "Every answer of this round has been seen. %(num)d skipped answers are still waiting.",
            skipped,
        )
    return _("All answers of this round are sorted.")


def type_themes(_: Texts) -> Markup:
    return _(
        "Type the themes you expect, one per line or separated by commas."
        " Each name can have at most %(limit)d characters.",
        limit=THEME_MAX,
    )


def added(_: Texts, names: Sequence[str], existing: Sequence[str]) -> Markup:
    text = _("Themes added: %(names)s", names=", ".join(names)) if names else Markup("")
    if existing:
        there = _("Already there: %(names)s", names=", ".join(existing))
        text = text + Markup("\n") + there if text else there
    return text


def pick_to_rename(_: Texts) -> Markup:
    return _("Which theme do you want to rename?")


def type_new_name(_: Texts, name: str) -> Markup:
    return _("Type the new name for “%(theme)s”.", theme=name)


def renamed(_: Texts, name: str) -> Markup:
    return _("The theme is now called “%(theme)s”.", theme=name)


def pick_to_merge(_: Texts) -> Markup:
    return _("Which theme do you want to merge into another?")


def pick_kept(_: Texts, name: str) -> Markup:
    return _("Merge “%(theme)s” into which theme? Its answers move there.", theme=name)


def merged(_: Texts, name: str) -> Markup:
    return _("Merged. The answers are now in “%(theme)s”.", theme=name)


# Button labels
def sort_round(_: Texts, number: int, count: int) -> Markup:
    return _("▶ Sort round %(number)d (%(count)d)", number=number, count=count)


def revisit_round(_: Texts, number: int, count: int) -> Markup:
    return _("↩ Skipped in round %(number)d (%(count)d)", number=number, count=count)


def add_themes(_: Texts) -> Markup:
    return _("➕ Add themes")


def rename(_: Texts) -> Markup:
    return _("✏️ Rename a theme")


def merge(_: Texts) -> Markup:
    return _("🔗 Merge themes")


def new_theme(_: Texts) -> Markup:
    return _("➕ New theme")


def skip(_: Texts) -> Markup:
    return _("Skip for now")


def more_themes(_: Texts) -> Markup:
    return _("More themes ▶")


def next_answer(_: Texts) -> Markup:
    return _("Next answer ▶")


def also(_: Texts, number: int) -> Markup:
    return _("➕ %(number)d in the same theme", number=number)
