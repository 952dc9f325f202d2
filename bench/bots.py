"""The two bots of benchmark (a), each run as a process of its own:

    python -m bench.bots echo   # a bare PTB application that echoes each text
    python -m bench.bots ours   # Dialoogbot without Telegram's 30 a second pacing

Both read TELEGRAM_BOT_TOKEN and TELEGRAM_API_BASE_URL; Dialoogbot also DIALOOGBOT_DB.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from typing import Any

from telegram import ReplyParameters, Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot import logs, runner
from bot.app import build_application
from bot.config import Settings
from flows.pii import PersonalDetailsGuard


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text is not None:
        await context.bot.send_message(
            message.chat_id, message.text, reply_parameters=ReplyParameters(message.message_id)
        )


def echo_bot() -> Application[Any, Any, Any, Any, Any, Any]:
    app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


def dialoogbot() -> Application[Any, Any, Any, Any, Any, Any]:
    # The structured personal-details checks run; deduce is measured on its own.
    return build_application(Settings.from_env(), guard=PersonalDetailsGuard(), paced=False)


async def serve(which: str) -> None:
    logs.configure("WARNING")
    app = echo_bot() if which == "echo" else dialoogbot()
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    await runner.start(app)
    await stopping.wait()
    await runner.stop(app)


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1]))
