"""The whole report of a big city as a background job, safe behind a proxy with many processes.

Decision: job state *and* the finished PDF live in the database (table ``report_job``), not in a
process or a directory: every app process and every worker sees them, nothing has to be shared
but the database the app already needs. A worker claims a job with one portable, atomic
``UPDATE … WHERE id = :id AND status = 'queued'`` (or a ``running`` job whose worker has not been
heard of for :func:`stale_after` seconds: it was killed); only the worker whose UPDATE changed
the row builds it. Workers: ``flask jobs work`` (deployments) and, on a laptop, a thread the
app starts once per process when a job is asked for (``QK_REPORT_JOB_THREAD``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from app.core.extensions import db
from app.models import Campaign, ReportJob
from app.models.accounts import utcnow
from app.services.campaigns import answer_count
from app.services.exports import ExportRefused, write_report_files
from app.services.report_scope import ReportScope

__all__ = [
    "claim", "newer_answers", "request_job", "run_job", "stale_after", "start_thread", "take",
    "work",
]  # fmt: skip

_THREADS: dict[int, threading.Thread] = {}
_LOCK = threading.Lock()


def stale_after() -> int:
    """Seconds without a sign of life after which a running job is taken again
    (``QK_REPORT_JOB_STALE``, default 900: a stage of the 542-profile report takes minutes)."""
    return int(current_app.config.get("QK_REPORT_JOB_STALE", 900))


def request_job(campaign: Campaign, scope: ReportScope, lang: str) -> ReportJob:
    """The job for this report: one already queued or running for the same choice, else a new
    one in the queue.

    Examples
    --------
    ::

        job = request_job(campaign, ReportScope(None, 542), "de")  # job.status == "queued"
    """
    codes = None if scope.codes is None else list(scope.codes)
    waiting = db.session.scalars(
        select(ReportJob).where(
            ReportJob.campaign_id == campaign.id,
            ReportJob.lang == lang,
            ReportJob.status.in_(("queued", "running")),
        )
    )
    job = next((j for j in waiting if j.codes == codes), None)
    if job is None:
        job = ReportJob(campaign_id=campaign.id, codes=codes, lang=lang, status="queued", claims=0)
        db.session.add(job)
        db.session.commit()
    return job


def claim() -> ReportJob | None:
    """Take the oldest queued (or stale running) job; None when there is none. Two workers never
    take one job: the UPDATE's WHERE lets only one of them change the row (:func:`take`).

    Examples
    --------
    ::

        job = claim()  # job.status == "running", or None
    """
    candidates = db.session.scalars(
        select(ReportJob.id).where(_takeable()).order_by(ReportJob.id)
    ).all()
    # End the read: SQLite cannot turn a reading transaction into a writing one while another
    # worker writes ("database is locked"); a fresh one waits for the lock instead.
    db.session.commit()
    for job_id in candidates:
        if take(job_id):
            return db.session.get(ReportJob, job_id, populate_existing=True)
    return None


def _takeable():
    stale = utcnow() - dt.timedelta(seconds=stale_after())
    return or_(
        ReportJob.status == "queued",
        (ReportJob.status == "running") & (ReportJob.claimed_at < stale),
    )


def take(job_id: int) -> bool:
    """Mark the job running for this worker if it is still takeable; False when another worker
    was first (its UPDATE changed the row, so this one's WHERE no longer matches).

    Examples
    --------
    ::

        take(job.id)  # True for exactly one of two workers
    """
    taken = db.session.execute(
        update(ReportJob)
        .where(ReportJob.id == job_id, _takeable())
        .values(status="running", claimed_at=utcnow(), claims=ReportJob.claims + 1, stage=None)
    ).rowcount
    db.session.commit()
    return taken == 1


def _heartbeat(job_id: int):
    """build_outputs' ``timer``: note the stage and that the worker is alive."""

    @contextlib.contextmanager
    def stage(name: str) -> Iterator[None]:
        db.session.commit()  # a fresh writing transaction (see claim)
        db.session.execute(
            update(ReportJob).where(ReportJob.id == job_id).values(stage=name, claimed_at=utcnow())
        )
        db.session.commit()
        yield

    return stage


def run_job(job: ReportJob) -> None:
    """Build the job's PDF exactly as ``flask report build`` does and store it with its data time.

    Examples
    --------
    ::

        run_job(claim())  # status "done" with the PDF, or "failed" with a sentence
    """
    campaign = job.campaign
    job.data_time, job.answers = utcnow(), answer_count(campaign)
    db.session.commit()
    codes = None if job.codes is None else tuple(job.codes)
    with tempfile.TemporaryDirectory(prefix="qk-report-job-") as tmp:
        try:
            write_report_files(
                campaign, Path(tmp), lang=job.lang, profiles=codes, only={"report.pdf"},
                timer=_heartbeat(job.id),
            )  # fmt: skip
        except ExportRefused as exc:
            return _finish(job, "failed", error=exc.message)
        data = (Path(tmp) / "report.pdf").read_bytes()
    name = "report.pdf" if codes is None else f"report-{len(codes)}-quartiere.pdf"
    _finish(job, "done", pdf=data, filename=f"{campaign.id}-{name}")
    _forget_older(job)


def _forget_older(job: ReportJob) -> None:
    """Delete the finished jobs of the same choice that this one replaces: each keeps a PDF of
    up to tens of megabytes in the database, and only the newest is offered."""
    older = db.session.scalars(
        select(ReportJob).where(
            ReportJob.campaign_id == job.campaign_id,
            ReportJob.lang == job.lang,
            ReportJob.id < job.id,
            ReportJob.status.in_(("done", "failed")),
        )
    )
    for earlier in older:
        if earlier.codes == job.codes:  # JSON is compared here: portable on every database
            db.session.delete(earlier)
    db.session.commit()


def _finish(job: ReportJob, status: str, **values) -> None:
    db.session.execute(
        update(ReportJob)
        .where(ReportJob.id == job.id)
        .values(status=status, finished_at=utcnow(), stage=None, **values)
    )
    db.session.commit()


def work(once: bool = False) -> int:
    """Claim and build jobs until the queue is empty (``once``: at most one); how many were built.

    Examples
    --------
    ::

        work()  # flask jobs work
    """
    built = 0
    while (job := claim()) is not None:
        try:
            run_job(job)
        except Exception:  # a broken build must not stop the worker or hide the job
            db.session.rollback()
            current_app.logger.exception("report job %s failed", job.id)
            message = _("The report could not be built; the server's log names the reason.")
            _finish(job, "failed", error=message)
        built += 1
        if once:
            break
    return built


def start_thread(app: Flask) -> None:
    """For the laptop default: one worker thread per process that empties the queue and ends
    (started again by the next request for a job)."""
    wanted = app.config.get("QK_REPORT_JOB_THREAD")
    if not (not app.testing if wanted is None else wanted):
        return
    with _LOCK:
        running = _THREADS.get(id(app))
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(target=_drain, args=(app,), name="qk-report-jobs", daemon=True)
        _THREADS[id(app)] = thread
        thread.start()


def _drain(app: Flask) -> None:
    with app.app_context():
        work()
        db.session.remove()


def newer_answers(job: ReportJob) -> int:
    """How many answers came in after the worker read the data (0 before it did)."""
    if job.answers is None:
        return 0
    return max(answer_count(job.campaign) - job.answers, 0)
