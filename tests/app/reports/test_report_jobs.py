"""The whole report as a background job: asked for on the web ("wird erstellt", then a download),
built by exactly one of two workers, taken again when its worker was killed, equal to
``flask report build`` of the same choice, and marked with its data time when answers came in
after it was built."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, ReportJob
from app.services import report_jobs
from tests.support.output import poppler_text
from tests.support.workspace import csrf_of, demo_with_index, login

ROOT = Path(__file__).resolve().parents[3]
DE = {"Accept-Language": "de"}
CHOICE = ["1 a", "2"]


def _ask(app, client) -> tuple[int, str]:
    """Log in as Musterstadt's planner and ask for the report of CHOICE; (survey id, job page)."""
    with app.app_context():
        campaign_id = demo_with_index()
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    base = f"/planner/surveys/{campaign_id}/report"
    csrf = csrf_of(client, f"{base}/choose")
    asked = client.post(f"{base}/jobs", data={"csrf_token": csrf, "areas": CHOICE}, headers=DE)
    assert asked.status_code == 302
    return campaign_id, asked.headers["Location"]


def _job(app) -> ReportJob:
    with app.app_context():
        job = db.session.scalars(select(ReportJob)).one()
        db.session.expunge(job)
        return job


def _answer(client, campaign_id: int, app) -> None:
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        payload = {
            "token": campaign.resident_token, "area": "1 a", "uuid": str(uuid.uuid4()),
            "ratings": {t.slug: 4 for t in campaign.instrument.themes}, "comments": {},
            "demographics": {"age_band": "30_44", "gender": "", "years_in_area": "5_9"},
        }  # fmt: skip
    assert client.post("/api/v1/responses", json=payload).status_code == 201


def test_the_planner_asks_waits_and_downloads_what_flask_report_build_writes(
    app, client, runner, tmp_path
):
    campaign_id, page = _ask(app, client)
    waiting = client.get(page, headers=DE).get_data(as_text=True)
    assert "Der Bericht wird erstellt" in waiting and 'data-job-page="queued"' in waiting
    assert "report.pdf" not in waiting
    with app.app_context():
        assert report_jobs.work() == 1  # the worker: flask jobs work
    done = client.get(page, headers=DE).get_data(as_text=True)
    assert 'data-job-page="done"' in done and "Stand:" in done
    assert "seitdem" not in done.lower()
    pdf = client.get(f"{page}/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "report-2-quartiere.pdf" in pdf.headers["Content-Disposition"]
    out = tmp_path / "cli"
    with app.app_context():
        token = db.session.get(Campaign, campaign_id).resident_token
    built = runner.invoke(
        args=["report", "build", "--campaign", token, "-o", str(out), "--areas", ",".join(CHOICE)]
    )
    assert built.exit_code == 0, built.output
    assert poppler_text(pdf.data) == poppler_text((out / "report.pdf").read_bytes())
    _answer(client, campaign_id, app)  # after the job read the data
    later = client.get(page, headers=DE).get_data(as_text=True)
    assert "Seitdem ist 1 Antwort eingegangen" in later


def test_a_new_build_of_the_same_choice_replaces_the_older_one(app, client):
    campaign_id, first = _ask(app, client)
    with app.app_context():
        assert report_jobs.work() == 1
    base = f"/planner/surveys/{campaign_id}/report"
    csrf = csrf_of(client, f"{base}/choose")
    other = client.post(f"{base}/jobs", data={"csrf_token": csrf, "areas": ["1 a"]}, headers=DE)
    again = client.post(f"{base}/jobs", data={"csrf_token": csrf, "areas": CHOICE}, headers=DE)
    assert again.headers["Location"] != first
    with app.app_context():
        assert report_jobs.work() == 2
        kept = db.session.scalars(select(ReportJob.codes).order_by(ReportJob.id)).all()
    assert kept == [["1 a"], CHOICE]  # the first build of CHOICE is gone, the other choice stays
    assert client.get(first, headers=DE).status_code == 404
    assert client.get(other.headers["Location"], headers=DE).status_code == 200
    assert client.get(f"{again.headers['Location']}/report.pdf").status_code == 200


def test_two_workers_build_one_job_once(app, client):
    _ask(app, client)
    start = threading.Barrier(2)
    built: list[int] = []

    def worker() -> None:
        with app.app_context():
            start.wait()
            built.append(report_jobs.work())
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert sorted(built) == [0, 1]
    job = _job(app)
    assert job.status == "done" and job.claims == 1


def test_only_one_of_two_workers_that_saw_the_job_takes_it(app, client):
    _ask(app, client)
    job_id = _job(app).id
    seen = threading.Barrier(2)
    taken: list[bool] = []

    def worker() -> None:
        with app.app_context():
            seen.wait()  # both have seen the queued job; both try to take it at once
            taken.append(report_jobs.take(job_id))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(taken) == [False, True]
    assert _job(app).claims == 1


def test_a_killed_worker_s_job_is_taken_again_after_the_timeout(app, client, database_url):
    _, page = _ask(app, client)
    env = {**os.environ, "QK_DATABASE_URL": database_url, "QK_SECRET_KEY": "test"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "jobs", "work", "--drain"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while _job(app).status != "running":
            assert time.monotonic() < deadline and worker.poll() is None
            time.sleep(0.2)
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
    assert _job(app).status == "running"  # nobody will finish it
    with app.app_context():
        assert report_jobs.claim() is None  # within the timeout: still the killed worker's
        app.config["QK_REPORT_JOB_STALE"] = 0
        time.sleep(0.01)
        assert report_jobs.work() == 1
    job = _job(app)
    assert job.status == "done" and job.claims == 2
    assert client.get(f"{page}/report.pdf").status_code == 200


def test_without_a_worker_the_app_s_own_thread_builds_the_report(app, client):
    app.config["QK_REPORT_JOB_THREAD"] = True  # the laptop default (make run)
    _, page = _ask(app, client)
    deadline = time.monotonic() + 300
    while _job(app).status in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.5)
    assert _job(app).status == "done"
    done = client.get(page, headers=DE).get_data(as_text=True)
    assert "Bericht herunterladen (PDF)" in done
    assert client.get(f"{page}/report.pdf").mimetype == "application/pdf"
