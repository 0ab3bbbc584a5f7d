"""Account services: create users, check logins with throttling, end sessions."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.database import write_transaction
from app.extensions import db
from app.models import STAFF_ROLES, Kommune, LoginFailure, User
from app.models.accounts import utcnow

#: After this many failed logins within THROTTLE_WINDOW, further attempts are refused.
MAX_FAILURES = 5
THROTTLE_WINDOW = dt.timedelta(minutes=15)
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


def _recent_failures(email: str, user: User | None) -> int:
    since = utcnow() - THROTTLE_WINDOW
    who = LoginFailure.email == email
    if user is not None:
        who = or_(who, LoginFailure.user_id == user.id)
    return db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(who, LoginFailure.at >= since)
    )


def authenticate(email: str, password: str) -> User:
    """The active user with this e-mail and password; raise LoginRefused otherwise.

    Failures are counted in the database per e-mail address and per account, so the limit
    holds across processes; after MAX_FAILURES in THROTTLE_WINDOW every attempt is refused.
    """
    email = normalise_email(email)
    user = find_user(email)
    if _recent_failures(email, user) >= MAX_FAILURES:
        raise LoginRefused(
            _(
                "Too many failed attempts. Please wait %(minutes)d minutes and try again.",
                minutes=int(THROTTLE_WINDOW.total_seconds() // 60),
            )
        )
    if user is None:
        _check_dummy(password)
        ok = False
    else:
        ok = user.check_password(password) and user.is_active
    with write_transaction():
        if ok:
            db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
        else:
            old = LoginFailure.at < utcnow() - dt.timedelta(days=1)
            db.session.execute(delete(LoginFailure).where(old))
            db.session.add(LoginFailure(email=email, user_id=user.id if user else None))
    if not ok:
        raise LoginRefused(_("E-mail address or password is wrong."))
    return user


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
