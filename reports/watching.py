"""What a round's leaders read while they watch the answers come in."""

from __future__ import annotations

from flows.watching import EXCERPT_CHARS, Watch
from reports.render import render


def watch_text(lang: str, w: Watch) -> str:
    """One page of the watched round, for a Telegram message."""
    return render(lang, "telegram/watch.j2", w=w, excerpt=EXCERPT_CHARS)
