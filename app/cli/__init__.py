"""The ``flask`` command groups; each command is a thin call into a service or ``analysis``."""

from __future__ import annotations

from flask import Flask

from app.cli.analysis import analysis_cli
from app.cli.areas import areas_cli
from app.cli.demo import demo_command
from app.cli.funds import funds_cli
from app.cli.index import index_cli
from app.cli.indicators import indicators_cli
from app.cli.instruments import instruments_cli
from app.cli.jobs import jobs_cli
from app.cli.kreis import kreis_cli
from app.cli.measures import measures_cli
from app.cli.offers import offers_cli
from app.cli.report import report_cli
from app.cli.users import users_cli

COMMANDS = (
    demo_command,
    instruments_cli,
    users_cli,
    analysis_cli,
    areas_cli,
    indicators_cli,
    index_cli,
    report_cli,
    funds_cli,
    kreis_cli,
    offers_cli,
    measures_cli,
    jobs_cli,
)


def register(app: Flask) -> None:
    """Attach every command group to the app."""
    for command in COMMANDS:
        app.cli.add_command(command)
