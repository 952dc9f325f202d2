"""Thousands of random and odd updates into the running bot: it never fails, the data holds."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from structlog.testing import capture_logs

from bot import callback_data as cb
from flows import retention
from reports.labels import COMMANDS
from sandbox import scenario
from sandbox.world import ADMIN_ID, World
from tests.conftest import daytime
from tests.invariants import broken_invariants

GROUP, CHANNEL = -1001, -1002
PEOPLE = [4001, 4002, 4003, 4004, 4005, ADMIN_ID]
JOINED = frozenset(PEOPLE[:3])  # they join first; the others only ever look around

texts = st.one_of(
    st.text(max_size=300),
    st.text(min_size=4000, max_size=4096, alphabet="abc de\n"),
    st.sampled_from(["", " ", "\n", "שלום עליכם", "مرحبا بالعالم", "😀" * 50, "<b>&amp;", "/"]),
    st.builds(
        lambda name, arg: f"/{name} {arg}".strip(),
        st.sampled_from(sorted({*COMMANDS, *COMMANDS.values(), "onbekend"})),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", max_size=30),
    ),
)
prefixes = [v for k, v in vars(cb).items() if k.isupper() and isinstance(v, str) and "." in v]
button_data = st.one_of(
    st.builds(
        lambda prefix, row, extra: f"{prefix}:{row}" + (f":{extra}" if extra else ""),
        st.sampled_from(prefixes),
        st.integers(min_value=0, max_value=50),
        st.sampled_from(["", "0", "1", "2w", "what", "parent", "9999", "9" * 30, "²"]),
    ),
    st.text(min_size=1, max_size=20),
)
user = st.fixed_dictionaries(
    {"id": st.sampled_from(PEOPLE), "first_name": st.text(min_size=1, max_size=12)},
    optional={
        "username": st.text(alphabet="abcdefgh_", min_size=5, max_size=10),
        "language_code": st.sampled_from(["nl", "en", "fy", "en-GB", ""]),
    },
)


@st.composite
def updates(draw: st.DrawFn) -> dict[str, Any]:
    who = {**draw(user), "is_bot": False}
    chat = {"id": who["id"], "type": "private", "first_name": who["first_name"]}
    message = {"message_id": draw(st.integers(1, 10**6)), "date": 1_795_000_000, "chat": chat,
               "from": who}  # fmt: skip
    kind = draw(st.sampled_from(
        ["text", "text", "text", "edited", "media", "group", "channel", "button", "member",
         "unknown", "empty"]
    ))  # fmt: skip
    if kind == "text":
        text = draw(texts)
        message["text"] = text or "."
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]  # fmt: skip
        return {"message": message}
    if kind == "edited":
        return {"edited_message": {**message, "text": draw(texts) or ".", "edit_date": 1}}
    if kind == "media":
        media = draw(st.sampled_from(["voice", "sticker", "photo", "document", "location"]))
        file = {"file_id": "x", "file_unique_id": "y"}
        return {"message": {**message, **{
            "voice": {"voice": {**file, "duration": 1}},
            "sticker": {"sticker": {**file, "type": "regular", "width": 1, "height": 1,
                                    "is_animated": False, "is_video": False}},
            "photo": {"photo": [{**file, "width": 1, "height": 1}]},
            "document": {"document": file},
            "location": {"location": {"latitude": 52.0, "longitude": 5.9}},
        }[media]}}  # fmt: skip
    if kind == "group":
        return {"message": {**message, "chat": {"id": GROUP, "type": "group", "title": "G"},
                            "text": draw(texts) or "."}}  # fmt: skip
    if kind == "channel":
        return {
            "channel_post": {
                "message_id": 1,
                "date": 1,
                "text": "x",
                "chat": {"id": CHANNEL, "type": "channel", "title": "C"},
            }
        }
    if kind == "button":
        old = {"message_id": 1, "date": 0, "chat": chat}  # an old, inaccessible message
        return {"callback_query": {"id": secrets.token_hex(4), "from": who,
                                   "chat_instance": "1", "message": old,
                                   "data": draw(button_data)}}  # fmt: skip
    if kind == "member":
        status = draw(st.sampled_from(["kicked", "member", "left"]))
        # Rarely a group: the bot says goodbye there, within Telegram's 20 a minute per group.
        group = {"id": GROUP, "type": "group", "title": "G"}
        where = group if draw(st.integers(0, 30)) == 0 else chat
        bot = {"id": 7000000001, "is_bot": True, "first_name": "Dialoogbot"}
        new = {"status": status, "user": bot}
        if status == "kicked":
            new["until_date"] = 0
        return {
            "my_chat_member": {
                "chat": where,
                "from": who,
                "date": 1,
                "old_chat_member": {"status": "left", "user": bot},
                "new_chat_member": new,
            }
        }
    if kind == "unknown":
        return {"some_future_update": {"anything": draw(st.text(max_size=10))}}
    return {"message": {**message}}  # a message with nothing in it


async def test_random_updates_never_break_the_bot(tmp_path: Path) -> None:
    async with World(tmp_path / "fuzz.db", clock=daytime()) as world:
        standin = world.standin
        for person_id in PEOPLE:
            standin.add_user(person_id, "Fuzz")
            standin.users[person_id].started = True
        standin.add_group(GROUP)
        standin.add_group(CHANNEL)
        facilitator = world.admin()
        links = await scenario.create_session(facilitator)
        for person_id in sorted(JOINED):
            person = world.person("Deelnemer", user_id=person_id)
            await scenario.join(person, links.participant["parent"])
        await facilitator.send("/open")
        handled = 0
        loop = asyncio.get_running_loop()

        @settings(
            max_examples=150,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        )
        @given(st.lists(updates(), min_size=12, max_size=25))
        def feed(batch: list[dict[str, Any]]) -> None:
            nonlocal handled

            async def run() -> None:
                for update in batch:
                    standin.push_update(update)
                await world.settle()

            with capture_logs() as events:
                asyncio.run_coroutine_threadsafe(run(), loop).result(timeout=120)
            failures = [e for e in events if e.get("log_level") == "error"]
            assert failures == []
            handled += len(batch)
            assert broken_invariants(world.db_path, {ADMIN_ID}, JOINED) == []

        await asyncio.to_thread(feed)
        assert handled >= 2000


async def test_someone_who_left_is_stored_only_until_the_purge(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne = world.person("Sanne", user_id=PEOPLE[0])
    await scenario.join(sanne, links.participant["parent"])
    await sanne.send("/stop")
    await sanne.press(next(label for label in sanne.last.labels if label.startswith("Bewaar")))
    # Kept without a role, so the bot can tell her she left (docs/privacy.md: two days) ...
    assert broken_invariants(world.db_path, {ADMIN_ID}) == ["person 2 is stored without any role"]
    assert broken_invariants(world.db_path, {ADMIN_ID}, JOINED) == []
    # ... and gone at the purge two days later, like anyone else without a role.
    world.clock.advance(dt.timedelta(days=2))
    purged = await retention.purge(world.services.db, world.clock, world.services.settings.terms)
    assert purged.people == 1
    assert broken_invariants(world.db_path, {ADMIN_ID}) == []
