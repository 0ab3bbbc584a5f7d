"""Areas built from finer units, and the level above each area.

:func:`dissolve_areas` merges the features that share a value (Ortsteile into Stadtteile by a
``STT`` field): one area per value, its outline the union of its parts, its residents their
sum (unknown when a part's are), its code and name those of its first part.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

__all__ = ["dissolve_areas"]


def _sum(values: pd.Series) -> object:
    return pd.NA if values.isna().any() else int(values.sum())


def dissolve_areas(frame: gpd.GeoDataFrame, groups: pd.Series) -> gpd.GeoDataFrame:
    """One row per value of ``groups`` (aligned with ``frame``): outlines united, residents
    summed, other columns from the group's first row; order of first appearance.

    Examples
    --------
    >>> parts = gpd.GeoDataFrame({"code": ["1", "1", "2"], "name": ["Nord", "Nord", "Süd"],
    ...                           "population": pd.array([300, 200, 150], dtype="Int64")},
    ...                          geometry=[shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1),
    ...                                    shapely.box(5, 5, 6, 6)])
    >>> whole = dissolve_areas(parts, parts["code"])
    >>> whole["code"].tolist(), whole["population"].tolist(), whole.geometry.area.tolist()
    (['1', '2'], [500, 150], [2.0, 1.0])
    """
    rows = []
    for _value, part in frame.groupby(groups.loc[frame.index], sort=False):
        row = part.iloc[0].copy()
        row[frame.geometry.name] = shapely.union_all(part.geometry.to_numpy())
        if "population" in part:
            row["population"] = _sum(part["population"])
        rows.append(row)
    merged = gpd.GeoDataFrame(rows, geometry=frame.geometry.name, crs=frame.crs)
    if "population" in merged:
        merged["population"] = merged["population"].astype("Int64")
    return merged.reset_index(drop=True)
