"""Measures (Maßnahmen) decided after a round table: what, where, who, money, status, the
baseline they will be judged by, and every change made to them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db
from app.models.accounts import User, utcnow
from app.models.places import Area, Kommune
from app.models.roundtable import ValidationRecord
from app.models.survey import Campaign

#: A proposal (from a round table) waits for a planner; the other four are the measure's life.
MEASURE_STATUSES = ("proposed", "planned", "running", "done", "stopped")
#: What a measure is judged by: a stored indicator or the residents' median of a theme.
BASELINE_KINDS = ("indicator", "theme")

measure_areas = Table(
    "measure_area",
    db.metadata,
    Column("measure_id", ForeignKey("measure.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("area.id", ondelete="CASCADE"), primary_key=True),
)


class Measure(db.Model):
    """One measure of a Kommune, for one or more of its Quartiere."""

    __tablename__ = "measure"
    __table_args__ = (
        CheckConstraint(
            "status IN ('proposed', 'planned', 'running', 'done', 'stopped')", name="status"
        ),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), index=True
    )
    #: The survey round the decision refers to (its theme medians are the baseline).
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    target_group: Mapped[str] = mapped_column(String(300), default="")
    lead_organisation: Mapped[str] = mapped_column(String(200), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    #: Euros, exact to the cent (never a float).
    budget: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    funding_source: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)

    kommune: Mapped[Kommune] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    areas: Mapped[list[Area]] = relationship(secondary=measure_areas, order_by=Area.code)
    needs: Mapped[list[MeasureNeed]] = relationship(
        cascade="all, delete-orphan", order_by="MeasureNeed.id"
    )
    baselines: Mapped[list[MeasureBaseline]] = relationship(
        cascade="all, delete-orphan", order_by="MeasureBaseline.id"
    )
    notes: Mapped[list[MeasureNote]] = relationship(
        cascade="all, delete-orphan", order_by="(MeasureNote.noted_on, MeasureNote.id)"
    )
    changes: Mapped[list[MeasureChange]] = relationship(
        cascade="all, delete-orphan", order_by="MeasureChange.id"
    )

    def __repr__(self) -> str:
        return f"<Measure {self.title}>"


class MeasureNeed(db.Model):
    """A confirmed need the measure answers: a round table's verdict on one theme."""

    __tablename__ = "measure_need"
    __table_args__ = (UniqueConstraint("measure_id", "record_id", "theme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    record_id: Mapped[int] = mapped_column(
        ForeignKey("validation_record.id", ondelete="CASCADE"), index=True
    )
    theme: Mapped[str] = mapped_column(String(64))

    record: Mapped[ValidationRecord] = relationship()


class MeasureBaseline(db.Model):
    """An indicator value or theme median of one Quartier, kept as it was at the decision."""

    __tablename__ = "measure_baseline"
    __table_args__ = (
        UniqueConstraint("measure_id", "kind", "key", "area_code"),
        CheckConstraint("kind IN ('indicator', 'theme')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    #: The indicator's key or the theme's slug.
    key: Mapped[str] = mapped_column(String(64))
    area_code: Mapped[str] = mapped_column(String(64))
    #: The year (indicator) or round label (theme) the value belongs to; "" when there was none.
    reference: Mapped[str] = mapped_column(String(64), default="")
    value: Mapped[float | None] = mapped_column(Float)
    #: Theme medians only: people who gave a score and the 95 % interval of the median.
    n: Mapped[int | None] = mapped_column(Integer)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)


class MeasureNote(db.Model):
    """A dated progress note (who wrote it is kept, as in the history)."""

    __tablename__ = "measure_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    noted_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)

    author: Mapped[User | None] = relationship()


class MeasureChange(db.Model):
    """One field of a measure changed: who, when, from what to what (a council asks why)."""

    __tablename__ = "measure_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measure.id", ondelete="CASCADE"), index=True
    )
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User | None] = relationship()


class MeasurePublication(db.Model):
    """A Kommune that publishes its list of measures (one row while it is public)."""

    __tablename__ = "measure_publication"

    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), primary_key=True
    )
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)
