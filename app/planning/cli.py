"""``flask analysis|areas|indicators|report`` commands for planners."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import gettext as _

from analysis.readers.areas import AREA_COLUMNS
from analysis.readers.indicators import DEFAULT_NA_VALUES
from app.planning.cli_options import (
    index_kwargs,
    index_options,
    planning_command,
    split_list,
    write_index,
)

analysis_cli = AppGroup("analysis", help="Analyses of files alone (no database needed).")
areas_cli = AppGroup("areas", help="Areas (Sozialräume, Quartiere) of a Kommune.")
indicators_cli = AppGroup("indicators", help="Statistical indicators per area and year.")
report_cli = AppGroup("report", help="Result files of a survey campaign.")

_NA_HELP = "Texts meaning 'no value', comma-separated (default: -9999,.,-,x and empty)."
_FILE = click.Path(dir_okay=False)


def _na_values(text: str | None) -> list[str]:
    values = split_list(text)
    # An empty cell never is a number: keep it missing whatever the planner lists.
    return list(DEFAULT_NA_VALUES) if values is None else [*values, ""]


@analysis_cli.command("index")
@click.argument("input_file", metavar="INPUT", type=_FILE)
@click.option("-o", "--output", "out", required=True, type=_FILE, help="Result CSV to write.")
@click.option("--id", "id_column", required=True, help="Column with the area codes.")
@click.option("--na-values", help=_NA_HELP)
@click.option("--key-width", type=click.IntRange(1, 64), help="Left-pad numeric codes with 0.")
@click.option("--population", "population_column", help="Column with the residents.")
@index_options
@planning_command
def analysis_index(input_file, out, id_column, na_values, key_width, population_column, **opts):
    """Compute the social index of an indicator table (CSV or XLSX) into OUT.csv."""
    from analysis.readers.indicators import read_table
    from analysis.stats.index import social_index

    if opts["min_population"] is not None and not population_column:
        raise click.ClickException(_("--min-population needs --population COLUMN."))
    table = read_table(
        input_file, id_column=id_column, key_width=key_width, na_values=_na_values(na_values)
    )
    kwargs = index_kwargs(opts, catalogue_directions=True)
    if population_column:
        kwargs["population_column"] = population_column
    result = social_index(table, id_column=id_column, **kwargs)
    click.echo(write_index(result, out, opts["excel"]))


@areas_cli.command("import")
@click.argument("file", type=_FILE)
@click.option("--kommune", required=True, help="Name of the Kommune (created if new).")
@click.option("--id-field", required=True, help="Field with the area code.")
@click.option("--name-field", required=True, help="Field with the area name.")
@click.option("--population-field", help="Field with the number of residents.")
@click.option("--crs", help="CRS of a file that declares none, e.g. EPSG:25832.")
@click.option("--key-width", type=click.IntRange(1, 64), help="Left-pad numeric codes with 0.")
@planning_command
def areas_import(file, kommune, id_field, name_field, population_field, crs, key_width):
    """Import area polygons (GeoJSON, GeoPackage, zipped Shapefile); updates areas by code."""
    from app.planning.services import import_areas

    summary = import_areas(
        file, kommune, id_field, name_field, population_field, crs=crs, key_width=key_width
    )
    click.echo(
        _(
            "%(kommune)s: %(created)d areas added, %(updated)d updated.",
            kommune=kommune.strip(),
            created=summary.created,
            updated=summary.updated,
        )
    )


@areas_cli.command("list")
@click.option("--kommune", required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table")
@planning_command
def areas_list(kommune, fmt):
    """List a Kommune's areas (code, name, area_km2, population)."""
    from app.planning.queries import areas_frame
    from app.planning.services import find_kommune

    areas = areas_frame(find_kommune(kommune))
    table = areas[[c for c in AREA_COLUMNS if c not in ("geometry", "population")]]
    table = table.assign(area_km2=table["area_km2"].round(4), population=areas["population"])
    if fmt == "csv":
        click.echo(table.to_csv(index=False, lineterminator="\n"), nl=False)
    elif table.empty:
        click.echo(_("%(kommune)s has no areas yet.", kommune=kommune))
    else:
        shown = table.assign(population=table["population"].astype("string").fillna(""))
        click.echo(shown.to_string(index=False))


@indicators_cli.command("import")
@click.argument("file", type=_FILE)
@click.option("--kommune", required=True, help="Name of the Kommune; its areas must exist.")
@click.option("--id", "id_column", required=True, help="Column with the area codes.")
@click.option("--key-width", type=click.IntRange(1, 64), help="Left-pad numeric codes with 0.")
@click.option("--layout", type=click.Choice(["auto", "wide", "long"]), default="auto")
@click.option("--columns", help="Value columns to import (wide layout), e.g. SGB2,NEF.")
@click.option("--year", type=click.IntRange(1900, 2100), help="Year of values without one.")
@click.option("--na-values", help=_NA_HELP)
@planning_command
def indicators_import(file, kommune, id_column, key_width, layout, columns, year, na_values):
    """Import an indicator table (CSV or XLSX, wide or long); updates values by area and year."""
    from app.planning.services import import_indicators

    summary = import_indicators(
        file,
        kommune,
        id_column,
        key_width=key_width,
        layout=layout,
        value_columns=split_list(columns),
        year=year,
        na_values=_na_values(na_values),
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
    from app.planning.queries import indicators_frame
    from app.planning.services import find_kommune

    values = indicators_frame(find_kommune(kommune))
    if values.empty:
        click.echo(_("%(kommune)s has no indicator values yet.", kommune=kommune))
        return
    counts = values.groupby(["indicator", "year"]).size().rename("areas").reset_index()
    click.echo(counts.to_string(index=False))


@indicators_cli.command("index")
@click.option("--kommune", required=True)
@click.option("--year", required=True, type=int, help="Year of the indicator values.")
@click.option("-o", "--output", "out", required=True, type=_FILE, help="Result CSV to write.")
@index_options
@planning_command
def indicators_index(kommune, year, out, **opts):
    """Compute the social index from stored indicator values of one year into OUT.csv."""
    from app.planning.services import compute_index, find_kommune

    kwargs = index_kwargs(opts, catalogue_directions=False)
    place = find_kommune(kommune)
    result = compute_index(place, kwargs.pop("indicators"), year, **kwargs)
    click.echo(write_index(result, out, opts["excel"]))


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
    from analysis.outputs.build import build_outputs
    from app.planning.queries import campaign_data
    from app.planning.services import find_campaign

    campaign = find_campaign(token)
    options = {} if min_population is None else {"min_population": min_population}
    data = campaign_data(
        campaign,
        lang=lang,
        index_indicators=split_list(index_indicators) or (),
        index_options=options,
        include_comments=not no_comments,
    )
    if data.ratings.empty:
        raise click.ClickException(_("The survey has no answers yet; there is nothing to report."))
    unknown = sorted(set(data.index_indicators) - set(data.indicators["indicator"]))
    if unknown:
        raise click.ClickException(
            _("%(kommune)s has no values for %(keys)s.", kommune=data.kommune,
              keys=", ".join(unknown))
        )  # fmt: skip
    written = build_outputs(data, Path(out))
    click.echo(_("%(n)d files written to %(dir)s.", n=len(written), dir=out))


def register(app: Flask) -> None:
    """Attach the planning command groups to the app."""
    for group in (analysis_cli, areas_cli, indicators_cli, report_cli):
        app.cli.add_command(group)
