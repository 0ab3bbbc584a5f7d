"""``flask analysis``: analyses of files alone; the database is never opened."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from analysis.readers.indicators import read_table
from analysis.stats.index import social_index
from app.cli.options import (
    FILE,
    NA_HELP,
    index_kwargs,
    index_options,
    na_values,
    planning_command,
    write_index,
)

analysis_cli = AppGroup("analysis", help="Analyses of files alone (no database needed).")


@analysis_cli.command("index")
@click.argument("input_file", metavar="INPUT", type=FILE)
@click.option("-o", "--output", "out", required=True, type=FILE, help="Result CSV to write.")
@click.option("--id", "id_column", required=True, help="Column with the area codes.")
@click.option("--na-values", "na_text", help=NA_HELP)
@click.option("--key-width", type=click.IntRange(1, 64), help="Left-pad numeric codes with 0.")
@click.option("--population", "population_column", help="Column with the residents.")
@index_options
@planning_command
def analysis_index(input_file, out, id_column, na_text, key_width, population_column, **opts):
    """Compute the social index of an indicator table (CSV or XLSX) into OUT.csv."""
    if opts["min_population"] is not None and not population_column:
        raise click.ClickException(_("--min-population needs --population COLUMN."))
    table = read_table(
        input_file, id_column=id_column, key_width=key_width, na_values=na_values(na_text)
    )
    kwargs = index_kwargs(opts, catalogue_directions=True)
    if population_column:
        kwargs["population_column"] = population_column
    result = social_index(table, id_column=id_column, **kwargs)
    click.echo(write_index(result, out, opts["excel"]))
