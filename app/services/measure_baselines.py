"""The values a measure is judged by: indicator values of a year and the residents' theme
medians of a round, per Quartier – kept as they were when the measure was decided.

Theme medians come from the round's aggregates (:func:`app.services.aggregates.aggregates`,
suppressed with its k); their 95 % interval from the counted ratings
(:func:`analysis.stats.scores.theme_intervals`), while the raw answers exist.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from sqlalchemy import select

from analysis.stats.scale import Scale
from analysis.stats.scores import GroupCounts, count_scores, theme_intervals
from app.core.extensions import db
from app.models import Campaign, Kommune, Measure, MeasureBaseline
from app.services import aggregates
from app.services.queries import indicators_frame, ratings_frame
from app.services.survey_index import survey_index

MEDIAN_COLUMNS = ["area_code", "theme", "median", "n", "low", "high"]


def latest_round(kommune: Kommune) -> Campaign | None:
    """The Kommune's newest survey round (by its label), or None."""
    return db.session.scalar(
        select(Campaign)
        .where(Campaign.kommune_id == kommune.id)
        .order_by(Campaign.round_label.desc(), Campaign.id.desc())
        .limit(1)
    )


def decision_year(campaign: Campaign | None) -> int | None:
    """The year of the index version the survey uses (the figures the round table saw)."""
    if campaign is None:
        return None
    version = survey_index(campaign).version
    year = (version.params or {}).get("year") if version is not None else None
    return int(year) if year is not None else None


def indicator_values(kommune: Kommune, key: str, year: int | None) -> tuple[int | None, pd.Series]:
    """The values of ``key`` per area in ``year`` (or the latest stored year up to it; the
    latest stored year without one). Returns the year used and the values."""
    long = indicators_frame(kommune, [key])
    years = sorted(int(y) for y in set(long["year"]))
    if year is not None:
        years = [y for y in years if y <= year] or years
    if not years:
        return None, pd.Series(dtype="float64")
    used = years[-1]
    rows = long[long["year"] == used]
    return used, pd.Series(rows["value"].to_numpy("float64"), index=rows["area_code"].astype(str))


def theme_counts(campaign: Campaign) -> GroupCounts | None:
    """The residents' scores of one round counted per Quartier and theme (``keys``:
    ``area_code``, ``theme``), for intervals; None once the raw answers are deleted.

    With a database session (see the tests)::

        theme_counts(campaign).counts.shape
        # (Quartiere x themes with a score, points of the scale)
    """
    ratings = ratings_frame([campaign.id])
    ratings = ratings[ratings["role"] == "resident"]
    if ratings.empty:
        return None
    scale = Scale(*aggregates.instrument_scale(campaign))
    return count_scores(ratings, ["area_code", "theme"], scale, people=False)


def theme_medians(campaign: Campaign, themes: Sequence[str] | None = None) -> pd.DataFrame:
    """Residents' median, n and its 95 % interval per Quartier and theme of one round.

    Suppressed groups (fewer than k scores) have no median, n or interval. Once the raw
    answers are deleted, the interval is missing (the kept snapshot has no counts).

    Examples
    --------
    With a database session (see the tests)::

        theme_medians(campaign, ["play"]).query("area_code == '2'")
    """
    agg = aggregates.aggregates(campaign).aggregated
    rows = agg[agg["role"] == "resident"]
    if themes is not None:
        rows = rows[rows["theme"].isin(list(themes))]
    out = pd.DataFrame(
        {
            "area_code": rows["area_code"].astype(str).to_numpy(),
            "theme": rows["theme"].astype(str).to_numpy(),
            "median": rows["median"].astype("float64").to_numpy(),
            "n": rows["n" if "n" in rows.columns else "n_respondents"].astype("float64").to_numpy(),
            "suppressed": rows["suppressed"].astype(bool).to_numpy(),
        }
    )
    counts = theme_counts(campaign)
    if counts is None:
        out["low"] = out["high"] = np.nan
    else:
        bounds = theme_intervals(counts)[["area_code", "theme", "low", "high"]]
        bounds = bounds.astype({"area_code": str, "theme": str})
        out = out.merge(bounds, on=["area_code", "theme"], how="left")
    out.loc[out["suppressed"], ["median", "n", "low", "high"]] = np.nan
    return out[MEDIAN_COLUMNS]


def capture(measure: Measure, indicators: Sequence[str], themes: Sequence[str]) -> None:
    """Add the baseline of each chosen indicator and theme for each Quartier of the measure
    that has none yet (a kept baseline never changes: it is the state at the decision)."""
    kept = {(b.kind, b.key, b.area_code) for b in measure.baselines}
    codes = [a.code for a in measure.areas]
    year = decision_year(measure.campaign)
    for key in indicators:
        used, values = indicator_values(measure.kommune, key, year)
        for code in codes:
            if ("indicator", key, code) not in kept:
                value = values.get(code)
                measure.baselines.append(
                    MeasureBaseline(
                        kind="indicator",
                        key=key,
                        area_code=code,
                        reference=str(used or ""),
                        value=_number(value),
                    )  # fmt: skip
                )
    campaign = measure.campaign or latest_round(measure.kommune)
    medians = theme_medians(campaign, themes) if campaign and themes else None
    for slug in themes:
        for code in codes:
            if ("theme", slug, code) in kept:
                continue
            row = _row(medians, code, slug)
            measure.baselines.append(
                MeasureBaseline(
                    kind="theme",
                    key=slug,
                    area_code=code,
                    reference=campaign.round_label if campaign else "",
                    value=_number(row.get("median")),
                    n=_whole(row.get("n")),
                    low=_number(row.get("low")),
                    high=_number(row.get("high")),
                )  # fmt: skip
            )


def _row(medians: pd.DataFrame | None, code: str, slug: str) -> dict:
    if medians is None:
        return {}
    hit = medians[(medians["area_code"] == code) & (medians["theme"] == slug)]
    return hit.iloc[0].to_dict() if len(hit) else {}


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _whole(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
