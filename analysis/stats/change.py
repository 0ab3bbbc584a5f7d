"""The change of an indicator between two chosen years, per area, with its direction."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from analysis.stats.trends import check_long

__all__ = ["CHANGE_DIRECTIONS", "UNITS", "change_between"]

#: ``share``: a percentage (relative change in percentage points); ``count``: a number of
#: people or things (relative change in percent of the start value).
UNITS = ("share", "count")

#: Direction of a change once the indicator's direction is known.
CHANGE_DIRECTIONS = ("better", "unchanged", "worse")


def _relative(start: pd.Series, end: pd.Series, unit: str) -> pd.Series:
    if unit == "share":
        return end - start
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100 * (end - start) / start
    # a count that starts at 0 has no percentage change; NaN, not inf
    return pct.where(start != 0)


def change_between(
    long: pd.DataFrame,
    indicator: str,
    start: int,
    end: int,
    *,
    unit: Literal["share", "count"],
    direction: int = 1,
    tolerance: float = 0.0,
) -> pd.DataFrame:
    """Per area: the values in ``start`` and ``end``, the change and whether it is better.

    ``change`` is ``end - start`` in the indicator's unit. For ``unit="share"`` (values in
    percent) ``change_pp`` is the change in percentage points; for ``unit="count"``
    ``change_pct`` is the change in percent of the start value (NaN when it starts at 0).
    ``direction`` is the indicator's: +1 when a higher value means more need (SGB II rate),
    -1 when it means less. A change whose absolute size is at most ``tolerance`` (in the
    indicator's unit) is ``unchanged``; otherwise ``worse`` when it moves towards more need,
    else ``better``. Areas with a value in only one of the two years keep their row with NaN
    change and no direction (``<NA>``).

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": ["1", "1", "2", "2"], "indicator": "SGB2",
    ...                   "year": [2019, 2021, 2019, 2021], "value": [10.0, 12.5, 8.0, 8.25]})
    >>> t = change_between(f, "SGB2", 2019, 2021, unit="share", tolerance=0.5)
    >>> t[["area_code", "change_pp", "direction"]].values.tolist()
    [['1', 2.5, 'worse'], ['2', 0.25, 'unchanged']]
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}.")
    if direction not in (1, -1):
        raise ValueError(f"direction must be +1 or -1, not {direction!r}.")
    if not tolerance >= 0:
        raise ValueError("the tolerance must be a number of at least 0.")
    if start == end:
        raise ValueError("choose two different years.")
    rows = check_long(long, indicator)
    years = set(rows["year"])
    for year in (start, end):
        if year not in years:
            raise ValueError(f"there are no values for {indicator} in {year}.")
    wide = rows.pivot(index="area_code", columns="year", values="value")
    out = pd.DataFrame({"start": wide[start], "end": wide[end]})
    out["change"] = out["end"] - out["start"]
    name = "change_pp" if unit == "share" else "change_pct"
    out[name] = _relative(out["start"], out["end"], unit)
    signed = out["change"] * direction
    label = np.select(
        [signed.abs() <= tolerance, signed > 0, signed < 0],
        ["unchanged", "worse", "better"],
        default="",
    )
    out["direction"] = pd.Series(label, index=out.index, dtype="str").replace("", pd.NA)
    out.insert(0, "area_code", out.index)
    return out.reset_index(drop=True)
