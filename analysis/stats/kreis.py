"""The Kreis: per-Kommune aggregates and one index over all its areas next to each Kommune's."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats.index import IndexResult, social_index
from analysis.stats.index_inputs import IndexInputError

__all__ = ["KreisIndex", "kreis_aggregates", "kreis_index"]


def _check_columns(areas: object, columns: Sequence[str]) -> None:
    if not isinstance(areas, pd.DataFrame):
        raise TypeError(f"areas must be a pandas DataFrame, not {type(areas).__name__}.")
    for column in columns:
        if column not in areas.columns:
            raise ValueError(f"the table has no column {column!r}.")


def _aggregate(group: pd.DataFrame, population: str, counts, shares) -> dict:
    row = {"n_areas": len(group), population: group[population].sum(min_count=1)}
    for column in counts:
        values = group[column]
        # a sum with a missing part would pass for a smaller real total
        row[column] = np.nan if values.isna().any() else values.sum()
    for column in shares:
        usable = group[[column, population]].dropna()
        weight = usable[population].sum()
        row[column] = (usable[column] * usable[population]).sum() / weight if weight else np.nan
    return row


def kreis_aggregates(
    areas: pd.DataFrame,
    *,
    kommune_column: str,
    population_column: str,
    counts: Sequence[str] = (),
    shares: Sequence[str] = (),
    kreis_name: str = "Kreis",
) -> pd.DataFrame:
    """One row per Kommune with the Kreis in the first row: counts summed, shares weighted.

    ``areas`` has one row per area. ``counts`` (people, places) are summed, and missing for a
    Kommune in which any area lacks the value. ``shares`` (percentages, rates) are averaged
    weighted by ``population_column`` over the areas that have both. ``n_areas`` counts the
    areas, ``population_column`` holds the summed residents. The Kreis row (named
    ``kreis_name``) is formed from all areas the same way; Kommunen follow in sorted order.

    Examples
    --------
    >>> t = pd.DataFrame({"kommune": ["Haan", "Haan", "Hilden"], "EW": [1000, 3000, 2000],
    ...                   "kids": [100, 500, 300], "SGB2": [10.0, 20.0, 4.0]})
    >>> kreis_aggregates(t, kommune_column="kommune", population_column="EW",
    ...                  counts=["kids"], shares=["SGB2"]).values.tolist()
    [['Kreis', 3, 6000, 900, 13.0], ['Haan', 2, 4000, 600, 17.5], ['Hilden', 1, 2000, 300, 4.0]]
    """
    counts, shares = list(counts), list(shares)
    _check_columns(areas, [kommune_column, population_column, *counts, *shares])
    if not counts and not shares:
        raise ValueError("name at least one count or share to aggregate.")
    overlap = set(counts) & set(shares) | {population_column} & set(counts + shares)
    if overlap:
        raise ValueError(f"{sorted(overlap)[0]} is given twice (count, share or population).")
    if areas[kommune_column].isna().any():
        raise ValueError("every area needs its Kommune.")
    rows = [{kommune_column: kreis_name, **_aggregate(areas, population_column, counts, shares)}]
    for kommune, group in areas.groupby(kommune_column, sort=True):
        rows.append(
            {kommune_column: kommune, **_aggregate(group, population_column, counts, shares)}
        )
    return pd.DataFrame(rows)


class KreisIndex(IndexResult):
    """An index over the Kreis: ``table`` per area, ``params`` with ``kreis`` and ``kommunen``."""


def _own_index(group: pd.DataFrame, id_column: str, options: dict) -> tuple[pd.DataFrame, dict]:
    own = dict(options)
    if own.get("exclude"):
        codes = set(group[id_column].astype("str"))
        own["exclude"] = {k: v for k, v in own["exclude"].items() if str(k) in codes}
    try:
        result = social_index(group, id_column=id_column, **own)
    except IndexInputError as error:
        # A Kommune with fewer than 3 usable areas has no index of its own; the Kreis one stays.
        empty = pd.DataFrame({id_column: group[id_column], "index": np.nan, "class": pd.NA,
                              "class_label": pd.NA})  # fmt: skip
        return empty, {"error": str(error)}
    return result.table, result.params


def kreis_index(
    areas: pd.DataFrame,
    *,
    kommune_column: str,
    id_column: str,
    own: pd.DataFrame | None = None,
    **options,
) -> KreisIndex:
    """The index standardised over all areas of the Kreis next to each Kommune's own index.

    The Kreis index is :func:`analysis.stats.index.social_index` with ``options``
    (``indicators``, ``directions``, ``weights``, ``population_column``, ``min_population``,
    ``exclude`` …) over all areas (``index_kreis``, ``class_kreis``, ``class_label_kreis``,
    ``excluded_reason``). The Kommune columns (``index_kommune``, ``class_kommune``,
    ``class_label_kommune``) are ``own`` when given – the Kommunen's saved indices, one row
    per area with ``id_column``, ``index``, ``class``, ``class_label``; an area missing there
    has none – and otherwise computed per Kommune with the same ``options``. A Kommune with
    too few usable areas then gets no own index; ``params["kommunen"][name]["error"]`` says
    why.

    Examples
    --------
    >>> t = pd.DataFrame({"id": list("abcdefg"), "k": list("AAAABBB"),
    ...                   "S3": [1.0, 2, 3, 4, 10, 12, 30]})
    >>> r = kreis_index(t, kommune_column="k", id_column="id", indicators=["S3"])
    >>> r.table[["id", "class_kreis", "class_kommune"]].values.tolist()[3:]
    [['d', 2, 3], ['e', 2, 2], ['f', 2, 2], ['g', 4, 3]]
    """
    _check_columns(areas, [kommune_column, id_column])
    if areas[kommune_column].isna().any():
        raise ValueError("every area needs its Kommune.")
    kreis = social_index(areas, id_column=id_column, **options)
    keep = ["index", "class", "class_label"]
    table = areas[[id_column, kommune_column]].reset_index(drop=True)
    table = table.join(kreis.table[keep].add_suffix("_kreis"))
    table["excluded_reason"] = kreis.table["excluded_reason"]
    own_params: dict = {}
    if own is None:
        own_tables = []
        for kommune, group in areas.groupby(kommune_column, sort=True):
            found, params = _own_index(group, id_column, options)
            own_tables.append(found[[id_column, *keep]])
            own_params[kommune] = params
        own = pd.concat(own_tables, ignore_index=True)
    else:
        _check_columns(own, [id_column, *keep])
        own = own[[id_column, *keep]]
    own = own.rename(columns=lambda c: c + "_kommune")
    table = table.merge(own, left_on=id_column, right_on=f"{id_column}_kommune", how="left")
    table = table.drop(columns=f"{id_column}_kommune")
    table["class_kommune"] = table["class_kommune"].astype("Int64")
    table["class_label_kommune"] = table["class_label_kommune"].astype("str")
    return KreisIndex(table=table, params={"kreis": kreis.params, "kommunen": own_params})
