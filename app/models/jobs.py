"""Reports built in the background: the job, its state and the finished file, in the database.

Every app process and every ``flask jobs work`` behind a proxy sees the same rows, so no
process owns a job: a worker claims one with an atomic ``UPDATE … WHERE status = 'queued'``
(:mod:`app.services.report_jobs`), and any process serves the finished PDF.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.core.extensions import db
from app.models.accounts import utcnow
from app.models.survey import Campaign

JOB_STATES = ("queued", "running", "done", "failed")


class ReportJob(db.Model):
    """The PDF report of a survey for a choice of Quartiere, built by a worker."""

    __tablename__ = "report_job"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaign.id", ondelete="CASCADE"), index=True
    )
    #: Area codes with a profile; None: every Quartier.
    codes: Mapped[list | None] = mapped_column(JSON)
    lang: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    #: The stage the worker is in (results, tables, figures) and when it was last heard of.
    stage: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(), default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(DateTime())
    claims: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime())
    #: When the worker read the answers, and how many there were: "Stand: …".
    data_time: Mapped[dt.datetime | None] = mapped_column(DateTime())
    answers: Mapped[int | None] = mapped_column(Integer)
    filename: Mapped[str | None] = mapped_column(String(120))
    pdf: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    error: Mapped[str | None] = mapped_column(String(500))

    campaign: Mapped[Campaign] = relationship()
