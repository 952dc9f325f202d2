"""File names people save: letters, digits and dashes, so every phone and mail program
keeps them as they are (and an HTTP header carries them without encoding)."""

from __future__ import annotations

import re

PDF_TYPE = "application/pdf"


def slug(title: str, limit: int = 40) -> str:
    """The title in lower-case letters and digits joined by dashes, at most `limit` long;
    "sessie" when nothing is left."""
    cut = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:limit].strip("-")
    return cut or "sessie"
