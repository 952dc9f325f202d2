"""Row ids as links, paths and forms carry them: up to 18 ASCII digits, so that every one
fits a database row id. Anything else (words, a superscript two, a number too long for a
row) names no row, and the caller answers as for a row that is gone."""

from __future__ import annotations

import re

from starlette.convertors import Convertor

from flows.errors import Gone

ROW = "[0-9]{1,18}"
_ROW = re.compile(ROW)


def row_id(value: str) -> int | None:
    """The row id `value` names; None when it names none."""
    return int(value) if _ROW.fullmatch(value) else None


def asked_row(value: str, gone: str | None = None) -> int | None:
    """The row a link or a form asks for: None when it asks for none (empty); Gone when
    what it names is no row id."""
    if not value:
        return None
    found = row_id(value)
    if found is None:
        raise Gone(gone)
    return found


class RowConvertor(Convertor[int]):
    """`{answer:row}` in a route: a path with a longer number matches no route (404)."""

    regex = ROW

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)
