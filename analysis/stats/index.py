"""Composite social index (Berlin MSS method and variants): computed, or read back when saved.

The inputs are checked in :mod:`analysis.stats.index_inputs`, the classes drawn in
:mod:`analysis.stats.index_classes`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from analysis.stats.index_classes import (
    DYNAMICS_LABELS_DE,
    DYNAMICS_THRESHOLDS,
    SD_THRESHOLDS,
    classify_quantiles,
    classify_sd,
    default_sd_labels,
)
from analysis.stats.index_inputs import (
    IndexInputError,
    check_table,
    directions_of,
    exclusions,
    weights_of,
)

__all__ = ["IndexResult", "dynamics_index", "social_index"]


@dataclass
class IndexResult:
    """A computed index: one row per area in ``table`` and the configuration in ``params``."""

    table: pd.DataFrame
    params: dict = field(default_factory=dict)

    @classmethod
    def from_records(
        cls, records: Sequence[Mapping], params: Mapping | None = None, id_column: str = "area_code"
    ) -> IndexResult:
        """An index saved as records (JSON) with the column types :func:`social_index` gives.

        Examples
        --------
        >>> saved = [{"area_code": "01", "index": 1.2, "class": 3, "class_label": "niedrig",
        ...           "excluded_reason": ""}, {"area_code": "02", "index": None, "class": None,
        ...           "class_label": None, "excluded_reason": "missing S1"}]
        >>> IndexResult.from_records(saved).table.dtypes[["index", "class"]].tolist()
        [dtype('float64'), Int64Dtype()]
        """
        table = pd.DataFrame.from_records(list(records))
        if table.empty:
            table = pd.DataFrame(columns=[id_column, "index", "class", "class_label"])
        table[id_column] = table[id_column].astype("str")
        for column in [c for c in table.columns if c.startswith("z_")] + ["sum", "index"]:
            if column in table:
                table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
        table["class"] = pd.to_numeric(table["class"], errors="coerce").astype("Int64")
        labels = table["class_label"]
        table["class_label"] = labels.astype("str").where(labels.notna(), None)
        if "excluded_reason" in table:
            table["excluded_reason"] = table["excluded_reason"].fillna("").astype("str")
        return cls(table=table, params=dict(params or {}))


def _scaled(
    x: pd.DataFrame, method: str, ddof: int, directions: dict[str, int]
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    if method == "z-sum-z":
        centre, spread = x.mean(), x.std(ddof=ddof)
    else:
        centre, spread = x.min(), x.max() - x.min()
    flat = [i for i in x.columns if not spread[i] > 0]
    if flat:
        raise IndexInputError(f"the indicator {flat[0]} has the same value in all included areas.")
    scaled = (x - centre) / spread
    for i, sign in directions.items():  # z-values change sign, 0..1 scales are reversed
        if sign < 0:
            scaled[i] = -scaled[i] if method == "z-sum-z" else 1 - scaled[i]
    return scaled, centre, spread


def _class_params(use_quantiles: bool, thresholds, quantiles: int, labels) -> dict:
    if use_quantiles:
        default = [f"Q{i}" for i in range(1, quantiles + 1)]
        return {
            "classes": "quantile",
            "thresholds": None,
            "quantiles": quantiles,
            "labels": list(labels) if labels is not None else default,
        }
    chosen = list(thresholds or SD_THRESHOLDS)
    return {
        "classes": "sd",
        "thresholds": chosen,
        "quantiles": None,
        "labels": list(labels) if labels is not None else default_sd_labels(len(chosen) + 1),
    }


def social_index(
    table: pd.DataFrame,
    *,
    id_column: str,
    indicators: Sequence[str],
    weights: Mapping[str, float] | Sequence[float] | None = None,
    directions: Mapping[str, int] | None = None,
    method: Literal["z-sum-z", "minmax"] = "z-sum-z",
    population_column: str | None = None,
    min_population: float | None = None,
    exclude: Mapping[str, str] | None = None,
    classes: Literal["sd", "quantile"] = "sd",
    thresholds: Sequence[float] | None = None,
    labels: Sequence[str] | None = None,
    quantiles: int = 4,
    ddof: int = 0,
) -> IndexResult:
    """Compute a composite social index from a wide table (one row per area).

    ``method="z-sum-z"`` (Berlin MSS): each indicator is z-transformed with the unweighted
    mean and the *population* standard deviation (``ddof=0``, which reproduces the official
    Berlin 2021 z-values exactly) over the included areas, multiplied by its direction
    (-1 for lower-is-more-need) and weight, summed (``sum``) and the sum z-standardised again
    (``index``). Classes by :func:`classify_sd` (default :data:`SD_THRESHOLDS`).

    ``method="minmax"``: each indicator is scaled to 0..1 over the included areas (reversed
    for direction -1), ``sum`` is the weighted sum and ``index`` the weighted mean times 100
    (0 = least, 100 = most need). Classes are quantiles unless ``thresholds`` are given.

    Areas are excluded (in this order) when listed in ``exclude`` (code -> reason), when
    their population is missing or below ``min_population``, or when an indicator is missing.
    Excluded areas stay in the table with NaN values and their ``excluded_reason``.

    Returns
    -------
    IndexResult
        ``table`` columns: ``id_column``, ``z_<indicator>``..., ``sum``, ``index``, ``class``
        (Int64), ``class_label``, ``excluded_reason`` ("" when included); ``params`` records
        method, indicators, weights, directions, thresholds, labels, classes, exclusions, the
        mean and sd per indicator, ``n_included`` and ``n_excluded``.

    Examples
    --------
    >>> t = pd.DataFrame({"id": list("abcd"), "S1": [1.0, 2, 3, 10], "S3": [2.0, 2, 4, 9]})
    >>> social_index(t, id_column="id", indicators=["S1", "S3"]).table["class"].tolist()
    [2, 2, 2, 4]
    """
    indicators = check_table(table, id_column, indicators, population_column)
    if method not in ("z-sum-z", "minmax"):
        raise IndexInputError(f"method must be 'z-sum-z' or 'minmax', not {method!r}.")
    if classes not in ("sd", "quantile"):
        raise IndexInputError(f"classes must be 'sd' or 'quantile', not {classes!r}.")
    w = weights_of(weights, indicators)
    d = directions_of(directions, indicators)
    reasons = exclusions(table, id_column, indicators, population_column, min_population, exclude)
    included = reasons == ""
    if included.sum() < 3:
        raise IndexInputError(
            f"at least 3 areas are needed, but only {included.sum()} are included."
        )
    x = table.loc[included, indicators].astype("float64")
    scaled, centre, spread = _scaled(x, method, ddof, d)
    total = (scaled * pd.Series(w)).sum(axis=1)
    if method == "z-sum-z":
        index = (total - total.mean()) / total.std(ddof=ddof)
    else:
        index = 100 * total / sum(w.values())
    out = pd.DataFrame({id_column: table[id_column]})
    for i in indicators:
        out[f"z_{i}"] = scaled[i].reindex(table.index)
    out["sum"] = total.reindex(table.index)
    out["index"] = index.reindex(table.index)
    use_quantiles = classes == "quantile" or (method == "minmax" and thresholds is None)
    if use_quantiles:
        klass = classify_quantiles(out["index"], quantiles, labels)
    else:
        klass = classify_sd(
            out["index"], SD_THRESHOLDS if thresholds is None else thresholds, labels
        )
    out["class"] = klass["class"]
    out["class_label"] = klass["class_label"]
    out["excluded_reason"] = reasons
    params = {
        "method": method,
        "indicators": indicators,
        "weights": w,
        "directions": d,
        **_class_params(use_quantiles, thresholds, quantiles, labels),
        "population_column": population_column,
        "min_population": min_population,
        "ddof": ddof if method == "z-sum-z" else None,
        "exclusions": {str(table.at[i, id_column]): r for i, r in reasons.items() if r},
        "mean": {i: float(centre[i]) for i in indicators} if method == "z-sum-z" else {},
        "sd": {i: float(spread[i]) for i in indicators} if method == "z-sum-z" else {},
        "min": {i: float(x[i].min()) for i in indicators},
        "max": {i: float(x[i].max()) for i in indicators},
        "n_included": int(included.sum()),
        "n_excluded": int((~included).sum()),
    }
    return IndexResult(table=out.reset_index(drop=True), params=params)


def dynamics_index(
    table: pd.DataFrame,
    *,
    id_column: str,
    indicators: Sequence[str] = ("D1", "D3", "D4"),
    **options,
) -> IndexResult:
    """Compute the Berlin-style dynamics index: :func:`social_index` on changes over time.

    Uses :data:`DYNAMICS_THRESHOLDS` and :data:`DYNAMICS_LABELS_DE` (1 positiv, 2 stabil,
    3 negativ; the official Berlin file numbers these 1, 3, 5) unless overridden.

    Examples
    --------
    >>> changes = pd.DataFrame({"id": list("abcde"), "D1": [-0.5, 0.1, 0.0, 0.2, 2.0],
    ...                         "D3": [-1.0, 0.0, 0.1, 0.3, 1.5], "D4": [-2.0, 0.0, 0.2, 0.1, 3.0]})
    >>> dynamics_index(changes, id_column="id").table["class_label"].tolist()
    ['positiv', 'stabil', 'stabil', 'stabil', 'negativ']
    """
    options.setdefault("thresholds", DYNAMICS_THRESHOLDS)
    options.setdefault("labels", DYNAMICS_LABELS_DE)
    return social_index(table, id_column=id_column, indicators=list(indicators), **options)
