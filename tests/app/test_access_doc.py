"""docs/access.md shows exactly the access the code enforces."""

from __future__ import annotations

from app import access_doc


def test_the_documented_table_is_the_enforced_table() -> None:
    assert access_doc.current_table() == access_doc.render(), (
        "docs/access.md is out of date: run `python -m app.access_doc`"
    )
