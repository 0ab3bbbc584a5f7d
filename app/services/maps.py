"""The web map of a Kommune: its areas as GeoJSON with the index class or a theme's median."""

from __future__ import annotations

import json

import pandas as pd
import shapely
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, Kommune
from app.services import aggregates, index_versions
from app.services.queries import areas_frame

#: Index classes 1-4 (4 = most need) and theme medians 1-7 (1 = most room for improvement).
CLASS_COLOURS = {1: "#1a9641", 2: "#a6d96a", 3: "#fdae61", 4: "#d7191c"}
MEDIAN_BINS = [(2.5, "#d7191c"), (3.5, "#fdae61"), (4.5, "#ffffbf"), (5.5, "#a6d96a")]
MEDIAN_TOP = "#1a9641"
NO_DATA = "#cccccc"


def campaigns_of(kommune: Kommune) -> list[Campaign]:
    """The Kommune's surveys, newest round first: the map's choice of survey."""
    return list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.kommune_id == kommune.id)
            .order_by(Campaign.round_label.desc())
        )
    )


def chosen_campaign(campaigns: list[Campaign], wanted: str) -> Campaign | None:
    """The survey whose id is ``wanted`` (a query value), else the newest."""
    chosen = next((c for c in campaigns if str(c.id) == wanted), None)
    return chosen or (campaigns[0] if campaigns else None)


def feature_collection(kommune: Kommune, values: dict[str, dict]) -> dict:
    """The Kommune's areas as GeoJSON features with the given properties per area code."""
    areas = areas_frame(kommune)
    areas = areas[areas.geometry.notna()]
    features = []
    for row in areas.itertuples():
        props = {
            "code": row.code,
            "name": row.name,
            "population": None if pd.isna(row.population) else int(row.population),
            **values.get(row.code, {}),
        }
        props.setdefault("colour", NO_DATA)
        geometry = json.loads(shapely.to_geojson(row.geometry))
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def index_features(kommune: Kommune, table: pd.DataFrame) -> dict:
    """A computed (not yet saved) index as map features: value, class label and colour."""
    values = {}
    for row in index_versions.records(table):
        klass = row.get("class")
        values[str(row["area_code"])] = {
            "value": None if row.get("index") is None else round(float(row["index"]), 2),
            "label": row.get("class_label") or "",
            "colour": CLASS_COLOURS.get(klass, NO_DATA),
        }
    return feature_collection(kommune, values)


def median_colour(value: float | None) -> str:
    if value is None:
        return NO_DATA
    for limit, colour in MEDIAN_BINS:
        if value <= limit:
            return colour
    return MEDIAN_TOP


def layer_values(kommune: Kommune, campaign: Campaign | None, layer: str) -> dict[str, dict]:
    """Properties per area code for the map layer ``layer`` ("index" or a theme's slug).

    Raises LookupError for a theme the survey does not have.
    """
    version = index_versions.latest_version(kommune.id)
    values: dict[str, dict] = {}
    for row in version.result if version else []:
        klass = row.get("class")
        values[str(row["area_code"])] = entry = {
            "index_class": klass,
            "index_label": row.get("class_label") or "",
            "index": None if row.get("index") is None else round(float(row["index"]), 2),
        }
        if layer == "index":
            entry.update(colour=CLASS_COLOURS.get(klass, NO_DATA), label=entry["index_label"])
    if layer != "index":
        if campaign is None or layer not in {t.slug for t in campaign.instrument.themes}:
            raise LookupError(layer)
        agg = aggregates.aggregates(campaign)
        for area in campaign.areas:
            median = aggregates.medians(agg, area.code, "resident", campaign.round_label).get(layer)
            values.setdefault(area.code, {}).update(value=median, colour=median_colour(median))
    return values
