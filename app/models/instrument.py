"""Rating instruments as data: themes, questions and prompts per language, and the scale."""

from __future__ import annotations

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db

#: Whom an instrument speaks to: it decides the wording ("Sie" or "du") and the age bands.
AUDIENCES = ("adults", "children")


class Instrument(db.Model):
    """A questionnaire such as the Place Standard; municipalities may add their own."""

    __tablename__ = "instrument"
    __table_args__ = (
        CheckConstraint(f"audience IN ({', '.join(repr(a) for a in AUDIENCES)})", name="audience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    #: Per-language texts: ``{"de": "...", "en": "..."}``.
    title: Mapped[dict] = mapped_column(JSON)
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Labels of the scale ends per language: ``{"de": {"min": "...", "max": "..."}}``.
    scale_labels: Mapped[dict] = mapped_column(JSON, default=dict)
    scale_min: Mapped[int] = mapped_column(Integer, default=1)
    scale_max: Mapped[int] = mapped_column(Integer, default=7)
    #: One of :data:`AUDIENCES`; the instrument file's ``"audience"`` (adults if absent).
    audience: Mapped[str] = mapped_column(String(16), default="adults", server_default="adults")

    themes: Mapped[list[Theme]] = relationship(
        back_populates="instrument", order_by="Theme.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Instrument {self.slug}>"


class Theme(db.Model):
    """One theme of an instrument; its scale is copied from the instrument for the rating CHECK."""

    __tablename__ = "theme"
    __table_args__ = (
        UniqueConstraint("instrument_id", "slug"),
        # Target of the ratings' composite foreign key: a rating carries its theme's scale.
        UniqueConstraint("id", "scale_min", "scale_max", name="uq_theme_scale"),
        CheckConstraint("scale_min < scale_max", name="scale_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instrument.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict] = mapped_column(JSON)
    question: Mapped[dict] = mapped_column(JSON)
    #: Per-language lists of prompts: ``{"de": ["...", "..."], "en": [...]}``.
    prompts: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Optional grouping (StadtRaumMonitor's four areas), per language.
    category: Mapped[dict] = mapped_column(JSON, default=dict)
    scale_min: Mapped[int] = mapped_column(Integer, default=1)
    scale_max: Mapped[int] = mapped_column(Integer, default=7)

    instrument: Mapped[Instrument] = relationship(back_populates="themes")

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"
