"""How the Quartiere of a measure changed, next to the other Quartiere of the Kommune: a simple
difference-in-differences view (a description, not a proof that the measure caused anything)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["against_the_rest", "intervals_overlap"]


def _series(values: object, name: str) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise TypeError(f"{name} must be a pandas Series, not {type(values).__name__}.")
    if values.index.has_duplicates:
        raise ValueError(f"{name} has more than one value for an area.")
    return values.astype("float64")


def against_the_rest(start: pd.Series, end: pd.Series, areas: Sequence[str]) -> pd.DataFrame:
    """Per area of the measure: its change from ``start`` to ``end``, the mean change of the
    other areas, and the difference of the two.

    ``start`` and ``end`` hold one value per area code (the index) of all areas of the
    Kommune; ``areas`` are the measure's. ``rest_change`` is the mean of ``end - start`` over
    the areas *not* in ``areas`` that have both values (``rest_areas`` says how many), so the
    measure's own areas never pull the comparison towards themselves. ``difference`` is
    ``change - rest_change``: positive when the measure's area rose more (or fell less) than
    the rest. Missing values give NaN, never 0.

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
    rest = change.drop(labels=[a for a in areas if a in change.index]).dropna()
    rest_change = float(rest.mean()) if len(rest) else np.nan
    out = pd.DataFrame({"area_code": areas})
    out["start"] = start.reindex(areas).to_numpy()
    out["end"] = end.reindex(areas).to_numpy()
    out["change"] = out["end"] - out["start"]
    out["rest_change"] = rest_change
    out["rest_areas"] = len(rest)
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
