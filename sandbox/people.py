"""Simulated people: they type, tap buttons and read what the bot showed them."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable

from sandbox.standin import ChatMessage, StandIn

Settle = Callable[[], Awaitable[None]]

# How long a person waits for the bot before a test calls it a failure.
WAIT_LIMIT = 15.0


class Person:
    """One person with Telegram on their phone, talking to the bot in a private chat."""

    def __init__(
        self,
        standin: StandIn,
        user_id: int,
        first_name: str,
        *,
        lang: str | None = "nl",
        settle: Settle | None = None,
    ) -> None:
        self.standin = standin
        self.id = user_id
        self.name = first_name
        self.state = standin.add_user(user_id, first_name, language_code=lang)
        self._settle = settle
        # (id of the last message in the chat at the time, label) for each tap
        self.taps: list[tuple[int, str]] = []

    async def settle(self) -> None:
        if self._settle is not None:
            await self._settle()

    async def send(self, text: str) -> None:
        """Type a text (or a /command) and wait until the bot has handled it."""
        self.standin.send_text(self.id, text)
        await self.settle()

    async def open_link(self, link: str) -> None:
        """Open a t.me deep link: Telegram sends `/start <payload>`."""
        payload = link.split("start=", 1)[1]
        await self.send(f"/start {payload}")

    async def press(self, label: str, message: ChatMessage | None = None) -> str | None:
        """Tap the newest button with this label (or part of it); return the toast, if any."""
        target = message or self._message_with(label)
        button = target.button(label)
        if button is None or button.callback_data is None:
            raise AssertionError(f"{self.name} sees no button {label!r} in: {target.labels}")
        answers = len(self.standin.chat(self.id).callback_answers)
        self.taps.append((max(self.standin.chat(self.id).messages), button.text))
        self.standin.press(self.id, target, button.callback_data)
        await self.settle()
        new = self.standin.chat(self.id).callback_answers[answers:]
        return new[-1]["text"] or None if new else None

    async def press_data(self, data: str, message: ChatMessage | None = None) -> str | None:
        """Send callback data no button carries (an old or tampered client); return the toast."""
        target = message or self.last
        answers = len(self.standin.chat(self.id).callback_answers)
        self.standin.forge_press(self.id, target, data)
        await self.settle()
        new = self.standin.chat(self.id).callback_answers[answers:]
        return new[-1]["text"] or None if new else None

    async def send_media(self, kind: str) -> None:
        """Send a voice note, photo, sticker or file instead of text."""
        file = {"file_id": "M" + secrets.token_hex(6), "file_unique_id": secrets.token_hex(4)}
        media = {
            "voice": {"voice": {**file, "duration": 3, "mime_type": "audio/ogg"}},
            "photo": {"photo": [{**file, "width": 90, "height": 90}]},
            "sticker": {
                "sticker": {**file, "type": "regular", "width": 512, "height": 512,
                            "is_animated": False, "is_video": False}
            },
            "document": {"document": {**file, "file_name": "notes.pdf"}},
        }[kind]  # fmt: skip
        self.standin.user_message(self.id, media)
        await self.settle()

    async def wait_for(self, fragment: str) -> ChatMessage:
        """Wait until a bot message containing `fragment` arrives (for bots run elsewhere)."""
        chat = self.standin.chat(self.id)

        def found() -> ChatMessage | None:
            return next((m for m in reversed(self.messages) if fragment in m.text), None)

        try:
            async with asyncio.timeout(WAIT_LIMIT), chat.changed:
                await chat.changed.wait_for(lambda: found() is not None)
        except TimeoutError:
            raise AssertionError(
                f"{self.name} never saw {fragment!r}; last: {self.texts[-1:]!r}"
            ) from None
        message = found()
        if message is None:
            raise AssertionError(f"{self.name} never saw {fragment!r}")
        return message

    @property
    def messages(self) -> list[ChatMessage]:
        """Everything the bot showed this person, as it looks now (edits applied)."""
        return self.standin.bot_messages(self.id)

    @property
    def last(self) -> ChatMessage:
        messages = self.messages
        if not messages:
            raise AssertionError(f"the bot never wrote to {self.name}")
        return messages[-1]

    @property
    def texts(self) -> list[str]:
        return [m.text for m in self.messages]

    def saw(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts)

    @property
    def toasts(self) -> list[str]:
        return [a["text"] for a in self.standin.chat(self.id).callback_answers if a["text"]]

    def _message_with(self, label: str) -> ChatMessage:
        for message in reversed(self.messages):
            if message.button(label) is not None:
                return message
        raise AssertionError(f"{self.name} sees no button {label!r}")

    def transcript(self) -> str:
        """What this person saw and did, readable."""
        lines = [f"── {self.name} ──"]
        chat = self.standin.chat(self.id)
        for message in chat.messages.values():
            if message.deleted:
                continue
            who = "bot" if message.from_bot else self.name
            body = message.text or (f"[{message.document.file_name}]" if message.document else "")
            if not message.from_bot and not body:
                body = (
                    "["
                    + next(
                        (k for k in ("voice", "photo", "sticker", "document") if k in message.raw),
                        "media",
                    )
                    + "]"
                )
            lines.append(f"{who}: " + body.replace("\n", "\n     "))
            if message.labels:
                lines.append("     " + "  ".join(f"[{label}]" for label in message.labels))
            for after, label in self.taps:
                if after == message.message_id:
                    lines.append(f"{self.name} tapped: [{label}]")
        return "\n".join(lines)
