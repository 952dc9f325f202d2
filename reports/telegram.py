"""Telegram HTML: how long a text is to Telegram, and splitting it into messages that fit."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024

_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\n\n+|\n|[ \t]+|[^<&\s]+|.", re.DOTALL)
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*>")


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def shorten(text: str, units: int) -> str:
    """`text` in at most `units` as Telegram counts them (an emoji, or a letter in a fancy
    font, is two), cut at a word's end when one is near, with "…": a length in characters
    lets a text of emoji grow to twice the room it was given."""
    if utf16_length(text) <= units:
        return text
    kept: list[str] = []
    used = 0
    for character in text:
        used += utf16_length(character)
        if used > units - 1:
            break
        kept.append(character)
    cut = "".join(kept)
    space = cut.rfind(" ")
    if space >= len(cut) * 0.8:  # a word cut near its end reads worse than a shorter line
        cut = cut[:space]
    return cut.rstrip() + "…"


def plain_length(markup: str) -> int:
    """The length Telegram sees after parsing entities: tags removed, entities decoded."""
    return utf16_length(html.unescape(re.sub(r"<[^>]*>", "", markup)))


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    length: int
    # 0 = not a break; higher = better place to split (paragraph > line > space).
    rank: int
    tag: str | None = None
    closing: bool = False


def _tokens(markup: str) -> list[_Token]:
    tokens = []
    for piece in _TOKEN.findall(markup):
        tag = _TAG.fullmatch(piece)
        if tag:
            tokens.append(_Token(piece, 0, 0, tag.group(2).lower(), bool(tag.group(1))))
        elif piece.startswith("\n\n"):
            tokens.append(_Token(piece, utf16_length(piece), 3))
        elif piece == "\n":
            tokens.append(_Token(piece, 1, 2))
        elif piece.isspace():
            tokens.append(_Token(piece, utf16_length(piece), 1))
        else:
            tokens.extend(_word_tokens(piece))
    return tokens


def _word_tokens(piece: str) -> list[_Token]:
    if piece.startswith("&"):
        return [_Token(piece, utf16_length(html.unescape(piece)), 0)]
    # Long words are split per character so that even a 5,000-letter word fits.
    if len(piece) > 64:
        return [_Token(ch, utf16_length(ch), 0) for ch in piece]
    return [_Token(piece, utf16_length(piece), 0)]


def split_message(markup: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split Telegram HTML into parts of at most `limit`, preferring paragraph breaks.

    Tags open at a split are closed at the end of one part and opened again at the
    start of the next, so every part is valid HTML on its own.
    """
    markup = markup.strip()
    if plain_length(markup) <= limit:
        return [markup] if markup else []
    tokens = _tokens(markup)
    parts: list[str] = []
    start, open_tags = 0, []  # open_tags: opening-tag texts at `start`
    while start < len(tokens):
        end, cut_tags = _cut(tokens, start, open_tags, limit)
        body = "".join(t.text for t in tokens[start:end])
        closing = "".join(f"</{_name(tag)}>" for tag in reversed(cut_tags))
        part = ("".join(open_tags) + body).strip() + closing
        if plain_length(part):
            parts.append(part)
        start = end
        # The break token itself (a space or newline) is not carried over.
        while start < len(tokens) and tokens[start].rank > 0:
            start += 1
        open_tags = cut_tags
    return parts


def _cut(
    tokens: list[_Token], start: int, open_tags: list[str], limit: int
) -> tuple[int, list[str]]:
    """Find where the part starting at `start` ends, and the tags open there.

    The best break is the last paragraph break in the second half of the part, else
    the last line break there, else the last space; only then a cut inside a word.
    """
    stack = list(open_tags)
    length = 0
    last: dict[int, tuple[int, int, list[str]]] = {}  # rank -> (index, length, stack)
    index = start
    while index < len(tokens):
        token = tokens[index]
        if token.tag is not None:
            if token.closing:
                if stack:
                    stack.pop()
            else:
                stack.append(token.text)
            index += 1
            continue
        if length + token.length > limit:
            break
        if token.rank and index > start:
            last[token.rank] = (index, length, list(stack))
        length += token.length
        index += 1
    else:
        return len(tokens), stack
    for rank in (3, 2, 1):
        if rank in last and last[rank][1] >= limit // 2:
            return last[rank][0], last[rank][2]
    for rank in (3, 2, 1):
        if rank in last:
            return last[rank][0], last[rank][2]
    return max(index, start + 1), stack


def _name(opening_tag: str) -> str:
    match = _TAG.fullmatch(opening_tag)
    return match.group(2) if match else "b"
