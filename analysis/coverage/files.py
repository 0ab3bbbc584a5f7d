"""An uploaded file of offers read by the confined worker: a table, or point geodata.

CSV/XLSX files become their cells as text; GeoJSON, GeoPackage and zipped Shapefiles become
their attribute fields plus ``lon``/``lat`` in WGS 84 (features that are not a single point
get no coordinates, so :func:`analysis.coverage.points.read_offer_points` lists them as
rejected). Only the worker of :mod:`analysis.readers.sandbox` opens the file; what comes back
is plain JSON rebuilt into a frame. Row labels are the file's line (table) or feature number.

Examples
--------
>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "kitas.csv"
>>> _ = path.write_text("Name;lat;lon\\nKita A;50,94;6,96\\n", encoding="utf-8")
>>> found = read_offer_file(path)
>>> found.kind, found.fields, found.frame.index.tolist()
('table', ['Name', 'lat', 'lon'], [2])
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from analysis.coverage.network import StreetNetwork, _walkable_segments
from analysis.coverage.network_blob import NetworkParts, network_from_parts
from analysis.readers import limits
from analysis.readers.areas import read_layer
from analysis.readers.errors import N_, InputFileError
from analysis.readers.formats import check_file
from analysis.readers.sandbox import run
from analysis.readers.tables import read_cells

__all__ = [
    "GEODATA_SUFFIXES",
    "MAX_NETWORK_BYTES",
    "TABLE_SUFFIXES",
    "OfferFile",
    "check_osm_content",
    "read_network_file",
    "read_network_parts",
    "read_offer_file",
]

TABLE_SUFFIXES = (".csv", ".txt", ".xlsx")
GEODATA_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")
#: Fields a geodata file's points add (WGS 84); a file's own fields of these names are renamed.
LON, LAT = "lon", "lat"
#: An OpenStreetMap extract of a city's walkable ways fits well within this.
MAX_NETWORK_BYTES = 256 * limits.MB


@dataclass
class OfferFile:
    """A file's rows as text: ``kind`` is "table" or "geodata" (then with ``lon``/``lat``)."""

    kind: str
    fields: list[str]
    frame: pd.DataFrame


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)


def _geodata_rows(path: str) -> dict[str, Any]:
    layer = read_layer(path).frame
    if layer.crs is not None:
        layer = layer.to_crs("EPSG:4326")
    geometry = layer.geometry.to_numpy()
    point = shapely.get_type_id(geometry) == 0
    xy = np.full((len(layer), 2), np.nan)
    if point.any():
        xy[point] = shapely.get_coordinates(geometry[point])
    own = [str(c) for c in layer.columns if c != layer.geometry.name]
    fields = [f"{f}_" if f in (LON, LAT) else f for f in own]
    rows = [[_text(v) for v in values] for values in layer[own].itertuples(index=False)]
    for row, (x, y) in zip(rows, xy, strict=True):
        row += [None if np.isnan(x) else float(x), None if np.isnan(y) else float(y)]
    return {"kind": "geodata", "fields": [*fields, LON, LAT], "rows": rows,
            "labels": list(range(1, len(rows) + 1))}  # fmt: skip


def read_offer_rows(path: str, options: dict[str, Any]) -> dict[str, Any]:
    """(Worker) the file's rows as JSON-ready data."""
    if Path(path).suffix.lower() in TABLE_SUFFIXES:
        cells = read_cells(path)
        return {"kind": "table", "fields": cells.header, "rows": cells.rows, "labels": cells.lines}
    return _geodata_rows(path)


def read_offer_file(path: str | PathLike) -> OfferFile:
    """The offers file's rows, read by the confined worker (raises ``InputFileError``)."""
    data = run(read_offer_rows, path, {}, fallback=N_("the file cannot be read as offers."))
    fields = [str(f) for f in data["fields"]]
    frame = pd.DataFrame(data["rows"], columns=fields, index=[int(i) for i in data["labels"]])
    return OfferFile(str(data["kind"]), fields, frame.astype(object))


#: The start of every OSM PBF file: a BlobHeader (length 4 bytes, then its field 1 "OSMHeader").
_PBF_HEADER = b"\x0a\x09OSMHeader"
_HEAD_BYTES = 64 * 1024


def check_osm_content(path: Path) -> None:
    """Refuse a file whose bytes are not what its name says before osmium reads it.

    An ``.osm`` file is XML beginning with ``<?xml`` or ``<osm`` and declares no entities
    (OpenStreetMap never does; a declared entity is how an XML bomb or an external file gets
    in); a ``.pbf`` file begins with the OSMHeader block (a ZIP or any other file does not).

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "streets.osm.pbf"
    >>> _ = path.write_bytes(b"PK\\x03\\x04 a zip archive")
    >>> check_osm_content(path)
    Traceback (most recent call last):
    analysis.readers.errors.InputFileError: file 'streets.osm.pbf': this is not an \
OpenStreetMap PBF file (.osm.pbf).
    """
    with path.open("rb") as stream:
        head = stream.read(_HEAD_BYTES)
    if path.name.lower().endswith(".pbf"):
        if head[4:15] != _PBF_HEADER:
            raise InputFileError(path, N_("this is not an OpenStreetMap PBF file (.osm.pbf)."))
        return
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not (text.startswith(b"<?xml") or text.startswith(b"<osm")):
        raise InputFileError(path, N_("this is not an OpenStreetMap XML file (.osm)."))
    if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
        raise InputFileError(
            path, N_("the file declares XML entities, which OpenStreetMap files never do.")
        )


def read_network_rows(path: str, options: dict[str, Any]) -> dict[str, Any]:
    """(Worker) the walkable ways of an OpenStreetMap file: node positions and pairs."""
    p = Path(path)
    check_file(p, MAX_NETWORK_BYTES)
    if not p.name.lower().endswith((".osm", ".pbf")):
        raise InputFileError(p, N_("only OpenStreetMap files (.osm or .osm.pbf) can be read."))
    check_osm_content(p)
    try:
        lonlat, pairs = _walkable_segments(p)
    except RuntimeError:
        raise InputFileError(p, N_("this is not a readable OpenStreetMap file.")) from None
    if not pairs:
        raise InputFileError(p, N_("the file contains no walkable streets or paths."))
    return {"lonlat": [list(point) for point in lonlat], "pairs": [list(pair) for pair in pairs]}


def read_network_parts(path: str | PathLike) -> NetworkParts:
    """The walkable ways of an OpenStreetMap file, parsed by the confined worker.

    Examples
    --------
    >>> import analysis
    >>> osm = Path(analysis.__file__).parents[1] / "tests" / "data" / "coverage_streets.osm"
    >>> parts = read_network_parts(osm)
    >>> parts.nodes, parts.edges
    (8, 6)
    """
    data = run(read_network_rows, path, {},
               fallback=N_("this is not a readable OpenStreetMap file."))  # fmt: skip
    lonlat = np.array(data["lonlat"], dtype="float64").reshape(-1, 2)
    return NetworkParts(lonlat, np.array(data["pairs"], dtype="int64").reshape(-1, 2))


def read_network_file(
    path: str | PathLike, crs: str | CRS, *, max_snap_m: float = 200.0
) -> StreetNetwork:
    """:func:`analysis.coverage.network.read_street_network`, but parsed by the confined worker.

    Examples
    --------
    >>> import analysis
    >>> osm = Path(analysis.__file__).parents[1] / "tests" / "data" / "coverage_streets.osm"
    >>> read_network_file(osm, "EPSG:32632", max_snap_m=50).params()["network_nodes"]
    8
    """
    return network_from_parts(read_network_parts(path), crs, max_snap_m=max_snap_m,
                              source=Path(path).name)  # fmt: skip
