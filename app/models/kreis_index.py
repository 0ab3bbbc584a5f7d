"""Kreis indices a Kreis planner saves by name: standardised over all areas of the Kreis."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db
from app.models.accounts import utcnow
from app.models.places import Kreis


class KreisIndexVersion(db.Model):
    """A saved Kreis index: its parameters and its result per area of the Kreis, frozen.

    Like a Kommune's :class:`~app.models.IndexVersion`, it is read as saved and never
    recomputed; the Kommune indices next to it are the Kommunen's saved versions it names.
    """

    __tablename__ = "kreis_index_version"
    __table_args__ = (UniqueConstraint("kreis_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kreis_id: Mapped[int] = mapped_column(ForeignKey("kreis.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    #: Year, indicators with their directions, the index's computed parameters and the
    #: Kommunen's saved versions (id, name, year) that give the Kommune columns.
    params: Mapped[dict] = mapped_column(JSON)
    #: One record per area: area, kommune, code, population, index and class in the Kreis
    #: (``index_kreis``, ``class_kreis``, ``class_label_kreis``, ``excluded_reason``) and in
    #: the Kommune's saved version (``index_kommune``, ``class_kommune``, ``class_label_kommune``).
    result: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)

    kreis: Mapped[Kreis] = relationship()
