"""Composite social index (Berlin MSS method and variants) and its classes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "DYNAMICS_LABELS_DE",
    "DYNAMICS_THRESHOLDS",
    "SD_LABELS_DE",
    "SD_THRESHOLDS",
    "IndexInputError",
    "IndexResult",
    "classify_quantiles",
    "classify_sd",
    "dynamics_index",
    "social_index",
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


class IndexInputError(ValueError):
    """The table or configuration given for an index cannot be used; the message says why."""


def _default_sd_labels(n: int) -> list[str]:
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
    names = _labels(labels, n, _default_sd_labels(n))
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


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _weights(weights, indicators: list[str]) -> dict[str, float]:
    if weights is None:
        return dict.fromkeys(indicators, 1.0)
    if isinstance(weights, Mapping):
        unknown = [k for k in weights if k not in indicators]
        if unknown:
            raise IndexInputError(f"weights name indicators that are not in the index: {unknown}.")
        return {i: float(weights.get(i, 1.0)) for i in indicators}
    if isinstance(weights, str) or len(weights) != len(indicators):
        raise IndexInputError(f"weights must have one value per indicator ({len(indicators)}).")
    return {i: float(w) for i, w in zip(indicators, weights, strict=True)}


def _directions(directions, indicators: list[str]) -> dict[str, int]:
    result = dict.fromkeys(indicators, 1)
    for key, sign in (directions or {}).items():
        if key not in indicators:
            raise IndexInputError(f"directions name an indicator that is not in the index: {key}.")
        if sign not in (1, -1):
            raise IndexInputError(f"the direction of {key} must be +1 or -1, not {sign!r}.")
        result[key] = int(sign)
    return result


def _exclusions(table, id_column, indicators, population_column, min_population, exclude):
    ids = table[id_column].astype("str")
    reasons = pd.Series("", index=table.index, dtype="str")
    exclude = {str(k): str(v) for k, v in (exclude or {}).items()}
    unknown = sorted(set(exclude) - set(ids))
    if unknown:
        raise IndexInputError(f"exclude names areas that are not in the table: {unknown}.")
    for i, code in ids.items():
        if code in exclude:
            reasons[i] = exclude[code] or "excluded"
            continue
        if population_column is not None and min_population is not None:
            pop = table.at[i, population_column]
            if pd.isna(pop):
                reasons[i] = "population missing"
                continue
            if pop < min_population:
                reasons[i] = f"population {_number_text(pop)} below {_number_text(min_population)}"
                continue
        missing = [c for c in indicators if pd.isna(table.at[i, c])]
        if missing:
            reasons[i] = "missing " + ", ".join(missing)
    return reasons


def _check_table(table, id_column, indicators, population_column) -> list[str]:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, not {type(table).__name__}.")
    if isinstance(indicators, str) or not indicators:
        raise IndexInputError("indicators must be a non-empty sequence of column names.")
    indicators = [str(i) for i in indicators]
    for name in [id_column, *indicators] + ([population_column] if population_column else []):
        if name not in table.columns:
            raise IndexInputError(f"the table has no column '{name}'.")
    for name in indicators + ([population_column] if population_column else []):
        if not pd.api.types.is_numeric_dtype(table[name]) or pd.api.types.is_bool_dtype(
            table[name]
        ):
            raise IndexInputError(f"the column '{name}' is not numeric.")
    if len(set(indicators)) != len(indicators):
        raise IndexInputError("each indicator may appear only once.")
    if table[id_column].duplicated().any():
        raise IndexInputError(f"the column '{id_column}' has duplicate area codes.")
    return indicators


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
    indicators = _check_table(table, id_column, indicators, population_column)
    if method not in ("z-sum-z", "minmax"):
        raise IndexInputError(f"method must be 'z-sum-z' or 'minmax', not {method!r}.")
    if classes not in ("sd", "quantile"):
        raise IndexInputError(f"classes must be 'sd' or 'quantile', not {classes!r}.")
    w = _weights(weights, indicators)
    d = _directions(directions, indicators)
    reasons = _exclusions(table, id_column, indicators, population_column, min_population, exclude)
    included = reasons == ""
    if included.sum() < 3:
        raise IndexInputError(
            f"at least 3 areas are needed, but only {included.sum()} are included."
        )
    x = table.loc[included, indicators].astype("float64")
    if method == "z-sum-z":
        centre, spread = x.mean(), x.std(ddof=ddof)
    else:
        centre, spread = x.min(), x.max() - x.min()
    flat = [i for i in indicators if not spread[i] > 0]
    if flat:
        raise IndexInputError(f"the indicator {flat[0]} has the same value in all included areas.")
    scaled = (x - centre) / spread
    for i in indicators:  # z-values change sign, 0..1 scales are reversed
        if d[i] < 0:
            scaled[i] = -scaled[i] if method == "z-sum-z" else 1 - scaled[i]
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
        "classes": "quantile" if use_quantiles else "sd",
        "thresholds": None if use_quantiles else list(thresholds or SD_THRESHOLDS),
        "quantiles": quantiles if use_quantiles else None,
        "labels": list(labels) if labels is not None else _default_sd_labels(0),
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
    if labels is None:
        params["labels"] = (
            [f"Q{i}" for i in range(1, quantiles + 1)]
            if use_quantiles
            else _default_sd_labels(len(params["thresholds"]) + 1)
        )
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
