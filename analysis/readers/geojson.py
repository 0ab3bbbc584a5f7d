"""GeoJSON read with ``json`` and shapely: GDAL never sees the file.

Follows what GDAL's GeoJSON driver made of the files planners upload, so nothing changes for
them: properties become fields (nested values as JSON text), a string ``id`` of the features
becomes a field ``id``, the ``crs`` member of older GeoJSON names the CRS, and a file without
one is WGS84 (RFC 7946).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from analysis.readers import limits
from analysis.readers.errors import N_, InputFileError
from analysis.readers.formats import load_geojson

__all__ = ["read_geojson"]

_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
          "GeometryCollection")  # fmt: skip
_CRS_NAME = re.compile(r"(?:urn:ogc:def:crs:)?(EPSG|OGC)(?::[0-9.]*)?::?([A-Za-z0-9]+)", re.I)


def _features(path: Path, data: dict) -> list[dict]:
    if data["type"] == "FeatureCollection":
        features = data["features"]
    elif data["type"] == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    if len(features) > limits.MAX_FEATURES:
        raise InputFileError(
            path, N_("the file has more than %(limit)s features."), limit=limits.MAX_FEATURES
        )
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if (
            not isinstance(feature, dict)
            or feature.get("type") != "Feature"
            or not isinstance(properties, dict | None)
        ):
            raise InputFileError(
                path, N_("feature number %(number)s is not a GeoJSON Feature."), number=number
            )
    return features


def _crs(path: Path, data: dict) -> str:
    member = data.get("crs")
    if member is None:
        return "EPSG:4326"
    properties = member.get("properties") if isinstance(member, dict) else None
    if isinstance(properties, dict):
        if member.get("type") == "name" and isinstance(properties.get("name"), str):
            match = _CRS_NAME.fullmatch(properties["name"].strip())
            if match:
                return f"{match.group(1).upper()}:{match.group(2).upper()}"
        if member.get("type") == "EPSG" and type(properties.get("code")) is int:
            return f"EPSG:{properties['code']}"
    raise InputFileError(
        path,
        N_("the file names its coordinate reference system in a way that cannot be read; "
           "remove the 'crs' member and give the system as an EPSG code."),
    )  # fmt: skip


def _geometry(path: Path, geometry: object, number: int) -> shapely.Geometry | None:
    if geometry is None:
        return None
    if isinstance(geometry, dict) and geometry.get("type") in _TYPES:
        try:
            return shape(geometry)
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError,
                shapely.errors.GEOSException):  # fmt: skip
            pass  # e.g. a ring of fewer than four positions, or positions that are not numbers
    raise InputFileError(
        path, N_("the geometry of feature number %(number)s is not valid GeoJSON."),
        number=number,
    )  # fmt: skip


def _check_points(path: Path, geometries: list) -> None:
    """At most ``MAX_VERTICES`` points, all finite (JSON can spell 1e999)."""
    counts = shapely.get_num_coordinates(geometries)
    if counts.sum() > limits.MAX_VERTICES:
        raise InputFileError(
            path, N_("the file has more than %(limit)s coordinate points."),
            limit=limits.MAX_VERTICES,
        )  # fmt: skip
    finite = np.isfinite(shapely.get_coordinates(geometries)).all(axis=1)
    if not finite.all():
        first = int(np.searchsorted(np.cumsum(counts), np.argmin(finite), side="right"))
        raise InputFileError(
            path, N_("the geometry of feature number %(number)s is not valid GeoJSON."),
            number=first + 1,
        )  # fmt: skip


def _value(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def read_geojson(path: Path) -> gpd.GeoDataFrame:
    """Read a GeoJSON file into a GeoDataFrame without GDAL, within the limits.

    Examples
    --------
    >>> import analysis
    >>> frame = read_geojson(Path(analysis.__file__).parents[1] / "tests/data/quartiere.geojson")
    >>> frame.crs.to_string(), len(frame)
    ('EPSG:25832', 3)
    """
    data = load_geojson(path)
    features = _features(path, data)
    records, geometries = [], []
    for number, feature in enumerate(features, start=1):
        geometries.append(_geometry(path, feature.get("geometry"), number))
        record = {key: _value(value) for key, value in (feature.get("properties") or {}).items()}
        if isinstance(feature.get("id"), str):
            record.setdefault("id", feature["id"])
        records.append(record)
    _check_points(path, geometries)
    fields = list(dict.fromkeys(key for record in records for key in record))
    table = pd.DataFrame.from_records(records, columns=fields) if fields else None
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geometries, crs=_crs(path, data)))
