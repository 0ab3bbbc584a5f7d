"""Bursts of answers a planner set aside: they count nowhere until restored.

The record says who set the answers aside, when and why, and who restored them and when. The
answers themselves only point to the record (``response.set_aside_id``); nothing about the time
of an answer is added.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db
from app.models.accounts import User, utcnow
from app.models.places import Area

MAX_REASON_LENGTH = 1000


class SetAside(db.Model):
    """One burst of answers (one area and role) that a planner took out of every count."""

    __tablename__ = "set_aside"
    __table_args__ = (
        CheckConstraint(f"length(reason) BETWEEN 1 AND {MAX_REASON_LENGTH}", name="reason"),
        CheckConstraint("answers >= 1", name="answers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id"))
    role: Mapped[str] = mapped_column(String(16))
    #: How many answers the burst had when it was set aside.
    answers: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    set_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)
    restored_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    restored_at: Mapped[dt.datetime | None] = mapped_column(DateTime())

    area: Mapped[Area] = relationship()
    set_by: Mapped[User | None] = relationship(foreign_keys=[set_by_id])
    restored_by: Mapped[User | None] = relationship(foreign_keys=[restored_by_id])

    @property
    def active(self) -> bool:
        return self.restored_at is None
