"""A survey's results for pages: the planner's overview with compasses and quadrant, and the
public page of a survey that publishes its results."""

from __future__ import annotations

import base64
import io

from flask_babel import gettext as _
from matplotlib.figure import Figure

from analysis.figures.quadrant import quadrant_chart
from analysis.stats.index import IndexResult
from analysis.stats.validate import validate_needs
from app.core.extensions import db
from app.models import Campaign, IndexVersion
from app.services import aggregates
from app.services.compass import compass_for
from app.services.queries import ratings_frame
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
    survey's index version (or the note why it has none), the validation quadrant and whether
    the raw answers are gone."""
    agg = aggregates.aggregates(campaign)
    now = campaign.round_label
    rows = []
    for area in campaign.areas:
        row: dict = {"area": area, "chart": compass_for(campaign, _lines(agg, area.code, now))}
        for role in ROLES:
            row[role] = aggregates.overall_cell(agg, area.code, role, now)
        rows.append(row)
    chosen = survey_index(campaign)
    quadrant = None if agg.from_snapshot else quadrant_svg(campaign, chosen.version)
    return {"rows": rows, "from_snapshot": agg.from_snapshot, "version": chosen.version,
            "index_note": chosen.note, "quadrant": quadrant}  # fmt: skip


def quadrant_svg(campaign: Campaign, version: IndexVersion | None) -> str | None:
    """The validation quadrant (index vs residents' median) as an SVG data URL, if data allow.

    An ``<img>``, not inline SVG: matplotlib's SVG styles itself with ``style`` attributes and a
    ``<style>`` element, which the pages' Content-Security-Policy refuses inline.
    """
    if version is None:
        return None
    ratings = ratings_frame([campaign.id])
    if ratings.empty:
        return None
    table = IndexResult.from_records(version.result).table
    scale = aggregates.instrument_scale(campaign)
    validation = validate_needs(
        table, ratings, id_column="area_code", k=campaign.min_group_size, scale=scale
    )
    fig = Figure(figsize=(6, 4.5))
    low = validation.params["thresholds"][0]
    quadrant_chart(validation.areas, ax=fig.add_subplot(), scale=scale, low_median=low,
                   texts=analysis_texts())  # fmt: skip
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
