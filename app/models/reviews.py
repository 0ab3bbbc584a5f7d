"""The review log of residents' comments: who let a comment through, hid or redacted it, and when.

The log names the reviewer (a staff account), never the resident. It is deleted with the
comments when the raw answers are deleted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db
from app.models.accounts import User, utcnow

#: What a reviewer decides; "hidden" needs one of HIDE_REASONS.
DECISIONS = ("shown", "hidden", "redacted")
#: Why a comment is hidden: it names a private person, insults, gives an address, or else.
HIDE_REASONS = ("person", "insult", "address", "off_topic", "other")


class CommentReview(db.Model):
    """One decision on one comment; the newest decision is the comment's ``review``."""

    __tablename__ = "comment_review"
    __table_args__ = (
        CheckConstraint("decision IN ('shown', 'hidden', 'redacted')", name="decision"),
        CheckConstraint("(decision = 'hidden') = (reason IS NOT NULL)", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(16))
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)

    reviewer: Mapped[User | None] = relationship()
