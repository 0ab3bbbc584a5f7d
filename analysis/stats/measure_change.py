"""How the Quartiere of a measure changed, next to the other Quartiere of the Kommune: a simple
difference-in-differences view (a description, not a proof that the measure caused anything)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats.intervals import bootstrap_medians, percentile_interval

__all__ = ["against_the_rest", "change_interval", "intervals_overlap", "kommune_mean", "rest_areas"]


def _series(values: object, name: str) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a pandas Series, not {type(values).__name__}.")
    if values.index.has_duplicates:
        raise ValueError(f"{name} has more than one value for an area.")
    return values.astype("float64")


def _usable_weights(weights: pd.Series | None, codes: pd.Index) -> np.ndarray | None:
    """The weights of ``codes`` if every one of them has a weight of at least 0 (and not all
    are 0); None otherwise, so a mean is never weighted by only some of its areas."""
    if weights is None or len(codes) == 0:
        return None
    found = _series(weights, "weights").reindex(codes).to_numpy("float64")
    if not np.isfinite(found).all() or (found < 0).any() or found.sum() <= 0:
        return None
    return found


def kommune_mean(values: pd.Series, weights: pd.Series | None = None) -> tuple[float, bool]:
    """The mean of ``values`` (NaN left out) and whether it is weighted.

    Weighted by ``weights`` (a population per area code) when every area with a value has
    one; otherwise the plain mean, and ``False`` says so: a mean weighted by only some areas
    would count the others as nobody.

    Examples
    --------
    >>> change = pd.Series({"1": 1.0, "2": -1.0, "3": np.nan})
    >>> kommune_mean(change, pd.Series({"1": 100, "2": 300}))
    (-0.5, True)
    >>> kommune_mean(change, pd.Series({"1": 100}))
    (0.0, False)
    """
    values = _series(values, "values").dropna()
    if values.empty:
        return np.nan, False
    found = _usable_weights(weights, values.index)
    if found is None:
        return float(values.mean()), False
    return float(np.average(values.to_numpy(), weights=found)), True


def change_interval(
    start_counts: np.ndarray,
    end_counts: np.ndarray,
    values: np.ndarray,
    weights: np.ndarray | None = None,
    *,
    level: float = 0.95,
    replicates: int = 2000,
    rng: np.random.Generator | None = None,
) -> tuple[float, float]:
    """Bootstrap interval of the (weighted) mean change of several areas' theme medians.

    Row ``i`` of ``start_counts`` and ``end_counts`` counts the scores of area ``i`` per
    scale point (``values``) in the two rounds. Each median is redrawn from its own scores
    (:func:`analysis.stats.intervals.bootstrap_medians`, the rounds independently: other
    people answered), the mean change is taken per replicate, weighted by ``weights`` when
    given, and :func:`analysis.stats.intervals.percentile_interval` gives the bounds. NaN when
    there is no area or an area has no scores.

    Examples
    --------
    Five 1s and five 3s before, ten 2s after: the median before is 1, 2 or 3 (2 with
    probability C(10, 5) / 2**10 = 0.246), so the change lies between -1 and 1:

    >>> change_interval(np.array([[5, 0, 5]]), np.array([[0, 10, 0]]), np.array([1.0, 2, 3]),
    ...                 rng=np.random.default_rng(3))
    (-1.0, 1.0)
    """
    start_counts, end_counts = np.asarray(start_counts), np.asarray(end_counts)
    if start_counts.shape != end_counts.shape or start_counts.ndim != 2:
        raise ValueError("start_counts and end_counts must both be (areas, points) arrays.")
    empty = (start_counts.sum(axis=1) == 0) | (end_counts.sum(axis=1) == 0)
    if len(start_counts) == 0 or empty.any():
        return np.nan, np.nan
    rng = np.random.default_rng(0) if rng is None else rng
    values = np.asarray(values, "float64")
    change = bootstrap_medians(end_counts, values, replicates, rng)
    change -= bootstrap_medians(start_counts, values, replicates, rng)
    mean = np.average(change, axis=1, weights=weights)
    low, high = percentile_interval(mean[:, None], level)
    return float(low[0]), float(high[0])


def rest_areas(start: pd.Series, end: pd.Series, areas: Sequence[str]) -> pd.Index:
    """The areas the measure's are compared with: not the measure's, with both values.

    Examples
    --------
    >>> rest_areas(pd.Series({"1": 1.0, "2": 2.0, "3": 3.0}),
    ...            pd.Series({"1": 1.0, "2": np.nan, "3": 4.0}), ["1"]).tolist()
    ['3']
    """
    change = end.reindex(start.index.union(end.index)) - start.reindex(start.index.union(end.index))
    return change.drop(labels=[a for a in map(str, areas) if a in change.index]).dropna().index


def against_the_rest(
    start: pd.Series, end: pd.Series, areas: Sequence[str], weights: pd.Series | None = None
) -> pd.DataFrame:
    """Per area of the measure: its change from ``start`` to ``end``, the mean change of the
    other areas, and the difference of the two.

    ``start`` and ``end`` hold one value per area code (the index) of all areas of the
    Kommune; ``areas`` are the measure's. ``rest_change`` is the mean of ``end - start`` over
    the areas *not* in ``areas`` that have both values (``rest_areas`` says how many), so the
    measure's own areas never pull the comparison towards themselves; weighted by
    ``weights`` (population per area) where every one of them has a population
    (``rest_weighted``, see :func:`kommune_mean`). ``difference`` is ``change -
    rest_change``: positive when the measure's area rose more (or fell less) than the rest.
    Missing values give NaN, never 0.

    Examples
    --------
    >>> s = pd.Series({"1": 10.0, "2": 8.0, "3": 6.0})
    >>> e = pd.Series({"1": 8.0, "2": 9.0, "3": 6.0})
    >>> against_the_rest(s, e, ["1"])[["change", "rest_change", "difference"]].values.tolist()
    [[-2.0, 0.5, -2.5]]
    """
    start, end = _series(start, "start"), _series(end, "end")
    areas = [str(a) for a in areas]
    change = end.reindex(start.index.union(end.index)) - start
    rest = change.reindex(rest_areas(start, end, areas))
    rest_change, weighted = kommune_mean(rest, weights)
    out = pd.DataFrame({"area_code": areas})
    out["start"] = start.reindex(areas).to_numpy()
    out["end"] = end.reindex(areas).to_numpy()
    out["change"] = out["end"] - out["start"]
    out["rest_change"] = rest_change
    out["rest_areas"] = len(rest)
    out["rest_weighted"] = weighted
    out["difference"] = out["change"] - out["rest_change"]
    return out


def intervals_overlap(
    low: pd.Series | np.ndarray,
    high: pd.Series | np.ndarray,
    other_low: pd.Series | np.ndarray,
    other_high: pd.Series | np.ndarray,
) -> np.ndarray:
    """Whether two intervals of a median overlap; NaN where one of them is not known.

    Overlapping 95 % intervals mean the change of the median may be chance; separate ones
    mean it is unlikely to be chance alone.

    Examples
    --------
    >>> intervals_overlap(np.array([3.0, 3.0, np.nan]), np.array([4.0, 4.0, 5.0]),
    ...                   np.array([4.0, 5.0, 1.0]), np.array([5.0, 6.0, 2.0])).tolist()
    [1.0, 0.0, nan]
    """
    low, high = np.asarray(low, "float64"), np.asarray(high, "float64")
    other_low, other_high = np.asarray(other_low, "float64"), np.asarray(other_high, "float64")
    overlap = ((low <= other_high) & (other_low <= high)).astype("float64")
    known = np.isfinite(low) & np.isfinite(high) & np.isfinite(other_low) & np.isfinite(other_high)
    return np.where(known, overlap, np.nan)
