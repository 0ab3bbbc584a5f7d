"""``flask indicators trend|change|dynamics``: indicators over time from the stored years."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from app.cli.options import FILE, planning_command, split_list, write_table
from app.services import carrying, dynamics, time_series
from app.services.areas import find_kommune
from app.services.index_versions import find_version


def _out(path: str) -> Path:
    out = Path(path)
    if out.parent and not out.parent.is_dir():
        raise click.ClickException(_("The folder '%(dir)s' does not exist.", dir=out.parent))
    return out


@click.command("trend")
@click.option("--kommune", required=True)
@click.option("--indicator", required=True, help="Key of a stored indicator.")
@click.option(
    "--kommune-value",
    "how",
    default="mean",
    help="The Kommune's line: mean, sum or weighted:<indicator>, e.g. weighted:EW.",
)
@click.option("--jump-sd", type=float, default=time_series.DEFAULT_JUMP_SD, show_default=True)
@click.option("--jump-relative", type=float, default=time_series.DEFAULT_JUMP_RELATIVE,
              show_default=True)  # fmt: skip
@click.option("-o", "--output", "out", required=True, type=FILE, help="CSV: area × year.")
@click.option("--excel", is_flag=True, help="Write the CSVs for German Excel (; and 1,5).")
@with_appcontext
@planning_command
def trend_command(kommune, indicator, how, jump_sd, jump_relative, out, excel):
    """An indicator per area and year into OUT; the Kommune's line and the band of all areas
    into OUT.kommune.csv and the values flagged as jumps (to check) into OUT.jumps.csv."""
    path = _out(out)
    data = time_series.series(find_kommune(kommune), indicator, how=how, jump_sd=jump_sd,
                              jump_relative=jump_relative)  # fmt: skip
    table = data.table.rename(columns=str).reset_index()
    write_table(table, path, excel)
    line = path.with_name(path.stem + ".kommune.csv")
    write_table(data.trend.reset_index(), line, excel)
    jumps = path.with_name(path.stem + ".jumps.csv")
    write_table(data.jumps, jumps, excel)
    click.echo(
        _("Areas: %(areas)d, years: %(years)d; values flagged for checking: %(jumps)d. "
          "Written: %(files)s", areas=len(table), years=len(data.table.columns),
          jumps=len(data.jumps), files=", ".join(map(str, (path, line, jumps))))
    )  # fmt: skip


@click.command("change")
@click.option("--kommune", required=True)
@click.option("--indicator", required=True, help="Key of a stored indicator.")
@click.option("--from", "start", required=True, type=int, help="First year.")
@click.option("--to", "end", required=True, type=int, help="Second year.")
@click.option("--tolerance", type=float, default=0.0, help="A smaller change is 'unchanged'.")
@click.option("-o", "--output", "out", required=True, type=FILE)
@click.option("--excel", is_flag=True, help="Write the CSV for German Excel (; and 1,5).")
@with_appcontext
@planning_command
def change_command(kommune, indicator, start, end, tolerance, out, excel):
    """The change of an indicator per area between two stored years (absolute, and in
    percentage points for a % indicator or in percent otherwise) with its direction."""
    table = time_series.change(find_kommune(kommune), indicator, start, end, tolerance=tolerance)
    write_table(table, _out(out), excel)
    counts = table["direction"].value_counts()
    click.echo(
        _("Areas worse: %(worse)d, better: %(better)d, unchanged: %(same)d. Written: %(file)s",
          worse=counts.get("worse", 0), better=counts.get("better", 0),
          same=counts.get("unchanged", 0), file=out)
    )  # fmt: skip


@click.command("dynamics")
@click.option("--kommune", required=True)
@click.option("--indicators", required=True, help="Indicators whose change counts, e.g. S1,S3,S4.")
@click.option("--from", "start", required=True, type=int, help="First year.")
@click.option("--to", "end", required=True, type=int, help="Second year.")
@click.option("--population", help="Stored indicator with the residents, e.g. EW.")
@click.option("--min-population", type=float, help="Leave out areas with fewer residents.")
@click.option(
    "--status-version", help="A saved index version: adds the 4 × 3 status/dynamics class."
)
@click.option("-o", "--output", "out", required=True, type=FILE)
@click.option("--excel", is_flag=True, help="Write the CSV for German Excel (; and 1,5).")
@with_appcontext
@planning_command
def dynamics_command(kommune, indicators, start, end, population, min_population,
                     status_version, out, excel):  # fmt: skip
    """The dynamics index (Berlin MSS method) from the stored values of two years."""
    place = find_kommune(kommune)
    keys = split_list(indicators) or []
    result = dynamics.dynamics(place, keys, start, end, population=population,
                               min_population=min_population)  # fmt: skip
    table = result.table
    if status_version:
        try:
            version = find_version(place, status_version)
        except LookupError:
            raise click.ClickException(
                _("%(kommune)s has no index version “%(name)s”; see flask index versions.",
                  kommune=place.name, name=status_version)
            ) from None  # fmt: skip
        table = dynamics.combined(result, version)
    write_table(table, _out(out), excel)
    included = table[table["excluded_reason"] == ""]
    counts = included["class_label"].value_counts()
    classes = ", ".join(f"{label} {n}" for label, n in counts.items())
    click.echo(ngettext("%(num)d area in the dynamics index; classes: %(classes)s. Written: "
                        "%(file)s", "%(num)d areas in the dynamics index; classes: %(classes)s. "
                        "Written: %(file)s", len(included), classes=classes, file=out))  # fmt: skip


@click.command("carry")
@click.argument("file", type=FILE)
@click.option(
    "--crosswalk",
    required=True,
    type=FILE,
    help="CSV/XLSX with old_code, new_code, population (residents of each overlap).",
)
@click.option("--kommune", required=True, help="The Kommune with the new areas.")
@click.option("--id", "id_column", required=True, help="Column of FILE with the old area codes.")
@click.option("--year", type=click.IntRange(1900, 2100), help="Year of values without one.")
@click.option("--counts", help="Indicators that are counts (split by residents), e.g. EW.")
@click.option("--key-width", type=click.IntRange(1, 64), help="Left-pad numeric codes with 0.")
@with_appcontext
@planning_command
def carry_command(file, crosswalk, kommune, id_column, year, counts, key_width):  # fmt: skip
    """Carry values of earlier, redrawn areas (FILE) to the Kommune's areas through a
    crosswalk: counts split by residents, shares weighted by residents; stored marked."""
    done = carrying.carry(file, crosswalk, kommune, id_column, year=year,
                            counts=split_list(counts) or (), key_width=key_width)  # fmt: skip
    click.echo(
        ngettext("%(num)d carried value added, %(updated)d updated; %(gaps)d left empty (an old "
                 "area had no value); %(kept)d not carried (an imported value exists).",
                 "%(num)d carried values added, %(updated)d updated; %(gaps)d left empty (an old "
                 "area had no value); %(kept)d not carried (an imported value exists).",
                 done.stored.created, updated=done.stored.updated, gaps=done.gaps,
                 kept=done.kept)
    )  # fmt: skip
    if done.unreadable:
        click.echo(
            ngettext("%(num)d cell of the file is no number; it was read as missing.",
                     "%(num)d cells of the file are no number; they were read as missing.",
                     done.unreadable)
        )  # fmt: skip


#: The commands of this module, added to ``flask indicators``.
TREND_COMMANDS = (trend_command, change_command, dynamics_command, carry_command)
