"""Sending an HTML message through PTB's public `do_api_request`, without a `Message`.

`bot.send_message` makes Telegram's answer into a `Message` (with the quoted message
and the buttons inside), and its parameters (buttons, reply, link preview) into JSON
through PTB's generic `to_dict`. Measured with PTB 22.8 (min of 5 × 20,000 calls, on
the 2-core machine of the benchmarks), for a receipt that quotes the person's message
and carries three buttons: `Message.de_json` 1.2 ms, the parameters as PTB objects
0.24 ms against 0.07 ms as plain dicts. An answer costs the whole bot about 5 ms of CPU
in benchmark (a), so `send_message` would add a quarter, and no reply of ours reads the
Message. So replies go through `do_api_request(..., return_type=None)`, which returns
Telegram's dict as it came, with the parameters as the plain dicts PTB would make.
"""

from __future__ import annotations

import warnings
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.warnings import PTBUserWarning

from bot import keyboards

# Our replies never show a preview of a link in them (also set as the bot's Defaults,
# which do_api_request does not apply).
NO_LINK_PREVIEW: dict[str, Any] = {"is_disabled": True}
LINK_PREVIEW_OPTIONS = LinkPreviewOptions(**NO_LINK_PREVIEW)

# do_api_request warns on every call of an endpoint that has its own method: we call it
# for sendMessage on purpose (see above).
warnings.filterwarnings(
    "ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning
)


async def send_html(
    bot: Bot,
    chat_id: int,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    reply_to: int | None = None,
) -> dict[str, Any]:
    """Send an HTML message; return Telegram's answer as it came (a dict)."""
    reply = None
    if reply_to is not None:
        reply = {"message_id": reply_to, "allow_sending_without_reply": True}
    sent: dict[str, Any] = await bot.do_api_request(
        "sendMessage",
        api_kwargs={
            "chat_id": chat_id,
            "text": text,
            "parse_mode": ParseMode.HTML,
            "reply_markup": keyboards.as_dict(keyboard) if keyboard is not None else None,
            "reply_parameters": reply,
            "link_preview_options": NO_LINK_PREVIEW,
        },
        return_type=None,
    )
    return sent
