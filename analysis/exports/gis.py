"""Map layers for GIS users: GeoPackage (QGIS) and KomMonitor's GeoJSON indicators.

Text attributes are neutralised like spreadsheet cells (:mod:`analysis.exports.tables`),
because QGIS users open attribute tables in Excel.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.exports.tables import neutralise_frame

__all__ = ["kommonitor_geojson", "write_geopackage", "write_kommonitor_geojson"]


def write_geopackage(layers: Mapping[str, gpd.GeoDataFrame], path: str | PathLike[str]) -> Path:
    """Write GeoDataFrames as named layers of one GeoPackage (replacing an existing file).

    Each layer keeps its CRS. Text attributes are neutralised like spreadsheet cells because
    QGIS users open attribute tables in Excel.

    Examples
    --------
    >>> import tempfile, os
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"code": ["1"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:4326")
    >>> write_geopackage({"areas": g}, os.path.join(tempfile.mkdtemp(), "a.gpkg")).suffix
    '.gpkg'
    """
    if not isinstance(layers, Mapping) or not layers:
        raise ValueError("layers must be a non-empty mapping of layer name -> GeoDataFrame")
    path = Path(path)
    if path.exists():
        path.unlink()
    for name, layer in layers.items():
        if not isinstance(layer, gpd.GeoDataFrame):
            raise TypeError(f"layer {name!r} must be a GeoDataFrame")
        if layer.crs is None:
            raise ValueError(f"layer {name!r} has no CRS")
        geometry = layer.geometry.name
        attributes = neutralise_frame(layer.drop(columns=geometry))
        out = gpd.GeoDataFrame(attributes, geometry=layer.geometry.values, crs=layer.crs)
        out.to_file(path, layer=str(name), driver="GPKG", engine="pyogrio")
    return path


_CRS84 = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}


def _date_key(value: Any) -> str:
    return "DATE_" + pd.Timestamp(value).strftime("%Y-%m-%d")


def kommonitor_geojson(
    areas: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    id_column: str = "code",
    name_column: str = "name",
    value_column: str = "value",
    date_column: str = "date",
    value_id_column: str | None = None,
    decimals: int = 2,
) -> dict[str, Any]:
    """Build a KomMonitor indicator as a GeoJSON FeatureCollection in EPSG:4326.

    Each feature has the properties ``ID``, ``NAME`` and one ``DATE_YYYY-MM-DD`` per time step;
    missing or suppressed values are ``null``.

    Parameters
    ----------
    areas : GeoDataFrame
        Spatial units with ``id_column`` and ``name_column``.
    values : DataFrame
        Long table: area id (``value_id_column``, default ``id_column``), ``date_column`` (date or
        ISO string) and ``value_column``. Ids not in ``areas`` are ignored.
    decimals : int
        Values are rounded to this many decimals.

    Returns
    -------
    dict

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"code": ["1"], "name": ["Mitte"]}, geometry=[box(13, 52, 13.1, 52.1)],
    ...                      crs="EPSG:4326")
    >>> v = pd.DataFrame({"code": ["1"], "date": ["2024-12-31"], "value": [4.123]})
    >>> kommonitor_geojson(g, v)["features"][0]["properties"]
    {'ID': '1', 'NAME': 'Mitte', 'DATE_2024-12-31': 4.12}
    """
    properties, geometries = _kommonitor_parts(
        areas,
        values,
        id_column=id_column,
        name_column=name_column,
        value_column=value_column,
        date_column=date_column,
        value_id_column=value_id_column,
        decimals=decimals,
    )
    return {
        "type": "FeatureCollection",
        "crs": _CRS84,
        "features": [
            {"type": "Feature", "geometry": None if g is None else json.loads(g), "properties": p}
            for p, g in zip(properties, geometries, strict=True)
        ],
    }


def _kommonitor_parts(
    areas: gpd.GeoDataFrame,
    values: pd.DataFrame,
    *,
    id_column: str = "code",
    name_column: str = "name",
    value_column: str = "value",
    date_column: str = "date",
    value_id_column: str | None = None,
    decimals: int = 2,
) -> tuple[list[dict[str, Any]], list[str | None]]:
    """Per area its properties and its geometry as GeoJSON text (None if it has none)."""
    if not isinstance(areas, gpd.GeoDataFrame):
        raise TypeError("areas must be a GeoDataFrame")
    if not isinstance(values, pd.DataFrame):
        raise TypeError("values must be a DataFrame (long: id, date, value)")
    value_id = value_id_column or id_column
    for frame, columns, label in (
        (areas, (id_column, name_column), "areas"),
        (values, (value_id, date_column, value_column), "values"),
    ):
        if missing := [c for c in columns if c not in frame.columns]:
            raise ValueError(f"{label} is missing column(s): {', '.join(missing)}")
    if areas.crs is None:
        raise ValueError("areas has no CRS")
    long = values[[value_id, date_column, value_column]].copy()
    dates = long[date_column].astype(object)
    long["key"] = dates.map({d: _date_key(d) for d in pd.unique(dates)})
    long[value_id] = long[value_id].astype(str)
    long["v"] = pd.to_numeric(long[value_column], errors="coerce").round(decimals)
    keys = sorted(long["key"].unique())
    wide = (
        long.drop_duplicates([value_id, "key"], keep="last")
        .set_index([value_id, "key"])["v"]
        .unstack()
        .reindex(columns=keys)
    )
    codes = areas[id_column].astype(str).tolist()
    matrix = wide.reindex(index=codes).to_numpy(dtype="float64", na_value=np.nan).tolist()
    names = [None if pd.isna(name) else str(name) for name in areas[name_column]]
    properties = [
        {
            "ID": code,
            "NAME": name,
            **{k: None if v != v else v for k, v in zip(keys, row, strict=True)},
        }
        for code, name, row in zip(codes, names, matrix, strict=True)
    ]
    # ~1 cm precision keeps the file small without changing the shapes.
    geoms = shapely.set_precision(np.asarray(areas.geometry.to_crs("EPSG:4326")), 1e-7)
    return properties, list(shapely.to_geojson(geoms))


def write_kommonitor_geojson(
    areas: gpd.GeoDataFrame, values: pd.DataFrame, path: str | PathLike[str], **options: Any
) -> Path:
    """Write :func:`kommonitor_geojson` to ``path`` as UTF-8 JSON (no NaN, only ``null``).

    Examples
    --------
    >>> import tempfile, os
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"code": ["1"], "name": ["Mitte"]}, geometry=[box(13, 52, 13.1, 52.1)],
    ...                      crs="EPSG:4326")
    >>> v = pd.DataFrame({"code": ["1"], "date": ["2024-12-31"], "value": [None]})
    >>> write_kommonitor_geojson(g, v, os.path.join(tempfile.mkdtemp(), "k.geojson")).suffix
    '.geojson'
    """
    properties, geometries = _kommonitor_parts(areas, values, **options)
    # Built as text around GEOS's GeoJSON of each geometry: several times faster than
    # json.dump of the whole collection, which runs the pure-Python encoder.
    features = ",".join(
        f'{{"type":"Feature","geometry":{g or "null"},'
        f'"properties":{json.dumps(p, ensure_ascii=False, allow_nan=False)}}}'
        for p, g in zip(properties, geometries, strict=True)
    )
    crs = json.dumps(_CRS84)
    path = Path(path)
    path.write_text(
        f'{{"type":"FeatureCollection","crs":{crs},"features":[{features}]}}', encoding="utf-8"
    )
    return path
