"""A local Bot API stand-in on 127.0.0.1: the methods the bot uses, Telegram's rules, and
simulated people who send texts, commands and button presses.

It answers like Telegram does: 400 for bad markup or oversized texts, 403 for people who
never started the bot or blocked it, 429 with `retry_after` when a test asks for it or
when the optional flood limits are exceeded.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from sandbox import telegram_rules as rules
from sandbox.telegram_rules import ApiError, bad_request

BOT_ID = 7000000001
BOT_USERNAME = "DialoogbotSandboxBot"
JSON_FIELDS = {
    "reply_markup", "commands", "scope", "allowed_updates", "entities", "caption_entities",
    "link_preview_options", "reply_parameters",
}  # fmt: skip
SEND_METHODS = {"sendMessage", "sendDocument"}


@dataclass
class SimUserState:
    id: int
    first_name: str
    language_code: str | None = "nl"
    username: str | None = None
    last_name: str | None = None
    started: bool = False
    blocked: bool = False

    def as_user(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user


@dataclass
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass
class Document:
    file_id: str
    file_name: str
    mime_type: str
    content: bytes


@dataclass
class ChatMessage:
    """A message in a chat as the person sees it now (edits applied)."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    text: str = ""
    html: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    document: Document | None = None
    reply_to: int | None = None
    edits: int = 0
    deleted: bool = False
    raw: dict[str, Any] = field(default_factory=dict)

    def button(self, label: str) -> Button | None:
        for row in self.buttons:
            for button in row:
                if button.text == label:
                    return button
        for row in self.buttons:
            for button in row:
                if label.lower() in button.text.lower():
                    return button
        return None

    @property
    def labels(self) -> list[str]:
        return [b.text for row in self.buttons for b in row]


@dataclass
class Call:
    method: str
    chat_id: int | None
    status: int
    at: float


@dataclass
class Throttle:
    method: str | None
    chat_id: int | None
    retry_after: int
    times: int


class Chat:
    def __init__(
        self,
        chat_id: int,
        kind: str = "private",
        title: str | None = None,
        activity: asyncio.Condition | None = None,
    ) -> None:
        self.id = chat_id
        self.kind = kind
        self.title = title
        self.messages: dict[int, ChatMessage] = {}
        self.ids = itertools.count(1)
        self.changed = asyncio.Condition()
        self._activity = activity
        self.version = 0
        self.callback_answers: list[dict[str, Any]] = []
        self.bot_left = False

    def as_chat(self, user: SimUserState | None) -> dict[str, Any]:
        if self.kind == "private" and user is not None:
            return {"id": self.id, "type": "private", "first_name": user.first_name}
        return {"id": self.id, "type": self.kind, "title": self.title or "Group"}

    async def touch(self) -> None:
        async with self.changed:
            self.version += 1
            self.changed.notify_all()
        if self._activity is not None:
            async with self._activity:
                self._activity.notify_all()


class FloodLimits:
    """Telegram's flood limits: about 30 messages a second overall, about one a second per chat.

    Overall: at most `overall` sends in any one-second window. Per chat: a bucket of
    `chat_burst` sends that refills at `chat_rate` a second.
    """

    def __init__(self, overall: int = 30, chat_rate: float = 1.0, chat_burst: int = 3) -> None:
        self.overall = overall
        self.chat_rate = chat_rate
        self.chat_burst = chat_burst
        self._recent: deque[float] = deque()
        self._buckets: dict[int, tuple[float, float]] = {}

    def admit(self, chat_id: int, now: float) -> int | None:
        """Return None to admit a send, or the seconds to wait."""
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.overall:
            return 1
        tokens, last = self._buckets.get(chat_id, (float(self.chat_burst), now))
        tokens = min(float(self.chat_burst), tokens + (now - last) * self.chat_rate)
        if tokens < 1.0:
            self._buckets[chat_id] = (tokens, now)
            return max(1, round((1.0 - tokens) / self.chat_rate))
        self._buckets[chat_id] = (tokens - 1.0, now)
        self._recent.append(now)
        return None


class StandIn:
    """The Bot API stand-in: start it, point the bot's base URL at it, play people."""

    def __init__(
        self,
        token: str = "123456:SANDBOX",
        *,
        limits: FloodLimits | None = None,
        first_update_id: int = 1,
    ) -> None:
        self.token = token
        self.limits = limits
        self.users: dict[int, SimUserState] = {}
        self.chats: dict[int, Chat] = {}
        self.calls: list[Call] = []
        self._called: defaultdict[str, asyncio.Event] = defaultdict(asyncio.Event)
        self.throttles: list[Throttle] = []
        self.commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self.files: dict[str, Document] = {}
        self.webhook: dict[str, Any] | None = None
        self._updates: list[dict[str, Any]] = []
        self._history: dict[int, dict[str, Any]] = {}
        # Telegram's update ids keep rising across a bot's restarts.
        self._update_ids = itertools.count(first_update_id)
        self.last_update_id = 0
        self.confirmed_offset = 0
        self._new_update = asyncio.Event()
        self._confirmed = asyncio.Condition()
        self._activity = asyncio.Condition()
        self._open_queries: dict[str, int] = {}
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.port = 0
        self.on_call: Callable[[str, dict[str, Any]], None] | None = None
        # Called with every update people make, in the order they make them (for the demo's
        # time-ordered conversation).
        self.on_update: Callable[[dict[str, Any]], None] | None = None
        # Seconds Telegram takes to answer (it counts a message when it arrives): Telegram
        # answers in 50-250 ms, this machine in one.
        self.latency = 0.0

    # Running

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # Cancel a handler when its client goes away: a bot that stops mid long-poll
        # must not keep a request waiting here.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        if server is None or not server.sockets:
            raise RuntimeError("stand-in did not bind")
        self.port = server.sockets[0].getsockname()[1]
        return self.base_url

    async def stop(self) -> None:
        self._closing = True
        self._new_update.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """The value for TELEGRAM_API_BASE_URL: the token is appended to it."""
        return f"http://127.0.0.1:{self.port}/bot"

    # The simulated world

    def add_user(
        self,
        user_id: int,
        first_name: str,
        *,
        language_code: str | None = "nl",
        username: str | None = None,
    ) -> SimUserState:
        user = SimUserState(user_id, first_name, language_code, username)
        self.users[user_id] = user
        self.chats.setdefault(user_id, Chat(user_id, activity=self._activity))
        return user

    def add_group(self, chat_id: int, title: str = "Group") -> Chat:
        chat = Chat(chat_id, "group", title, activity=self._activity)
        self.chats[chat_id] = chat
        return chat

    def chat(self, chat_id: int) -> Chat:
        return self.chats[chat_id]

    def push_update(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        update = {"update_id": update_id, **update}
        posted = update.get("message") or update.get("channel_post")
        chat = self.chats.get((posted or {}).get("chat", {}).get("id"))
        if (
            posted is not None
            and chat is not None
            and posted.get("message_id") not in chat.messages
        ):
            # What people post exists in the chat, as on Telegram: the bot may reply to it.
            text = posted.get("text", "")
            chat.messages[posted["message_id"]] = ChatMessage(
                posted["message_id"], chat.id, False, posted.get("date", 0), text, text, raw=posted
            )
        member = update.get("my_chat_member")
        added = member is not None and member["new_chat_member"]["status"] in (
            "member", "administrator"
        )  # fmt: skip
        if added and member["chat"]["id"] in self.chats:
            # Being added to a group again lets the bot write there again.
            self.chats[member["chat"]["id"]].bot_left = False
        query = update.get("callback_query")
        if query is not None:
            # The bot must answer every button press once, as on Telegram.
            chat = (query.get("message") or {}).get("chat", {}).get("id", query["from"]["id"])
            self._open_queries[query["id"]] = chat
        self._updates.append(update)
        self._history[update_id] = update
        self.last_update_id = update_id
        if self.on_update is not None:
            self.on_update(update)
        self._new_update.set()
        if self.webhook:
            asyncio.get_running_loop().create_task(self._deliver_webhook(update))
        return update_id

    def user_message(self, user_id: int, extra: dict[str, Any], chat_id: int | None = None) -> int:
        """Let a person post something (text, photo, ...) in a chat; return the update id."""
        user = self.users[user_id]
        chat = self.chats[chat_id if chat_id is not None else user_id]
        if chat.kind == "private":
            # A Telegram client only lets someone write after tapping START.
            user.started = True
        message = {
            "message_id": next(chat.ids),
            "date": int(time.time()),
            "chat": chat.as_chat(user),
            "from": user.as_user(),
            **extra,
        }
        return self.push_update({"message": message})

    def send_text(self, user_id: int, text: str, chat_id: int | None = None) -> int:
        if rules.utf16_length(text) > rules.MESSAGE_LIMIT:
            raise ValueError("a Telegram client does not send texts over 4096 characters")
        extra: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            extra["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.user_message(user_id, extra, chat_id)

    def press(self, user_id: int, message: ChatMessage, callback_data: str) -> int:
        """Press a button of a bot message, as a person's client would."""
        if message.deleted:
            raise ValueError("cannot press a button on a deleted message")
        if callback_data not in {b.callback_data for row in message.buttons for b in row}:
            raise ValueError("that message has no such button")
        user = self.users[user_id]
        query_id = secrets.token_hex(8)
        chat = self.chats[message.chat_id]
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.as_user(),
                    "message": {**message.raw, "chat": chat.as_chat(user)},
                    "chat_instance": str(message.chat_id),
                    "data": callback_data,
                }
            }
        )

    def forge_press(self, user_id: int, message: ChatMessage, callback_data: str) -> int:
        """A tampered client: send callback data that no button carries."""
        user = self.users[user_id]
        query_id = secrets.token_hex(8)
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.as_user(),
                    "message": message.raw,
                    "chat_instance": str(message.chat_id),
                    "data": callback_data,
                }
            }
        )

    def redeliver(self, update_id: int) -> None:
        """Offer an update again, as Telegram does when a bot stopped before confirming it
        (or as a webhook retry does)."""
        update = self._history[update_id]
        self._updates.append(update)
        self._new_update.set()
        if self.webhook:
            asyncio.get_running_loop().create_task(self._deliver_webhook(update))

    def block(self, user_id: int) -> int:
        """The person blocks the bot; Telegram tells the bot with a my_chat_member update."""
        user = self.users[user_id]
        user.blocked = True
        return self.push_update(self._member_update(user, "member", "kicked"))

    def unblock(self, user_id: int) -> int:
        user = self.users[user_id]
        user.blocked = False
        return self.push_update(self._member_update(user, "kicked", "member"))

    def _member_update(self, user: SimUserState, old: str, new: str) -> dict[str, Any]:
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "Dialoogbot"}
        return {
            "my_chat_member": {
                "chat": self.chats[user.id].as_chat(user),
                "from": user.as_user(),
                "date": int(time.time()),
                "old_chat_member": _member(old, bot),
                "new_chat_member": _member(new, bot),
            }
        }

    def throttle(
        self,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        retry_after: int = 1,
        times: int = 1,
    ) -> None:
        """Answer the next `times` matching requests with 429 and `retry_after`."""
        self.throttles.append(Throttle(method, chat_id, retry_after, times))

    def count(self, method: str | None = None, *, status: int | None = None) -> int:
        return sum(
            1
            for c in self.calls
            if (method is None or c.method == method) and (status is None or c.status == status)
        )

    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        chat = self.chats.get(chat_id)
        if chat is None:
            return []
        return [m for m in chat.messages.values() if m.from_bot and not m.deleted]

    # The HTTP side

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        method = request.match_info["method"]
        try:
            params = await _params(request)
        except ValueError as exc:
            return _json(400, _error(bad_request(str(exc))))
        chat_id = _int_or_none(params.get("chat_id"))
        try:
            self._check_throttle(method, chat_id)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params)
        except ApiError as exc:
            self.calls.append(Call(method, chat_id, exc.code, time.monotonic()))
            self._called[method].set()
            return _json(exc.code, _error(exc))
        self.calls.append(Call(method, chat_id, 200, time.monotonic()))
        if self.latency and method != "getUpdates":
            await asyncio.sleep(self.latency)
        self._called[method].set()
        if self.on_call is not None:
            self.on_call(method, params)
        return _json(200, {"ok": True, "result": result})

    def _check_throttle(self, method: str, chat_id: int | None) -> None:
        for throttle in self.throttles:
            if throttle.times <= 0:
                continue
            if throttle.method not in (None, method):
                continue
            if throttle.chat_id not in (None, chat_id):
                continue
            throttle.times -= 1
            raise _too_many(throttle.retry_after)
        if self.limits is not None and method in SEND_METHODS and chat_id is not None:
            wait = self.limits.admit(chat_id, time.monotonic())
            if wait is not None:
                raise _too_many(wait)

    def _me(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Dialoogbot",
            "username": BOT_USERNAME,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return self._me()

    async def _api_logOut(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_close(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = None
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._updates.clear()
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url", ""))
        if not url:
            self.webhook = None
            return True
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad_request("secret token contains unallowed characters")
        self.webhook = {"url": url, "secret_token": secret}
        return True

    async def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        pending = sum(1 for u in self._updates if u["update_id"] >= self.confirmed_offset)
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": pending,
        }

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            await self._confirm(offset)
        deadline = time.monotonic() + timeout
        while True:
            ready = [u for u in self._updates if u["update_id"] >= offset][:limit]
            if ready or time.monotonic() >= deadline or self._closing:
                return ready
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), deadline - time.monotonic())
            except TimeoutError:
                return []

    async def _confirm(self, offset: int) -> None:
        """Everything before `offset` is confirmed, so gone for good."""
        async with self._confirmed:
            self.confirmed_offset = max(self.confirmed_offset, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._confirmed.notify_all()

    async def called(self, method: str) -> None:
        """Wait until the bot has called `method` at least once (answered or refused)."""
        await self._called[method].wait()

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Wait until `condition` holds; it is checked whenever the bot shows anyone anything."""
        async with self._activity:
            await self._activity.wait_for(condition)

    async def fetched(self) -> None:
        """Wait until the bot has fetched and confirmed every update pushed so far."""
        async with self._confirmed:
            await self._confirmed.wait_for(lambda: self.confirmed_offset > self.last_update_id)

    async def _api_leaveChat(self, params: dict[str, Any]) -> Any:
        chat = self.chats.get(_int_or_none(params.get("chat_id")) or 0)
        if chat is None or chat.kind == "private":
            raise bad_request("chat not found")
        chat.bot_left = True
        return True

    async def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._writable_chat(params)
        return True

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat, user = self._writable_chat(params)
        plain = rules.message_text(
            params.get("text"), params.get("parse_mode"), limit=rules.MESSAGE_LIMIT
        )
        buttons = _buttons(rules.inline_keyboard(params.get("reply_markup")))
        return await self._post(
            chat, user, params, text=plain, html=str(params["text"]), buttons=buttons
        )

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        chat, user = self._writable_chat(params)
        caption = rules.message_text(
            params.get("caption"),
            params.get("parse_mode"),
            limit=rules.CAPTION_LIMIT,
            empty_ok=True,
        )
        document = self._document(params)
        buttons = _buttons(rules.inline_keyboard(params.get("reply_markup")))
        return await self._post(
            chat, user, params, text=caption, html=str(params.get("caption") or ""),
            buttons=buttons, document=document,
        )  # fmt: skip

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        chat, _user = self._writable_chat(params)
        message = self._own_message(chat, params)
        plain = rules.message_text(
            params.get("text"), params.get("parse_mode"), limit=rules.MESSAGE_LIMIT
        )
        markup = params.get("reply_markup")
        buttons = _buttons(rules.inline_keyboard(markup))
        same_text = plain == message.text and str(params["text"]) == message.html
        if same_text and buttons == message.buttons:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are"
                " exactly the same as a current content and reply markup of the message"
            )
        message.text, message.html, message.buttons = plain, str(params["text"]), buttons
        message.edits += 1
        message.raw = {**message.raw, "text": plain, "edit_date": int(time.time())}
        if markup:
            message.raw["reply_markup"] = markup
        else:
            message.raw.pop("reply_markup", None)
        await chat.touch()
        return message.raw

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        chat, _user = self._writable_chat(params)
        message = self._own_message(chat, params)
        markup = params.get("reply_markup")
        buttons = _buttons(rules.inline_keyboard(markup))
        if buttons == message.buttons:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are"
                " exactly the same as a current content and reply markup of the message"
            )
        message.buttons = buttons
        message.edits += 1
        if markup:
            message.raw["reply_markup"] = markup
        else:
            message.raw.pop("reply_markup", None)
        await chat.touch()
        return message.raw

    async def _api_deleteMessage(self, params: dict[str, Any]) -> Any:
        chat, _ = self._writable_chat(params)
        message = chat.messages.get(_int_or_none(params.get("message_id")) or -1)
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        message.deleted = True
        await chat.touch()
        return True

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("callback_query_id", ""))
        chat_id = self._open_queries.pop(query_id, None)
        if chat_id is None:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = str(params.get("text") or "")
        if len(text) > rules.CALLBACK_ANSWER_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        chat = self.chats[chat_id]
        chat.callback_answers.append({"id": query_id, "text": text})
        await chat.touch()
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = rules.bot_commands(params.get("commands"))
        key = self._command_key(params)
        self.commands[key] = commands
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(self._command_key(params), [])

    async def _api_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands.pop(self._command_key(params), None)
        return True

    def _command_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if not isinstance(scope, dict) or "type" not in scope:
            raise bad_request("can't parse BotCommandScope")
        name = str(scope["type"])
        if name in ("chat", "chat_administrators", "chat_member"):
            chat_id = _int_or_none(scope.get("chat_id"))
            if chat_id not in self.chats:
                raise bad_request("chat not found")
            name = f"{name}:{chat_id}"
        language = str(params.get("language_code") or "")
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        return name, language

    def commands_for(self, chat_id: int, language_code: str | None) -> list[str]:
        """The command menu a person sees, resolved the way Telegram resolves scopes."""
        language = (language_code or "")[:2]
        for scope in (f"chat:{chat_id}", "all_private_chats", "default"):
            for lang in (language, ""):
                if (scope, lang) in self.commands:
                    return [c["command"] for c in self.commands[(scope, lang)]]
        return []

    # Helpers

    def _writable_chat(self, params: dict[str, Any]) -> tuple[Chat, SimUserState | None]:
        chat_id = _int_or_none(params.get("chat_id"))
        if chat_id is None:
            raise bad_request("chat_id is empty")
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        user = self.users.get(chat_id) if chat.kind == "private" else None
        if chat.bot_left:
            raise ApiError(403, "Forbidden: bot is not a member of the group chat")
        if chat.kind == "private":
            if user is None:
                raise bad_request("chat not found")
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if not user.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat, user

    def _own_message(self, chat: Chat, params: dict[str, Any]) -> ChatMessage:
        message = chat.messages.get(_int_or_none(params.get("message_id")) or -1)
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    def _document(self, params: dict[str, Any]) -> Document:
        value = params.get("document")
        if isinstance(value, Document):
            document = value
        elif isinstance(value, str) and value.startswith("attach://"):
            attached = params.get(value.removeprefix("attach://"))
            if not isinstance(attached, Document):
                raise bad_request("wrong file identifier/HTTP URL specified")
            document = attached
        elif isinstance(value, str) and value in self.files:
            return self.files[value]
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        self.files[document.file_id] = document
        return document

    async def _post(
        self,
        chat: Chat,
        user: SimUserState | None,
        params: dict[str, Any],
        *,
        text: str,
        html: str,
        buttons: list[list[Button]],
        document: Document | None = None,
    ) -> dict[str, Any]:
        reply_to = self._reply_to(chat, params)
        message_id = next(chat.ids)
        raw: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat.as_chat(user),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Dialoogbot",
                     "username": BOT_USERNAME},
        }  # fmt: skip
        if document is not None:
            raw["document"] = {
                "file_id": document.file_id,
                "file_unique_id": document.file_id[:16],
                "file_name": document.file_name,
                "mime_type": document.mime_type,
                "file_size": len(document.content),
            }
            if text:
                raw["caption"] = text
        else:
            raw["text"] = text
        if params.get("reply_markup"):
            raw["reply_markup"] = params["reply_markup"]
        if reply_to is not None:
            raw["reply_to_message"] = chat.messages[reply_to].raw
        chat.messages[message_id] = ChatMessage(
            message_id, chat.id, True, raw["date"], text, html, buttons, document, raw=raw,
            reply_to=reply_to,
        )  # fmt: skip
        await chat.touch()
        return raw

    def _reply_to(self, chat: Chat, params: dict[str, Any]) -> int | None:
        """The message a send replies to, checked as Telegram checks it."""
        reply = params.get("reply_parameters")
        if isinstance(reply, dict):
            message_id = _int_or_none(reply.get("message_id"))
            allow_missing = bool(reply.get("allow_sending_without_reply"))
        else:
            message_id = _int_or_none(params.get("reply_to_message_id"))
            allow_missing = str(params.get("allow_sending_without_reply", "")).lower() == "true"
        if message_id is None:
            return None
        if message_id in chat.messages and not chat.messages[message_id].deleted:
            return message_id
        if allow_missing:
            return None
        raise bad_request("message to be replied not found")

    async def _deliver_webhook(self, update: dict[str, Any]) -> None:
        """Post an update to the webhook like Telegram: retry until it answers 200."""
        hook = self.webhook
        if not hook:
            return
        headers = {}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
        for attempt in range(5):
            try:
                async with (
                    aiohttp.ClientSession() as client,
                    client.post(hook["url"], json=update, headers=headers) as response,
                ):
                    if response.status == 200:
                        await self._confirm(update["update_id"] + 1)
                        return
            except aiohttp.ClientError:
                # Not listening yet, or gone: Telegram keeps retrying too.
                await asyncio.sleep(0.2 * (attempt + 1))
                continue
            await asyncio.sleep(0.2 * (attempt + 1))


def _buttons(rows: list[list[dict[str, Any]]]) -> list[list[Button]]:
    return [
        [Button(str(b["text"]), b.get("callback_data"), b.get("url")) for b in row] for row in rows
    ]


async def _params(request: web.Request) -> dict[str, Any]:
    """Read parameters the way the Bot API does: query string, form, JSON or multipart."""
    params: dict[str, Any] = dict(request.query)
    content_type = request.content_type
    if content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)
        return params
    if content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            name = getattr(part, "name", None)
            if name is None:
                continue
            filename = getattr(part, "filename", None)
            data = await part.read()  # type: ignore[union-attr]
            if filename:
                params[name] = Document(
                    file_id="F" + secrets.token_hex(12),
                    file_name=filename,
                    mime_type=part.headers.get("Content-Type", "application/octet-stream"),
                    content=bytes(data),
                )
            else:
                params[name] = bytes(data).decode("utf-8")
    elif content_type == "application/x-www-form-urlencoded":
        params.update(await request.post())  # type: ignore[arg-type]
    for key in JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except json.JSONDecodeError as exc:
                raise ValueError(f"can't parse {key} JSON object") from exc
    return params


def _int_or_none(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _error(exc: ApiError) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
    if exc.retry_after is not None:
        body["parameters"] = {"retry_after": exc.retry_after}
    return body


def _too_many(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def _json(status: int, body: dict[str, Any]) -> web.Response:
    return web.json_response(body, status=status)


def _member(status: str, bot: dict[str, Any]) -> dict[str, Any]:
    """A ChatMember as Telegram writes it: a kicked one always has its until_date (0:
    for good), in the old state of an update as in the new."""
    return {"status": status, "user": bot, **({"until_date": 0} if status == "kicked" else {})}
