"""What planners and round tables keep: validation records and settings, index versions,
result snapshots."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db
from app.models.accounts import User, utcnow
from app.models.places import Area, Kommune
from app.models.survey import Campaign

#: A round table's verdict on a need, per theme and overall.
NEED_VERDICTS = ("confirmed", "not_confirmed", "unclear")
#: The five questions NRW round tables work through (DOMAIN.md §1), as record fields.
QUESTIONS = ("matches_statistics", "target_groups", "existing_offers", "missing", "contributors")


class ValidationRecord(db.Model):
    """A round table's conclusion for one Quartier in one survey round."""

    __tablename__ = "validation_record"
    __table_args__ = (
        UniqueConstraint("campaign_id", "area_id"),
        CheckConstraint(
            "overall_need IS NULL OR overall_need IN ('confirmed', 'not_confirmed', 'unclear')",
            name="overall_need",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    matches_statistics: Mapped[str] = mapped_column(Text, default="")
    target_groups: Mapped[str] = mapped_column(Text, default="")
    existing_offers: Mapped[str] = mapped_column(Text, default="")
    missing: Mapped[str] = mapped_column(Text, default="")
    contributors: Mapped[str] = mapped_column(Text, default="")
    overall_need: Mapped[str | None] = mapped_column(String(16))
    overall_note: Mapped[str] = mapped_column(Text, default="")
    #: ``{theme_slug: {"need": "confirmed"|"not_confirmed"|"unclear", "note": "..."}}``
    theme_needs: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)
    #: Who saved this version of the record (shown as "saved by … at …").
    saved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )

    campaign: Mapped[Campaign] = relationship()
    area: Mapped[Area] = relationship()
    saved_by: Mapped[User | None] = relationship()


class IndexVersion(db.Model):
    """A named, saved social index: its configuration and its result table."""

    __tablename__ = "index_version"
    __table_args__ = (UniqueConstraint("kommune_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    params: Mapped[dict] = mapped_column(JSON)
    #: The index table as a list of records (area_code, index, class, class_label …).
    result: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)

    kommune: Mapped[Kommune] = relationship()


class AggregateSnapshot(db.Model):
    """Aggregated, k-suppressed results of a campaign, kept when its raw answers are deleted."""

    __tablename__ = "aggregate_snapshot"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), unique=True
    )
    #: ``{"aggregated": [records of aggregate_ratings], "overall": [records of overall_scores]}``
    data: Mapped[dict] = mapped_column(JSON)
    raw_deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime())
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)

    campaign: Mapped[Campaign] = relationship()


class ValidationSettings(db.Model):
    """A Kommune's settings of the needs validation; without a row the defaults apply."""

    __tablename__ = "validation_settings"
    __table_args__ = (CheckConstraint("margin >= 0 AND margin < 1", name="margin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), unique=True
    )
    #: Half the width of the band around the scale's midpoint, in scale steps (0.5: 3.5 / 4.5
    #: on 1–7, 1.5 / 2.5 on 1–3); relative to the scale, so one value suits every instrument.
    margin: Mapped[float] = mapped_column(Float, default=0.5)
    #: The theme–indicator pairs to test, ``[{"theme", "indicator"}, …]``; None: the catalogue's.
    hypotheses: Mapped[list | None] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)

    kommune: Mapped[Kommune] = relationship()
