"""Exports for office and GIS users: CSV (also for German Excel), XLSX, GeoPackage, KomMonitor.

Every text cell is neutralised against spreadsheet formula injection (OWASP "CSV injection"):
strings that start with ``=``, ``+``, ``-``, ``@``, tab or carriage return get a leading ``'``.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

__all__ = [
    "kommonitor_geojson",
    "neutralise_cell",
    "neutralise_frame",
    "write_csv",
    "write_geopackage",
    "write_kommonitor_geojson",
    "write_xlsx",
]

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_DANGEROUS_PATTERN = r"^[=+\-@\t\r]"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise_cell(value: Any) -> Any:
    """Prefix a string that a spreadsheet would run as a formula with ``'``; leave others alone.

    Examples
    --------
    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell(-3.5)
    -3.5
    """
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` with every text cell and column name neutralised.

    Numeric columns are untouched, so a negative number stays a number.

    Examples
    --------
    >>> neutralise_frame(pd.DataFrame({"a": ["-x", "ok"], "b": [-1, 2]}))["a"].tolist()
    ["'-x", 'ok']
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError("df must be a pandas DataFrame")
    out = df.copy()
    for i in range(out.shape[1]):
        series = out.iloc[:, i]
        if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
            mask = series.str.match(_DANGEROUS_PATTERN).fillna(False).astype(bool)
            if mask.any():
                out.isetitem(i, series.where(~mask, "'" + series))
        elif series.dtype == object or isinstance(series.dtype, pd.CategoricalDtype):
            out.isetitem(i, series.astype(object).map(neutralise_cell))
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out


def write_csv(df: pd.DataFrame, path: str | PathLike[str], *, excel_de: bool = False) -> Path:
    """Write a neutralised CSV in UTF-8 with BOM; missing values are empty.

    Parameters
    ----------
    df : DataFrame
    path : path
    excel_de : bool
        For German Excel: ``;`` as separator, decimal comma and CRLF line ends.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_csv(pd.DataFrame({"x": [1.5]}), os.path.join(tempfile.mkdtemp(), "a.csv"),
    ...               excel_de=True)
    >>> p.read_bytes()
    b'\\xef\\xbb\\xbfx\\r\\n1,5\\r\\n'
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError("df must be a pandas DataFrame")
    path = Path(path)
    options: dict[str, Any] = {"sep": ";", "decimal": ",", "lineterminator": "\r\n"}
    neutralise_frame(df).to_csv(
        path, index=False, encoding="utf-8-sig", na_rep="", **(options if excel_de else {})
    )
    return path


def _sheet_title(name: str, used: set[str]) -> str:
    title = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'")[:31] or "Tabelle"
    base, n = title, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _excel_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().replace(tzinfo=None)
    if isinstance(value, str | int | float | bool | dt.date):
        return neutralise_cell(value)
    return neutralise_cell(str(value))


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | PathLike[str]) -> Path:
    """Write one worksheet per frame: bold frozen header, sensible widths, numbers as numbers.

    Sheet names are cut to Excel's 31 characters (and made unique); text cells are neutralised;
    missing values are empty cells.

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_xlsx({"Index": pd.DataFrame({"a": [1, None]})},
    ...                os.path.join(tempfile.mkdtemp(), "r.xlsx"))
    >>> p.suffix
    '.xlsx'
    """
    if not isinstance(sheets, Mapping) or not sheets:
        raise ValueError("sheets must be a non-empty mapping of sheet name -> DataFrame")
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for name, frame in sheets.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"sheet {name!r} must be a pandas DataFrame")
        sheet = workbook.create_sheet(_sheet_title(name, used))
        sheet.freeze_panes = "A2"
        header = [str(c) for c in frame.columns]
        widths = [len(h) for h in header]
        columns = [frame.iloc[:, i].to_numpy(dtype=object) for i in range(frame.shape[1])]
        for j, column in enumerate(columns):
            sample = column[:200]
            widths[j] = max([widths[j], *(len(str(v)) for v in sample if v is not None)])
        for j, width in enumerate(widths):
            sheet.column_dimensions[get_column_letter(j + 1)].width = min(max(width + 2, 8), 60)
        cells = []
        for h in header:
            cell = WriteOnlyCell(sheet, value=neutralise_cell(h))
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)
        for row in zip(*columns, strict=True):
            sheet.append([_excel_value(v) for v in row])
    path = Path(path)
    workbook.save(path)
    return path


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
    long["key"] = [_date_key(d) for d in long[date_column]]
    long[value_id] = long[value_id].astype(str)
    long["v"] = pd.to_numeric(long[value_column], errors="coerce").round(decimals)
    keys = sorted(long["key"].unique())
    wide = (
        long.drop_duplicates([value_id, "key"], keep="last")
        .set_index([value_id, "key"])["v"]
        .unstack()
        .reindex(columns=keys)
    )
    # ~1 cm precision keeps the file small without changing the shapes.
    geoms = shapely.set_precision(np.asarray(areas.geometry.to_crs("EPSG:4326")), 1e-7)
    features = []
    for code, name, geom in zip(
        areas[id_column].astype(str), areas[name_column], geoms, strict=True
    ):
        properties: dict[str, Any] = {"ID": code, "NAME": None if pd.isna(name) else str(name)}
        row = wide.loc[code] if code in wide.index else None
        for key in keys:
            value = None if row is None else row[key]
            properties[key] = None if value is None or pd.isna(value) else float(value)
        features.append(
            {
                "type": "Feature",
                "geometry": None if geom is None else shapely.geometry.mapping(geom),
                "properties": properties,
            }
        )
    return {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }


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
    collection = kommonitor_geojson(areas, values, **options)
    path = Path(path)
    with path.open("w", encoding="utf-8") as handle:
        json.dump(collection, handle, ensure_ascii=False, allow_nan=False)
    return path
