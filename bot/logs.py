"""Structured logs: one JSON line per event, with ids and counts, never people's words."""

from __future__ import annotations

import logging
import sys
from typing import Any, TextIO

import structlog


def _frames_only(exc_info: structlog.typing.ExcInfo) -> list[dict[str, Any]]:
    """An exception as its types and frames: no local variables, no messages.

    Both can hold what a handler was working on — words, names, ids: structlog's
    `dict_tracebacks` shows every frame's locals, and `int("Daan")` says "Daan".
    """
    stack = structlog.tracebacks.ExceptionDictTransformer(show_locals=False)(exc_info)
    return [
        {"exc_type": e["exc_type"], "is_cause": e["is_cause"], "frames": e["frames"]}
        for e in stack
    ]


_TRACEBACKS = structlog.processors.ExceptionRenderer(_frames_only)

_SHARED: list[structlog.types.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.processors.add_log_level,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def configure(level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send our events and the libraries' records to `stream` as JSON lines."""
    stream = stream or sys.stderr
    structlog.configure(
        processors=[
            *_SHARED,
            _TRACEBACKS,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(stream),
        cache_logger_on_first_use=False,
    )
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                _TRACEBACKS,
                structlog.processors.JSONRenderer(),
            ],
            foreign_pre_chain=_SHARED,
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level)
    # httpx logs each request URL, and Bot API URLs hold the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # WeasyPrint narrates every step of every PDF.
    for chatty in ("weasyprint", "fontTools"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    # These log whole updates or SQL parameters (people's words) at DEBUG: never below INFO.
    floor = max(logging.INFO, logging.getLevelName(level))
    for wordy in ("telegram", "aiosqlite", "asyncio", "hpack", "httpcore"):
        logging.getLogger(wordy).setLevel(floor)
