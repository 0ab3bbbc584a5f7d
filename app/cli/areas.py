"""``flask areas``: the areas (Sozialräume, Quartiere) of a Kommune."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from app.cli.options import FILE, planning_command
from app.services.area_sets import delete_area, rename_area, retire_area
from app.services.areas import area_table, find_kommune, import_areas

areas_cli = AppGroup("areas", help="Areas (Sozialräume, Quartiere) of a Kommune.")


@areas_cli.command("import")
@click.argument("file", type=FILE)
@click.option("--kommune", required=True, help="Name of the Kommune (created if new).")
@click.option("--id-field", help="Field with the area code (default: --dissolve-by).")
@click.option("--name-field", help="Field with the area name (default: --dissolve-by).")
@click.option("--population-field", help="Field with the number of residents.")
@click.option("--crs", help="CRS of a file that declares none, e.g. EPSG:25832.")
@click.option("--key-width", type=click.IntRange(1, 64), help="Left-pad numeric codes with 0.")
@click.option("--replace", is_flag=True, help="Replace the Kommune's areas by the file's.")
@click.option("--dissolve-by", help="Merge the features that share this field into one area.")
@click.option("--parent-field", help="Field with the code of the area above (e.g. the Bezirk).")
@planning_command
def areas_import(file, kommune, id_field, name_field, population_field, crs, key_width, replace,
                 dissolve_by, parent_field):  # fmt: skip
    """Import area polygons (GeoJSON, GeoPackage, zipped Shapefile); updates areas by code."""
    id_field, name_field = id_field or dissolve_by, name_field or dissolve_by
    if not id_field or not name_field:
        raise click.UsageError(_("Give --id-field and --name-field (or --dissolve-by)."))
    summary = import_areas(
        file, kommune, id_field, name_field, population_field, crs=crs, key_width=key_width,
        replace=replace, dissolve_by=dissolve_by, parent_field=parent_field,
    )  # fmt: skip
    click.echo(
        ngettext(
            "%(kommune)s: %(num)d area added, %(updated)d updated.",
            "%(kommune)s: %(num)d areas added, %(updated)d updated.",
            summary.created,
            kommune=kommune.strip(),
            updated=summary.updated,
        )
    )
    if replace:
        click.echo(
            ngettext("%(num)d area retired (answers or values refer to it), %(removed)d deleted.",
                     "%(num)d areas retired (answers or values refer to them), %(removed)d "
                     "deleted.", summary.retired, removed=summary.removed)
        )  # fmt: skip


@areas_cli.command("rename")
@click.argument("code")
@click.argument("name")
@click.option("--kommune", required=True)
@planning_command
def areas_rename(code, name, kommune):
    """Give the area CODE the name NAME."""
    rename_area(find_kommune(kommune), code, name)
    click.echo(_("Area '%(code)s' is now called '%(name)s'.", code=code, name=name.strip()))


@areas_cli.command("retire")
@click.argument("code")
@click.option("--kommune", required=True)
@click.option("--undo", is_flag=True, help="Bring a retired area back.")
@planning_command
def areas_retire(code, kommune, undo):
    """Retire the area CODE: kept for what refers to it, not offered in new surveys."""
    retire_area(find_kommune(kommune), code, retired=not undo)
    if undo:
        click.echo(_("Area '%(code)s' is in use again.", code=code))
    else:
        click.echo(_("Area '%(code)s' is retired.", code=code))


@areas_cli.command("delete")
@click.argument("code")
@click.option("--kommune", required=True)
@planning_command
def areas_delete(code, kommune):
    """Delete the area CODE (only when no answers, values or records refer to it)."""
    delete_area(find_kommune(kommune), code)
    click.echo(_("Area '%(code)s' is deleted.", code=code))


@areas_cli.command("list")
@click.option("--kommune", required=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table")
@planning_command
def areas_list(kommune, fmt):
    """List a Kommune's areas (code, name, area_km2, population)."""
    table = area_table(find_kommune(kommune))
    if fmt == "csv":
        click.echo(table.to_csv(index=False, lineterminator="\n"), nl=False)
    elif table.empty:
        click.echo(_("%(kommune)s has no areas yet.", kommune=kommune))
    else:
        shown = table.assign(population=table["population"].astype("string").fillna(""))
        click.echo(shown.to_string(index=False))
