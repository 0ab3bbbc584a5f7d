"""Kommunen and their areas (Sozialräume, Quartiere, Planungsräume)."""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db


class Kreis(db.Model):
    """A Kreis or StädteRegion: Kommunen that share one monitoring."""

    __tablename__ = "kreis"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    kommunen: Mapped[list[Kommune]] = relationship(back_populates="kreis", order_by="Kommune.name")

    def __repr__(self) -> str:
        return f"<Kreis {self.name}>"


class Kommune(db.Model):
    """A town, city or Kreis that runs social planning."""

    __tablename__ = "kommune"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: The Kreis whose monitoring the Kommune is part of, if any.
    kreis_id: Mapped[int | None] = mapped_column(
        ForeignKey("kreis.id", ondelete="SET NULL"), index=True
    )

    areas: Mapped[list[Area]] = relationship(back_populates="kommune", order_by="Area.code")
    kreis: Mapped[Kreis | None] = relationship(back_populates="kommunen")

    def __repr__(self) -> str:
        return f"<Kommune {self.name}>"


class Area(db.Model):
    """A small area as the town numbers it; ``code`` is the town's key, never a database id."""

    __tablename__ = "area"
    __table_args__ = (UniqueConstraint("kommune_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), index=True
    )
    # Codes are text: "1 a", "15 b", "01100101" must survive links, QR codes and files.
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    population: Mapped[int | None] = mapped_column(Integer)
    #: Geometry as a GeoJSON geometry object in WGS84 (EPSG:4326).
    geometry: Mapped[str | None] = mapped_column(Text)
    #: Area in km², computed in an equal-area projection on import.
    area_km2: Mapped[float | None] = mapped_column(Float)
    #: Replaced by a new area set but kept: answers or values refer to it. Shown as retired,
    #: not offered in new surveys.
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    kommune: Mapped[Kommune] = relationship(back_populates="areas")
    parent: Mapped[Area | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Area {self.code} {self.name}>"
