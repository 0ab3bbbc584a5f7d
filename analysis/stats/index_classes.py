"""Classes of an index: fixed thresholds in standard deviations (Berlin) or quantiles.

The Berlin class names (:data:`SD_LABELS_DE`, :data:`DYNAMICS_LABELS_DE`) are data of the
method, not interface text: a caller passes its own ``labels`` for another naming.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats.index_inputs import IndexInputError

__all__ = [
    "DYNAMICS_LABELS_DE",
    "DYNAMICS_THRESHOLDS",
    "SD_LABELS_DE",
    "SD_THRESHOLDS",
    "classify_quantiles",
    "classify_sd",
    "default_sd_labels",
]

SD_THRESHOLDS: tuple[float, ...] = (-1.0, 1.0, 1.5)
SD_LABELS_DE: tuple[str, ...] = ("hoch", "mittel", "niedrig", "sehr niedrig")
DYNAMICS_THRESHOLDS: tuple[float, ...] = (-1.0, 1.0)
DYNAMICS_LABELS_DE: tuple[str, ...] = ("positiv", "stabil", "negativ")


def _labels(labels: Sequence[str] | None, n: int, default: Sequence[str]) -> list[str]:
    if labels is None:
        return list(default)
    if isinstance(labels, str) or len(labels) != n:
        raise IndexInputError(f"labels must be a sequence of {n} names, one per class.")
    return [str(x) for x in labels]


def default_sd_labels(n: int) -> list[str]:
    """Return the Berlin names for ``n`` classes (4: social index, 3: dynamics), else numbers.

    Examples
    --------
    >>> default_sd_labels(3)
    ['positiv', 'stabil', 'negativ']
    """
    default = {4: SD_LABELS_DE, 3: DYNAMICS_LABELS_DE}.get(n, [str(i) for i in range(1, n + 1)])
    return list(default)


def _numeric(values: object) -> pd.Series:
    if not isinstance(values, pd.Series):
        raise TypeError(f"values must be a pandas Series, not {type(values).__name__}.")
    if not (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)):
        raise TypeError(f"values must be numeric, not {values.dtype}.")
    return values.astype("float64")


def _frame(classes: pd.Series, labels: list[str]) -> pd.DataFrame:
    names = pd.Series(
        [labels[int(c) - 1] if pd.notna(c) else None for c in classes],
        index=classes.index,
        dtype="str",
    )
    return pd.DataFrame({"class": classes.astype("Int64"), "class_label": names})


def classify_sd(
    values: pd.Series,
    thresholds: Sequence[float] = SD_THRESHOLDS,
    labels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Classify standardised values by fixed thresholds (Berlin MSS rule).

    Class 1 if ``x < t0``; class 2 if ``t0 <= x <= t1``; class ``i+1`` if
    ``t_(i-1) < x <= t_i``; the last class if ``x > t_last``. So the first boundary belongs to
    the upper class and all others to the lower one, exactly as Berlin: *hoch* x < -1,
    *mittel* -1 <= x <= +1, *niedrig* +1 < x <= +1.5, *sehr niedrig* x > +1.5 (4 = most
    need). Default labels: :data:`SD_LABELS_DE` for 3 thresholds, :data:`DYNAMICS_LABELS_DE`
    for 2, else the class numbers. Missing values stay <NA>.

    Examples
    --------
    >>> classify_sd(pd.Series([-1.2, -1.0, 1.0, 1.2, 2.0]))["class"].tolist()
    [1, 2, 2, 3, 4]
    """
    x = _numeric(values)
    t = [float(v) for v in thresholds]
    if not t or any(b <= a for a, b in zip(t, t[1:], strict=False)):
        raise IndexInputError("thresholds must be a non-empty, strictly increasing sequence.")
    n = len(t) + 1
    names = _labels(labels, n, default_sd_labels(n))
    cls = pd.Series(np.nan, index=x.index)
    cls[x < t[0]] = 1
    if len(t) == 1:
        cls[x >= t[0]] = 2
    else:
        cls[(x >= t[0]) & (x <= t[1])] = 2
        for i in range(2, len(t)):
            cls[(x > t[i - 1]) & (x <= t[i])] = i + 1
        cls[x > t[-1]] = n
    return _frame(cls, names)


def classify_quantiles(
    values: pd.Series, k: int = 4, labels: Sequence[str] | None = None
) -> pd.DataFrame:
    """Classify values into ``k`` quantile classes, 1 = lowest values.

    The class of a value is ``floor((rank - 1) * k / n) + 1`` with ``rank`` the minimum rank
    among ties, so equal values always share a class and classes are as equal in size as the
    ties allow. Default labels ``Q1`` .. ``Qk``. Missing values stay <NA>.

    Examples
    --------
    >>> classify_quantiles(pd.Series([5.0, 1.0, 3.0, 7.0]), k=2)["class"].tolist()
    [2, 1, 1, 2]
    """
    x = _numeric(values)
    if not isinstance(k, int) or k < 2:
        raise IndexInputError("k must be an int of at least 2.")
    names = _labels(labels, k, [f"Q{i}" for i in range(1, k + 1)])
    rank = x.rank(method="min")
    cls = np.floor((rank - 1) * k / x.notna().sum()) + 1
    return _frame(cls, names)
