"""Staff accounts (admin, planner, moderator), their Kommunen and failed-login counters."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.core.extensions import db
from app.models.places import Kommune, Kreis

STAFF_ROLES = ("admin", "planner", "moderator")


def utcnow() -> dt.datetime:
    """Now in UTC, without tzinfo: stored the same way on SQLite and PostgreSQL."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_session_token() -> str:
    """A random value that is part of the login cookie; replacing it ends every session."""
    return secrets.token_urlsafe(24)


user_kommunen = Table(
    "user_kommune",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("kommune_id", ForeignKey("kommune.id", ondelete="CASCADE"), primary_key=True),
)

#: Kreis planners: they see every Kommune of their Kreis and the Kreis pages.
user_kreise = Table(
    "user_kreis",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("kreis_id", ForeignKey("kreis.id", ondelete="CASCADE"), primary_key=True),
)


class User(db.Model):
    """A staff member; an admin without Kommunen may see all of them."""

    __tablename__ = "user_account"
    __table_args__ = (CheckConstraint("role IN ('admin', 'planner', 'moderator')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Changes on logout and password change, so that a copied cookie stops working.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)

    kommunen: Mapped[list[Kommune]] = relationship(secondary=user_kommunen, order_by=Kommune.name)
    kreise: Mapped[list[Kreis]] = relationship(secondary=user_kreise, order_by=Kreis.name)

    # Flask-Login protocol
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        self.session_token = new_session_token()

    @property
    def sees_all_kommunen(self) -> bool:
        return self.role == "admin" and not self.kommunen

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class LoginCounter(db.Model):
    """Failed logins of one account name in the current window, shared by every process.

    Keyed by an HMAC of the normalised e-mail under the app's secret key, so that the table holds
    no typed-in addresses; unknown names are counted the same way, so the count reveals nothing
    about which accounts exist. One row per name is updated atomically (``app.services.accounts``).
    """

    __tablename__ = "login_counter"
    __table_args__ = (CheckConstraint("failures >= 0", name="failures"),)

    account_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[dt.datetime] = mapped_column(DateTime(), index=True)
