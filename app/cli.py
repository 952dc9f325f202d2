"""The `dialoogbot` command: run the bot, back it up, check its health."""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from pathlib import Path

from bot import logs
from bot.config import ConfigError, Settings, database_path
from flows.backup import backup
from flows.health import schema_version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dialoogbot", description="Appreciative evaluation dialogue sessions in Telegram."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (needs TELEGRAM_BOT_TOKEN)")
    copy = commands.add_parser("backup", help="copy the database consistently, even while running")
    copy.add_argument("path", help="where to write the copy")
    commands.add_parser(
        "health", help="exit 0 when the database opens and answers (for HEALTHCHECK)"
    )
    args = parser.parse_args(argv)

    if args.command == "backup":
        source = database_path()
        try:
            size = backup(source, Path(args.path))
        except FileNotFoundError:
            print(f"dialoogbot: no database at {source} (set DIALOOGBOT_DB).", file=sys.stderr)
            return 2
        print(f"Backup written to {args.path} ({size} bytes).")
        return 0
    if args.command == "health":
        return _health(database_path())
    if args.command == "run":
        try:
            settings = Settings.from_env()
        except ConfigError as error:
            print(f"dialoogbot: {error}", file=sys.stderr)
            return 2
        logs.configure()
        from app.http import CannotListen
        from app.root import TokenRefused, serve

        try:
            asyncio.run(serve(settings))
        except CannotListen as error:
            print(
                f"dialoogbot: {error.strerror}; set DIALOOGBOT_WEB_LISTEN (or"
                " DIALOOGBOT_WEBHOOK_LISTEN) to a free host:port.",
                file=sys.stderr,
            )
            return 2
        except TokenRefused:
            print(
                "dialoogbot: Telegram refused TELEGRAM_BOT_TOKEN; copy it again from BotFather.",
                file=sys.stderr,
            )
            return 2
    return 0


def _health(path: Path) -> int:
    try:
        version = schema_version(path)
    except FileNotFoundError:
        print(f"dialoogbot: unhealthy: no database at {path} yet.", file=sys.stderr)
        return 1
    except sqlite3.Error as error:
        print(f"dialoogbot: unhealthy: the database does not answer ({error}).", file=sys.stderr)
        return 1
    if version == 0:
        print("dialoogbot: unhealthy: the database is not set up yet.", file=sys.stderr)
        return 1
    print("healthy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
