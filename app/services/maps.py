"""The web map of a Kommune: its areas as GeoJSON with the index class or a theme's median.

Classes and colours are those of the PNG maps and the report (:mod:`analysis.figures.classes`):
one class per index class, and one per step of the instrument's scale for medians.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import select

from analysis.figures.classes import (
    INDEX_CMAP,
    class_colours,
    median_bins,
    median_legend,
    step_classes,
)
from app.core.extensions import db
from app.models import Campaign, Kommune
from app.services import aggregates, index_versions
from app.services.aggregates import instrument_scale
from app.services.queries import areas_frame
from app.services.survey_index import SurveyIndex, newest_index, survey_index
from app.services.texts import analysis_texts

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


def index_colours(classes: int = 4) -> dict[int, str]:
    """The colour of each index class (class 1 lightest)."""
    return dict(enumerate(class_colours(INDEX_CMAP, classes), start=1))


def median_classes(scale: tuple[int, int]) -> list[tuple[str, str]]:
    """(legend text, colour) of each class of a median map in the reader's language: one class
    per step of the scale, a median on a limit in the class that starts there ("5,0 bis unter
    6,0"), exactly as on the PNG map and in the report."""
    return median_legend(scale, analysis_texts())


def index_features(kommune: Kommune, table: pd.DataFrame) -> dict:
    """A computed (not yet saved) index as map features: value, class label and colour."""
    colours = index_colours(int(table["class"].max()) if table["class"].notna().any() else 4)
    values = {}
    for row in index_versions.records(table):
        klass = row.get("class")
        values[str(row["area_code"])] = {
            "value": None if row.get("index") is None else round(float(row["index"]), 2),
            "label": row.get("class_label") or "",
            "colour": colours.get(klass, NO_DATA),
        }
    return feature_collection(kommune, values)


def median_colour(value: float | None, scale: tuple[int, int]) -> str:
    """The colour of the class a median falls in, by the rule of the PNG map and the report
    (:func:`analysis.figures.classes.step_classes`)."""
    if value is None:
        return NO_DATA
    klass = int(step_classes(np.array([value], dtype=float), median_bins(scale))[0])
    return median_legend(scale)[klass - 1][1]


def map_index(kommune: Kommune, campaign: Campaign | None) -> SurveyIndex:
    """The index the map shows: the survey's version, or without a survey the newest one."""
    return newest_index(kommune) if campaign is None else survey_index(campaign)


def layer_values(kommune: Kommune, campaign: Campaign | None, layer: str) -> dict[str, dict]:
    """Properties per area code for the map layer ``layer`` ("index" or a theme's slug).

    Raises LookupError for a theme the survey does not have.
    """
    version = map_index(kommune, campaign).version
    colours = index_colours()
    values: dict[str, dict] = {}
    for row in version.result if version else []:
        klass = row.get("class")
        values[str(row["area_code"])] = entry = {
            "index_class": klass,
            "index_label": row.get("class_label") or "",
            "index": None if row.get("index") is None else round(float(row["index"]), 2),
        }
        if layer == "index":
            entry.update(colour=colours.get(klass, NO_DATA), label=entry["index_label"])
    if layer != "index":
        if campaign is None or layer not in {t.slug for t in campaign.instrument.themes}:
            raise LookupError(layer)
        agg = aggregates.aggregates(campaign)
        scale = instrument_scale(campaign)
        for area in campaign.areas:
            median = aggregates.medians(agg, area.code, "resident", campaign.round_label).get(layer)
            colour = median_colour(median, scale)
            values.setdefault(area.code, {}).update(value=median, colour=colour)
    return values
