"""Need-based allocations of funds that a planner saves by name, with every parameter."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.extensions import db
from app.models.accounts import utcnow
from app.models.places import Kommune


class FundAllocation(db.Model):
    """A saved allocation: its parameters and its result per area, both frozen.

    The result is what the committee gets; later imports or index versions never change it.
    """

    __tablename__ = "fund_allocation"
    __table_args__ = (UniqueConstraint("kommune_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kommune_id: Mapped[int] = mapped_column(
        ForeignKey("kommune.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    #: Budget and base in cents, the population indicator and its year, the index version
    #: (id, name, year), the class factors, the exclusions and the rounding rule.
    params: Mapped[dict] = mapped_column(JSON)
    #: One record per area: area_code, population, class, factor, base_cents, share_cents,
    #: amount_cents, excluded_reason.
    result: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)

    kommune: Mapped[Kommune] = relationship()
