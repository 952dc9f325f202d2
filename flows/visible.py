"""Whether a text shows anything: one of invisible characters only (a zero-width space, a
direction mark, a blank Braille cell or a Hangul filler) is as empty as spaces, and is
refused as empty rather than stored as an answer, a name or a theme nobody can read."""

from __future__ import annotations

import unicodedata

# Space, line and paragraph separators, control and format characters (zero-width, bidi).
_UNSEEN = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
# Letters and symbols by Unicode that draw nothing: pasted to get past an "empty" check.
_FILLERS = frozenset("\u2800\u3164\u115f\u1160\uffa0")


def shows_nothing(text: str) -> bool:
    """Whether the text has no character that can be seen."""
    return all(c in _FILLERS or unicodedata.category(c) in _UNSEEN for c in text)
