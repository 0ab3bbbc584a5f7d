"""Default configuration; instance/config.py and QK_* environment variables override it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
APP = Path(__file__).resolve().parents[1]


def data_folder(name: str) -> Path:
    """The folder ``translations`` or ``migrations``: in the package if installed, else the root.

    A wheel carries them inside ``app/`` (setup.py puts them there, the catalogues compiled); a
    checkout keeps them at the repository's root.

    >>> data_folder("migrations").name
    'migrations'
    """
    shipped = APP / name
    return shipped if shipped.is_dir() else ROOT / name


#: Languages of staff pages (planner, moderator, login) and the CLI; the first is the default.
LANGUAGES = ["de", "en"]
#: Languages of resident pages (survey, start page, public results, error pages); app/i18n.py.
RESIDENT_LANGUAGES = ["de", "en", "tr", "ar", "uk"]


class DefaultConfig:
    """Settings that make the app run on a laptop with the embedded SQLite database."""

    SECRET_KEY: str | None = None  # filled from instance/secret_key when not configured
    SQLALCHEMY_DATABASE_URI: str | None = None  # instance/quartierskompass.sqlite3 by default
    # No ping before each use of a pooled connection: it is a round trip on every request (a
    # tenth of an answer's CPU on PostgreSQL, bench/README.md). After the database restarted,
    # the first statement on an old connection fails instead: that request gets the 503 with
    # Retry-After, SQLAlchemy drops the whole pool, and the next ones connect anew
    # (tests/app/core/test_database_down.py: at most one more 503).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    BABEL_TRANSLATION_DIRECTORIES = str(data_folder("translations"))
    LANGUAGES = LANGUAGES
    RESIDENT_LANGUAGES = RESIDENT_LANGUAGES
    # A walk takes hours and phones sleep: CSRF tokens live as long as the browser session,
    # and the session cookie lasts a day.
    WTF_CSRF_TIME_LIMIT = None
    # Behind TLS Flask-WTF would also demand a same-host Referer, which our Referrer-Policy
    # (no-referrer) keeps browsers from sending: every form would fail. The session-bound token
    # and the SameSite=Lax cookie are the defence (SECURITY.md, "CSRF on forms behind TLS").
    WTF_CSRF_SSL_STRICT = False
    PERMANENT_SESSION_LIFETIME = 24 * 3600
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 32 * 1024 * 1024
    #: Smallest group whose results are shown (k-anonymity); campaigns may set a larger k.
    QK_DEFAULT_MIN_GROUP_SIZE = 5
    #: Extra origins allowed to POST to the JSON API (same origin is always allowed); a list, or
    #: one comma-separated string of ``scheme://host[:port]`` (see :func:`allowed_origins`).
    QK_ALLOWED_ORIGINS: list[str] = []
    #: The public address of the app (posters, printed links); ``https://…`` makes cookies Secure.
    QK_BASE_URL: str | None = None
    #: Secure session cookies: None follows QK_BASE_URL, True/False decide (docs/deployment.md).
    QK_SECURE_COOKIES: bool | None = None
    # Abuse limits (app/core/ratelimit.py, app/auth/services.py; SECURITY.md says why these).
    #: How many reverse proxies in front of the app set X-Forwarded-For (0: none, trust no header).
    QK_PROXY_FIX = 0
    #: The addresses (or networks) of those proxies: X-Forwarded-* from any other peer are
    #: removed before the app reads them, so a client that reaches the app's port around the
    #: proxy cannot claim another address or https.
    QK_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    #: Stored answers per client network (IPv4 address or IPv6 /64) per window; 0 switches off.
    QK_RATE_LIMIT_ANSWERS = 30
    QK_RATE_LIMIT_SECONDS = 600
    #: Login attempts per client network and account before that pair must wait.
    QK_LOGIN_FAILURES_PER_CLIENT = 5
    #: Failed logins of one account from all networks before the account itself must wait.
    QK_LOGIN_FAILURES_PER_ACCOUNT = 50
    QK_LOGIN_WINDOW_SECONDS = 900
    #: Quartier profiles the web builds into one report while the planner waits (about two
    #: pages each); a larger report is built by ``flask report build`` (docs/report.md).
    QK_REPORT_PROFILE_BUDGET = 50
    #: A report job whose worker gave no sign of life for so many seconds is taken again.
    QK_REPORT_JOB_STALE = 900
    #: Each app process builds queued reports in a thread (None: yes, except in tests); set
    #: False where ``flask jobs work`` runs (docs/deployment.md).
    QK_REPORT_JOB_THREAD: bool | None = None
    #: Each server process computes the results of the surveys a planner will open first in a
    #: thread when it starts (None: yes, except in tests; app/services/warm_up.py).
    QK_WARM_RESULTS: bool | None = None


#: Settings that are lists even when the environment gives a single value.
LIST_SETTINGS = {"QK_ALLOWED_ORIGINS", "QK_TRUSTED_PROXIES"}
DEFAULT_PORTS = {"http": 80, "https": 443}


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
        if key in LIST_SETTINGS:
            values[key] = [part.strip() for part in raw.split(",") if part.strip()]
        elif key.startswith(prefix) and key not in ("QK_DATABASE_URL", "QK_SECRET_KEY"):
            values[key] = _parse(raw)
    return values


def origin_of(url: str) -> tuple[str, str, int] | None:
    """The origin (scheme, host, port) of an http(s) URL, default ports filled in.

    Returns None for anything that is not an http(s) origin (``null``, other schemes, no host).

    Examples
    --------
    >>> origin_of("https://Stadt.Example")
    ('https', 'stadt.example', 443)
    >>> origin_of("http://stadt.example:8080/")
    ('http', 'stadt.example', 8080)
    >>> origin_of("stadt.example") is None
    True
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def allowed_origins(value: str | Iterable[str] | None) -> frozenset[tuple[str, str, int]]:
    """Parse ``QK_ALLOWED_ORIGINS`` (a list or a comma-separated string) into exact origins.

    Raises
    ------
    ValueError
        For an entry that is not ``scheme://host[:port]`` (a path or query is not an origin).

    Examples
    --------
    >>> sorted(allowed_origins("https://a.example, http://b.example:8080"))
    [('http', 'b.example', 8080), ('https', 'a.example', 443)]
    """
    if not value:
        return frozenset()
    entries = value.split(",") if isinstance(value, str) else list(value)
    found = set()
    for entry in (str(e).strip() for e in entries):
        origin = origin_of(entry)
        if origin is None or urlsplit(entry).path not in ("", "/") or "?" in entry or "#" in entry:
            raise ValueError(
                f"QK_ALLOWED_ORIGINS: {entry!r} is not an origin like https://stadt.example"
            )
        found.add(origin)
    return frozenset(found)


def secure_cookies(config: Mapping[str, object]) -> bool:
    """Whether cookies get ``Secure``: QK_SECURE_COOKIES if set, else an https QK_BASE_URL.

    Examples
    --------
    >>> secure_cookies({"QK_BASE_URL": "https://quartier.stadt.example"})
    True
    >>> secure_cookies({"QK_BASE_URL": "https://x.example", "QK_SECURE_COOKIES": False})
    False
    """
    explicit = config.get("QK_SECURE_COOKIES")
    if explicit is not None:
        return bool(explicit)
    return str(config.get("QK_BASE_URL") or "").lower().startswith("https://")


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
