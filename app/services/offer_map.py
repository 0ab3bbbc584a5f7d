"""The offers' web map as GeoJSON (WGS 84): coverage choropleth, white spots, clustered offers.

Two requests: the areas with their figure and class colour plus the white spots (``coverage``,
computed once per page) and the offers grouped for the map's zoom level (``offers``, asked
again on every zoom; :func:`analysis.coverage.clusters.grid_clusters`). The classes and colours
are the SVG map's (:func:`analysis.coverage.svg.class_colour`). Offers carry their name and
places only: no person's data are in any layer.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import shapely
from flask_babel import gettext as _

from analysis.coverage.clusters import grid_clusters
from analysis.coverage.svg import class_colour, class_limits
from analysis.coverage.validity import parse_date
from app.models import Kommune, OfferCategory, WalkingNetwork
from app.services.offer_coverage import category_coverage, saved_target
from app.services.offer_networks import chosen_network
from app.services.offers import OfferError, stored_offers
from app.services.queries import areas_frame


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 4)


def _feature(geometry, properties: dict) -> dict:
    return {"type": "Feature", "properties": properties,
            "geometry": json.loads(shapely.to_geojson(geometry))}  # fmt: skip


def coverage_layers(
    kommune: Kommune,
    category: OfferCategory,
    on: date | None = None,
    network: WalkingNetwork | None = None,
) -> dict:
    """The areas (``kind`` "area": code, name, value, colour, figures) and the white spots
    (``kind`` "white_spot": code, white share) as one FeatureCollection; distances along
    ``network`` when given (``method`` names the distance).

    With a database session (see the tests)::

        layers = coverage_layers(koeln, kita)
        [f["properties"]["kind"] for f in layers["features"]][:1]   # ['area']
    """
    target = saved_target(kommune, category)
    result = category_coverage(kommune, category, target=target, on=on, network=network)
    column = "per_1000" if target is not None else "offers"
    table = result.table.set_index("area_code")
    limits = class_limits(table[column])
    features = []
    areas = areas_frame(kommune).dropna(subset=["geometry"])
    for code, name, geometry in zip(areas["code"], areas["name"], areas.geometry, strict=True):
        row = table.loc[code] if code in table.index else None
        value = None if row is None else _number(row[column])
        features.append(_feature(geometry, {
            "kind": "area", "code": code, "name": name, "value": value,
            "colour": class_colour(float("nan") if value is None else value, limits),
            "offers": None if row is None else int(row["offers"]),
            "share_within": None if row is None else _number(row["share_within"]),
        }))  # fmt: skip
    for spot in result.white_spots.itertuples():
        if spot.geometry is not None and not spot.geometry.is_empty:
            features.append(_feature(spot.geometry, {"kind": "white_spot",
                                                     "code": spot.area_code}))  # fmt: skip
    return {"type": "FeatureCollection", "features": features,
            "column": column, "method": result.params["distance_note"]}  # fmt: skip


def offer_points(category: OfferCategory, zoom: int, on: date | None = None) -> dict:
    """The category's offers valid ``on`` (default today), grouped for ``zoom`` (0–20): a
    cluster has ``count`` > 1, a single offer its ``name`` and ``capacity``.

    With a database session (see the tests)::

        offer_points(kita, 11)["features"][0]["properties"]["count"]
    """
    offers = stored_offers(category, on or date.today())
    points = pd.DataFrame({"lon": offers.geometry.x, "lat": offers.geometry.y,
                           "name": offers["name"], "capacity": offers["capacity"]})  # fmt: skip
    features = []
    for cluster in grid_clusters(points, max(0, min(int(zoom), 20))).itertuples():
        properties = {"count": int(cluster.count)}
        if cluster.count == 1:
            member = points.loc[cluster.members[0]]
            properties.update(name=str(member["name"]), capacity=_number(member["capacity"]))
        features.append(_feature(shapely.Point(cluster.lon, cluster.lat), properties))
    return {"type": "FeatureCollection", "features": features, "total": len(points)}


class MapRequestError(OfferError):
    """The map asked for something that is not there (a date that is none); a sentence."""


def map_layer(kommune: Kommune, category: OfferCategory, args) -> dict:
    """The layer the map asks for: ``layer`` coverage or offers, ``zoom``, ``on`` (a date),
    ``distance`` ("streets": along the stored network);
    a LookupError for another layer, a MapRequestError for a date that is none, an OfferError
    when the figures cannot be computed (e.g. areas without outlines)."""
    try:
        on = parse_date(args.get("on"))
    except ValueError:
        raise MapRequestError(_("Please give the date as 2025-08-01 or 1.8.2025.")) from None
    layer = args.get("layer", "coverage")
    if layer == "coverage":
        return coverage_layers(kommune, category, on, chosen_network(kommune, args.get("distance")))
    if layer == "offers":
        zoom = str(args.get("zoom", "12"))
        return offer_points(category, int(zoom) if zoom.isdigit() and len(zoom) < 3 else 12, on)
    raise LookupError(layer)
