"""Settings from the environment."""

from __future__ import annotations

import os
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flows.clock import DEFAULT_TZ
from flows.retention import DEFAULT_DAYS, DEFAULT_INACTIVE_DAYS, DEFAULT_SUMMARY_DAYS, Terms
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
    retention_days: int = DEFAULT_DAYS
    # The approved summary (and all else of the session) is deleted this long after closing.
    summary_retention_days: int = DEFAULT_SUMMARY_DAYS
    # A session never closed is deleted this long after the last thing happened in it.
    inactive_days: int = DEFAULT_INACTIVE_DAYS
    # Whom people ask about their data: the municipality's privacy contact (free text:
    # an e-mail address, a phone number, a web page). Shown in the welcome and /privacy.
    privacy_contact: str | None = None
    # Check contributions for details that identify someone (needs deduce's data).
    personal_details_guard: bool = True
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1:8080"
    webhook_secret: str | None = None
    # The web page (web/): its public base URL turns it on; it listens on `web_listen`.
    web_url: str | None = None
    web_listen: str = "127.0.0.1:8080"
    # The time zone of new sessions: quiet hours and dates are kept in it.
    tz: str = DEFAULT_TZ

    @property
    def data_dir(self) -> Path:
        return self.db_path.parent

    @property
    def terms(self) -> Terms:
        """The retention terms: what the texts say and what the daily purge does."""
        return Terms(self.retention_days, self.summary_retention_days, self.inactive_days)

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
        tz = env.get("DIALOOGBOT_TZ", "").strip() or DEFAULT_TZ
        if not _is_time_zone(tz):
            raise ConfigError(
                f"DIALOOGBOT_TZ must be a time zone such as Europe/Amsterdam, not {tz!r}."
            )
        retention_days = _positive(env, "DIALOOGBOT_RETENTION_DAYS", DEFAULT_DAYS)
        summary_days = _positive(env, "DIALOOGBOT_SUMMARY_RETENTION_DAYS", DEFAULT_SUMMARY_DAYS)
        if summary_days < retention_days:
            raise ConfigError(
                "DIALOOGBOT_SUMMARY_RETENTION_DAYS must be at least DIALOOGBOT_RETENTION_DAYS:"
                " the summary is kept at least as long as the answers it was made from."
            )
        return cls(
            token=token,
            api_base_url=env.get("TELEGRAM_API_BASE_URL", "").strip() or None,
            db_path=database_path(env),
            admins=_ids(env.get("DIALOOGBOT_ADMINS", "")),
            lang=lang,
            retention_days=retention_days,
            summary_retention_days=summary_days,
            inactive_days=_positive(env, "DIALOOGBOT_INACTIVE_DAYS", DEFAULT_INACTIVE_DAYS),
            privacy_contact=env.get("DIALOOGBOT_PRIVACY_CONTACT", "").strip() or None,
            personal_details_guard=env.get("DIALOOGBOT_PII_GUARD", "on").strip().lower()
            not in ("off", "0", "false", "no"),
            webhook_url=env.get("DIALOOGBOT_WEBHOOK_URL", "").strip() or None,
            webhook_listen=env.get("DIALOOGBOT_WEBHOOK_LISTEN", "").strip() or "127.0.0.1:8080",
            webhook_secret=env.get("DIALOOGBOT_WEBHOOK_SECRET", "").strip() or None,
            web_url=_web_url(env),
            web_listen=env.get("DIALOOGBOT_WEB_LISTEN", "").strip() or "127.0.0.1:8080",
            tz=tz,
        )


def _web_url(env: Mapping[str, str]) -> str | None:
    text = env.get("DIALOOGBOT_WEB_URL", "").strip().rstrip("/")
    if not text:
        return None
    if not text.startswith(("https://", "http://")):
        raise ConfigError(
            "DIALOOGBOT_WEB_URL is the web page's public address, such as"
            f" https://dialoog.example.nl, not {text!r}."
        )
    return text


def database_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("DIALOOGBOT_DB", "").strip() or "./data/dialoogbot.db")


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdecimal() or int(text) < 1:
        raise ConfigError(f"{name} must be a whole number of days (1 or more), not {text!r}.")
    return int(text)


def _ids(text: str) -> frozenset[int]:
    ids = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.lstrip("-").isdecimal():
            raise ConfigError(
                f"DIALOOGBOT_ADMINS holds Telegram user ids separated by commas; {part!r} is not one."
            )
        ids.add(int(part))
    return frozenset(ids)


def _is_time_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True
