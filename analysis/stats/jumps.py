"""Flag implausible year-to-year jumps for checking: never used silently, never dropped."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.stats.trends import check_long

__all__ = ["JUMP_REASONS", "flag_jumps"]

#: Codes in ``jump_reason`` (several joined by ", "); the app words them in the user's language.
JUMP_REASONS = ("sd", "relative")


def _steps(rows: pd.DataFrame) -> pd.DataFrame:
    """Each value next to the area's previous stored value of the same indicator."""
    rows = rows.sort_values(["indicator", "area_code", "year"], kind="stable")
    known = rows.dropna(subset=["value"])
    previous = known.groupby(["indicator", "area_code"])[["year", "value"]].shift(1)
    rows["year_from"] = previous["year"].reindex(rows.index).astype("Int64")
    rows["value_from"] = previous["value"].reindex(rows.index)
    rows["change"] = rows["value"] - rows["value_from"]
    return rows


def _z_of_change(rows: pd.DataFrame, min_areas: int) -> pd.Series:
    # All areas drift together (a census correction, a new benefit law), so a change is
    # measured against the mean change of all areas over the same step, not against 0.
    step = rows.groupby(["indicator", "year_from", "year"], dropna=True)["change"]
    mean, sd, n = step.transform("mean"), step.transform("std"), step.transform("count")
    z = (rows["change"] - mean) / sd
    return z.where((n >= min_areas) & (sd > 0))


def flag_jumps(
    long: pd.DataFrame,
    *,
    sd: float | None = 3.0,
    relative: float | None = 0.5,
    min_areas: int = 5,
) -> pd.DataFrame:
    """Mark each value whose change from the area's previous stored year is implausible.

    For every value with an earlier value of the same area and indicator, ``change`` is the
    difference from that earlier value (``year_from``, ``value_from``; gaps in the years are
    bridged to the last stored value). It is flagged

    * ``"sd"`` when it lies more than ``sd`` standard deviations (sample sd) from the mean
      change of all areas over the same step (``change_z``); needs at least ``min_areas``
      areas with a change over that step, else ``change_z`` is NaN;
    * ``"relative"`` when ``|change| / |value_from|`` exceeds ``relative``
      (0.5 = 50 %; a change from 0 to anything else counts as infinitely large).

    Pass ``None`` to switch a rule off. Returns the whole long frame (nothing is dropped), in
    the order indicator, area, year, with the columns ``year_from``, ``value_from``,
    ``change``, ``change_z``, ``change_relative``, ``jump`` (bool) and ``jump_reason`` (codes
    of :data:`JUMP_REASONS` joined by ", ", "" when not flagged). ``frame[frame["jump"]]``
    is the list to check.

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": ["1", "1", "2", "2"], "indicator": "EW",
    ...                   "year": [2019, 2020, 2019, 2020], "value": [1000.0, 1020, 800, 2000]})
    >>> flag_jumps(f, sd=None, relative=0.5).query("jump")[["area_code", "jump_reason"]]
      area_code jump_reason
    3         2    relative
    """
    for name, limit in (("sd", sd), ("relative", relative)):
        if limit is not None and not (isinstance(limit, int | float) and limit > 0):
            raise ValueError(f"{name} must be a number above 0 or None, not {limit!r}.")
    if sd is None and relative is None:
        raise ValueError("switch on at least one rule (sd or relative).")
    if isinstance(min_areas, bool) or not isinstance(min_areas, int) or min_areas < 2:
        raise ValueError("min_areas must be a whole number of at least 2.")
    rows = _steps(check_long(long))
    rows["change_z"] = _z_of_change(rows, min_areas)
    with np.errstate(divide="ignore", invalid="ignore"):
        rows["change_relative"] = rows["change"].abs() / rows["value_from"].abs()
    rows.loc[rows["change"] == 0, "change_relative"] = 0.0
    by_sd = (rows["change_z"].abs() > sd) if sd is not None else False
    by_relative = (rows["change_relative"] > relative) if relative is not None else False
    by_sd = pd.Series(by_sd, index=rows.index).fillna(False).astype(bool)
    by_relative = pd.Series(by_relative, index=rows.index).fillna(False).astype(bool)
    reasons = [
        ", ".join(code for code, hit in zip(JUMP_REASONS, pair, strict=True) if hit)
        for pair in zip(by_sd, by_relative, strict=True)
    ]
    rows["jump"] = by_sd | by_relative
    rows["jump_reason"] = pd.Series(reasons, index=rows.index, dtype="str")
    return rows.reset_index(drop=True)
