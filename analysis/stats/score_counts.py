"""Rating statistics from score counts: how many people gave each score in each group.

A database answers ``GROUP BY area, role, theme, score`` in one cheap query; the medians,
quartiles, shares and counts follow exactly from those counts, without loading every rating.
:func:`analysis.stats.aggregate.aggregate_ratings` counts raw ratings with :func:`count_scores`
and :func:`count_people` and then takes the same path, so there is one computation for both.

A counts table has the group columns, ``score`` (NaN for "can't say") and ``count``; it may
carry ``scale_min``/``scale_max`` (each row's theme scale). A people table has the group
columns, ``n_respondents`` (distinct responses) and ``n_scorers`` (those with at least one
score): over several themes these cannot be summed from the counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats.scale import Scale, band_limits, scale_of

__all__ = ["count_people", "count_scores", "score_statistics"]

_SCALE = ["scale_min", "scale_max"]


def count_scores(ratings: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """How many ratings gave each score per group: ``by`` columns, ``score``, ``count``.

    "Can't say" (NaN) is a score value of its own; ``scale_min``/``scale_max`` are kept when
    the ratings have them.

    Examples
    --------
    >>> r = pd.DataFrame({"theme": ["a", "a", "a", "b"], "score": [2, 2, None, 5]})
    >>> count_scores(r, ["theme"]).to_dict("list")
    {'theme': ['a', 'a', 'b'], 'score': [2.0, nan, 5.0], 'count': [2, 1, 1]}
    """
    keys = [*by, *(c for c in _SCALE if c in ratings.columns), "score"]
    work = ratings[keys].astype({"score": "float64"})
    grouped = work.groupby(keys, sort=True, dropna=False, observed=True)
    return grouped.size().reset_index(name="count")


def count_people(ratings: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Distinct responses (``n_respondents``) and those with a score (``n_scorers``) per group.

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": [1, 1, 2], "area": "A", "score": [3, 4, None]})
    >>> count_people(r, ["area"]).to_dict("list")
    {'area': ['A'], 'n_respondents': [2], 'n_scorers': [1]}
    """
    work = ratings[[*by, "response_id"]]
    grouped = work.groupby(list(by), sort=True, dropna=False, observed=True)["response_id"]
    people = grouped.nunique().rename("n_respondents").to_frame()
    scored = work[ratings["score"].notna().to_numpy()]
    scorers = scored.groupby(list(by), sort=True, dropna=False, observed=True)["response_id"]
    people["n_scorers"] = scorers.nunique().reindex(people.index, fill_value=0)
    return people.reset_index()


def _bands(counts: pd.DataFrame, scale: Scale | tuple[int, int] | None):
    """Per row (or one for all) highest low-band and lowest high-band score; refuses scores
    outside the scale, which would make every share wrong."""
    score = counts["score"].to_numpy("float64")
    if scale is None and set(_SCALE) <= set(counts.columns):
        low, high = counts["scale_min"].to_numpy(), counts["scale_max"].to_numpy()
        bands, shown = band_limits(low, high), "their themes' scale"
    else:
        chosen = scale_of(None, scale if scale is not None else Scale())
        low, high = chosen.low, chosen.high
        bands, shown = (chosen.low_band_max, chosen.high_band_min), f"the scale {low}–{high}"
    outside = (score < low) | (score > high)
    if outside.any():
        found = int(counts["count"].to_numpy()[outside].sum())
        raise ValueError(f"{found} score(s) lie outside {shown}.")
    return bands


def _order_statistic(score, cumulative, offset, position):
    """The value at 0-based ``position`` of each group's sorted scores (rows sorted by group
    and score, ``cumulative`` their running count over all groups)."""
    at = np.searchsorted(cumulative, offset + position, side="right")
    return score[np.minimum(at, len(score) - 1)] if len(score) else np.full(len(offset), np.nan)


def _quantiles(score, count, group, n_groups: int, n: np.ndarray) -> dict[str, np.ndarray]:
    """Median and quartiles with linear interpolation between order statistics (numpy's and
    pandas' default), from the scored rows sorted by group and score."""
    cumulative = np.cumsum(count)
    totals = np.bincount(group, weights=count, minlength=n_groups)
    offset = np.concatenate([[0], np.cumsum(totals)[:-1]]) if n_groups else totals
    out = {}
    for name, q in (("q1", 0.25), ("median", 0.5), ("q3", 0.75)):
        h = (np.maximum(n, 1) - 1) * q
        lo = np.floor(h)
        frac = h - lo
        below = _order_statistic(score, cumulative, offset, lo)
        above = _order_statistic(
            score, cumulative, offset, np.minimum(lo + 1, np.maximum(n - 1, 0))
        )
        value = below + (above - below) * frac
        out[name] = np.where(n > 0, value, np.nan)
    return out


def score_statistics(
    counts: pd.DataFrame,
    by: Sequence[str],
    *,
    scale: Scale | tuple[int, int] | None = None,
    people: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per group of ``by``: n_respondents, n, n_cant_say, median, q1, q3, mean, share_low,
    share_high and ``_scorers`` (people who gave a score), from a counts table.

    ``counts`` may be finer than ``by`` (e.g. per theme for an overall score): its counts are
    summed. Without ``people``, every count is one person (right per theme, where a person
    gives one score at most); with it, ``n_respondents`` and ``_scorers`` come from there.
    Unsuppressed; :func:`analysis.stats.aggregate.aggregate_counts` publishes.

    Examples
    --------
    >>> c = pd.DataFrame({"theme": "a", "score": [1.0, 4.0, None], "count": [1, 3, 2]})
    >>> s = score_statistics(c, ["theme"])
    >>> s[["n_respondents", "n", "n_cant_say", "median", "q1", "share_low"]].to_dict("records")
    [{'n_respondents': 6, 'n': 4, 'n_cant_say': 2, 'median': 4.0, 'q1': 3.25, 'share_low': 0.25}]
    """
    by = list(by)
    low_max, high_min = _bands(counts, scale)
    score = counts["score"].to_numpy("float64")
    count = counts["count"].to_numpy("int64")
    scored = ~np.isnan(score)
    grouped = counts[by].groupby(by, sort=True, dropna=False, observed=True)
    group = grouped.ngroup().to_numpy()
    n_groups = int(group.max()) + 1 if len(group) else 0
    totals = {
        "n_respondents": count,
        "n": np.where(scored, count, 0),
        "n_cant_say": np.where(scored, 0, count),
        "_sum": np.where(scored, np.nan_to_num(score) * count, 0.0),
        "_low": np.where(scored & (score <= low_max), count, 0),
        "_high": np.where(scored & (score >= high_min), count, 0),
    }
    sums = {k: np.bincount(group, weights=v, minlength=n_groups) for k, v in totals.items()}
    keys = grouped.size().index
    out = pd.DataFrame(index=keys)
    n = sums["n"]
    order = np.lexsort((score[scored], group[scored]))
    quantiles = _quantiles(score[scored][order], count[scored][order], group[scored][order],
                           n_groups, n)  # fmt: skip
    with np.errstate(invalid="ignore", divide="ignore"):
        out["n_respondents"] = sums["n_respondents"]
        out["n"], out["n_cant_say"] = n, sums["n_cant_say"]
        out["median"], out["q1"], out["q3"] = quantiles["median"], quantiles["q1"], quantiles["q3"]
        out["mean"] = np.where(n > 0, sums["_sum"] / n, np.nan)
        out["share_low"] = np.where(n > 0, sums["_low"] / n, np.nan)
        out["share_high"] = np.where(n > 0, sums["_high"] / n, np.nan)
    out["_scorers"] = n
    if people is not None:
        found = people.set_index(by).reindex(keys)
        out["n_respondents"] = found["n_respondents"].to_numpy()
        out["_scorers"] = found["n_scorers"].fillna(0).to_numpy()
    out = out.reset_index()
    for column in ("n_respondents", "n", "n_cant_say"):
        out[column] = out[column].astype("float64").round().astype("Int64")
    for column in ("median", "q1", "q3", "mean", "share_low", "share_high"):
        out[column] = out[column].astype("float64")
    return out
