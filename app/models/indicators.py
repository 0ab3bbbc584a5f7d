"""Statistical indicators per area and year (SGB II-Quote, child poverty, ageing …)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db
from app.models.places import Area, Kommune


class Indicator(db.Model):
    """An indicator as a Kommune uses it; the definition travels with the values."""

    __tablename__ = "indicator"
    __table_args__ = (
        UniqueConstraint("kommune_id", "key"),
        CheckConstraint(
            "direction IN ('higher_is_more_need', 'lower_is_more_need')", name="direction"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))
    name: Mapped[dict] = mapped_column(JSON)
    unit: Mapped[str | None] = mapped_column(String(40))  # None: not known until said
    direction: Mapped[str] = mapped_column(String(24), default="higher_is_more_need")
    #: False while the direction is a guess (an imported column the catalogue does not know):
    #: such an indicator does not enter an index until a planner confirms it.
    direction_confirmed: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=sa_true()
    )
    domain: Mapped[str | None] = mapped_column(String(40))
    definition: Mapped[dict] = mapped_column(JSON, default=dict)
    source: Mapped[str | None] = mapped_column(String(300))

    kommune: Mapped[Kommune] = relationship()
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan"
    )


class IndicatorValue(db.Model):
    """The value of one indicator for one area and year; missing values are not stored."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "area_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicator.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("area.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    # Provenance: the file the value came from (as the planner knows it) and when.
    source: Mapped[str | None] = mapped_column(String(300))
    imported_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: The earlier areas this value was carried from through a crosswalk ("A, B"); None when
    #: it was imported for this area (see ``app.services.carrying``).
    carried_from: Mapped[str | None] = mapped_column(Text)

    indicator: Mapped[Indicator] = relationship(back_populates="values")
    area: Mapped[Area] = relationship()


class SavedCrosswalk(db.Model):
    """A Kommune's saved crosswalk: which area(s) each code of its tables stands for.

    In the database, not in a file, so every app process sees the one the planner saved.
    """

    __tablename__ = "saved_crosswalk"

    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), primary_key=True
    )
    #: ``analysis.readers.crosswalks.Crosswalk.to_plain()``.
    links: Mapped[dict] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(DateTime)


class CatalogueEntry(db.Model):
    """A Kommune's own indicator definition: used like the built-in catalogue when a table is
    imported (a key of the built-in catalogue is replaced for this Kommune)."""

    __tablename__ = "catalogue_entry"
    __table_args__ = (
        UniqueConstraint("kommune_id", "key"),
        CheckConstraint(
            "direction IS NULL OR direction IN ('higher_is_more_need', 'lower_is_more_need')",
            name="direction",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    #: None: the planner leaves it open; imported indicators then wait for a confirmation.
    direction: Mapped[str | None] = mapped_column(String(24))
    domain: Mapped[str] = mapped_column(String(40))
    definition: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(300), default="")
