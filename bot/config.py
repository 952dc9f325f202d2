"""Settings from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reports.i18n import LANGS


class ConfigError(Exception):
    """The environment lacks or garbles a setting; the message says what to set."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str
    api_base_url: str | None
    db_path: Path
    admins: frozenset[int]
    lang: str
    retention_days: int = 90

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        token = env.get("TELEGRAM_BOT_TOKEN", "").strip()
        if not token:
            raise ConfigError(
                "Set TELEGRAM_BOT_TOKEN to the token BotFather gave you (see .env.example)."
            )
        lang = env.get("DIALOOGBOT_LANG", "nl").strip() or "nl"
        if lang not in LANGS:
            raise ConfigError(f"DIALOOGBOT_LANG must be one of {', '.join(LANGS)}, not {lang!r}.")
        return cls(
            token=token,
            api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or None,
            db_path=Path(env.get("DIALOOGBOT_DB", "").strip() or "./data/dialoogbot.db"),
            admins=_ids(env.get("DIALOOGBOT_ADMINS", "")),
            lang=lang,
        )


def _ids(text: str) -> frozenset[int]:
    ids = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdigit():
            raise ConfigError(
                f"DIALOOGBOT_ADMINS holds Telegram user ids separated by commas; {part!r} is not one."
            )
        ids.add(int(part))
    return frozenset(ids)
