"""Carry earlier years to redrawn areas through a crosswalk (Berlin LOR 2019 -> 2021 style)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.stats.trends import check_long

__all__ = ["CROSSWALK_COLUMNS", "carry_to_new_areas"]

#: A crosswalk row: residents of the old area who live in the new area (the overlap).
CROSSWALK_COLUMNS = ("old_code", "new_code", "population")


def _check_crosswalk(crosswalk: object) -> pd.DataFrame:
    if not isinstance(crosswalk, pd.DataFrame):
        raise TypeError(
            f"the crosswalk must be a pandas DataFrame, not {type(crosswalk).__name__}."
        )
    missing = [c for c in CROSSWALK_COLUMNS if c not in crosswalk.columns]
    if missing:
        raise ValueError(
            f"the crosswalk has no column {missing[0]!r} (needed: {CROSSWALK_COLUMNS})."
        )
    out = crosswalk[list(CROSSWALK_COLUMNS)].copy()
    out["old_code"] = out["old_code"].astype("str")
    out["new_code"] = out["new_code"].astype("str")
    if not pd.api.types.is_numeric_dtype(out["population"]):
        raise ValueError("the crosswalk's population must hold numbers.")
    if out["population"].isna().any() or (out["population"] < 0).any():
        raise ValueError("every crosswalk row needs a population of at least 0.")
    if out.duplicated(["old_code", "new_code"]).any():
        raise ValueError("each pair of old and new area may appear only once in the crosswalk.")
    total = out.groupby("old_code")["population"].transform("sum")
    if (total <= 0).any():
        raise ValueError("every old area needs residents in the crosswalk to be split by them.")
    out["share_of_old"] = out["population"] / total
    return out


def carry_to_new_areas(
    long: pd.DataFrame,
    crosswalk: pd.DataFrame,
    units: Mapping[str, str],
) -> pd.DataFrame:
    """Re-express values of old areas on new areas, marked as carried.

    ``crosswalk`` has one row per overlap of an old and a new area with the residents living
    in it (:data:`CROSSWALK_COLUMNS`; from a population grid or address counts). Per
    indicator, ``units`` says how values combine:

    * ``"count"``: each old area's count is split by the share of its residents in each new
      area and summed (a count of an old area split 60/40 goes 60/40);
    * ``"share"``: the new value is the mean of the old areas' values weighted by the
      residents of each overlap (population-weighted).

    A new area's value is missing when any old area feeding it lacks a value that year: a
    partial sum or mean would pass for a real one. Every old code of ``long`` must be in the
    crosswalk (else ``ValueError`` naming it). Returns a long frame on the new codes with
    ``carried_from``: the old codes that fed the value, sorted and joined by ", ".

    Examples
    --------
    >>> old = pd.DataFrame({"area_code": ["A", "B", "A", "B"], "indicator": ["EW"] * 2 + ["S3"] * 2,
    ...                     "year": 2019, "value": [1000.0, 3000, 10.0, 20.0]})
    >>> cw = pd.DataFrame({"old_code": ["A", "B", "B"], "new_code": ["X", "X", "Y"],
    ...                    "population": [1000, 1000, 2000]})
    >>> new = carry_to_new_areas(old, cw, {"EW": "count", "S3": "share"})
    >>> new[["area_code", "indicator", "value", "carried_from"]]
      area_code indicator   value carried_from
    0         X        EW  2000.0         A, B
    1         X        S3    15.0         A, B
    2         Y        EW  2000.0            B
    3         Y        S3    20.0            B
    """
    rows = check_long(long)
    links = _check_crosswalk(crosswalk)
    unknown = sorted(set(rows["area_code"]) - set(links["old_code"]))
    if unknown:
        raise ValueError(f"the area {unknown[0]} is not in the crosswalk.")
    no_unit = sorted(set(rows["indicator"]) - set(units))
    if no_unit:
        raise ValueError(f"say whether {no_unit[0]} is a 'share' or a 'count'.")
    bad = {k: v for k, v in units.items() if v not in ("share", "count")}
    if bad:
        name = next(iter(bad))
        raise ValueError(f"the unit of {name} must be 'share' or 'count', not {bad[name]!r}.")
    joined = rows.merge(links, left_on="area_code", right_on="old_code")
    is_count = joined["indicator"].map(units).eq("count")
    joined["_weight"] = joined["share_of_old"].where(is_count, joined["population"])
    joined["_wx"] = joined["value"] * joined["_weight"]
    joined["_gap"] = joined["value"].isna()
    grouped = joined.groupby(["new_code", "indicator", "year"], sort=True)
    out = grouped.agg(
        _wx=("_wx", "sum"),
        _w=("_weight", "sum"),
        _gap=("_gap", "any"),
        carried_from=("old_code", lambda codes: ", ".join(sorted(set(codes)))),
    ).reset_index()
    count = out["indicator"].map(units).eq("count")
    value = out["_wx"].where(count, out["_wx"] / out["_w"])
    out["value"] = value.mask(out["_gap"])
    out = out.rename(columns={"new_code": "area_code"})
    return out[["area_code", "indicator", "year", "value", "carried_from"]]
