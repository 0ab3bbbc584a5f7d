"""Planner pages: the social index (compute, save named versions) and the map of Quartiere."""

from __future__ import annotations

import json

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from analysis.stats.index_inputs import IndexInputError
from app.core.access import load_kommune
from app.core.i18n import localized
from app.services import index_versions, maps
from app.services.aggregates import instrument_scale
from app.services.index_settings import IndexSettingsError, settings_from_form
from app.services.indicators import indicators_of, years_with_values


@load_kommune("planner")
def page(kommune):
    context: dict = {"kommune": kommune, "indicators": indicators_of(kommune)}
    context.update(years=years_with_values(kommune), form=request.form, table=None, error=None)
    if request.method == "POST":
        try:
            settings = settings_from_form(request.form, request.form.getlist("indicators"))
            result = index_versions.compute_index(
                kommune, settings["indicators"], settings["year"], **settings["options"]
            )
        except (IndexSettingsError, IndexInputError, ValueError) as exc:
            context["error"] = str(exc)
        else:
            name = request.form.get("name", "").strip()
            if request.form.get("save") and name:
                index_versions.save_version(kommune, name, settings, result)
                flash(_("Index version “%(name)s” saved.", name=name))
                return redirect(url_for("index.page", kommune_id=kommune.id))
            if request.form.get("save"):
                context["error"] = _("Please give the version a name.")
            table = result.table
            context.update(
                table=index_versions.records(table),
                counts=table["class_label"].value_counts(dropna=True).to_dict(),
                params=result.params,
                geojson=json.dumps(maps.index_features(kommune, table)),
            )
    context["versions"] = index_versions.versions(kommune)
    return render_template("index/index.html", **context)


@load_kommune("planner")
def map_page(kommune):
    campaigns = maps.campaigns_of(kommune)
    campaign = maps.chosen_campaign(campaigns, request.args.get("campaign", ""))
    layer = request.args.get("layer", "index")
    themes = [(t.slug, localized(t.title)) for t in campaign.instrument.themes] if campaign else []
    data_url = url_for(
        "index.map_geojson",
        kommune_id=kommune.id,
        layer=layer,
        campaign=campaign.id if campaign else None,
    )
    return render_template(
        "index/map.html",
        kommune=kommune,
        campaigns=campaigns,
        campaign=campaign,
        layer=layer,
        themes=themes,
        data_url=data_url,
        has_index=index_versions.latest_version(kommune.id) is not None,
        tiles=current_app.config.get("QK_MAP_TILE_URL") or "",
        attribution=current_app.config.get("QK_MAP_TILE_ATTRIBUTION") or "",
        class_colours=maps.index_colours(),
        median_classes=maps.median_classes(instrument_scale(campaign)) if campaign else [],
        no_data=maps.NO_DATA,
    )


@load_kommune("planner")
def map_geojson(kommune):
    campaign = maps.chosen_campaign(maps.campaigns_of(kommune), request.args.get("campaign", ""))
    try:
        values = maps.layer_values(kommune, campaign, request.args.get("layer", "index"))
    except LookupError:
        abort(404)
    if campaign is not None:
        for area in campaign.areas:
            values.setdefault(area.code, {})["links"] = {
                "table": url_for("moderator.table", campaign_id=campaign.id, area_code=area.code),
                "results": url_for("reports.results", campaign_id=campaign.id),
            }
    return jsonify(maps.feature_collection(kommune, values))
