"""Planner views of the report built in the background: ask for it, watch it, download it."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from sqlalchemy.orm import undefer

from app.core.access import load_campaign
from app.core.downloads import file_response
from app.core.extensions import db
from app.core.i18n import current_locale
from app.models import ReportJob
from app.services import report_jobs, report_scope


def _job(campaign, job_id: int, *options) -> ReportJob:
    job = db.session.get(ReportJob, job_id, options=options)
    if job is None or job.campaign_id != campaign.id:
        abort(404)
    return job


@load_campaign("planner")
def start(campaign):
    try:
        scope = report_scope.report_scope(campaign, request.form.to_dict(flat=False))
    except report_scope.ReportScopeError as exc:
        abort(409, description=exc.message)
    job = report_jobs.request_job(campaign, scope, current_locale())
    report_jobs.start_thread(current_app._get_current_object())
    return redirect(url_for("reports.report_job", campaign_id=campaign.id, job_id=job.id))


@load_campaign("planner")
def status(campaign, job_id: int):
    job = _job(campaign, job_id)
    return render_template(
        "reports/report_job.html", campaign=campaign, job=job,
        newer=report_jobs.newer_answers(job),
    )  # fmt: skip


@load_campaign("planner")
def download(campaign, job_id: int):
    job = _job(campaign, job_id, undefer(ReportJob.pdf))
    if job.status != "done" or job.pdf is None:
        abort(404)
    return file_response(job.pdf, job.filename, "application/pdf")
