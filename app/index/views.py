"""Planner pages: the social index (compute, save, rename, compare, delete named versions,
choose a survey's version) and the map of Quartiere."""

from __future__ import annotations

import json

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from analysis.stats.index_inputs import IndexInputError
from app.core.access import load_kommune
from app.core.i18n import localized
from app.services import index_versions, maps, survey_index
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
            name = request.form.get("name", "")
            if request.form.get("save"):
                index_versions.save_version(kommune, name, settings, result)
                flash(_("Index version “%(name)s” saved.", name=name.strip()))
                return redirect(url_for("index.page", kommune_id=kommune.id))
        except (IndexSettingsError, IndexInputError, ValueError) as exc:
            context["error"] = str(exc)
        else:
            table = index_versions.records(result.table)
            context.update(
                table=table,
                counts=result.table["class_label"].value_counts(dropna=True).to_dict(),
                params=result.params,
                coverage=survey_index.coverage_by_survey(kommune, table),
                geojson=json.dumps(maps.index_features(kommune, result.table)),
            )
    context.update(survey_index.overview(kommune), rule=survey_index.rule())
    return render_template("index/index.html", **context)


def _version(kommune, version_id: int):
    try:
        return index_versions.find_version(kommune, version_id)
    except LookupError:
        abort(404)


def _back(kommune):
    return redirect(url_for("index.page", kommune_id=kommune.id))


@load_kommune("planner")
def rename(kommune, version_id):
    version = _version(kommune, version_id)
    try:
        index_versions.rename_version(version, request.form.get("name", ""))
    except IndexSettingsError as exc:
        flash(str(exc))
    else:
        flash(_("The version is now called “%(name)s”.", name=version.name))
    return _back(kommune)


@load_kommune("planner")
def delete(kommune, version_id):
    version = _version(kommune, version_id)
    name = version.name
    try:
        survey_index.delete_version(version)
    except IndexSettingsError as exc:
        flash(str(exc))
    else:
        flash(_("Index version “%(name)s” deleted.", name=name))
    return _back(kommune)


@load_kommune("planner")
def compare(kommune):
    try:
        first = index_versions.find_version(kommune, request.args.get("first", type=int) or 0)
        second = index_versions.find_version(kommune, request.args.get("second", type=int) or 0)
    except LookupError:
        flash(_("Please choose two saved versions to compare."))
        return _back(kommune)
    table = index_versions.compare_versions(first, second)
    return render_template(
        "index/compare.html", kommune=kommune, first=first, second=second,
        rows=index_versions.records(table), changed=int(table["changed"].sum()),
    )  # fmt: skip


@load_kommune("planner")
def choose(kommune, campaign_id):
    try:
        campaign = survey_index.find_survey(kommune, campaign_id)
    except LookupError:
        abort(404)
    wanted = request.form.get("version", type=int)
    version = None if not wanted else _version(kommune, wanted)
    try:
        survey_index.choose_version(campaign, version)
    except IndexSettingsError as exc:
        flash(str(exc))
    else:
        flash(_("The survey “%(title)s” now uses the chosen index.", title=campaign.title))
    return _back(kommune)


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
        index_note=maps.map_index(kommune, campaign).note,
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
