"""``flask jobs work``: the worker that builds the reports planners ask for on the web."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from flask_babel import ngettext

from app.services import report_jobs

jobs_cli = AppGroup("jobs", help="Background jobs (the whole report of a big city).")


@jobs_cli.command("work")
@click.option("--drain", is_flag=True, help="Stop when the queue is empty (cron, tests).")
@click.option("--poll", default=10.0, show_default=True, help="Seconds between looks at the queue.")
def jobs_work(drain: bool, poll: float):
    """Build queued reports, one at a time; run as many of these as there are cores to spare.

    Workers share nothing but the database: a job is taken by one of them only, and a job
    whose worker was killed is taken again after QK_REPORT_JOB_STALE seconds.
    """
    while True:
        built = report_jobs.work()
        if built:
            click.echo(ngettext("%(num)d report built.", "%(num)d reports built.", built))
        if drain:
            return
        time.sleep(poll)
