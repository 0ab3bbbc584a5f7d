"""Offers of social infrastructure (Kitas, playgrounds, counselling …) and their categories."""

from __future__ import annotations

import datetime as dt
from datetime import date

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db
from app.models.accounts import utcnow
from app.models.places import Kommune


class OfferCategory(db.Model):
    """A kind of offer in a Kommune's catalogue, started from the standard one and extensible.

    ``name`` and ``target_group`` are per language (``{"de": "Kita", "en": "Day-care centre"}``);
    ``theme`` is the slug of the instrument theme the offers relate to (``play``).
    """

    __tablename__ = "offer_category"
    __table_args__ = (
        UniqueConstraint("kommune_id", "slug"),
        CheckConstraint("distance_m > 0", name="distance_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[dict] = mapped_column(JSON)
    target_group: Mapped[dict] = mapped_column(JSON, default=dict)
    theme: Mapped[str | None] = mapped_column(String(80))
    #: The walking distance (metres) within which an offer counts as reachable by default.
    distance_m: Mapped[int] = mapped_column(Integer, default=500)
    #: The stored indicator (key) the planner chose for the target group, e.g. ``unter_6``.
    target_indicator: Mapped[str | None] = mapped_column(String(80))

    kommune: Mapped[Kommune] = relationship()
    offers: Mapped[list[Offer]] = relationship(
        back_populates="category", cascade="all, delete-orphan", order_by="Offer.name"
    )

    def __repr__(self) -> str:
        return f"<OfferCategory {self.slug}>"


class Offer(db.Model):
    """One offer at one place (WGS 84), with optional places, provider and validity."""

    __tablename__ = "offer"
    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180", name="wgs84"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("offer_category.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    capacity: Mapped[int | None] = mapped_column(Integer)
    provider: Mapped[str | None] = mapped_column(String(300))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    #: Where the record came from: the imported file's name, or "web".
    source: Mapped[str | None] = mapped_column(String(300))

    category: Mapped[OfferCategory] = relationship(back_populates="offers")

    def __repr__(self) -> str:
        return f"<Offer {self.name}>"


class WalkingNetwork(db.Model):
    """A Kommune's street network for walking distances, from an uploaded OpenStreetMap file.

    Stored in its portable form (:mod:`analysis.coverage.network_blob`), so every app process
    reads the same network; ``digest`` (SHA-256 of ``data``) names it in cached results.
    """

    __tablename__ = "walking_network"

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), unique=True
    )
    #: The uploaded file's own name (as the planner's browser sent it).
    name: Mapped[str] = mapped_column(String(120))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)
    nodes: Mapped[int] = mapped_column(Integer)
    edges: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)

    kommune: Mapped[Kommune] = relationship()

    def __repr__(self) -> str:
        return f"<WalkingNetwork {self.name}>"
