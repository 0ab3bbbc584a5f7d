"""Planner results per survey: overview, compasses, quadrant, downloads, deleting raw answers."""

from __future__ import annotations

import base64
import io
import tempfile
from collections.abc import Collection
from pathlib import Path

import pandas as pd
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from matplotlib.figure import Figure

from analysis.figures.quadrant import quadrant_chart
from analysis.outputs.data import RoundDateError
from analysis.stats.validate import validate_needs
from app.auth.access import campaign_for, staff
from app.core.downloads import file_response
from app.i18n import current_locale
from app.planner import aggregates, services
from app.planner.forms import ConfirmForm
from app.planner.routes import bp

#: Every export of analysis.outputs.build.build_outputs a planner can download, with its type.
DOWNLOADS = {
    "results.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "aggregated_ratings_excel.csv": "text/csv",
    "aggregated_ratings.csv": "text/csv",
    "index.csv": "text/csv",
    "validation.csv": "text/csv",
    "results.gpkg": "application/geopackage+sqlite3",
    "kommonitor_index.geojson": "application/geo+json",
    "kommonitor_resident_median.geojson": "application/geo+json",
    "report.pdf": "application/pdf",
}


def _quadrant_svg(campaign, version) -> str | None:
    """The validation quadrant (index vs residents' median) as an SVG data URL, if data allow.

    An ``<img>``, not inline SVG: matplotlib's SVG styles itself with ``style`` attributes and a
    ``<style>`` element, which the pages' Content-Security-Policy refuses inline.
    """
    from app.planning.queries import ratings_frame

    if version is None:
        return None
    ratings = ratings_frame([campaign.id])
    if ratings.empty:
        return None
    table = pd.DataFrame.from_records(version.result)
    scale = aggregates.instrument_scale(campaign)
    validation = validate_needs(
        table, ratings, id_column="area_code", k=campaign.min_group_size, scale=scale
    )
    fig = Figure(figsize=(6, 4.5))
    low = validation.params["thresholds"][0]
    quadrant_chart(validation.areas, ax=fig.add_subplot(), scale=scale, low_median=low)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@bp.get("/surveys/<int:campaign_id>/results")
@staff("planner")
def results(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    agg = aggregates.aggregates(campaign)
    overall = agg.overall[agg.overall["round"] == campaign.round_label]
    rows = []
    for area in campaign.areas:
        row = {"area": area}
        for role in ("resident", "expert", "group"):
            hit = overall[(overall["area_code"] == area.code) & (overall["role"] == role)]
            n = None if hit.empty else hit.iloc[0]["n_respondents"]
            med = None if hit.empty else hit.iloc[0]["median"]
            row[role] = {
                "n": None if n is None or pd.isna(n) else int(n),
                "median": None if med is None or pd.isna(med) else float(med),
                "suppressed": (not hit.empty) and bool(hit.iloc[0]["suppressed"]),
            }
        medians = {
            role: aggregates.medians(agg, area.code, role, campaign.round_label)
            for role in ("resident", "expert")
        }
        row["chart"] = aggregates.chart(
            campaign,
            [
                (_("Residents"), "residents", medians["resident"]),
                (_("Professionals"), "experts", medians["expert"]),
            ],
        )
        rows.append(row)
    version = aggregates.latest_index(campaign.kommune_id)
    return render_template(
        "planner/results.html",
        campaign=campaign,
        rows=rows,
        from_snapshot=agg.from_snapshot,
        version=version,
        quadrant=None if agg.from_snapshot else _quadrant_svg(campaign, version),
        downloads=list(DOWNLOADS),
    )


#: Downloads that are map layers: they need every Quartier's outline.
GIS_DOWNLOADS = ("results.gpkg", "kommonitor_index.geojson", "kommonitor_resident_median.geojson")


def build_exports(campaign, outdir: Path, only: Collection[str] | None = None) -> list[Path]:
    """The campaign's result files (with the round-table records) into ``outdir``.

    ``only`` names the files wanted (see ``analysis.outputs.build.output_names``); default all.
    """
    from analysis.outputs.build import build_outputs
    from app.moderator.records import records_frame
    from app.planning.queries import campaign_data

    version = aggregates.latest_index(campaign.kommune_id)
    indicators, options = (), {}
    if version is not None:
        indicators = tuple(version.params.get("indicators", ()))
        options = dict(version.params.get("options", {}))
    data = campaign_data(campaign, current_locale(), indicators, index_options=options or None)
    data.validation_records = records_frame(campaign)
    return build_outputs(data, outdir, only=only)


@bp.get("/surveys/<int:campaign_id>/download/<name>")
@staff("planner")
def download(campaign_id: int, name: str):
    campaign = campaign_for("planner", campaign_id)
    if name not in DOWNLOADS:
        abort(404)
    if services.answer_count(campaign) == 0:
        abort(
            409,
            description=_(
                "There are no raw answers to build this file from. "
                "After deletion, only the aggregated results on this page are kept."
            ),
        )
    missing = [a.code for a in campaign.areas if not a.geometry]
    if missing and name in GIS_DOWNLOADS:
        abort(
            409,
            description=_(
                "These Quartiere have no map outline yet: %(codes)s. "
                "Please upload the areas first.",
                codes=", ".join(missing),
            ),
        )
    with tempfile.TemporaryDirectory(prefix="qk-export-") as tmp:
        try:
            written = build_exports(campaign, Path(tmp), only={name})
        except RoundDateError:
            abort(
                409,
                description=_(
                    "The survey round “%(round)s” names no year, but this map layer needs a date. "
                    "Please write the year into the round (e.g. “Spring 2026”).",
                    round=campaign.round_label,
                ),
            )
        if Path(tmp) / name not in written:
            abort(
                409, description=_("This file needs a saved index version. Please save one first.")
            )
        data = (Path(tmp) / name).read_bytes()
    return file_response(data, f"{campaign.id}-{name}", DOWNLOADS[name])


@bp.route("/surveys/<int:campaign_id>/purge", methods=["GET", "POST"])
@staff("planner")
def purge(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.purge_raw_answers(campaign)
        flash(_("The raw answers and comments have been deleted. Aggregated results are kept."))
        return redirect(url_for("planner.campaign", campaign_id=campaign.id))
    return render_template(
        "planner/purge.html", campaign=campaign, form=form, answers=services.answer_count(campaign)
    )
