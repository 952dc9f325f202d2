"""The baseline of benchmark (d), run as a process of its own:

    python -m bench.bare_web DB ROUND_ID HOST:PORT

A bare Starlette endpoint on uvicorn, served the way the bot serves its web page (one
uvicorn server in an asyncio loop, no access log): `POST /p/{id}/answer` parses the form
and stores its text as the same row the bot stores (a contribution in the open round), in
the same SQLite file opened with the same settings, then answers 303 as the bot does.
Nothing else: no form token, no lookup of who is asking, no checks, no group commit. The
path holds the participant's row id where the bot's holds a personal link's secret.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

import aiosqlite
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from flows.clock import SystemClock
from storage.timestamps import to_db

# As storage/db.py opens the database (journal, durability, waiting, zeroed deletes).
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA secure_delete = ON",
)
INSERT = (
    "INSERT INTO contributions (round_id, participant_id, body, source_ref, created_at, flagged)"
    " VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (participant_id, source_ref) DO NOTHING"
)


async def open_database(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


def build(conn: aiosqlite.Connection, round_id: int) -> Starlette:
    clock = SystemClock()

    async def answer(request: Request) -> Response:
        participant = request.path_params["participant"]
        form = await request.form()
        text, nonce = str(form.get("text", "")), str(form.get("nonce", ""))
        # In autocommit mode the insert is its own transaction: committed on return.
        await conn.execute(
            INSERT, (round_id, participant, text, f"web:{nonce}", to_db(clock.now()))
        )
        return RedirectResponse(f"/p/{participant}", status_code=303)

    return Starlette(routes=[Route("/p/{participant:int}/answer", answer, methods=["POST"])])


async def serve(db_path: Path, round_id: int, listen: str) -> None:
    conn = await open_database(db_path)
    host, _, port = listen.rpartition(":")
    config = uvicorn.Config(
        build(conn, round_id), host=host, port=int(port), lifespan="off",
        log_level="warning", access_log=False,
    )  # fmt: skip
    try:
        # uvicorn stops on SIGTERM by itself.
        await uvicorn.Server(config).serve()
    finally:
        await conn.close()


if __name__ == "__main__":
    asyncio.run(serve(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]))
