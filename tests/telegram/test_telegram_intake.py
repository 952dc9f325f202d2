"""The Telegram channel takes updates in through PTB's public API, the inbox first."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path
from typing import Any

import aiohttp

from bot.webhook import SECRET_HEADER
from sandbox.standin import StandIn
from sandbox.world import World
from tests.conftest import daytime, rows

ROOT = Path(__file__).parents[2]


class ConfirmationWatch(StandIn):
    """A stand-in that notes, whenever getUpdates confirms updates, which of them the bot's
    database did not hold yet (Telegram forgets a confirmed update for good)."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path
        self.sent: list[int] = []
        self.confirmed_unkept: list[int] = []
        self.confirmations = 0

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        confirming = [u for u in self.sent if u < offset]
        if confirming:
            self.confirmations += 1
            with sqlite3.connect(self.db_path) as conn:
                kept = {r[0] for r in conn.execute("SELECT update_id FROM inbox")}
            self.confirmed_unkept += [u for u in confirming if u not in kept]
            self.sent = [u for u in self.sent if u >= offset]
        return await super()._api_getUpdates(params)


async def test_an_update_is_in_the_inbox_before_telegram_hears_it_arrived(
    tmp_path: Path,
) -> None:
    db_path = tmp_path / "dialoogbot.db"
    world = World(db_path, clock=daytime())
    watch = world.standin = ConfirmationWatch(db_path)
    async with world:
        sanne = world.person("Sanne")
        for text in ("/start", "/help", "Hallo"):
            watch.sent.append(watch.send_text(sanne.id, text))
            await world.settle()
    assert watch.confirmations == 3
    assert watch.confirmed_unkept == []
    # Handled, so only their ids stay (to recognise a repeat).
    assert len(rows(db_path, "SELECT 1 FROM inbox WHERE handled_at IS NOT NULL")) == 3


async def test_a_webhook_retry_is_committed_once_and_handled_once(tmp_path: Path) -> None:
    db_path = tmp_path / "dialoogbot.db"
    async with World(db_path, clock=daytime(), webhook=True) as world:
        assert world.webhook_url is not None and world.webhook_secret is not None
        sanne = world.person("Sanne")
        update_id = world.standin.send_text(sanne.id, "/start")
        await world.settle()
        # Telegram posts the same update again (it did not hear our 200 in time).
        again = {
            "update_id": update_id,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": sanne.id, "type": "private", "first_name": "Sanne"},
                "from": sanne.state.as_user(),
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        headers = {SECRET_HEADER: world.webhook_secret}
        async with (
            aiohttp.ClientSession() as client,
            client.post(world.webhook_url, json=again, headers=headers) as answer,
        ):
            assert answer.status == 200
        await world.settle()
        greetings = [t for t in sanne.texts if t.startswith("Hallo! Ik ben Dialoogbot.")]
    assert len(greetings) == 1
    assert len(rows(db_path, "SELECT 1 FROM inbox WHERE update_id = ?", (update_id,))) == 1


# PTB's private methods the channel once used while subclassing its classes.
PRIVATE_PTB = {"_do_post", "_post", "_unfrozen"}


def private_ptb_names(path: Path) -> list[str]:
    """Private attributes used on anything but our own `self`, PTB's private methods used
    on anything, and `__slots__` reads: parts of PTB an upgrade may change without a word."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute):
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            own = isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")
            if (private and not own) or node.attr in PRIVATE_PTB or node.attr == "__slots__":
                found.append(f"{path.name}:{node.lineno} .{node.attr}")
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in PRIVATE_PTB:
            found.append(f"{path.name}:{node.lineno} def {node.name}")
    return found


def test_the_channel_and_the_root_use_no_private_part_of_ptb() -> None:
    files = sorted((ROOT / "bot").rglob("*.py")) + sorted((ROOT / "app").rglob("*.py"))
    assert [f for path in files for f in private_ptb_names(path)] == []


async def test_an_update_the_library_cannot_read_holds_up_no_other(tmp_path: Path) -> None:
    """A shape of update too new for the library is logged by id and left; the message
    fetched with it is still answered, and neither stays waiting in the inbox."""
    db_path = tmp_path / "dialoogbot.db"
    async with World(db_path, clock=daytime()) as world:
        sanne = world.person("Sanne")
        await sanne.send("/start")
        # A member update whose old state lacks a field the library requires.
        bot = {"id": 1, "is_bot": True, "first_name": "Dialoogbot"}
        unreadable = world.standin.push_update(
            {
                "my_chat_member": {
                    "chat": {"id": sanne.id, "type": "private", "first_name": "Sanne"},
                    "from": {"id": sanne.id, "is_bot": False, "first_name": "Sanne"},
                    "date": 1,
                    "old_chat_member": {"status": "kicked", "user": bot},
                    "new_chat_member": {"status": "member", "user": bot},
                }
            }
        )
        await sanne.send("/help")
        assert sanne.last.text.startswith("Waar ben je nu?")
    assert rows(db_path, "SELECT update_id FROM inbox WHERE handled_at IS NULL") == []
    kept = "SELECT payload FROM inbox WHERE update_id = ?"
    assert rows(db_path, kept, (unreadable,))[0]["payload"] is None
