"""Map classes the way planners expect them: quantiles, equal intervals, natural breaks, their
own limits, the index's classes; and one scheme for maps of medians, on any rating scale.

The PNG maps (:mod:`analysis.figures.maps`), the report and the web map all take their classes
and colours from here.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Literal

import mapclassify
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import to_hex

from analysis.stats.index_classes import SD_LABELS_DE
from analysis.texts import Texts

__all__ = [
    "INDEX_CMAP", "MEDIAN_CMAP", "Scheme", "class_colours", "classify", "median_bins",
    "median_legend", "step_classes", "step_legend",
]  # fmt: skip

Scheme = Literal[
    "quantiles", "equal_interval", "natural_breaks", "manual", "steps", "index_classes"
]

#: Index classes: class 1 lightest, the class of most need darkest.
INDEX_CMAP = "OrRd"
#: Medians: red where much is to improve, blue where little is.
MEDIAN_CMAP = "RdYlBu"


def median_bins(scale: tuple[int, int] = (1, 7)) -> list[float]:
    """Upper class bounds for a map of medians: one class per step of the rating scale.

    Examples
    --------
    >>> median_bins()
    [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    >>> median_bins((1, 3))
    [2.0, 3.0]
    """
    low, high = (int(v) for v in scale)
    if low >= high:
        raise ValueError(f"the scale must run from a lower to a higher score, not {scale!r}")
    return [float(v) for v in range(low + 1, high + 1)]


def step_classes(values: np.ndarray, bins: Sequence[float]) -> np.ndarray:
    """Classes 1..len(bins) of ``values`` for the ``steps`` scheme: a value on a limit belongs
    to the class that starts there ("2,0 bis unter 3,0"); the top class includes its upper
    limit (a median of 7 is in "6,0 bis 7,0").

    Examples
    --------
    >>> step_classes(np.array([1.0, 1.5, 2.0, 3.0, 5.0, 6.5, 7.0]), median_bins()).tolist()
    [1, 1, 2, 3, 5, 6, 6]
    """
    return np.searchsorted(np.asarray(bins[:-1], dtype=float), values, side="right") + 1


def _decimals(values: np.ndarray) -> int:
    span = float(np.nanmax(values) - np.nanmin(values)) if len(values) else 0.0
    return 0 if span >= 100 else 1 if span >= 1 else 2


def classify(
    values: pd.Series,
    scheme: Scheme = "quantiles",
    k: int = 5,
    bins: Sequence[float] | None = None,
    labels: Sequence[str] | Mapping[int, str] | None = None,
    texts: Texts | None = None,
) -> tuple[pd.Series, list[str], list[float]]:
    """Put values into map classes.

    Parameters
    ----------
    values : Series
        Numbers to classify; NaN gets no class (``<NA>``, drawn as "no data").
    scheme : {"quantiles", "equal_interval", "natural_breaks", "manual", "index_classes"}
        ``natural_breaks`` is Fisher–Jenks (deterministic). ``manual`` needs ``bins`` (upper
        bounds, a value on a limit in the class below). ``steps`` needs ``bins`` too, equally
        spaced (e.g. :func:`median_bins`): a value on a limit starts the class above, the
        legend says "2,0 to under 3,0" (:func:`step_classes`).
        ``index_classes`` takes integer classes 1..k as they are (e.g. the index ``class``).
    k : int
        Number of classes (fewer when there are fewer distinct values).
    bins : sequence of float, optional
        Upper class bounds for ``manual`` (the last must cover the maximum).
    labels : sequence or mapping, optional
        Legend labels instead of the computed ranges; for ``index_classes`` a mapping class ->
        label or a list for classes 1..k (default: Berlin's class names for 4 classes).
    texts : Texts, optional
        The reader's number format for the ranges (default English).

    Returns
    -------
    classes : Series of Int64
        Class 1..k per value, ``<NA>`` for missing values.
    legend_labels : list of str
        One label per class, ranges in the reader's numbers ("1,2 – 3,4" in German).
    bins : list of float
        Upper bound of each class (the class numbers for ``index_classes``).

    Examples
    --------
    >>> classes, legend, bins = classify(pd.Series([1.0, 2.0, 3.0, None]), "equal_interval", k=2)
    >>> classes.tolist()
    [1, 1, 2, <NA>]
    >>> legend
    ['1.0 – 2.0', '2.0 – 3.0']
    >>> classify(pd.Series([1.0, 3.0]), "equal_interval", k=2, texts=Texts(locale="de"))[1]
    ['1,0 – 2,0', '2,0 – 3,0']
    """
    if not isinstance(values, pd.Series):
        raise TypeError("values must be a pandas Series")
    if not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    valid = numbers.notna().to_numpy()
    y = numbers.to_numpy()[valid]
    classes = pd.Series(pd.NA, index=values.index, dtype="Int64")
    if scheme == "index_classes":
        mapping = _index_labels(labels, k)
        if len(y) and not np.isin(y, list(mapping)).all():
            raise ValueError(f"index_classes: values must be classes {sorted(mapping)}")
        classes[valid] = y.astype(int)
        order = sorted(mapping)
        return classes, [str(mapping[c]) for c in order], [float(c) for c in order]
    if len(y) == 0:
        return classes, [], []
    if scheme == "steps":
        return _steps(y, valid, classes, bins, texts or Texts())
    classifier = _classifier(y, scheme, k, bins)
    upper = [float(b) for b in classifier.bins]
    classes[valid] = np.asarray(classifier.yb, dtype=int) + 1
    return classes, _legend(y, upper, labels, texts or Texts()), upper


def _steps(y, valid, classes, bins, texts: Texts):
    """The ``steps`` scheme: classes by :func:`step_classes`, ascending legend with "to under"."""
    legend = step_legend(bins, texts)
    upper = [float(b) for b in bins]
    low = 2 * upper[0] - upper[1]
    if y.min() < low or y.max() > upper[-1]:
        raise ValueError(f"values must lie from {low} to {upper[-1]} for these steps")
    classes[valid] = step_classes(y, upper)
    return classes, legend, upper


def step_legend(bins: Sequence[float], texts: Texts | None = None) -> list[str]:
    """Legend text of each class of the ``steps`` scheme: "2,0 to under 3,0", the top class
    "6,0 to 7,0" (the rule of :func:`step_classes`).

    Examples
    --------
    >>> step_legend(median_bins((1, 3)))
    ['1.0 to under 2.0', '2.0 to 3.0']
    """
    if bins is None or len(bins) < 2:
        raise ValueError("scheme 'steps' needs at least two bins (upper class bounds)")
    texts = texts or Texts()
    upper = [float(b) for b in bins]
    lowers = [2 * upper[0] - upper[1], *upper[:-1]]
    last = [False] * (len(upper) - 1) + [True]
    return [
        (texts.maps.step_last if top else texts.maps.step).format(
            low=texts.number(lo, 1), high=texts.number(hi, 1)
        )
        for top, lo, hi in zip(last, lowers, upper, strict=True)
    ]


def median_legend(
    scale: tuple[int, int] = (1, 7), texts: Texts | None = None
) -> list[tuple[str, str]]:
    """(legend text, colour) of each class of a map of medians, class 1 first: the classes of
    the web map, the PNG map and the report (:func:`step_legend`, :data:`MEDIAN_CMAP`).

    Examples
    --------
    >>> median_legend((1, 3))
    [('1.0 to under 2.0', '#f98e52'), ('2.0 to 3.0', '#3a54a4')]
    """
    bins = median_bins(scale)
    return list(zip(step_legend(bins, texts), class_colours(MEDIAN_CMAP, len(bins)), strict=True))


def _index_labels(labels, k: int) -> dict[int, str]:
    """Class number -> name; Berlin's names for 4 classes unless given."""
    if labels is None:
        labels = SD_LABELS_DE if k == len(SD_LABELS_DE) else [str(c) for c in range(1, k + 1)]
    return dict(labels) if isinstance(labels, Mapping) else dict(enumerate(labels, 1))


def _classifier(y: np.ndarray, scheme: str, k: int, bins: Sequence[float] | None):
    if scheme == "manual":
        if bins is None or len(bins) == 0:
            raise ValueError("scheme 'manual' needs bins (upper class bounds)")
        upper = [float(b) for b in bins]
        if any(b2 <= b1 for b1, b2 in zip(upper, upper[1:], strict=False)):
            raise ValueError("bins must be strictly increasing")
        if y.max() > upper[-1]:
            raise ValueError(f"the last bin {upper[-1]} is below the maximum value {y.max()}")
        return mapclassify.UserDefined(y, upper)
    factories = {
        "quantiles": mapclassify.Quantiles,
        "equal_interval": mapclassify.EqualInterval,
        "natural_breaks": mapclassify.FisherJenks,
    }
    if scheme not in factories:
        raise ValueError(f"unknown scheme {scheme!r}; use one of {', '.join(Scheme.__args__)}")
    with warnings.catch_warnings():
        # "not enough unique values" (k is reduced) and "Numba not installed" are expected.
        warnings.simplefilter("ignore", UserWarning)
        return factories[scheme](y, k=min(k, len(np.unique(y))))


def _legend(y: np.ndarray, upper: list[float], labels, texts: Texts) -> list[str]:
    """The given labels, else each class's range in the reader's numbers."""
    if labels is not None:
        legend = [str(lab) for lab in (labels.values() if isinstance(labels, Mapping) else labels)]
        if len(legend) != len(upper):
            raise ValueError(f"{len(legend)} labels given for {len(upper)} classes")
        return legend
    decimals = _decimals(np.append(y, upper))
    lowers = [float(y.min()), *upper[:-1]]
    return [
        f"{texts.number(lo, decimals)} – {texts.number(hi, decimals)}"
        for lo, hi in zip(lowers, upper, strict=True)
    ]


def class_colours(cmap: str | Sequence[str], k: int) -> list[str]:
    """``k`` colours (hex) for classes 1..k: sampled from a matplotlib colormap, or a palette.

    Examples
    --------
    >>> class_colours(INDEX_CMAP, 4)
    ['#fdd49e', '#fc935f', '#dd3e2a', '#930000']
    """
    if isinstance(cmap, str):
        positions = np.linspace(0.25, 0.95, k) if k > 1 else [0.6]
        return [to_hex(colormaps[cmap](p)) for p in positions]
    if len(cmap) < k:
        raise ValueError(f"palette has {len(cmap)} colours for {k} classes")
    return list(cmap)[:k]
