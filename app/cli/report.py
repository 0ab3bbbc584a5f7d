"""``flask report``: every result file of a survey campaign."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.cli.options import planning_command, split_list
from app.services.campaigns import find_campaign
from app.services.exports import ExportRefused, write_report_files

report_cli = AppGroup("report", help="Result files of a survey campaign.")


@report_cli.command("build")
@click.option("--campaign", "token", required=True, help="Any link token of the campaign.")
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False))
@click.option("--lang", default="de", help="Language of theme titles (default de).")
@click.option("--index-indicators", help="Indicators of the status index, e.g. sgb2_quote,…")
@click.option("--min-population", type=float, help="Exclude small areas from the index.")
@click.option("--no-comments", is_flag=True, help="Leave residents' comments out.")
@planning_command
def report_build(token, out, lang, index_indicators, min_population, no_comments):
    """Write every table, GIS layer, chart, map and the PDF report of a campaign into OUT."""
    try:
        written = write_report_files(
            find_campaign(token),
            Path(out),
            lang=lang,
            index_indicators=split_list(index_indicators) or (),
            min_population=min_population,
            include_comments=not no_comments,
        )
    except ExportRefused as exc:
        raise click.ClickException(exc.message) from None
    click.echo(_("%(n)d files written to %(dir)s.", n=len(written), dir=out))
