"""Content checks of uploaded files, made before any parser sees them: pure Python, no GDAL.

A file's name says what it should be; these checks make sure its bytes are that and nothing
else (GDAL picks a driver from the content: a "GeoJSON" holding VRT XML would run as a VRT),
within :mod:`analysis.readers.limits`. Every refusal is an
:class:`~analysis.readers.errors.InputFileError` with a sentence for the user.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from analysis.readers import limits
from analysis.readers.errors import N_, InputFileError
from analysis.readers.zips import member_chunks, open_zip, plain_name

__all__ = [
    "check_file",
    "check_geopackage_header",
    "check_table_file",
    "check_xlsx",
    "geodata_kind",
    "load_geojson",
]

GEODATA_SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".zip": "shapefile"}
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx")
_GEOMETRIES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
               "GeometryCollection")  # fmt: skip


def check_file(path: Path, max_bytes: int) -> int:
    """The size of an existing, non-empty file of at most ``max_bytes``."""
    if not path.is_file():
        raise InputFileError(path, N_("the file does not exist."))
    size = path.stat().st_size
    if size == 0:
        raise InputFileError(path, N_("the file is empty."))
    if size > max_bytes:
        raise InputFileError(
            path, N_("the file is larger than %(limit)s MB."), limit=max_bytes // limits.MB
        )
    return size


def geodata_kind(path: str | Path) -> str:
    """``"geojson"``, ``"gpkg"`` or ``"shapefile"`` (a ZIP archive) by name, after size checks.

    Local files only: URLs and GDAL's virtual paths (``/vsicurl/``, ``/vsizip/``) are refused.

    Examples
    --------
    >>> geodata_kind("/vsicurl/http://example.org/a.geojson")
    Traceback (most recent call last):
    analysis.readers.errors.InputFileError: file 'a.geojson': only local files can be read, \
not URLs or GDAL virtual paths.
    """
    text = str(path)
    if text.startswith("/vsi") or "://" in text:
        raise InputFileError(
            text, N_("only local files can be read, not URLs or GDAL virtual paths.")
        )
    p = Path(text)
    kind = GEODATA_SUFFIXES.get(p.suffix.lower())
    if kind is None:
        raise InputFileError(
            p,
            N_("only GeoJSON (.geojson, .json), GeoPackage (.gpkg) and zipped Shapefiles (.zip) "
               "can be read."),
        )  # fmt: skip
    check_file(p, limits.MAX_GEODATA_BYTES)
    return kind


def _no_constants(name: str) -> float:
    raise ValueError(name)


def load_geojson(path: Path) -> dict:
    """Parse a GeoJSON file as JSON (never with GDAL) and check that it is GeoJSON.

    Returns the parsed FeatureCollection, Feature or bare geometry. Refuses text that is not
    UTF-8 JSON (``NaN`` and ``Infinity`` included) and JSON that is not GeoJSON.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(
            path, N_("this is not a GeoJSON file: it is not UTF-8 text.")
        ) from None
    try:
        data = json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        raise InputFileError(path, N_("the file is nested too deeply to be GeoJSON.")) from None
    except json.JSONDecodeError as exc:
        raise InputFileError(
            path, N_("this is not a GeoJSON file: it is not valid JSON (line %(line)s)."),
            line=exc.lineno,
        ) from None  # fmt: skip
    except ValueError:  # NaN or Infinity, which JSON does not have
        raise InputFileError(
            path, N_("this is not a GeoJSON file: it is not valid JSON.")
        ) from None
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "FeatureCollection" and isinstance(data.get("features"), list):
        return data
    if kind == "Feature" or kind in _GEOMETRIES:
        return data
    raise InputFileError(
        path, N_("this is not a GeoJSON file: it holds no FeatureCollection, Feature or geometry.")
    )


def check_geopackage_header(path: Path) -> None:
    """An SQLite 3 file whose application id is ``GPKG`` (or the older ``GP10``/``GP11``)."""
    with path.open("rb") as stream:
        header = stream.read(100)
    if len(header) < 100 or header[:16] != b"SQLite format 3\x00":
        raise InputFileError(path, N_("this is not a GeoPackage: it is not an SQLite database."))
    if header[68:72] not in (b"GPKG", b"GP10", b"GP11"):
        raise InputFileError(path, N_("this is not a GeoPackage: its application id is not GPKG."))


# Parts of an Office Open XML workbook (ECMA-376): the package root and these folders.
_XLSX_TOP = ("[Content_Types].xml", "_rels/", "docProps/", "xl/", "customXml/")
_XLSX_REFUSED = ("xl/vbaProject.bin", "xl/embeddings/", "xl/activeX/")


def check_xlsx(path: Path) -> None:
    """Check that an XLSX file is a workbook's ZIP package within the size limits.

    Members must be Office Open XML parts of a workbook (no macros, no embedded objects), each
    at most ``MAX_XLSX_PART_BYTES`` unpacked and ``MAX_XLSX_BYTES`` together, and XML parts
    must not declare a document type (workbooks never do; XML entity bombs begin with one).
    """
    not_xlsx = N_("this is not a readable XLSX workbook.")
    with open_zip(path, not_xlsx) as archive:
        infos = archive.infolist()
        if not {"[Content_Types].xml", "xl/workbook.xml"} <= {i.filename for i in infos}:
            raise InputFileError(path, not_xlsx)
        for info in infos:
            name = info.filename
            if (
                not plain_name(name)
                or not name.startswith(_XLSX_TOP)
                or name.startswith(_XLSX_REFUSED)
            ):
                raise InputFileError(
                    path,
                    N_("the workbook contains '%(name)s', which is not part of an Excel table; "
                       "save it again as an XLSX workbook without macros."),
                    name=name,
                )  # fmt: skip
            if info.file_size > limits.MAX_XLSX_PART_BYTES:
                raise _part_too_big(path, name)
        if sum(info.file_size for info in infos) > limits.MAX_XLSX_BYTES:
            raise InputFileError(
                path, N_("the workbook unpacks to more than %(limit)s MB."),
                limit=limits.MAX_XLSX_BYTES // limits.MB,
            )  # fmt: skip
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _check_xml_part(path, archive, info)


def _part_too_big(path: Path, name: str) -> InputFileError:
    return InputFileError(
        path, N_("the workbook part '%(name)s' unpacks to more than %(limit)s MB."),
        name=name, limit=limits.MAX_XLSX_PART_BYTES // limits.MB,
    )  # fmt: skip


def _check_xml_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    tail = b""
    for chunk in member_chunks(path, archive, info, limits.MAX_XLSX_PART_BYTES):
        window = tail + chunk
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            raise InputFileError(
                path,
                N_("the workbook part '%(name)s' declares a document type, which Excel "
                   "workbooks never do."),
                name=info.filename,
            )  # fmt: skip
        tail = window[-16:]


def check_table_file(path: str | Path) -> Path:
    """Check a table's name and size, and for XLSX its ZIP package (:func:`check_xlsx`)."""
    p = Path(path)
    if p.suffix.lower() not in TABLE_SUFFIXES:
        raise InputFileError(
            p, N_("only CSV and XLSX files can be read; save the table as one of these.")
        )
    check_file(p, limits.MAX_TABLE_BYTES)
    if p.suffix.lower() == ".xlsx":
        check_xlsx(p)
    return p
