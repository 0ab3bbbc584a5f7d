"""Per-area verdicts: does the residents' view confirm the index – only where the data say so.

A group "rates low" only when its whole interval lies below the lower threshold, "rates high"
only when it lies above the upper one; an interval that touches or spans a threshold decides
nothing. The categories, for an area with an index class:

============== ============================ =============================================
category       need by the index             residents' interval
============== ============================ =============================================
confirmed      yes                           below the lower threshold
hidden         no                            below the lower threshold
resource       yes                           above the upper threshold
inconspicuous  yes                           between the thresholds (touching neither)
inconspicuous  no                            above the lower threshold
unclear        –                             see ``reason``
============== ============================ =============================================

Reasons for *unclear* (checked in this order): ``no_index`` (the area has no index class),
``too_few_answers`` (suppressed, fewer than ``min_answers`` scores, or too few for an interval
at all), ``interval_spans_threshold``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["REASONS", "rating_sides", "verdicts"]

REASONS = ("no_index", "too_few_answers", "interval_spans_threshold")


def rating_sides(
    low: np.ndarray, high: np.ndarray, enough: np.ndarray, lower: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where an interval decides against the lower threshold: judged, rates low, not low.

    A group is judged when it had enough answers and has an interval; it rates low only when
    the whole interval lies below ``lower`` and "not low" only when it lies above it (touching
    decides nothing). The verdicts here and the offers' perceived-versus-measured labels
    (:mod:`analysis.coverage.perceived`) both judge with it.

    Examples
    --------
    >>> judged, low, not_low = rating_sides(np.array([2.0, 3.0, 4.0, np.nan]),
    ...     np.array([3.0, 4.0, 5.0, np.nan]), np.array([True] * 4), 3.5)
    >>> judged.tolist(), low.tolist(), not_low.tolist()
    ([True, True, True, False], [True, False, False, False], [False, False, True, False])
    """
    low, high = np.asarray(low, "float64"), np.asarray(high, "float64")
    judged = np.asarray(enough, bool) & np.isfinite(low) & np.isfinite(high)
    return judged, judged & (high < lower), judged & (low > lower)


def verdicts(
    need: pd.Series,
    low: np.ndarray,
    high: np.ndarray,
    enough: np.ndarray,
    thresholds: tuple[float, float],
) -> pd.DataFrame:
    """Category and reason per row.

    Parameters
    ----------
    need : Series of boolean (nullable)
        Whether the index marks need; missing where the area has no index class.
    low, high : arrays
        The interval of the residents' (or experts') score; NaN when there is none.
    enough : bool array
        Whether the group had enough answers to be judged at all.
    thresholds : (lower, upper)
        From :meth:`analysis.stats.scale.Scale.thresholds`.

    Returns
    -------
    DataFrame
        ``category`` and ``reason`` ("" when the category is not *unclear*), index of ``need``.

    Examples
    --------
    >>> need = pd.Series([True, True, False, None], dtype="boolean")
    >>> out = verdicts(need, np.array([2.0, 3.0, 4.0, 2.0]), np.array([3.0, 4.0, 5.0, 3.0]),
    ...                np.array([True] * 4), (3.5, 4.5))
    >>> out.values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['confirmed', ''], ['unclear', 'interval_spans_threshold'], ['inconspicuous', ''],
     ['unclear', 'no_index']]
    """
    lower, upper = thresholds
    low, high = np.asarray(low, "float64"), np.asarray(high, "float64")
    has_index = need.notna().to_numpy()
    is_need = need.fillna(False).to_numpy(bool)
    judged, rates_low, not_low = rating_sides(low, high, enough, lower)
    rates_high = judged & (low > upper)
    middle = not_low & (high < upper)
    category = np.select(
        [
            ~has_index | ~judged,
            is_need & rates_low,
            is_need & rates_high,
            is_need & middle,
            ~is_need & rates_low,
            ~is_need & not_low,
        ],
        ["unclear", "confirmed", "resource", "inconspicuous", "hidden", "inconspicuous"],
        default="unclear",
    )
    reason = np.select(
        [~has_index, ~judged, category == "unclear"],
        list(REASONS),
        default="",
    )
    return pd.DataFrame({"category": category, "reason": reason}, index=need.index).astype("str")
