"""Account services: create users, check logins with throttling, end sessions."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets
from collections.abc import Sequence
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from werkzeug.security import check_password_hash, generate_password_hash

from app.core import ratelimit
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import STAFF_ROLES, Kommune, LoginCounter, User
from app.models.accounts import utcnow

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """Bad account input; the message is a translated sentence for the user."""


class LoginRefused(Exception):
    """Login not possible; ``message`` says why in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_new_password(password: str) -> None:
    """Raise AccountError if the password is too short."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(
            _("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )


def generate_password() -> str:
    """A random password that is easy to type (16 URL-safe characters)."""
    return secrets.token_urlsafe(12)


def create_user(
    email: str, role: str, kommune_names: Sequence[str], password: str, *, create_kommunen=False
) -> User:
    """Store a new staff account with its role and Kommunen; raise AccountError on bad input."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(_("Please enter a valid e-mail address."))
    if role not in STAFF_ROLES:
        raise AccountError(_("Unknown role. Choose admin, planner or moderator."))
    if role != "admin" and not kommune_names:
        raise AccountError(_("Planners and moderators need at least one Kommune."))
    check_new_password(password)
    with write_transaction():
        if find_user(email) is not None:
            raise AccountError(_("An account with this e-mail address exists already."))
        kommunen = []
        for name in kommune_names:
            kommune = db.session.scalar(select(Kommune).where(Kommune.name == name))
            if kommune is None:
                if not create_kommunen:
                    raise AccountError(_("There is no Kommune called %(name)s.", name=name))
                kommune = Kommune(name=name)
                db.session.add(kommune)
            kommunen.append(kommune)
        user = User(email=email, role=role, kommunen=kommunen)
        user.set_password(password)
        db.session.add(user)
    return user


def authenticate(email: str, password: str, client: bytes = b"") -> User:
    """The active user with this e-mail and password; raise LoginRefused otherwise.

    Two counters guard the password check, both taken *before* it, so that parallel attempts
    cannot slip past them: first the attempts of this client network and account name (in
    memory, ``client`` is the caller's salted network key), then the failures of the account
    name from all networks (in the database, one atomic UPDATE … RETURNING). One network can
    thus only slow down its own tries; locking the account needs many networks. Known and
    unknown names are counted, refused and timed alike, so no answer says which accounts exist.
    """
    email = normalise_email(email)
    config = current_app.config
    seconds = float(config["QK_LOGIN_WINDOW_SECONDS"])
    pairs, pair = ratelimit.limits().logins, hashlib.sha256(client + email.encode()).digest()
    wait = pairs.take(pair, limit=int(config["QK_LOGIN_FAILURES_PER_CLIENT"]), seconds=seconds)
    if wait:
        raise LoginRefused(_too_many(wait))
    failures, wait = _count_attempt(email, dt.timedelta(seconds=seconds))
    if failures > int(config["QK_LOGIN_FAILURES_PER_ACCOUNT"]):
        raise LoginRefused(_too_many(wait))
    user = find_user(email)
    if user is None:
        _check_dummy(password)
        ok = False
    else:
        ok = user.check_password(password) and user.is_active
    if not ok:
        raise LoginRefused(_("E-mail address or password is wrong."))
    pairs.clear(pair)
    with write_transaction():
        db.session.execute(
            delete(LoginCounter).where(LoginCounter.account_key == _account_key(email))
        )
    return user


def _too_many(wait: float) -> str:
    return _(
        "Too many failed attempts. Please wait %(minutes)d minutes and try again.",
        minutes=max(1, math.ceil(wait / 60)),
    )


def _account_key(email: str) -> str:
    """The counter's key: an HMAC of the e-mail under the app's secret key (no address stored)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, email.encode(), hashlib.sha256).hexdigest()


def _count_attempt(email: str, window: dt.timedelta) -> tuple[int, float]:
    """Count one attempt for ``email`` atomically; return the count and the window's seconds left.

    A single upsert with RETURNING increments the row (or starts a new window when the old one
    has passed) on SQLite and PostgreSQL alike, so concurrent attempts never read the same count.
    A successful login deletes the row again.
    """
    table = LoginCounter.__table__
    now = utcnow()
    expired = table.c.window_start < now - window
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    stmt = (
        insert(table)
        .values(account_key=_account_key(email), failures=1, window_start=now)
        .on_conflict_do_update(
            index_elements=[table.c.account_key],
            set_={
                "failures": case((expired, 1), else_=table.c.failures + 1),
                "window_start": case((expired, now), else_=table.c.window_start),
            },
        )
        .returning(table.c.failures, table.c.window_start)
    )
    with write_transaction():
        failures, started = db.session.execute(stmt).one()
        # Old counters of names nobody tried again: nothing to keep them for.
        db.session.execute(delete(LoginCounter).where(LoginCounter.window_start < now - 2 * window))
    return failures, (started + window - now).total_seconds()


@cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_hex(8), method="scrypt")


def _check_dummy(password: str) -> None:
    """Spend as long as a real check, so that timing does not reveal which accounts exist."""
    check_password_hash(_dummy_hash(), password)


def end_sessions(user: User) -> None:
    """Invalidate every login cookie of this user (logout, password change)."""
    with write_transaction():
        user.end_sessions()


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; ends all other sessions."""
    if not user.check_password(current):
        raise AccountError(_("The current password is wrong."))
    check_new_password(new)
    with write_transaction():
        user.set_password(new)
        user.end_sessions()


def all_users() -> list[User]:
    """Every staff account, by e-mail address."""
    return list(db.session.scalars(select(User).order_by(User.email)))
