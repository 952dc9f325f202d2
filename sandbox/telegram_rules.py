"""Telegram's rules for what a bot may send, checked the way the Bot API checks them."""

from __future__ import annotations

import html
import re
from typing import Any

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
KEYBOARD_BUTTON_LIMIT = 100  # buttons on one inline keyboard
ROW_BUTTON_LIMIT = 8  # buttons in one row of it
CALLBACK_ANSWER_LIMIT = 200
DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
COMMAND = re.compile(r"[a-z0-9_]{1,32}")

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
    "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji",
}  # fmt: skip
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*)\s*(/?)>"
)
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


class ApiError(Exception):
    """An answer other than ok: the HTTP status and Telegram's description."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """Return the plain text of Telegram HTML, or raise as Telegram does on bad markup."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "<":
            match = _TAG.match(text, i)
            if match is None:
                raise _entities_error(
                    f'Unexpected character "<" at byte offset {_offset(text, i)}'
                )
            closing, name, attrs, self_closing = match.groups()
            name = name.lower()
            if name not in ALLOWED_TAGS:
                kind = "end" if closing else "start"
                raise _entities_error(
                    f'Unsupported {kind} tag "{name}" at byte offset {_offset(text, i)}'
                )
            if self_closing:
                raise _entities_error(f'Unsupported self-closing tag "{name}"')
            if closing:
                if not stack or stack[-1] != name:
                    raise _entities_error(
                        f"Unmatched end tag at byte offset {_offset(text, i)},"
                        f' expected "</{stack[-1]}>", found "</{name}>"'
                        if stack
                        else f"Unexpected end tag at byte offset {_offset(text, i)}"
                    )
                stack.pop()
            else:
                _check_attributes(name, attrs)
                stack.append(name)
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(text, i)
            if match is None:
                raise _entities_error(
                    f'Character "&" at byte offset {_offset(text, i)} must be escaped as &amp;'
                )
            body = match.group(1)
            if body.startswith("#"):
                try:
                    out.append(html.unescape(match.group(0)))
                except (ValueError, OverflowError) as exc:
                    raise _entities_error(f"Invalid numeric entity {match.group(0)}") from exc
            elif body in NAMED_ENTITIES:
                out.append(NAMED_ENTITIES[body])
            else:
                raise _entities_error(
                    f'Unsupported HTML entity "&{body};" at byte offset {_offset(text, i)}'
                )
            i = match.end()
        elif char == ">":
            raise _entities_error(
                f'Character ">" at byte offset {_offset(text, i)} must be escaped as &gt;'
            )
        else:
            out.append(char)
            i += 1
    if stack:
        raise _entities_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def _check_attributes(name: str, attrs: str) -> None:
    found = {m.group(1).lower(): (m.group(2) or "").strip("\"'") for m in _ATTR.finditer(attrs)}
    if name == "span" and found.get("class") != "tg-spoiler":
        raise _entities_error('Tag "span" must have class "tg-spoiler"')
    if name == "a" and not found.get("href"):
        raise _entities_error('Tag "a" must have attribute "href"')
    if name == "tg-emoji" and not found.get("emoji-id"):
        raise _entities_error('Tag "tg-emoji" must have attribute "emoji-id"')


def _offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _entities_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


def message_text(text: Any, parse_mode: Any, *, limit: int, empty_ok: bool = False) -> str:
    """Check a message text or caption; return its plain text after entity parsing."""
    raw = "" if text is None else str(text)
    plain = parse_html(raw) if str(parse_mode or "").upper() == "HTML" else raw
    if not plain.strip() and not empty_ok:
        raise bad_request("message text is empty")
    if utf16_length(plain) > limit:
        raise bad_request(
            "message is too long" if limit == MESSAGE_LIMIT else "message caption is too long"
        )
    check_deep_links(plain)
    return plain


def check_deep_links(text: str) -> None:
    """Deep-link payloads: at most 64 characters of A-Z a-z 0-9 _ - (else Telegram drops them)."""
    for match in re.finditer(r"t\.me/\w+\?start(?:group)?=([^\s&]*)", text):
        if not DEEP_LINK_PAYLOAD.fullmatch(match.group(1)):
            raise bad_request("deep link payload is invalid")


def inline_keyboard(markup: Any) -> list[list[dict[str, Any]]]:
    """Check an inline keyboard; return its rows of buttons."""
    if markup is None:
        return []
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return []  # reply keyboards and removals: nothing to press in this stand-in
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
        )
    if sum(len(row) for row in rows) > KEYBOARD_BUTTON_LIMIT:
        raise bad_request("reply markup is too long")
    if any(len(row) > ROW_BUTTON_LIMIT for row in rows):
        raise bad_request("BUTTON_ROWS_TOO_MUCH")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                raise bad_request("BUTTON_TEXT_INVALID")
            kinds = [
                k for k in ("callback_data", "url", "switch_inline_query", "pay") if k in button
            ]
            if len(kinds) != 1:
                raise bad_request("BUTTON_TYPE_INVALID")
            if "callback_data" in button:
                size = len(str(button["callback_data"]).encode("utf-8"))
                if not 1 <= size <= CALLBACK_DATA_LIMIT:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button:
                _check_url(str(button["url"]))
    return rows


def _check_url(url: str) -> None:
    if not re.match(r"(https?|tg)://", url):
        raise bad_request("BUTTON_URL_INVALID")
    check_deep_links(url)


def bot_commands(commands: Any) -> list[dict[str, str]]:
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be an array of at most 100 BotCommand")
    for command in commands:
        if not COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    return commands
