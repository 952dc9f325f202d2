"""File names people save: letters, digits and dashes, so every phone and mail program
keeps them as they are (and an HTTP header carries them without encoding)."""

from __future__ import annotations

import re
import unicodedata

PDF_TYPE = "application/pdf"


def slug(title: str, limit: int = 40) -> str:
    """The title in lower-case letters and digits joined by dashes, at most `limit` long and
    cut after a whole word; "sessie" when nothing is left."""
    # é, ï, ø lose their accent, not their letter: "évaluatie" stays a word.
    decomposed = unicodedata.normalize("NFKD", title.lower().replace("ø", "o").replace("ß", "ss"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    cut = words[:limit]
    if len(words) > limit and words[limit] != "-" and "-" in cut:
        cut = cut[: cut.rindex("-")]  # the last word would be cut off: leave it out
    return cut.strip("-") or "sessie"
