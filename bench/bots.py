"""The two bots of benchmark (a), each run as a process of its own:

    python -m bench.bots echo   # a bare PTB application that echoes each text
    python -m bench.bots echo-buttons   # the same, its reply with three buttons like our receipt
    python -m bench.bots ours   # Dialoogbot without Telegram's 30 a second pacing
    python -m bench.bots ours-deduce   # the same with deduce loaded in its worker, as it runs for real
    python -m bench.bots paced  # Dialoogbot as it runs for real, paced

Both read TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL; Dialoogbot also DIALOOGBOT_DB.
With BENCH_RENDER_SESSION set, Dialoogbot makes that session's PDF report over and over,
the way delivery makes it, from SIGUSR1 until SIGUSR2. With BENCH_ENCODE_ROUND set, it
encodes rounds of that many answers for theme suggestions instead.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from app.root import Dialoogbot
from bench.themes import encode_on_signal
from bot import logs
from bot.config import Settings
from bot.inbox import POLL_TIMEOUT
from bot.personal_details import new_guard, start_loading
from flows import summary as summary_flow
from flows.pii import PersonalDetailsGuard


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await context.bot.send_message(
            message.chat_id, message.text, reply_parameters=ReplyParameters(message.message_id)
        )


async def echo_with_buttons(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        buttons = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton("✏️ Wijzigen", callback_data=f"ae:{message.message_id}"),
                    InlineKeyboardButton(
                        "🗑 Verwijderen", callback_data=f"ad:{message.message_id}"
                    ),
                ],
                [InlineKeyboardButton("📋 Mijn antwoorden", callback_data="al")],
            ]
        )
        await context.bot.send_message(
            message.chat_id,
            message.text,
            reply_parameters=ReplyParameters(message.message_id),
            reply_markup=buttons,
        )


def echo_bot(buttons: bool = False) -> Application[Any, Any, Any, Any, Any, Any]:
    app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo_with_buttons if buttons else echo))
    return app


async def dialoogbot(paced: bool, deduce: bool = False) -> Dialoogbot:
    """`deduce`: the guard as the bot runs it, its worker process ready before the bot
    starts (the production setting, once loaded); otherwise the structured checks only."""
    guard = PersonalDetailsGuard()
    if deduce:
        guard = new_guard()
        start_loading(guard)
        if not await guard.wait_ready():
            raise SystemExit("deduce could not be loaded")
    return Dialoogbot(Settings.from_env(), guard=guard, paced=paced)


def render_on_signal(app: Application[Any, Any, Any, Any, Any, Any], session_id: int) -> None:
    """From SIGUSR1 to SIGUSR2, keep making the session's PDF report, as delivery does."""
    tasks: list[asyncio.Task[None]] = []

    async def keep_rendering() -> None:
        services = app.bot_data["services"]
        summary = await summary_flow.preview(services.db, services.clock, session_id)
        while True:
            await services.pdfs.render(summary, "nl")

    def stop() -> None:
        for task in tasks:
            task.cancel()

    loop = asyncio.get_running_loop()
    loop.add_signal_handler(
        signal.SIGUSR1, lambda: tasks.append(asyncio.create_task(keep_rendering()))
    )
    loop.add_signal_handler(signal.SIGUSR2, stop)


async def serve(which: str) -> None:
    logs.configure("WARNING")
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    if which in ("ours", "ours-deduce", "paced"):
        bot = await dialoogbot(paced=which == "paced", deduce=which == "ours-deduce")
        if os.environ.get("BENCH_RENDER_SESSION"):
            render_on_signal(bot.telegram, int(os.environ["BENCH_RENDER_SESSION"]))
        await bot.start()
        if os.environ.get("BENCH_ENCODE_ROUND"):
            encode_on_signal(bot.telegram, int(os.environ["BENCH_ENCODE_ROUND"]))
        await stopping.wait()
        await bot.stop()
        return
    # The echo bot polls the way PTB does it by itself, with its own updater.
    app = echo_bot(buttons=which == "echo-buttons")
    async with app:
        await app.start()
        if app.updater is None:
            raise RuntimeError("the echo bot is built with PTB's updater")
        await app.updater.start_polling(
            poll_interval=0, timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
        )
        await stopping.wait()
        await app.updater.stop()
        await app.stop()


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1]))
