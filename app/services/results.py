"""A survey's results for pages: the planner's overview with compasses and quadrant, and the
public page of a survey that publishes its results."""

from __future__ import annotations

import base64
import io

from flask_babel import gettext as _
from matplotlib.figure import Figure

from analysis.figures.quadrant import quadrant_chart
from app.core.extensions import db
from app.models import Campaign
from app.services import aggregates, validation
from app.services.compass import compass_for
from app.services.survey_index import survey_index
from app.services.texts import analysis_texts

ROLES = ("resident", "expert", "group")


def _lines(agg: aggregates.Aggregates, code: str, round_: str) -> list[tuple[str, str, dict]]:
    return [
        (_("Residents"), "residents", aggregates.medians(agg, code, "resident", round_)),
        (_("Professionals"), "experts", aggregates.medians(agg, code, "expert", round_)),
    ]


def overview(campaign: Campaign) -> dict:
    """The planner's results page: per Quartier n and median per role and its compass, the
    survey's index version (or the note why it has none), the validation (quadrant, intervals,
    verdicts, association, hypotheses, sensitivity) and whether the raw answers are gone."""
    agg = aggregates.aggregates(campaign)
    now = campaign.round_label
    rows = []
    for area in campaign.areas:
        row: dict = {"area": area, "chart": compass_for(campaign, _lines(agg, area.code, now))}
        for role in ROLES:
            row[role] = aggregates.overall_cell(agg, area.code, role, now)
        rows.append(row)
    chosen = survey_index(campaign)
    found = None if agg.from_snapshot else validation.survey_validation(campaign)
    return {"rows": rows, "from_snapshot": agg.from_snapshot, "version": chosen.version,
            "index_note": chosen.note, "quadrant": None if found is None else quadrant_svg(found),
            "validation": validation.page_context(found)}  # fmt: skip


def quadrant_svg(found: validation.SurveyValidation) -> str:
    """The validation quadrant (index vs residents' median, intervals, *unclear* ringed) as an
    SVG data URL.

    An ``<img>``, not inline SVG: matplotlib's SVG styles itself with ``style`` attributes and a
    ``<style>`` element, which the pages' Content-Security-Policy refuses inline.
    """
    params = found.params
    fig = Figure(figsize=(6, 4.5))
    quadrant_chart(found.result.areas, ax=fig.add_subplot(), scale=tuple(params["scale"]),
                   low_median=params["thresholds"][0],
                   need_classes=tuple(params["need_classes"]), texts=analysis_texts())  # fmt: skip
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def public_campaign(campaign_id: int) -> Campaign | None:
    """The survey if it publishes its results, else None."""
    campaign = db.session.get(Campaign, campaign_id)
    return campaign if campaign is not None and campaign.public_results else None


def public_areas(campaign: Campaign) -> list[dict]:
    """Per Quartier its compass, and n of residents where the group is shown (k reached)."""
    agg = aggregates.aggregates(campaign)
    now = campaign.round_label
    areas = []
    for area in campaign.areas:
        cell = aggregates.overall_cell(agg, area.code, "resident", now)
        shown = not cell["suppressed"] and cell["n"] is not None
        chart = compass_for(campaign, _lines(agg, area.code, now))
        n = cell["n"] if shown else None
        areas.append({"area": area, "chart": chart, "shown": shown, "n": n})
    return areas
