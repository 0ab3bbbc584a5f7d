"""GeoPackage read with Python's own sqlite3, read-only on a copy: GDAL never sees the file.

Before anything is read, the database must hold GeoPackage tables only: ``gpkg_*`` and
``rtree_*`` tables, the tables that ``gpkg_contents`` lists, their indexes, and the triggers
that GeoPackage writers create themselves; no views and no other tables or triggers. The first
feature table of ``gpkg_contents`` is read; geometries are GeoPackage binary blobs (a small
header, then WKB) decoded by shapely.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from analysis.readers import limits
from analysis.readers.errors import N_, InputFileError
from analysis.readers.formats import check_geopackage_header

__all__ = ["read_geopackage"]

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_SYSTEM_TABLES = ("sqlite_sequence", "sqlite_stat1", "sqlite_stat4")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _open_copy(path: Path, folder: Path) -> sqlite3.Connection:
    copy = folder / "layer.gpkg"
    shutil.copyfile(path, copy)
    # immutable: no locks, no journal, no -wal/-shm files; the copy is never written to
    connection = sqlite3.connect(f"{copy.as_uri()}?mode=ro&immutable=1", uri=True)
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA query_only = ON")
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, limits.MAX_GEODATA_BYTES)
    return connection


def _own_trigger(name: str, table: str, geometry_columns: list[tuple[str, str]]) -> bool:
    if name.startswith("gpkg_") and table.startswith("gpkg_"):
        return True  # the specification's checks on its tile matrix and metadata tables
    if name in (f"trigger_insert_feature_count_{table}", f"trigger_delete_feature_count_{table}"):
        return True  # GDAL keeps the feature count in gpkg_ogr_contents with these
    for layer, column in geometry_columns:
        if layer == table and re.fullmatch(
            re.escape(f"rtree_{layer}_{column}_") + r"(insert\d?|update\d?|delete)", name
        ):
            return True  # the spatial index triggers of the GeoPackage specification
    return False


def _check_schema(path: Path, connection: sqlite3.Connection) -> tuple[str, str, int]:
    """Refuse anything that is not GeoPackage's own; return (table, geometry column, srs)."""
    try:
        schema = connection.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall()
        contents = connection.execute(
            "SELECT table_name, data_type FROM gpkg_contents ORDER BY rowid"
        ).fetchall()
        geometry = connection.execute(
            "SELECT table_name, column_name, srs_id FROM gpkg_geometry_columns"
        ).fetchall()
    except sqlite3.Error:
        raise InputFileError(path, N_("the GeoPackage cannot be read (it is damaged).")) from None
    listed = {str(name) for name, _ in contents}
    columns = [(str(t), str(c)) for t, c, _ in geometry]
    own = ("gpkg_", "rtree_")
    for kind, name, table in schema:
        allowed = {
            "table": name in listed or name.startswith(own) or name in _SYSTEM_TABLES,
            "index": table in listed or table.startswith(own),
            "trigger": _own_trigger(name, table, columns),
        }.get(kind, False)
        if not allowed:
            raise InputFileError(
                path,
                N_("the GeoPackage contains '%(name)s', which is not part of a GeoPackage's "
                   "layers; export only the layer with the areas into a new GeoPackage."),
                name=name,
            )  # fmt: skip
    for name, data_type in contents:
        for layer, column, srs_id in geometry:
            if data_type == "features" and layer == name:
                return str(layer), str(column), int(srs_id)
    raise InputFileError(path, N_("the GeoPackage has no layer with features."))


def _crs(path: Path, connection: sqlite3.Connection, srs_id: int) -> CRS | None:
    row = connection.execute(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys "
        "WHERE srs_id = ?",
        (srs_id,),
    ).fetchone()
    if row is None or srs_id in (-1, 0):
        return None  # "undefined" Cartesian or geographic systems of the specification
    organization, code, definition = row
    text = f"EPSG:{code}" if str(organization).upper() == "EPSG" else str(definition)
    try:
        return CRS.from_user_input(text)
    except CRSError:
        raise InputFileError(
            path, N_("the GeoPackage names a coordinate reference system that cannot be read.")
        ) from None


def _geometry(path: Path, blob: object, number: int) -> shapely.Geometry | None:
    if blob is None:
        return None
    if isinstance(blob, bytes) and len(blob) >= 8 and blob[:2] == b"GP":
        flags = blob[3]
        envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
        if envelope is not None and not flags & 0b10_0000:  # not an extension geometry
            if flags & 0b1_0000:
                return None  # the empty-geometry flag
            try:
                return shapely.from_wkb(blob[8 + envelope :])
            except (shapely.errors.GEOSException, ValueError):
                pass
    raise InputFileError(
        path, N_("the geometry of feature number %(number)s cannot be read."), number=number
    )


def _features(path: Path, connection: sqlite3.Connection, table: str, column: str):
    info = connection.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    fid = [name for _, name, kind, _, _, pk in info if pk and str(kind).upper() == "INTEGER"]
    fields = [name for _, name, *_ in info if name != column and name not in fid]
    (count,) = connection.execute(f"SELECT count(*) FROM {_quote(table)}").fetchone()
    if count > limits.MAX_FEATURES:
        raise InputFileError(
            path, N_("the file has more than %(limit)s features."), limit=limits.MAX_FEATURES
        )
    selected = ", ".join(_quote(name) for name in [*fields, column])
    order = f" ORDER BY {_quote(fid[0])}" if fid else ""
    rows = connection.execute(f"SELECT {selected} FROM {_quote(table)}{order}").fetchall()
    return fields, rows


def read_geopackage(path: Path, folder: Path) -> gpd.GeoDataFrame:
    """Read the first feature layer of a GeoPackage, after checking it holds nothing else.

    ``folder`` receives the read-only copy that sqlite3 opens.

    Examples
    --------
    >>> import tempfile, analysis, geopandas
    >>> gpkg = Path(tempfile.mkdtemp()) / "quartiere.gpkg"
    >>> source = Path(analysis.__file__).parents[1] / "tests/data/quartiere.geojson"
    >>> geopandas.read_file(source).to_file(gpkg, driver="GPKG")
    >>> read_geopackage(gpkg, Path(tempfile.mkdtemp()))["Nr"].tolist()
    ['1 a', '1 b', '2']
    """
    check_geopackage_header(path)
    connection = _open_copy(path, folder)
    try:
        table, column, srs_id = _check_schema(path, connection)
        fields, rows = _features(path, connection, table, column)
        crs = _crs(path, connection, srs_id)
    except sqlite3.Error:
        raise InputFileError(path, N_("the GeoPackage cannot be read (it is damaged).")) from None
    finally:
        connection.close()
    geometries = [_geometry(path, row[-1], n) for n, row in enumerate(rows, start=1)]
    points = int(shapely.get_num_coordinates(geometries).sum()) if geometries else 0
    if points > limits.MAX_VERTICES:
        raise InputFileError(
            path, N_("the file has more than %(limit)s coordinate points."),
            limit=limits.MAX_VERTICES,
        )  # fmt: skip
    table_data = pd.DataFrame.from_records([row[:-1] for row in rows], columns=fields)
    return gpd.GeoDataFrame(table_data, geometry=gpd.GeoSeries(geometries, crs=crs))
