"""Time series per area from a long frame: the area's values, the Kommune's line, the band.

A *long frame* has one row per area, indicator and year: columns ``area_code`` (text),
``indicator`` (text), ``year`` (whole number) and ``value`` (number, NaN when missing) –
:data:`analysis.readers.indicators.LONG_COLUMNS`. Every function here checks its input with
:func:`check_long` and never drops a row silently: a missing value stays NaN.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analysis.readers.indicators import LONG_COLUMNS

__all__ = ["KOMMUNE_HOW", "area_band", "area_series", "check_long", "kommune_series", "trend"]

#: How the Kommune's value per year is formed from its areas' values.
KOMMUNE_HOW = ("weighted", "sum", "mean")


def _checked_columns(long: pd.DataFrame) -> pd.DataFrame:
    """The long columns, each present and of the right kind (else a sentence)."""
    if not isinstance(long, pd.DataFrame):
        raise TypeError(f"the values must be a pandas DataFrame, not {type(long).__name__}.")
    missing = [c for c in LONG_COLUMNS if c not in long.columns]
    if missing:
        raise ValueError(f"the values have no column {missing[0]!r} (needed: {LONG_COLUMNS}).")
    out = long[list(LONG_COLUMNS)].copy()
    for column in ("area_code", "indicator"):
        if out[column].isna().any():
            raise ValueError(f"every row needs its {column.replace('_', ' ')}.")
    for column in ("year", "value"):
        if not pd.api.types.is_numeric_dtype(out[column]) or out[column].dtype == bool:
            raise ValueError(f"the column {column!r} must hold numbers.")
    if out["year"].isna().any() or (out["year"] % 1 != 0).any():
        raise ValueError("every row needs a whole-number year.")
    return out


def check_long(long: object, indicator: str | None = None) -> pd.DataFrame:
    """Return a checked copy of a long frame (optionally only one indicator's rows).

    ``area_code`` and ``indicator`` become text, ``year`` int64, ``value`` float64. Raises
    ``TypeError`` for a non-frame and ``ValueError`` with a sentence for a missing column, a
    missing area code or indicator, a year or value that is not a number, a duplicate
    (area, indicator, year) or an unknown indicator.

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": ["1 a"], "indicator": ["EW"], "year": [2020],
    ...                   "value": [1200]})
    >>> check_long(f).dtypes["value"]
    dtype('float64')
    """
    out = _checked_columns(long)
    out["area_code"] = out["area_code"].astype("str")
    out["indicator"] = out["indicator"].astype("str")
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    twice = out.duplicated(["area_code", "indicator", "year"], keep=False)
    if twice.any():
        first = out[twice].iloc[0]
        raise ValueError(
            f"area {first['area_code']} has two values for {first['indicator']} in {first['year']}."
        )
    if indicator is not None:
        if indicator not in set(out["indicator"]):
            raise ValueError(f"there are no values for the indicator {indicator!r}.")
        out = out[out["indicator"] == indicator]
    return out.reset_index(drop=True)


def area_series(long: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """One row per area, one column per year: the indicator's time series.

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": ["1", "1", "2"], "indicator": "S3",
    ...                   "year": [2019, 2020, 2020], "value": [4.0, 5.0, 7.0]})
    >>> area_series(f, "S3").loc["1"].tolist()
    [4.0, 5.0]
    """
    rows = check_long(long, indicator)
    wide = rows.pivot(index="area_code", columns="year", values="value")
    wide.columns.name = "year"
    return wide.sort_index()


def _weights(long: pd.DataFrame, weight: str, rows: pd.DataFrame) -> pd.Series:
    if weight not in set(long["indicator"]):
        raise ValueError(f"there are no values for the weight {weight!r}.")
    w = long[long["indicator"] == weight].set_index(["area_code", "year"])["value"]
    if (w < 0).any():
        raise ValueError(f"the weight {weight!r} must not be negative.")
    return w.reindex(pd.MultiIndex.from_frame(rows[["area_code", "year"]])).to_numpy()


def kommune_series(
    long: pd.DataFrame,
    indicator: str,
    how: Literal["weighted", "sum", "mean"],
    weight: str | None = None,
) -> pd.Series:
    """The Kommune's value of an indicator per year, formed from its areas' values.

    ``how="weighted"`` (shares, rates): the mean weighted by the indicator ``weight`` of the
    same long frame in the same year (usually the residents), over the areas that have both a
    value and a weight. ``how="sum"`` (counts): the sum, NaN in a year in which any area's
    value is missing – a partial sum would look like a decline. ``how="mean"``: the
    unweighted mean over the areas with a value. The caller says which; nothing is guessed
    from the data.

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": ["1", "2", "1", "2"], "indicator": ["S3", "S3", "EW", "EW"],
    ...                   "year": 2020, "value": [10.0, 20.0, 3000, 1000]})
    >>> kommune_series(f, "S3", "weighted", weight="EW").tolist()
    [12.5]
    """
    if how not in KOMMUNE_HOW:
        raise ValueError(f"how must be one of {KOMMUNE_HOW}, not {how!r}.")
    if (how == "weighted") != (weight is not None):
        raise ValueError("a weight is needed for how='weighted' and only for it.")
    checked = check_long(long)
    rows = check_long(checked, indicator)
    if how == "sum":
        series = rows.groupby("year")["value"].sum(min_count=1)
        series[rows.groupby("year")["value"].apply(lambda v: v.isna().any())] = np.nan
    elif how == "mean":
        series = rows.groupby("year")["value"].mean()
    else:
        rows = rows.assign(_w=_weights(checked, weight, rows))
        usable = rows.dropna(subset=["value", "_w"])
        grouped = usable.assign(_wx=usable["value"] * usable["_w"]).groupby("year")
        series = grouped["_wx"].sum() / grouped["_w"].sum()
        series = series.reindex(sorted(rows["year"].unique()))
    series.name = indicator
    return series.astype("float64")


def area_band(long: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The range of all areas' values per year: n, min, q1, median, q3, max.

    Quartiles by linear interpolation (numpy's default); areas with a missing value are not
    counted in ``n``.

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": list("abcde"), "indicator": "S3", "year": 2020,
    ...                   "value": [1.0, 2.0, 3.0, 4.0, 5.0]})
    >>> area_band(f, "S3").loc[2020, ["min", "q1", "median", "q3", "max"]].tolist()
    [1.0, 2.0, 3.0, 4.0, 5.0]
    """
    grouped = check_long(long, indicator).groupby("year")["value"]
    band = pd.DataFrame(
        {
            "n": grouped.count().astype("int64"),
            "min": grouped.min(),
            "q1": grouped.quantile(0.25),
            "median": grouped.median(),
            "q3": grouped.quantile(0.75),
            "max": grouped.max(),
        }
    )
    return band


def trend(
    long: pd.DataFrame,
    indicator: str,
    how: Literal["weighted", "sum", "mean"],
    weight: str | None = None,
) -> pd.DataFrame:
    """Per year: the Kommune's value (:func:`kommune_series`) next to the band of all areas.

    This is the table behind the chart of :func:`analysis.figures.trend.trend_figure`.

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": ["1", "2"], "indicator": "S3", "year": 2020,
    ...                   "value": [10.0, 20.0]})
    >>> trend(f, "S3", "mean")[["kommune", "min", "max"]].loc[2020].tolist()
    [15.0, 10.0, 20.0]
    """
    band = area_band(long, indicator)
    band.insert(0, "kommune", kommune_series(long, indicator, how, weight).reindex(band.index))
    return band
