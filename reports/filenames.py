"""File names people save: letters, digits and dashes, so every phone and mail program
keeps them as they are (and an HTTP header carries them without encoding)."""

from __future__ import annotations

import re
import unicodedata

PDF_TYPE = "application/pdf"
# Words that join two others (nl, en): a cut title does not end on one.
JOINING = frozenset({
    "en", "of", "de", "het", "een", "van", "voor", "met", "in", "op", "aan", "bij", "naar",
    "and", "or", "the", "a", "an", "for", "with", "to", "at", "by",
})  # fmt: skip


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
    if len(words) > limit:
        kept = cut.strip("-").split("-")
        while len(kept) > 1 and kept[-1] in JOINING:
            kept.pop()  # "…-jeugd-en" reads as a name broken off
        cut = "-".join(kept)
    return cut.strip("-") or "sessie"
