"""Similar areas: the nearest areas across a Kreis on chosen indicators (standardised distance)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["similar_areas"]


def similar_areas(
    areas: pd.DataFrame,
    *,
    id_column: str,
    area: str,
    indicators: Sequence[str],
    n: int = 5,
    keep: Sequence[str] = (),
) -> pd.DataFrame:
    """The ``n`` areas most similar to ``area`` on ``indicators``, nearest first.

    Each indicator is z-standardised over all areas that have every chosen indicator (mean,
    population sd), so an indicator in euros does not outweigh one in percent; the distance
    is the Euclidean distance of the z-values. Areas lacking a value are left out of the
    comparison and listed in ``result.attrs["left_out"]``. Equal distances are ordered by
    area code. Returns ``id_column``, the ``keep`` columns (e.g. the Kommune), ``distance``
    and the indicators' values.

    Examples
    --------
    >>> t = pd.DataFrame({"id": list("abcd"), "S3": [10.0, 11, 30, 12],
    ...                   "S4": [20.0, 21, 50, 40]})
    >>> similar_areas(t, id_column="id", area="a", indicators=["S3", "S4"], n=2)["id"].tolist()
    ['b', 'd']
    """
    if not isinstance(areas, pd.DataFrame):
        raise TypeError(f"areas must be a pandas DataFrame, not {type(areas).__name__}.")
    if isinstance(indicators, str) or not indicators:
        raise ValueError("indicators must be a non-empty sequence of column names.")
    indicators, keep = list(indicators), list(keep)
    for column in [id_column, *indicators, *keep]:
        if column not in areas.columns:
            raise ValueError(f"the table has no column {column!r}.")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, not {n!r}.")
    codes = areas[id_column].astype("str")
    if codes.duplicated().any():
        raise ValueError(f"the column {id_column!r} has duplicate area codes.")
    complete = areas[indicators].notna().all(axis=1)
    if str(area) not in set(codes[complete]):
        known = str(area) in set(codes)
        raise ValueError(
            f"the area {area} lacks a value of the chosen indicators."
            if known
            else f"the area {area} is not in the table."
        )
    x = areas.loc[complete, indicators].astype("float64")
    spread = x.std(ddof=0)
    flat = [i for i in indicators if not spread[i] > 0]
    if flat:
        raise ValueError(f"the indicator {flat[0]} has the same value in all areas.")
    z = (x - x.mean()) / spread
    target = z[codes[complete] == str(area)].iloc[0]
    distance = np.sqrt(((z - target) ** 2).sum(axis=1))
    out = areas.loc[complete, [id_column, *keep]].assign(distance=distance)
    out[indicators] = x
    out[id_column] = out[id_column].astype("str")
    out = out[out[id_column] != str(area)]
    out = out.sort_values(["distance", id_column], kind="stable").head(n)
    out = out.reset_index(drop=True)
    out.attrs["left_out"] = sorted(codes[~complete])
    return out
