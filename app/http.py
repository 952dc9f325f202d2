"""One HTTP server in the bot's event loop (uvicorn), for the web page and the webhook."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Iterator

import uvicorn
from starlette.types import ASGIApp


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # SIGINT and SIGTERM belong to the bot (app/root.py serve): it stops the web
        # server in its turn, after taking no more updates in.
        yield


class CannotListen(OSError):
    """The address is taken or not ours to listen on: the message says which."""


class HttpServer:
    """Serve an ASGI app on `host:port` beside the Telegram application; `await start()`
    returns once it listens (or raises CannotListen)."""

    def __init__(self, app: ASGIApp, listen: str) -> None:
        host, _, port = listen.rpartition(":")
        self._host, self._port = host.strip("[]") or "127.0.0.1", int(port)
        self._socket: socket.socket | None = None
        config = uvicorn.Config(
            app,
            host=self._host,
            port=self._port,
            lifespan="off",  # the composition root starts and stops everything itself
            log_level="warning",
            access_log=False,  # request lines hold personal links: never logged
        )
        self._server = _Server(config)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        # Bound here, not by uvicorn: it would exit the whole process on a taken port.
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        try:
            self._socket = socket.create_server((self._host, self._port), family=family)
        except OSError as error:
            raise CannotListen(
                error.errno, f"cannot listen on {self._host}:{self._port}: {error.strerror}"
            ) from None
        self._task = asyncio.create_task(self._server.serve([self._socket]), name="http")
        while not self._server.started:
            if self._task.done():
                await self._task  # raises why it could not start
                raise CannotListen(0, "the web server stopped before it listened")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        self._server.should_exit = True
        if self._task is not None:
            await self._task
            self._task = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None
