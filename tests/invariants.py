"""What must hold in the database whatever happened: SQLite's own checks and the project's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

ROUND_OF_PHASE = {"went_well": "went_well", "hurt": "hurt", "needed": "needed"}
ORDER = ["went_well", "hurt", "needed"]


def broken_invariants(
    db_path: Path, admins: set[int], took_part: frozenset[int] = frozenset()
) -> list[str]:
    """Every way the database is inconsistent; empty when all is well.

    `took_part`: the Telegram ids of people who joined a session. One who left it keeps
    their row without a role until the retention purge (docs/privacy.md: within two days),
    so the bot can tell them they left; anyone else needs a role to be stored at all."""
    problems: list[str] = []
    with sqlite3.connect(db_path) as conn:
        if (check := conn.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            problems.append(f"integrity_check: {check}")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign keys point nowhere")
        for session_id, phase in conn.execute("SELECT id, phase FROM sessions"):
            rounds = [k for (k,) in conn.execute(
                "SELECT kind FROM rounds WHERE session_id = ? ORDER BY id", (session_id,)
            )]  # fmt: skip
            open_rounds = conn.execute(
                "SELECT COUNT(*) FROM rounds WHERE session_id = ? AND closed_at IS NULL",
                (session_id,),
            ).fetchone()[0]
            if open_rounds > 1:
                problems.append(f"session {session_id} has {open_rounds} open rounds")
            if rounds != ORDER[: len(rounds)]:
                problems.append(f"session {session_id} held rounds out of order: {rounds}")
            if phase in ROUND_OF_PHASE and (not rounds or rounds[-1] != ROUND_OF_PHASE[phase]):
                problems.append(f"session {session_id} is in {phase} without its round")
            if phase == "draft" and rounds:
                problems.append(f"session {session_id} is a draft with rounds")
        stray = conn.execute(
            "SELECT COUNT(*) FROM contributions JOIN rounds ON rounds.id = contributions.round_id"
            " JOIN participants ON participants.id = contributions.participant_id"
            " WHERE rounds.session_id <> participants.session_id"
        ).fetchone()[0]
        if stray:
            problems.append(f"{stray} answers sit in another session's round")
        orphans = conn.execute(
            "SELECT COUNT(*) FROM participants WHERE person_id IS NULL AND left_at IS NULL"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} participations without a person are still active")
        # Nobody is stored without a role: no row for people who only looked around.
        # Someone who took part and left waits for the retention purge.
        for person_id, tg_id in conn.execute(
            "SELECT person_id, CAST(external_id AS INTEGER) FROM identities"
        ):
            has_role = (
                tg_id in admins
                or tg_id in took_part
                or conn.execute(
                    "SELECT is_facilitator FROM people WHERE id = ?", (person_id,)
                ).fetchone()[0]
                or any(
                    conn.execute(sql, (person_id,)).fetchone()
                    for sql in (
                        "SELECT 1 FROM participants WHERE person_id = ?",
                        "SELECT 1 FROM organisers WHERE person_id = ?",
                        "SELECT 1 FROM co_facilitators WHERE person_id = ?",
                        "SELECT 1 FROM sessions WHERE owner_id = ?",
                    )
                )
            )
            if not has_role:
                problems.append(f"person {person_id} is stored without any role")
    return problems
