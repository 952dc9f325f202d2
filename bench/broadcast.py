"""(b) Opening a round for 1,000 participants, with the stand-in enforcing Telegram's limits.

The stand-in refuses (429) a 31st send within any second and a chat's sends beyond one a
second; the floor is 1,000 messages at 30 a second. The bot runs as `dialoogbot run`
does (paced), in its own process.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.launch import bot_process, meet
from bench.measure import line
from bench.seed import seed
from sandbox.standin import FloodLimits, StandIn
from sandbox.world import ADMIN_ID

PARTICIPANTS = 1000
TELEGRAM_RATE = 30  # messages a second, overall


async def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        db_path = Path(scratch) / "broadcast.db"
        seeded = await seed(db_path, PARTICIPANTS)
        users = seeded.participant_ids
        standin = StandIn(limits=FloodLimits())
        await standin.start()
        meet(standin, users)
        try:
            async with bot_process("paced", standin, db_path):
                # Polling starts right after this call: the bot is up.
                await standin.called("deleteWebhook")
                start = time.perf_counter()
                standin.send_text(ADMIN_ID, "/open")
                async with asyncio.timeout(PARTICIPANTS / TELEGRAM_RATE * 3):
                    await standin.wait_until(lambda: all(standin.bot_messages(u) for u in users))
                elapsed = time.perf_counter() - start
        finally:
            await standin.stop()
    floor = PARTICIPANTS / TELEGRAM_RATE
    refused = sum(1 for call in standin.calls if call.status == 429)
    twice = sum(1 for u in users if len(standin.bot_messages(u)) != 1)
    print(f"(b) opening a round for {PARTICIPANTS} participants, Telegram's limits enforced")
    line(f"floor: {PARTICIPANTS} messages at {TELEGRAM_RATE} a second", f"{floor:7.1f} s")
    line("Dialoogbot, from /open to the last question", f"{elapsed:7.1f} s")
    line("ratio to the floor (target <= 1.05)", f"{elapsed / floor:7.3f}")
    line("429 answers (target 0)", f"{refused:7d}")
    line("participants without exactly one question", f"{twice:7d}")
    return {"ratio": elapsed / floor, "refused": refused}
