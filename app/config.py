"""Default configuration; instance/config.py and QK_* environment variables override it."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Languages of staff pages (planner, moderator, login) and the CLI; the first is the default.
LANGUAGES = ["de", "en"]
#: Languages of resident pages (survey, start page, public results, error pages); app/i18n.py.
RESIDENT_LANGUAGES = ["de", "en", "tr", "ar", "uk"]


class DefaultConfig:
    """Settings that make the app run on a laptop with the embedded SQLite database."""

    SECRET_KEY: str | None = None  # filled from instance/secret_key when not configured
    SQLALCHEMY_DATABASE_URI: str | None = None  # instance/quartierskompass.sqlite3 by default
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = LANGUAGES
    RESIDENT_LANGUAGES = RESIDENT_LANGUAGES
    # A walk takes hours and phones sleep: CSRF tokens live as long as the browser session,
    # and the session cookie lasts a day.
    WTF_CSRF_TIME_LIMIT = None
    PERMANENT_SESSION_LIFETIME = 24 * 3600
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    #: Smallest group whose results are shown (k-anonymity); campaigns may set a larger k.
    QK_DEFAULT_MIN_GROUP_SIZE = 5
    #: Extra origins allowed to POST to the JSON API (same origin is always allowed).
    QK_ALLOWED_ORIGINS: list[str] = []

    # Abuse limits (app/core/ratelimit.py, app/auth/services.py; SECURITY.md says why these).
    #: How many reverse proxies in front of the app set X-Forwarded-For (0: none, trust no header).
    QK_PROXY_FIX = 0
    #: Stored answers per client network (IPv4 address or IPv6 /64) per window; 0 switches off.
    QK_RATE_LIMIT_ANSWERS = 30
    QK_RATE_LIMIT_SECONDS = 600
    #: Login attempts per client network and account before that pair must wait.
    QK_LOGIN_FAILURES_PER_CLIENT = 5
    #: Failed logins of one account from all networks before the account itself must wait.
    QK_LOGIN_FAILURES_PER_ACCOUNT = 50
    QK_LOGIN_WINDOW_SECONDS = 900


def env_overrides(prefix: str = "QK_") -> dict[str, object]:
    """Read ``QK_*`` environment variables (and ``DATABASE_URL``) into config keys."""
    values: dict[str, object] = {}
    url = os.environ.get("QK_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        # Heroku-style URLs name the old driver; psycopg 3 is what we install.
        for old in ("postgres://", "postgresql://"):
            if url.startswith(old):
                url = "postgresql+psycopg://" + url[len(old) :]
        values["SQLALCHEMY_DATABASE_URI"] = url
    if os.environ.get("QK_SECRET_KEY"):
        values["SECRET_KEY"] = os.environ["QK_SECRET_KEY"]
    for key, raw in os.environ.items():
        if key.startswith(prefix) and key not in ("QK_DATABASE_URL", "QK_SECRET_KEY"):
            values[key] = _parse(raw)
    return values


def _parse(raw: str) -> object:
    lowered = raw.strip().lower()
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    if lowered.lstrip("-").isdigit():
        return int(lowered)
    if "," in raw:
        return [part.strip() for part in raw.split(",") if part.strip()]
    return raw
