"""``flask indicators``: statistical indicators per area and year, and the index on them."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from analysis.exports.tables import neutralise_frame
from analysis.readers.codes import RULES
from analysis.readers.crosswalks import read_crosswalk_file
from analysis.readers.indicator_file import read_indicator_file
from app.cli.options import (
    FILE,
    MISSING_HELP,
    cli_language,
    index_kwargs,
    index_options,
    planning_command,
    split_list,
    write_index,
)
from app.cli.trends import TREND_COMMANDS
from app.services import crosswalks, kommune_catalogue
from app.services.areas import find_kommune
from app.services.import_report import plan_report, report_text
from app.services.index_versions import compute_index, save_version
from app.services.indicator_import import (
    ImportChoice,
    plan_import,
    store_plan,
)
from app.services.indicators import (
    describe_indicator,
    indicators_of,
    stored_values,
    unconfirmed_directions,
    value_counts,
)

indicators_cli = AppGroup("indicators", help="Statistical indicators per area and year.")
for _command in TREND_COMMANDS:
    indicators_cli.add_command(_command)


def _sheet(text: str | None) -> str | int:
    return int(text) - 1 if text and text.isdigit() else (text or 0)


@indicators_cli.command("import")
@click.argument("file", type=FILE)
@click.option("--kommune", required=True, help="Name of the Kommune; its areas must exist.")
@click.option("--id", "id_column", help="Column with the area codes (default: the first).")
@click.option("--name-column", help="Column with the area names (for --match name).")
@click.option("--sheet", help="XLSX sheet: its name or number (1 = first).")
@click.option("--header-row", type=click.IntRange(1), help="Row of the header (default: found).")
@click.option("--columns", help="Columns (headers or keys) to import (default: every numeric).")
@click.option("--indicator", "bare_year_name", help="Name of an indicator whose headers are years.")
@click.option("--year", type=click.IntRange(1900, 2100), help="Year of values without one.")
@click.option("--prefix", default="", help="Put this before every indicator key, e.g. KOELN_.")
@click.option("--na-values", "na_text", help=MISSING_HELP)
@click.option(
    "--match",
    type=click.Choice(["code", "number", "name", *RULES]),
    help="How table codes meet area codes (default: as written).",
)
@click.option(
    "--crosswalk",
    help="CSV/XLSX (table code, area code, residents), or 'saved': the Kommune's saved one.",
)
@click.option("--aggregate-prefix", type=click.IntRange(1), help="First N characters = area.")
@click.option("--weight-column", help="Residents column that weights shares.")
@click.option("--shares", help="Columns that are shares (the others are counts).")
@click.option("--skip-unknown", is_flag=True, help="Leave out rows whose code is no area.")
@click.option("--overwrite", is_flag=True, help="Replace values that came from another file.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; store nothing.")
@planning_command
def indicators_import(file, kommune, **opts):
    """Import an indicator table (CSV or XLSX, wide or long); shows what every column became."""
    place = find_kommune(kommune)
    found = read_indicator_file(
        file, key_column=opts["id_column"], name_column=opts["name_column"],
        sheet=_sheet(opts["sheet"]), columns=split_list(opts["columns"]) or (),
        bare_year_name=opts["bare_year_name"], prefix=opts["prefix"],
        missing=split_list(opts["na_text"]) or (), header_at=opts["header_row"],
    )  # fmt: skip
    crosswalk = crosswalks.crosswalk_for(place, opts["crosswalk"])
    choice = ImportChoice(
        year=opts["year"], match=opts["match"], crosswalk=crosswalk,
        prefix_length=opts["aggregate_prefix"], weight=opts["weight_column"],
        shares=split_list(opts["shares"]) or [], skip_unknown=opts["skip_unknown"],
        overwrite=opts["overwrite"],
    )  # fmt: skip
    plan = plan_import(found, place, choice)
    if opts["dry_run"]:
        keys = [line.key for line in found.indicators]
        click.echo(report_text(plan_report(plan, kommune_catalogue.described(place, keys))))
        return
    if plan.blockers:
        raise click.ClickException(" ".join(plan.blockers))
    summary = store_plan(plan, place)
    click.echo(
        ngettext(
            "%(num)d value added, %(updated)d updated, %(removed)d removed; "
            "new indicators: %(new)s.",
            "%(num)d values added, %(updated)d updated, %(removed)d removed; "
            "new indicators: %(new)s.",
            summary.created,
            updated=summary.updated,
            removed=summary.removed,
            new=", ".join(summary.new_indicators) or "–",
        )
    )
    guessed = unconfirmed_directions(place, summary.new_indicators)
    if guessed:
        click.echo(
            _("Say what %(keys)s mean before they enter an index: flask indicators describe KEY "
              "--direction higher|lower --unit … --definition …", keys=", ".join(guessed))
        )  # fmt: skip


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


@indicators_cli.command("describe")
@click.argument("key")
@click.option("--kommune", required=True)
@click.option(
    "--direction",
    type=click.Choice(["higher", "lower"]),
    help="Higher values mean more need (higher) or less (lower); confirms it.",
)
@click.option("--name", help="The indicator's name.")
@click.option("--unit", help="Its unit, e.g. %, je 1.000, Anzahl ('' = unknown).")
@click.option("--definition", help="How it is computed (numerator ÷ denominator …).")
@click.option("--source", help="Where the numbers come from, e.g. Jobcenter, Stand 31.12.")
@click.option("--domain", help="Its domain, e.g. Armutslagen.")
@planning_command
def indicators_describe(key, kommune, **fields):
    """Say what the indicator KEY means; --direction confirms its direction for the index."""
    indicator = describe_indicator(find_kommune(kommune), key, **fields)
    state = _("confirmed") if indicator.direction_confirmed else _("not confirmed")
    click.echo(
        _("%(key)s: unit %(unit)s, direction %(direction)s (%(state)s).", key=key,
          unit=indicator.unit or _("unknown"), direction=indicator.direction, state=state)
    )  # fmt: skip


@indicators_cli.command("catalogue")
@click.option("--kommune", required=True)
@click.option("--add", "key", help="Add an entry with this key (as in the tables' headers).")
@click.option("--name", help="Its name (with --add).")
@click.option("--unit", help="Its unit, e.g. %, m², Anzahl (with --add).")
@click.option(
    "--direction",
    type=click.Choice(["higher", "lower", ""]),
    default="",
    help="Higher values mean more need (higher) or less (lower); '' leaves it open.",
)
@click.option(
    "--domain",
    type=click.Choice(kommune_catalogue.DOMAINS),
    default="wohnen",
    help="Its domain (with --add).",
)
@click.option("--definition", help="How it is computed (numerator ÷ denominator, date).")
@click.option("--source", help="Where the definition comes from.")
@planning_command
def indicators_catalogue(kommune, key, **fields):
    """List the Kommune's own catalogue entries, or add one with --add KEY."""
    place = find_kommune(kommune)
    if key is not None:
        entry = kommune_catalogue.add_entry(place, {"key": key, **fields})
        click.echo(_("%(key)s has been added to the catalogue.", key=entry.key))
        return
    for e in kommune_catalogue.entries(place):
        click.echo(f"{e.key}\t{e.name}\t{e.unit}\t{e.direction or '–'}\t{e.domain}")


@indicators_cli.command("values")
@click.option("--kommune", required=True)
@click.option("--indicator", help="Only this indicator (its key).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table")
@planning_command
def indicators_values(kommune, indicator, fmt):
    """Every stored value with area, indicator, year, unit and source (the file it came from)."""
    place = find_kommune(kommune)
    if indicator is not None and indicator not in {i.key for i in indicators_of(place)}:
        raise click.ClickException(
            _("%(kommune)s has no indicator %(key)s.", kommune=kommune, key=indicator)
        )
    table = stored_values(place, indicator, cli_language())
    if fmt == "csv":
        click.echo(neutralise_frame(table).to_csv(index=False, lineterminator="\n"), nl=False)
    elif table.empty:
        click.echo(_("%(kommune)s has no indicator values yet.", kommune=kommune))
    else:
        click.echo(table.to_string(index=False))


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


@indicators_cli.command("crosswalk")
@click.argument("file", type=FILE)
@click.option("--kommune", required=True)
@planning_command
def indicators_crosswalk(file, kommune):
    """Save FILE (table code, area code, residents) as the Kommune's crosswalk, replacing the
    saved one; imports use it with --crosswalk saved (the web's import page too)."""
    place = find_kommune(kommune)
    found = read_crosswalk_file(file)
    refused = crosswalks.refusal(found, Path(file).name)
    if refused:
        raise click.ClickException(refused)
    count = crosswalks.save_crosswalk(place, found)
    click.echo(
        ngettext("The crosswalk has been saved: %(num)d code of tables links to Quartiere.",
                 "The crosswalk has been saved: %(num)d codes of tables link to Quartiere.",
                 count)
    )  # fmt: skip
