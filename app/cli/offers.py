"""``flask offers``: import offers, list them, compute their coverage per Quartier."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import gettext as _

from analysis.coverage.files import read_offer_file
from analysis.exports.tables import neutralise_frame
from app.cli.options import FILE, planning_command
from app.core.i18n import localized
from app.services.areas import find_kommune
from app.services.offer_catalogue import categories, category_by_slug, choose_target
from app.services.offer_coverage import category_coverage, target_values
from app.services.offer_networks import (
    kommune_network,
    remove_network,
    store_network,
    stored_sentence,
)
from app.services.offers import (
    OfferError,
    plan_offers,
    problem_sentence,
    store_offers,
    stored_offers,
)

offers_cli = AppGroup("offers", help="Offers (Kitas, playgrounds …) and their coverage.")


def _category(kommune, slug: str):
    found = category_by_slug(kommune, slug)
    if found is None:
        known = ", ".join(c.slug for c in categories(kommune))
        raise OfferError(_("There is no category '%(slug)s' (known: %(known)s).",
                           slug=slug, known=known))  # fmt: skip
    return found


def _report(plan) -> None:
    for row in plan.rejected.itertuples():
        click.echo(_("Row %(row)s left out: %(why)s.", row=row.row,
                     why=problem_sentence(row.problem)))  # fmt: skip
    for row in plan.duplicates.itertuples():
        click.echo(_("Row %(row)s left out: '%(name)s' is already there (%(of)s).",
                     row=row.row, name=row.name, of=row.duplicate_of))  # fmt: skip
    for row in plan.outside.itertuples():
        click.echo(_("Row %(row)s ('%(name)s') lies outside every area: stored, counted for "
                     "no area.", row=row.row, name=row.name))  # fmt: skip


@offers_cli.command("import")
@click.argument("file", type=FILE)
@click.option("--kommune", required=True)
@click.option("--category", required=True, help="The category's slug, e.g. kita.")
@click.option("--lat-field", help="Field with the latitude (WGS 84).")
@click.option("--lon-field", help="Field with the longitude (WGS 84).")
@click.option("--x-field", help="Field with x in --crs.")
@click.option("--y-field", help="Field with y in --crs.")
@click.option("--crs", help="CRS of x and y, e.g. EPSG:25832.")
@click.option("--name-field", help="Field with the offer's name (default: guessed).")
@click.option("--capacity-field", help="Field with the places.")
@click.option("--provider-field", help="Field with the provider (Träger).")
@click.option("--valid-from-field", help="Field with the first day of the offer (optional).")
@click.option("--valid-to-field", help="Field with the last day of the offer (optional).")
@planning_command
def offers_import(file, kommune, category, lat_field, lon_field, x_field, y_field, crs,
                  name_field, capacity_field, provider_field, valid_from_field,
                  valid_to_field):  # fmt: skip
    """Import offers from a CSV/XLSX table or GeoJSON/GeoPackage points."""
    place = find_kommune(kommune)
    chosen = _category(place, category)
    found = read_offer_file(file)
    geodata = found.kind == "geodata" and not (x_field or lat_field)
    mapping = {
        "name": name_field or ("name" if "name" in found.fields else found.fields[0]),
        "lat": "lat" if geodata else lat_field, "lon": "lon" if geodata else lon_field,
        "x": x_field, "y": y_field, "crs": crs,
        "capacity": capacity_field, "provider": provider_field,
        "valid_from": valid_from_field, "valid_to": valid_to_field,
    }  # fmt: skip
    plan = plan_offers(place, chosen, found, mapping)
    _report(plan)
    stored = store_offers(chosen, plan, click.format_filename(file, shorten=True))
    click.echo(_("%(count)d offers stored in '%(category)s'.", count=stored, category=category))


@offers_cli.command("list")
@click.option("--kommune", required=True)
@click.option("--category", help="List this category's offers (default: the categories).")
@planning_command
def offers_list(kommune, category):
    """List the Kommune's categories with their number of offers, or one category's offers."""
    place = find_kommune(kommune)
    if category is None:
        for item in categories(place):
            click.echo(f"{item.slug}\t{localized(item.name)}\t{len(item.offers)}\t"
                       f"{item.distance_m} m\t{item.theme or '–'}")  # fmt: skip
        return
    for row in stored_offers(_category(place, category)).itertuples():
        capacity = "–" if row.capacity != row.capacity else int(row.capacity)
        valid = f"{row.valid_from or ''}..{row.valid_to or ''}"
        click.echo(f"{row.id}\t{row.name}\t{row.geometry.y:.6f}\t{row.geometry.x:.6f}\t"
                   f"{capacity}\t{valid}")  # fmt: skip


@offers_cli.command("coverage")
@click.option("--kommune", required=True)
@click.option("--category", required=True)
@click.option("--target-indicator", help="Stored indicator with the target group per area.")
@click.option("--year", type=int, help="Year of the target indicator (default: newest).")
@click.option("--distance", type=float, help="Walking distance in metres (default: category's).")
@click.option("--network", type=FILE, help="OpenStreetMap file (.osm/.osm.pbf) for distances.")
@click.option(
    "--along-streets",
    is_flag=True,
    help="Distances along the Kommune's stored walking network (offers page).",
)
@click.option(
    "--on",
    "on",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Count the offers valid on this day, YYYY-MM-DD (default: today).",
)
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@planning_command
def offers_coverage(kommune, category, target_indicator, year, distance, network, along_streets,
                    on, fmt):  # fmt: skip
    """Coverage per area as CSV on standard output; the distance method on standard error."""
    place = find_kommune(kommune)
    chosen = _category(place, category)
    if along_streets:
        network = _stored_network(place, network)
    key = target_indicator or chosen.target_indicator
    target = target_values(place, key, year) if key else None
    result = category_coverage(place, chosen, target=target, distance_m=distance,
                               network=network, on=on.date() if on else None)  # fmt: skip
    neutralise_frame(result.table).to_csv(sys.stdout, index=False, na_rep="")
    click.echo(_("Distances: %(note)s, within %(m)s m.", note=result.params["distance_note"],
                 m=int(result.params["distance_m"])), err=True)  # fmt: skip


def _stored_network(place, network):
    """The Kommune's stored walking network for ``--along-streets``, or one clear sentence."""
    if network is not None:
        raise click.UsageError(_("Please give either --network or --along-streets, not both."))
    stored = kommune_network(place)
    if stored is None:
        raise click.ClickException(_(
            "%(kommune)s has no stored walking network: upload one on the offers page, or give "
            "an OpenStreetMap file with --network.", kommune=place.name))  # fmt: skip
    return stored


@offers_cli.command("network")
@click.argument("file", type=FILE, required=False)
@click.option("--kommune", required=True)
@click.option("--remove", is_flag=True, help="Forget the stored network (straight lines again).")
@planning_command
def offers_network(file, kommune, remove):
    """Store (or replace) the Kommune's walking network from an .osm/.osm.pbf file of any size
    the confined worker reads (the web takes uploads up to the upload limit), or remove it."""
    place = find_kommune(kommune)
    if remove == (file is not None):
        raise click.UsageError(_("Please give either an OpenStreetMap file or --remove."))
    if remove:
        click.echo(remove_network(place))
        return
    path = Path(file)
    click.echo(stored_sentence(store_network(place, path, path.name)))


@offers_cli.command("target")
@click.option("--kommune", required=True)
@click.option("--category", required=True)
@click.option("--indicator", help="Stored indicator with the target group (none: forget it).")
@planning_command
def offers_target(kommune, category, indicator):
    """Save the indicator of a category's target group (used by the report and the pages)."""
    place = find_kommune(kommune)
    choose_target(place, _category(place, category), indicator)
    click.echo(_("Target group of '%(category)s': %(key)s.", category=category,
                 key=indicator or "–"))  # fmt: skip
