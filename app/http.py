"""One HTTP server in the bot's event loop (uvicorn), for the web page and the webhook."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # SIGINT and SIGTERM belong to the bot (app/root.py serve): it stops the web
        # server in its turn, after taking no more updates in.
        yield


class HttpServer:
    """Serve an ASGI app on `host:port` beside the Telegram application; `await start()`
    returns once it listens (or raises why it could not)."""

    def __init__(self, app: ASGIApp, listen: str) -> None:
        host, _, port = listen.rpartition(":")
        config = uvicorn.Config(
            app,
            host=host or "127.0.0.1",
            port=int(port),
            lifespan="off",  # the composition root starts and stops everything itself
            log_level="warning",
            access_log=False,  # request lines hold personal links: never logged
        )
        self._server = _Server(config)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._server.serve(), name="http")
        while not self._server.started:
            if self._task.done():
                await self._task  # raises why it could not start
                raise OSError("the web server stopped before it listened")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        self._server.should_exit = True
        if self._task is not None:
            await self._task
            self._task = None
