"""``flask analysis``: analyses of files alone; the database is never opened."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from analysis.readers.indicator_file import IndicatorFile, read_indicator_file
from analysis.stats.index import social_index
from app.cli.options import (
    FILE,
    MISSING_HELP,
    index_kwargs,
    index_options,
    planning_command,
    split_list,
    write_index,
)
from app.services.import_report import column_line

analysis_cli = AppGroup("analysis", help="Analyses of files alone (no database needed).")


@analysis_cli.command("index")
@click.argument("input_file", metavar="INPUT", type=FILE)
@click.option("-o", "--output", "out", required=True, type=FILE, help="Result CSV to write.")
@click.option("--id", "id_column", required=True, help="Column with the area codes.")
@click.option("--na-values", "na_text", help=MISSING_HELP)
@click.option("--year", type=click.IntRange(1900, 2100), help="Year of indicators with several.")
@click.option("--key-width", type=click.IntRange(1, 64), help="Left-pad numeric codes with 0.")
@click.option("--population", "population_column", help="Column with the residents.")
@index_options
@planning_command
def analysis_index(input_file, out, id_column, na_text, year, key_width, population_column,
                   **opts):  # fmt: skip
    """Compute the social index of an indicator table (CSV or XLSX) into OUT.csv.

    The file is read as ``flask indicators import`` reads it: a cell that is no number is
    named and left empty, and the indicators are the keys the import would store."""
    if opts["min_population"] is not None and not population_column:
        raise click.ClickException(_("--min-population needs --population COLUMN."))
    found = read_indicator_file(input_file, key_column=id_column, missing=split_list(na_text) or ())
    _echo_unreadable(found)
    table = found.table(year).rename(columns={"area_code": id_column})
    if key_width:
        table[id_column] = table[id_column].str.zfill(key_width)
    kwargs = index_kwargs(opts, catalogue_directions=True)
    if population_column:
        kwargs["population_column"] = population_column
    result = social_index(table, id_column=id_column, **kwargs)
    click.echo(write_index(result, out, opts["excel"]))


def _echo_unreadable(found: IndicatorFile) -> None:
    """Name every column with cells that are no number (they are left empty)."""
    for line in found.indicators:
        if line.unreadable:
            shown = column_line(line)
            click.echo(
                ngettext("Column %(column)s: %(num)d cell is no number and is left empty, e.g.",
                         "Column %(column)s: %(num)d cells are no number and are left empty, "
                         "e.g.", line.unreadable, column=line.column)
            )  # fmt: skip
            for example in shown["examples"]:
                click.echo(f"  {example}")
