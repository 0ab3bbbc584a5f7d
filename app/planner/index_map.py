"""Planner pages: the social index (compute, save named versions) and the map of Quartiere."""

from __future__ import annotations

import json

import pandas as pd
import shapely
from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.stats.index import IndexInputError
from app.auth.access import kommune_for, staff
from app.database import write_transaction
from app.extensions import db
from app.i18n import localized
from app.models import Campaign, IndexVersion, Indicator, IndicatorValue
from app.planner import aggregates
from app.planner.routes import bp

#: Index classes 1-4 (4 = most need) and theme medians 1-7 (1 = most room for improvement).
CLASS_COLOURS = {1: "#1a9641", 2: "#a6d96a", 3: "#fdae61", 4: "#d7191c"}
MEDIAN_BINS = [(2.5, "#d7191c"), (3.5, "#fdae61"), (4.5, "#ffffbf"), (5.5, "#a6d96a")]
MEDIAN_TOP = "#1a9641"


def _numbers(text: str) -> list[float] | None:
    parts = [p.strip().replace(",", ".") for p in text.replace(";", " ").split()]
    try:
        return [float(p) for p in parts if p]
    except ValueError:
        return None


def _index_request(kommune, form) -> tuple[dict, str | None]:
    """Index settings from the form, and an error sentence if they are unusable."""
    chosen = form.getlist("indicators")
    weights = {}
    for key in chosen:
        raw = (form.get(f"weight-{key}") or "1").replace(",", ".")
        try:
            weights[key] = float(raw)
        except ValueError:
            return {}, _("Weights must be numbers, e.g. 1 or 0,5.")
    options: dict = {"method": form.get("method", "z-sum-z"), "weights": weights}
    options["classes"] = form.get("classes", "sd")
    thresholds = form.get("thresholds", "").strip()
    if thresholds:
        options["thresholds"] = _numbers(thresholds)
        if not options["thresholds"]:
            return {}, _("Thresholds must be numbers separated by spaces, e.g. -1 1 1,5.")
    minimum = form.get("min_population", "").strip()
    if minimum:
        if not minimum.isdigit():
            return {}, _("The minimum population must be a whole number.")
        options["min_population"] = int(minimum)
    year = form.get("year", "")
    if not chosen:
        return {}, _("Please choose at least one indicator.")
    if not year.isdigit():
        return {}, _("Please choose a year.")
    return {"indicators": chosen, "year": int(year), "options": options}, None


@bp.route("/kommune/<int:kommune_id>/index", methods=["GET", "POST"])
@staff("planner")
def index(kommune_id: int):
    from app.planning.services import PlanningError, compute_index

    kommune = kommune_for("planner", kommune_id)
    indicators = list(
        db.session.scalars(
            select(Indicator).where(Indicator.kommune_id == kommune.id).order_by(Indicator.key)
        )
    )
    years = sorted(
        {
            y
            for (y,) in db.session.execute(
                select(IndicatorValue.year)
                .join(Indicator)
                .where(Indicator.kommune_id == kommune.id)
                .distinct()
            )
        },
        reverse=True,
    )
    context: dict = {"kommune": kommune, "indicators": indicators, "years": years}
    context.update(form=request.form, table=None, error=None)
    if request.method == "POST":
        settings, error = _index_request(kommune, request.form)
        result = None
        if error is None:
            try:
                result = compute_index(
                    kommune, settings["indicators"], settings["year"], **settings["options"]
                )
            except (PlanningError, IndexInputError, ValueError) as exc:
                error = str(exc)
        context["error"] = error
        if result is not None:
            table = result.table
            name = request.form.get("name", "").strip()
            if request.form.get("save") and name:
                _save_version(kommune, name, settings, result)
                flash(_("Index version “%(name)s” saved.", name=name))
                return redirect(url_for("planner.index", kommune_id=kommune.id))
            if request.form.get("save"):
                context["error"] = _("Please give the version a name.")
            counts = table["class_label"].value_counts(dropna=True).to_dict()
            context.update(table=_records(table), counts=counts, params=result.params)
            context["geojson"] = json.dumps(_index_features(kommune, table))
    context["versions"] = list(
        db.session.scalars(
            select(IndexVersion)
            .where(IndexVersion.kommune_id == kommune.id)
            .order_by(IndexVersion.created_at.desc())
        )
    )
    return render_template("planner/index.html", **context)


def _records(table: pd.DataFrame) -> list[dict]:
    return json.loads(table.to_json(orient="records"))


def _save_version(kommune, name: str, settings: dict, result) -> None:
    with write_transaction():
        version = db.session.scalar(
            select(IndexVersion).where(
                IndexVersion.kommune_id == kommune.id, IndexVersion.name == name
            )
        )
        if version is None:
            version = IndexVersion(kommune_id=kommune.id, name=name[:120])
            db.session.add(version)
        version.params = {
            **settings,
            "computed": json.loads(json.dumps(result.params, default=str)),
        }
        version.result = _records(result.table)


def _feature_collection(kommune, values: dict[str, dict]) -> dict:
    """The Kommune's areas as GeoJSON features with the given properties per area code."""
    from app.planning.queries import areas_frame

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
        props.setdefault("colour", "#cccccc")
        geometry = json.loads(shapely.to_geojson(row.geometry))
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _index_features(kommune, table: pd.DataFrame) -> dict:
    values = {}
    for row in _records(table):
        klass = row.get("class")
        values[str(row["area_code"])] = {
            "value": None if row.get("index") is None else round(float(row["index"]), 2),
            "label": row.get("class_label") or "",
            "colour": CLASS_COLOURS.get(klass, "#cccccc"),
        }
    return _feature_collection(kommune, values)


def _median_colour(value: float | None) -> str:
    if value is None:
        return "#cccccc"
    for limit, colour in MEDIAN_BINS:
        if value <= limit:
            return colour
    return MEDIAN_TOP


@bp.get("/kommune/<int:kommune_id>/map")
@staff("planner")
def map_page(kommune_id: int):
    kommune = kommune_for("planner", kommune_id)
    campaigns = list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.kommune_id == kommune.id)
            .order_by(Campaign.round_label.desc())
        )
    )
    campaign = _campaign_arg(kommune, campaigns)
    layer = request.args.get("layer", "index")
    themes = [(t.slug, localized(t.title)) for t in campaign.instrument.themes] if campaign else []
    data_url = url_for(
        "planner.map_geojson",
        kommune_id=kommune.id,
        layer=layer,
        campaign=campaign.id if campaign else None,
    )
    return render_template(
        "planner/map.html",
        kommune=kommune,
        campaigns=campaigns,
        campaign=campaign,
        layer=layer,
        themes=themes,
        data_url=data_url,
        has_index=aggregates.latest_index(kommune.id) is not None,
        tiles=current_app.config.get("QK_MAP_TILE_URL") or "",
        attribution=current_app.config.get("QK_MAP_TILE_ATTRIBUTION") or "",
        class_colours=CLASS_COLOURS,
        median_bins=MEDIAN_BINS,
        median_top=MEDIAN_TOP,
    )


def _campaign_arg(kommune, campaigns):
    wanted = request.args.get("campaign", "")
    chosen = next((c for c in campaigns if str(c.id) == wanted), None)
    return chosen or (campaigns[0] if campaigns else None)


@bp.get("/kommune/<int:kommune_id>/map.geojson")
@staff("planner")
def map_geojson(kommune_id: int):
    kommune = kommune_for("planner", kommune_id)
    layer = request.args.get("layer", "index")
    campaigns = list(db.session.scalars(select(Campaign).where(Campaign.kommune_id == kommune.id)))
    campaign = _campaign_arg(kommune, campaigns)
    version = aggregates.latest_index(kommune.id)
    index_rows = {str(r["area_code"]): r for r in (version.result if version else [])}
    values: dict[str, dict] = {}
    agg = aggregates.aggregates(campaign) if campaign else None
    for code, row in index_rows.items():
        klass = row.get("class")
        values[code] = {
            "index_class": klass,
            "index_label": row.get("class_label") or "",
            "index": None if row.get("index") is None else round(float(row["index"]), 2),
        }
        if layer == "index":
            values[code]["colour"] = CLASS_COLOURS.get(klass, "#cccccc")
            values[code]["label"] = row.get("class_label") or ""
    if layer != "index":
        if campaign is None or layer not in {t.slug for t in campaign.instrument.themes}:
            abort(404)
        for area in campaign.areas:
            median = aggregates.medians(agg, area.code, "resident", campaign.round_label).get(layer)
            entry = values.setdefault(area.code, {})
            entry.update(value=median, colour=_median_colour(median))
    if campaign is not None:
        for area in campaign.areas:
            values.setdefault(area.code, {})["links"] = {
                "table": url_for("moderator.table", campaign_id=campaign.id, area_code=area.code),
                "results": url_for("planner.results", campaign_id=campaign.id),
            }
    return jsonify(_feature_collection(kommune, values))
