"""A campaign's aggregated, k-suppressed results for pages: from raw answers or the snapshot.

Nothing is aggregated here: ``analysis.stats.aggregate`` does it; this module only picks the source
(raw answers, or the snapshot kept when they were deleted) and shapes charts for templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select

from analysis.stats.aggregate import aggregate_ratings, filter_comments, overall_scores
from app import compass
from app.extensions import db
from app.i18n import localized
from app.models import AggregateSnapshot, Campaign, IndexVersion

BY = ("round", "area_code", "role")


@dataclass
class Aggregates:
    """Per theme (``aggregated``) and over all themes (``overall``) for round, area and role."""

    aggregated: pd.DataFrame
    overall: pd.DataFrame
    from_snapshot: bool


def aggregates(campaign: Campaign) -> Aggregates:
    """The campaign's aggregates; read from the snapshot once raw answers are deleted."""
    from app.planning.queries import ratings_frame

    kept = db.session.scalar(
        select(AggregateSnapshot).where(AggregateSnapshot.campaign_id == campaign.id)
    )
    if kept is not None and kept.raw_deleted_at is not None:
        aggregated = pd.DataFrame.from_records(kept.data.get("aggregated", []))
        overall = pd.DataFrame.from_records(kept.data.get("overall", []))
        if aggregated.empty:
            aggregated = pd.DataFrame(columns=[*BY, "theme", "n_respondents", "median"])
            overall = pd.DataFrame(columns=[*BY, "n_respondents", "median"])
        for frame in (aggregated, overall):
            frame["suppressed"] = frame.get("suppressed", False)
        return Aggregates(aggregated, overall, True)
    ratings = ratings_frame([campaign.id])
    k, scale = campaign.min_group_size, instrument_scale(campaign)
    return Aggregates(
        aggregate_ratings(ratings, k=k, by=(*BY, "theme"), scale=scale),
        overall_scores(ratings, k=k, by=BY, scale=scale),
        False,
    )


def instrument_scale(campaign: Campaign) -> tuple[int, int]:
    """The scale the campaign's ratings are read on (1–7, or 1–3 for the children's version)."""
    return campaign.instrument.scale_min, campaign.instrument.scale_max


def shown_comments(campaign: Campaign, area_code: str) -> pd.DataFrame:
    """Comments of one area from groups with at least k respondents (none after deletion)."""
    from app.planning.queries import comments_frame, ratings_frame

    ratings = ratings_frame([campaign.id])
    comments = comments_frame([campaign.id])
    comments = comments[comments["area_code"] == area_code]
    return filter_comments(comments, ratings, k=campaign.min_group_size, by=BY)


def medians(agg: Aggregates, area_code: str, role: str, round_: str) -> dict[str, float | None]:
    """Theme medians of one group; suppressed themes are missing (gaps in the compass)."""
    rows = agg.aggregated[
        (agg.aggregated["area_code"] == area_code)
        & (agg.aggregated["role"] == role)
        & (agg.aggregated["round"] == round_)
    ]
    return {
        str(r.theme): (None if pd.isna(r.median) else float(r.median)) for r in rows.itertuples()
    }


def theme_rows(agg: Aggregates, area_code: str, round_: str) -> dict[str, dict[str, dict]]:
    """``{role: {theme: {"n": …, "median": …, "suppressed": bool}}}`` for one area and round."""
    rows = agg.aggregated[
        (agg.aggregated["area_code"] == area_code) & (agg.aggregated["round"] == round_)
    ]
    result: dict[str, dict[str, dict]] = {}
    for r in rows.itertuples():
        result.setdefault(str(r.role), {})[str(r.theme)] = {
            "n": None if pd.isna(r.n_respondents) else int(r.n_respondents),
            "median": None if pd.isna(r.median) else float(r.median),
            "suppressed": bool(r.suppressed),
        }
    return result


def chart(campaign: Campaign, lines: Sequence[tuple[str, str, dict]]) -> dict:
    """Compass chart data for ``_compass.html``: ``lines`` are (name, css class, medians)."""
    instrument = campaign.instrument
    themes = instrument.themes
    scale = (instrument.scale_min, instrument.scale_max)
    slugs = [t.slug for t in themes]
    return {
        "size": compass.SIZE,
        "spokes": compass.spokes([(t.slug, str(localized(t.title))) for t in themes]),
        "rings": compass.rings(scale),
        "series": [compass.series(name, css, values, slugs, scale) for name, css, values in lines],
        "centre": compass.SIZE / 2,
    }


def latest_index(kommune_id: int) -> IndexVersion | None:
    """The Kommune's most recently saved index version, if any."""
    return db.session.scalar(
        select(IndexVersion)
        .where(IndexVersion.kommune_id == kommune_id)
        .order_by(IndexVersion.created_at.desc(), IndexVersion.id.desc())
        .limit(1)
    )
