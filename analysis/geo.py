"""Read area geometries (GeoJSON, GeoPackage, zipped Shapefile) into a checked WGS84 frame."""

from __future__ import annotations

import zipfile
from os import PathLike
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import CRS

from analysis.io import InputFileError

__all__ = ["AREA_COLUMNS", "EQUAL_AREA_CRS", "inspect_areas", "read_areas"]

AREA_COLUMNS = ["code", "name", "population", "area_km2", "geometry"]
EQUAL_AREA_CRS = "EPSG:3035"  # ETRS89 LAEA Europe: equal-area, metres
_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")


def _source(path: str | PathLike) -> tuple[Path, str]:
    """Check the path and return it with the GDAL data source name to open."""
    if not isinstance(path, str | PathLike):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}.")
    text = str(path)
    if text.startswith("/vsi") or "://" in text:
        raise InputFileError(text, "only local files can be read, not URLs or GDAL virtual paths.")
    p = Path(text)
    if p.suffix.lower() not in _SUFFIXES:
        raise InputFileError(
            p,
            "only GeoJSON (.geojson, .json), GeoPackage (.gpkg) and zipped Shapefiles (.zip) "
            "can be read.",
        )
    if not p.is_file():
        raise InputFileError(p, "the file does not exist.")
    if p.suffix.lower() != ".zip":
        return p, str(p.resolve())
    try:
        with zipfile.ZipFile(p) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile as exc:
        raise InputFileError(p, "this is not a readable ZIP archive.") from exc
    for name in names:
        member = PurePosixPath(name.replace("\\", "/"))
        if member.is_absolute() or ".." in member.parts or ":" in name:
            raise InputFileError(p, f"the archive contains an unsafe path '{name}'.")
    shapefiles = [n for n in names if n.lower().endswith(".shp")]
    if len(shapefiles) != 1:
        raise InputFileError(
            p, f"the archive must contain exactly one .shp file, it contains {len(shapefiles)}."
        )
    return p, f"/vsizip/{p.resolve()}/{shapefiles[0]}"


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
        raise InputFileError(path, f"population '{value}' is not a whole number.", column=field)
    return numbers.astype("Int64")


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry | None:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if parts:
            return shapely.union_all(parts)
    return None


def _check_geometries(frame: gpd.GeoDataFrame, repair: bool) -> tuple[list, list[str]]:
    geoms, problems = [], []
    for code, geom in zip(frame["code"], frame.geometry, strict=True):
        label = f"feature '{code}'"
        if geom is None or geom.is_empty:
            problems.append(f"{label} has no geometry.")
            geom = None
        elif not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            if not repair:
                problems.append(f"{label} has an invalid geometry ({reason}).")
                geom = None
            else:
                geom = _polygonal(shapely.make_valid(geom))
                if geom is None or geom.is_empty:
                    problems.append(f"{label} has an invalid geometry that cannot be repaired.")
                    geom = None
        elif _polygonal(geom) is None:
            problems.append(f"{label} is a {geom.geom_type}, not a polygon.")
            geom = None
        geoms.append(geom)
    return geoms, problems


def inspect_areas(
    path: str | PathLike,
    *,
    id_field: str,
    name_field: str,
    population_field: str | None = None,
    crs: str | None = None,
    repair: bool = True,
    key_width: int | None = None,
) -> tuple[gpd.GeoDataFrame, list[str], str]:
    """Read areas like :func:`read_areas` but report feature problems instead of raising.

    Features with missing, invalid (when ``repair=False``) or non-polygon geometry, without a
    code, or with a duplicate code are dropped and described in ``problems`` (an upload
    preview shows them). Problems with the whole file (format, fields, CRS) still raise.

    Returns
    -------
    (areas, problems, source_crs)
        ``source_crs`` is the CRS of the file as "EPSG:nnnn" where known, else its WKT name.

    Examples
    --------
    >>> areas, problems, crs = inspect_areas("lor.geojson", id_field="PGR_ID",
    ...                                      name_field="PGR_NAME")  # doctest: +SKIP
    >>> crs  # doctest: +SKIP
    'EPSG:25833'
    """
    p, source = _source(path)
    for name, value in (("id_field", id_field), ("name_field", name_field)):
        if not isinstance(value, str) or not value:
            raise TypeError(f"{name} must be a non-empty str.")
    try:
        raw = gpd.read_file(source, engine="pyogrio")
    except Exception as exc:  # pyogrio/GDAL raise several error types for broken files
        raise InputFileError(p, f"the file cannot be read as geodata ({exc}).") from exc
    fields = [c for c in raw.columns if c != raw.geometry.name]
    for field in (id_field, name_field, population_field):
        if field is not None and field not in fields:
            raise InputFileError(
                p, f"there is no field '{field}' (fields: {', '.join(map(str, fields))})."
            )
    file_crs = raw.crs
    coords_geographic = raw.total_bounds.tolist() and all(
        abs(v) <= lim for v, lim in zip(raw.total_bounds, (180, 90, 180, 90), strict=True)
    )
    if file_crs is None or (file_crs.is_geographic and not coords_geographic and len(raw)):
        if crs is None:
            raise InputFileError(
                p,
                "the file has no usable coordinate reference system; give one, e.g. "
                "crs='EPSG:25832' (NRW) or 'EPSG:25833' (Berlin).",
            )
        raw = raw.set_crs(CRS.from_user_input(crs), allow_override=True)
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
    geoms, problems = _check_geometries(frame, repair)
    frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))
    keep = frame.geometry.notna()
    missing_code = frame["code"].isna()
    for i in frame.index[missing_code]:
        problems.append(f"feature number {i + 1} has no value in field '{id_field}'.")
    duplicated = frame["code"].duplicated(keep=False) & ~missing_code
    for code in dict.fromkeys(frame.loc[duplicated, "code"]):
        problems.append(f"the code '{code}' is used by more than one feature.")
    frame = frame[keep & ~missing_code & ~duplicated].reset_index(drop=True)
    frame["area_km2"] = frame.geometry.to_crs(EQUAL_AREA_CRS).area / 1e6
    return frame.to_crs("EPSG:4326")[AREA_COLUMNS], problems, source_crs


def read_areas(
    path: str | PathLike,
    *,
    id_field: str,
    name_field: str,
    population_field: str | None = None,
    crs: str | None = None,
    repair: bool = True,
    key_width: int | None = None,
) -> gpd.GeoDataFrame:
    """Read area polygons and return them checked, in WGS84, with their size in km².

    Parameters
    ----------
    path
        A local ``.geojson``/``.json``, ``.gpkg`` or ``.zip`` (one zipped Shapefile).
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
        For files that cannot be read, missing fields, a missing CRS, missing or invalid
        geometries and duplicate codes; the message names the feature.

    Examples
    --------
    >>> areas = read_areas("lor_prognoseraeume_2021_epsg25833.geojson", id_field="PGR_ID",
    ...                    name_field="PGR_NAME")  # doctest: +SKIP
    >>> areas.loc[0, "code"]  # doctest: +SKIP
    '0930'
    """
    frame, problems, _ = inspect_areas(
        path,
        id_field=id_field,
        name_field=name_field,
        population_field=population_field,
        crs=crs,
        repair=repair,
        key_width=key_width,
    )
    if problems:
        more = f" (and {len(problems) - 3} more problems)" if len(problems) > 3 else ""
        raise InputFileError(path, " ".join(problems[:3]) + more)
    return frame
