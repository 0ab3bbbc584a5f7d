"""Public results: the aggregated compass per Quartier, with the same suppression as exports."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _

from app.extensions import db
from app.models import Campaign
from app.planner import aggregates

bp = Blueprint("results", __name__, url_prefix="/results")


@bp.get("/<int:campaign_id>")
def campaign(campaign_id: int):
    survey = db.session.get(Campaign, campaign_id)
    if survey is None or not survey.public_results:
        abort(404, description=_("There are no public results for this survey."))
    agg = aggregates.aggregates(survey)
    now = survey.round_label
    overall = agg.overall[agg.overall["round"] == now]
    areas = []
    for area in survey.areas:
        hit = overall[(overall["area_code"] == area.code) & (overall["role"] == "resident")]
        shown = not hit.empty and not bool(hit.iloc[0]["suppressed"])
        chart = aggregates.chart(
            survey,
            [
                (_("Residents"), "residents", aggregates.medians(agg, area.code, "resident", now)),
                (_("Professionals"), "experts", aggregates.medians(agg, area.code, "expert", now)),
            ],
        )
        n = int(hit.iloc[0]["n_respondents"]) if shown else None
        areas.append({"area": area, "chart": chart, "shown": shown, "n": n})
    return render_template("results/campaign.html", campaign=survey, areas=areas)
