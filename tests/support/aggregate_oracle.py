"""The oracle for the count-based aggregates: statistics straight from raw ratings with pandas.

This is how ``analysis.stats.aggregate`` computed them before it went through score counts
(``nunique``, ``median``, ``quantile`` on every rating). Tests only: it checks that the counts
give exactly the same tables, it is not a second source for the app.
"""

from __future__ import annotations

import pandas as pd

from analysis.stats.aggregate import RATING_STATS, suppress_small_groups
from analysis.stats.scale import Scale, scale_of


def direct_statistics(ratings: pd.DataFrame, by: list[str], scale=None) -> pd.DataFrame:
    """Per group of ``by`` every statistic and ``_scorers``, unsuppressed, from raw ratings."""
    score = ratings["score"].astype("float64")
    chosen = scale_of(None, scale if scale is not None else Scale())
    low_max, high_min = chosen.low_band_max, chosen.high_band_min
    work = ratings[by].assign(
        response_id=ratings["response_id"],
        score=score,
        _na=score.isna(),
        _low=(score <= low_max).astype("float64").where(score.notna()),
        _high=(score >= high_min).astype("float64").where(score.notna()),
    )
    grouped = work.groupby(by, sort=True, dropna=False, observed=True)
    out = grouped.agg(
        n_respondents=("response_id", "nunique"),
        n=("score", "count"),
        n_cant_say=("_na", "sum"),
        median=("score", "median"),
        mean=("score", "mean"),
        share_low=("_low", "mean"),
        share_high=("_high", "mean"),
    )
    out["q1"] = grouped["score"].quantile(0.25)
    out["q3"] = grouped["score"].quantile(0.75)
    scored = work[work["score"].notna()]
    counts = scored.groupby(by, sort=True, dropna=False, observed=True)["response_id"]
    out["_scorers"] = counts.nunique().reindex(out.index, fill_value=0)
    out = out.reset_index()
    for column in ("n_respondents", "n", "n_cant_say"):
        out[column] = out[column].astype("Int64")
    for column in RATING_STATS[3:]:
        out[column] = out[column].astype("float64")
    return out[[*by, *RATING_STATS, "_scorers"]]


def direct_aggregates(ratings: pd.DataFrame, k: int, by, scale=None) -> pd.DataFrame:
    """``aggregate_ratings``/``overall_scores`` (no totals) computed directly from raw ratings."""
    by = list(by)
    count = "n" if "theme" in by else "_scorers"
    out = suppress_small_groups(direct_statistics(ratings, by, scale), k, count_column=count)
    return out.drop(columns=["_scorers"])
