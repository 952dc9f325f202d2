"""The Docker image runs with the web page on: its settings, its port, its health check, and
the locked dependencies it installs. No Docker daemon is needed: the Dockerfile's own lines
are read and run here."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import sys
import tomllib
from pathlib import Path

from bot.config import Settings
from sandbox.world import World

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions, (KEYWORD, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    found = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            found.append((keyword.upper(), rest.strip()))
    return found


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for keyword, rest in instructions():
        if keyword == "ENV":
            env.update(part.split("=", 1) for part in shlex.split(rest))
    return env


def health_command() -> list[str]:
    (rest,) = [rest for keyword, rest in instructions() if keyword == "HEALTHCHECK"]
    command: list[str] = json.loads(rest.split(" CMD ", 1)[1])
    return command


async def health_status(command: list[str], listen: str) -> int:
    """Run the image's health check here, with this Python, as Docker would in the container."""
    program = [sys.executable if command[0] == "python" else command[0], *command[1:]]
    process = await asyncio.create_subprocess_exec(
        *program,
        env={"DIALOOGBOT_WEB_LISTEN": listen},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    return await process.wait()


def test_the_image_turns_the_web_page_on_and_publishes_its_port() -> None:
    env = image_env()
    settings = Settings.from_env({**env, "TELEGRAM_BOT_TOKEN": "1:x"})
    assert settings.web_url == "http://localhost:8080"
    assert settings.web_listen == "0.0.0.0:8080"
    exposed = [rest for keyword, rest in instructions() if keyword == "EXPOSE"]
    assert exposed == [settings.web_listen.rpartition(":")[2]]


async def test_the_images_health_check_asks_the_running_bot(web_world: World) -> None:
    command = health_command()
    assert "/healthz" in " ".join(command)
    listen = f"127.0.0.1:{web_world.web_port}"
    assert await health_status(command, listen) == 0
    await web_world.services.delivery.stop()
    assert await health_status(command, listen) != 0, "delivery stopped: unhealthy"
    await web_world.stop_bot()
    assert await health_status(command, listen) != 0, "nothing listens: unhealthy"


def _name(requirement: str) -> str:
    """A requirement's project name, normalised as pip does (PEP 503)."""
    bare = re.split(r"[\s\[<>=!~;]", requirement.strip(), maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", bare).lower()


def test_every_dependency_is_locked_with_its_hashes() -> None:
    """The image installs requirements.lock with --no-deps --require-hashes: a dependency
    added to pyproject.toml but not locked would be missing in the image."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {_name(r) for r in project["project"]["dependencies"]}
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {
        _name(m.group(1)): m.group(2)
        for m in re.finditer(
            r"^([A-Za-z0-9_.-]+)==\S+ \\\n((?:\s+--hash=sha256:\w+.*\n?)+)", lock, re.M
        )
    }
    assert wanted - set(pinned) == set()
    assert all("--hash=sha256:" in hashes for hashes in pinned.values())
    assert {"asgi-csrf", "python-multipart", "sse-starlette", "segno"} <= set(pinned)
