"""Read area geometries (GeoJSON, GeoPackage, zipped Shapefile) into a checked WGS84 frame."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pyproj import CRS
from pyproj.exceptions import CRSError

from analysis.readers.area_levels import dissolve_areas
from analysis.readers.errors import N_, InputFileError, Message
from analysis.readers.formats import geodata_kind
from analysis.readers.geojson import read_geojson
from analysis.readers.geometries import check_geometries
from analysis.readers.geopackage import read_geopackage
from analysis.readers.shapefile import read_shapefile

__all__ = [
    "AREA_COLUMNS",
    "EQUAL_AREA_CRS",
    "Layer",
    "area_fields",
    "inspect_areas",
    "read_areas",
    "read_layer",
]

AREA_COLUMNS = ["code", "name", "population", "area_km2", "geometry"]
EQUAL_AREA_CRS = "EPSG:3035"  # ETRS89 LAEA Europe: equal-area, metres
# A CRS a user types is an authority's code (EPSG:25832), never a PROJ string or WKT that
# could name grid files or URLs.
_CRS_CODE = re.compile(r"(EPSG|ESRI|IGNF|OGC):[A-Za-z0-9_.]{1,32}", re.IGNORECASE)


@dataclass(frozen=True)
class Layer:
    """A geodata file's features as read (file CRS, all fields), before any area checks."""

    path: Path
    frame: gpd.GeoDataFrame

    @property
    def fields(self) -> list[str]:
        """The attribute fields in file order."""
        return [str(c) for c in self.frame.columns if c != self.frame.geometry.name]


def read_layer(path: str | PathLike) -> Layer:
    """Read a GeoJSON, GeoPackage or zipped Shapefile with our readers, after the content checks.

    Examples
    --------
    >>> import analysis
    >>> read_layer(Path(analysis.__file__).parents[1] / "tests/data/quartiere.geojson").fields
    ['Nr', 'Name', 'EW']
    """
    if not isinstance(path, str | PathLike):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}.")
    kind = geodata_kind(path)
    p = Path(path)
    if kind == "geojson":
        return Layer(p, read_geojson(p))
    with tempfile.TemporaryDirectory(prefix="qk-geodata-") as folder:
        reader = read_geopackage if kind == "gpkg" else read_shapefile
        return Layer(p, reader(p, Path(folder)))


def area_fields(path: str | PathLike) -> list[str]:
    """The attribute fields of a GeoJSON, GeoPackage or zipped Shapefile, in file order."""
    return read_layer(path).fields


def check_crs(path: str | PathLike, crs: str) -> CRS:
    """The CRS a user named as ``AUTHORITY:CODE`` (e.g. ``EPSG:25832``), or InputFileError."""
    if isinstance(crs, str) and _CRS_CODE.fullmatch(crs.strip()):
        try:
            return CRS.from_user_input(crs.strip())
        except CRSError:
            pass
    raise InputFileError(
        path,
        N_("'%(crs)s' is not a known coordinate reference system; give an EPSG code such as "
           "EPSG:25832 (NRW) or EPSG:25833 (Berlin)."),
        crs=str(crs),
    )  # fmt: skip


def _text_codes(values: pd.Series, key_width: int | None) -> pd.Series:
    def one(v: object) -> object:
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        text = str(v).strip()
        if key_width is not None and text.isdigit():
            text = text.zfill(key_width)
        return text or None

    return pd.Series([one(v) for v in values], index=values.index, dtype="str")


def _population(raw: gpd.GeoDataFrame, field: str | None, path: Path) -> pd.Series:
    if field is None:
        return pd.Series(pd.NA, index=raw.index, dtype="Int64")
    numbers = pd.to_numeric(raw[field], errors="coerce")
    bad = numbers.isna() & raw[field].notna() | (numbers.notna() & (numbers % 1 != 0))
    if bad.any():
        value = raw.loc[bad, field].iloc[0]
        raise InputFileError(
            path, N_("population '%(value)s' is not a whole number."), column=field,
            value=str(value),
        )  # fmt: skip
    return numbers.astype("Int64")


def _with_crs(p: Path, raw: gpd.GeoDataFrame, wanted_crs: CRS | None) -> gpd.GeoDataFrame:
    """The layer with its CRS, or the one given when the file declares none (or declares
    WGS84 for coordinates that are clearly not longitude/latitude)."""
    file_crs = raw.crs
    coords_geographic = raw.total_bounds.tolist() and all(
        abs(v) <= lim for v, lim in zip(raw.total_bounds, (180, 90, 180, 90), strict=True)
    )
    if file_crs is None or (file_crs.is_geographic and not coords_geographic and len(raw)):
        if wanted_crs is None:
            raise InputFileError(
                p,
                N_("the file has no usable coordinate reference system; give one, e.g. "
                   "EPSG:25832 (NRW) or EPSG:25833 (Berlin)."),
            )  # fmt: skip
        return raw.set_crs(wanted_crs, allow_override=True)
    return raw


def inspect_areas(
    path: str | PathLike | Layer,
    *,
    id_field: str,
    name_field: str,
    population_field: str | None = None,
    crs: str | None = None,
    repair: bool = True,
    key_width: int | None = None,
    dissolve_by: str | None = None,
    parent_field: str | None = None,
) -> tuple[gpd.GeoDataFrame, list[Message], str]:
    """Read areas like :func:`read_areas` but report feature problems instead of raising.

    Features with missing, invalid (when ``repair=False``) or non-polygon geometry, without a
    code, or with a duplicate code are dropped and described in ``problems`` (an upload
    preview shows them; each is a :class:`~analysis.readers.errors.Message` whose ``str`` is
    English). Problems with the whole file (format, content, limits, fields, CRS) still raise.
    ``dissolve_by`` merges the features sharing that field's value into one area
    (:func:`~analysis.readers.area_levels.dissolve_areas`); ``parent_field`` adds a column
    ``parent`` with the code of the area above (a Bezirk).
    ``path`` may also be a :class:`Layer` read before (a preview lists its fields too).

    Returns
    -------
    (areas, problems, source_crs)
        ``source_crs`` is the CRS of the file as "EPSG:nnnn" where known, else its WKT name.

    Examples
    --------
    >>> import analysis
    >>> path = Path(analysis.__file__).parents[1] / "tests/data/quartiere.geojson"
    >>> areas, problems, crs = inspect_areas(path, id_field="Nr", name_field="Name")
    >>> crs, problems, areas.crs.to_string()
    ('EPSG:25832', [], 'EPSG:4326')
    """
    for name, value in (("id_field", id_field), ("name_field", name_field)):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be a non-empty str.")
    layer = path if isinstance(path, Layer) else read_layer(path)
    p, raw, fields = layer.path, layer.frame, layer.fields
    wanted_crs = None if crs is None else check_crs(p, crs)
    for field in (id_field, name_field, population_field, dissolve_by, parent_field):
        if field is not None and field not in fields:
            raise InputFileError(
                p, N_("there is no field '%(field)s' (fields: %(fields)s)."),
                field=field, fields=", ".join(fields),
            )  # fmt: skip
    raw = _with_crs(p, raw, wanted_crs)
    source_crs = raw.crs.to_string()
    frame = gpd.GeoDataFrame(
        {
            "code": _text_codes(raw[id_field], key_width),
            "name": raw[name_field].astype("str"),
            "population": _population(raw, population_field, p),
        },
        geometry=raw.geometry.values,
        crs=raw.crs,
    )
    if parent_field:
        frame["parent"] = _text_codes(raw[parent_field], key_width)
    geoms, problems = check_geometries(frame["code"], frame.geometry, repair)
    frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    keep = frame.geometry.notna()
    missing_code = frame["code"].isna()
    for i in frame.index[missing_code]:
        problems.append(
            Message(N_("feature number %(number)s has no value in field '%(field)s'."),
                    {"number": int(i) + 1, "field": id_field})
        )  # fmt: skip
    if dissolve_by:
        frame = dissolve_areas(frame[keep & ~missing_code], raw[dissolve_by])
        keep, missing_code = frame.geometry.notna(), frame["code"].isna()
    duplicated = frame["code"].duplicated(keep=False) & ~missing_code
    for code in dict.fromkeys(frame.loc[duplicated, "code"]):
        problems.append(
            Message(N_("the code '%(code)s' is used by more than one feature."), {"code": code})
        )
    frame = frame[keep & ~missing_code & ~duplicated].reset_index(drop=True)
    frame["area_km2"] = frame.geometry.to_crs(EQUAL_AREA_CRS).area / 1e6
    columns = [*AREA_COLUMNS, *(["parent"] if parent_field else [])]
    return frame.to_crs("EPSG:4326")[columns], problems, source_crs


def read_areas(
    path: str | PathLike,
    *,
    id_field: str,
    name_field: str,
    population_field: str | None = None,
    crs: str | None = None,
    repair: bool = True,
    key_width: int | None = None,
    dissolve_by: str | None = None,
    parent_field: str | None = None,
) -> gpd.GeoDataFrame:
    """Read area polygons and return them checked, in WGS84, with their size in km².

    Parameters
    ----------
    path
        A local ``.geojson``/``.json``, ``.gpkg`` or ``.zip`` (one zipped Shapefile). GeoJSON
        and GeoPackage are read without GDAL; GDAL reads only the Shapefile's checked parts.
    id_field, name_field, population_field
        Attribute fields holding the area code (kept as text), name and residents.
    crs
        CRS to assume when the file declares none (or declares WGS84 for coordinates that are
        clearly not longitude/latitude). A declared, plausible CRS is never overridden.
    repair
        Repair invalid polygons with ``shapely.make_valid`` (keeping polygonal parts only);
        otherwise invalid geometries are refused.
    key_width
        Left-pad all-digit codes with zeros to this width (for codes stored as numbers).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``code`` (str), ``name`` (str), ``population`` (Int64), ``area_km2`` (float,
        measured in EPSG:3035) and ``geometry`` (EPSG:4326), one row per feature.

    Raises
    ------
    InputFileError
        For files that cannot be read or are not what their name says (the content is checked
        before any parser sees it, see :mod:`analysis.readers.formats`), files over the limits
        of :mod:`analysis.readers.limits`, missing fields, a missing CRS, missing or invalid
        geometries and duplicate codes; the message names the feature.

    Examples
    --------
    >>> import analysis
    >>> path = Path(analysis.__file__).parents[1] / "tests" / "data" / "quartiere.geojson"
    >>> areas = read_areas(path, id_field="Nr", name_field="Name", population_field="EW")
    >>> areas[["code", "population"]].values.tolist(), round(float(areas.loc[0, "area_km2"]), 2)
    ([['1 a', 4200], ['1 b', 3100], ['2', 5400]], 1.0)
    """
    frame, problems, _ = inspect_areas(
        path,
        id_field=id_field,
        name_field=name_field,
        population_field=population_field,
        crs=crs,
        repair=repair,
        key_width=key_width,
        dissolve_by=dissolve_by,
        parent_field=parent_field,
    )
    if problems:
        first = problems[0]
        raise InputFileError(path, first.template, more=len(problems) - 1, **first.params)
    return frame
