"""``flask report``: every result file of a survey campaign."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from app.cli.options import planning_command
from app.services.campaigns import find_campaign
from app.services.exports import ExportRefused, write_report_files
from app.services.index_versions import find_version
from app.services.report_scope import ReportScopeError, report_scope

report_cli = AppGroup("report", help="Result files of a survey campaign.")


@report_cli.command("build")
@click.option("--campaign", "token", required=True, help="Any link token of the campaign.")
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False))
@click.option("--lang", default="de", help="Language of theme titles (default de).")
@click.option(
    "--index-version", "version_name", help="A saved index version (default: the survey's)."
)
@click.option("--no-comments", is_flag=True, help="Leave residents' comments out.")
@click.option(
    "--areas", "codes", help="Profiles only for these Quartiere (codes separated by commas)."
)
@planning_command
def report_build(token, out, lang, version_name, no_comments, codes):
    """Write every table, GIS layer, chart, map and the PDF report of a campaign into OUT.

    The index is the survey's saved index version (or --index-version); nothing recomputes it.
    The report has a profile of every Quartier (or of --areas); it may take many minutes for
    a big city, which is why the web builds only chosen Quartiere.
    """
    campaign = find_campaign(token)
    try:
        scope = report_scope(campaign, {"areas": [codes or ""]})
    except ReportScopeError as exc:
        raise click.ClickException(exc.message) from None
    version = None
    if version_name:
        try:
            version = find_version(campaign.kommune, version_name)
        except LookupError:
            raise click.ClickException(
                _("%(kommune)s has no index version “%(name)s”; see flask index versions.",
                  kommune=campaign.kommune.name, name=version_name)
            ) from None  # fmt: skip
    try:
        written = write_report_files(
            campaign, Path(out), lang=lang, version=version, include_comments=not no_comments,
            profiles=scope.codes,
        )  # fmt: skip
    except ExportRefused as exc:
        raise click.ClickException(exc.message) from None
    click.echo(
        ngettext("%(num)d file written to %(dir)s.", "%(num)d files written to %(dir)s.",
                 len(written), dir=out)
    )  # fmt: skip
