"""``flask indicators``: statistical indicators per area and year, and the index on them."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from app.cli.options import (
    FILE,
    NA_HELP,
    index_kwargs,
    index_options,
    na_values,
    planning_command,
    split_list,
    write_index,
)
from app.cli.trends import TREND_COMMANDS
from app.services.areas import find_kommune
from app.services.index_versions import compute_index, save_version
from app.services.indicators import import_indicators, value_counts

indicators_cli = AppGroup("indicators", help="Statistical indicators per area and year.")
for _command in TREND_COMMANDS:
    indicators_cli.add_command(_command)


@indicators_cli.command("import")
@click.argument("file", type=FILE)
@click.option("--kommune", required=True, help="Name of the Kommune; its areas must exist.")
@click.option("--id", "id_column", required=True, help="Column with the area codes.")
@click.option("--key-width", type=click.IntRange(1, 64), help="Left-pad numeric codes with 0.")
@click.option("--layout", type=click.Choice(["auto", "wide", "long"]), default="auto")
@click.option("--columns", help="Value columns to import (wide layout), e.g. SGB2,NEF.")
@click.option("--year", type=click.IntRange(1900, 2100), help="Year of values without one.")
@click.option("--na-values", "na_text", help=NA_HELP)
@planning_command
def indicators_import(file, kommune, id_column, key_width, layout, columns, year, na_text):
    """Import an indicator table (CSV or XLSX, wide or long); updates values by area and year."""
    summary = import_indicators(
        file,
        kommune,
        id_column,
        key_width=key_width,
        layout=layout,
        value_columns=split_list(columns),
        year=year,
        na_values=na_values(na_text),
    )
    click.echo(
        _(
            "%(created)d values added, %(updated)d updated, %(removed)d removed; "
            "new indicators: %(new)s.",
            created=summary.created,
            updated=summary.updated,
            removed=summary.removed,
            new=", ".join(summary.new_indicators) or "–",
        )
    )


@indicators_cli.command("list")
@click.option("--kommune", required=True)
@planning_command
def indicators_list(kommune):
    """List a Kommune's indicators with their years and number of areas."""
    counts = value_counts(find_kommune(kommune))
    if counts.empty:
        click.echo(_("%(kommune)s has no indicator values yet.", kommune=kommune))
        return
    click.echo(counts.to_string(index=False))


@indicators_cli.command("index")
@click.option("--kommune", required=True)
@click.option("--year", required=True, type=int, help="Year of the indicator values.")
@click.option("-o", "--output", "out", type=FILE, help="Result CSV to write.")
@click.option("--save", "name", help="Save the result as an index version of this name.")
@click.option("--areas", help="Reference areas to standardise over (default: all), e.g. 01,02.")
@index_options
@planning_command
def indicators_index(kommune, year, out, name, areas, **opts):
    """Compute the social index from stored indicator values of one year; write it to OUT.csv
    and/or save it as a named index version (--save)."""
    if not out and not name:
        raise click.ClickException(_("Write the result (-o FILE), save it (--save NAME), or both."))
    kwargs = index_kwargs(opts, catalogue_directions=False)
    place = find_kommune(kommune)
    indicators = kwargs.pop("indicators")
    if areas:
        kwargs["reference_areas"] = split_list(areas)
    result = compute_index(place, indicators, year, **kwargs)
    if out:
        click.echo(write_index(result, out, opts["excel"]))
    if name:
        settings = {"indicators": indicators, "year": year, "options": kwargs}
        version = save_version(place, name, settings, result)
        click.echo(_("Index version “%(name)s” saved.", name=version.name))
