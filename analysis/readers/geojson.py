"""GeoJSON read with ``json`` and shapely: GDAL never sees the file.

Follows what GDAL's GeoJSON driver made of the files planners upload, so nothing changes for
them: properties become fields (nested values as JSON text), a string ``id`` of the features
becomes a field ``id``, the ``crs`` member of older GeoJSON names the CRS, and a file without
one is WGS84 (RFC 7946).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from analysis.readers import limits
from analysis.readers.errors import N_, InputFileError
from analysis.readers.formats import load_geojson

__all__ = ["read_geojson"]

# Nesting of "coordinates" per geometry type: 1 = a position [x, y(, z(, m))].
_DEPTH = {"Point": 1, "MultiPoint": 2, "LineString": 2, "MultiLineString": 3, "Polygon": 3,
          "MultiPolygon": 4}  # fmt: skip
_MAX_COLLECTION_DEPTH = 4
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


class _Counter:
    """Counts positions across a file and refuses more than ``MAX_VERTICES``."""

    def __init__(self, path: Path) -> None:
        self.path, self.total = path, 0

    def positions(self, coordinates: object, depth: int) -> bool:
        """Count the positions of a ``coordinates`` array; False if it is malformed."""
        if not isinstance(coordinates, list):
            return False
        if depth == 1:
            self.total += 1
            if self.total > limits.MAX_VERTICES:
                raise InputFileError(
                    self.path, N_("the file has more than %(limit)s coordinate points."),
                    limit=limits.MAX_VERTICES,
                )  # fmt: skip
            return 2 <= len(coordinates) <= 4 and all(
                type(v) in (int, float) and math.isfinite(v) for v in coordinates
            )
        return all(self.positions(item, depth - 1) for item in coordinates)

    def geometry(self, geometry: object, nesting: int = 0) -> bool:
        """Check a geometry object's shape and count its positions."""
        if not isinstance(geometry, dict):
            return False
        kind = geometry.get("type")
        if kind == "GeometryCollection" and nesting < _MAX_COLLECTION_DEPTH:
            members = geometry.get("geometries")
            return isinstance(members, list) and all(
                self.geometry(member, nesting + 1) for member in members
            )
        return kind in _DEPTH and self.positions(geometry.get("coordinates"), _DEPTH[kind])


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


def _geometry(
    path: Path, counter: _Counter, geometry: object, number: int
) -> shapely.Geometry | None:
    if geometry is None:
        return None
    if counter.geometry(geometry):
        try:
            return shape(geometry)
        except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException):
            pass  # e.g. a ring of fewer than four positions
    raise InputFileError(
        path, N_("the geometry of feature number %(number)s is not valid GeoJSON."),
        number=number,
    )  # fmt: skip


def _value(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def read_geojson(path: Path) -> gpd.GeoDataFrame:
    """Read a GeoJSON file into a GeoDataFrame without GDAL, within the limits.

    Examples
    --------
    >>> frame = read_geojson(Path("lor_prognoseraeume_2021_epsg25833.geojson"))  # doctest: +SKIP
    >>> frame.crs.to_string()  # doctest: +SKIP
    'EPSG:25833'
    """
    data = load_geojson(path)
    features = _features(path, data)
    counter = _Counter(path)
    records, geometries = [], []
    for number, feature in enumerate(features, start=1):
        geometries.append(_geometry(path, counter, feature.get("geometry"), number))
        record = {key: _value(value) for key, value in (feature.get("properties") or {}).items()}
        if isinstance(feature.get("id"), str):
            record.setdefault("id", feature["id"])
        records.append(record)
    fields = list(dict.fromkeys(key for record in records for key in record))
    table = pd.DataFrame.from_records(records, columns=fields) if fields else None
    return gpd.GeoDataFrame(table, geometry=gpd.GeoSeries(geometries, crs=_crs(path, data)))
