"""The upload readers, run in the confined worker process (:mod:`analysis.readers.sandbox`).

Each public function has the signature and result of its in-process twin in
:mod:`analysis.geo` or :mod:`analysis.io`, but the file is only ever opened by the worker:
what comes back is plain JSON (texts, numbers, and outlines as WKB in hex), rebuilt here into
frames. The ``read_*`` functions are what the worker runs.

Examples
--------
>>> from analysis.readers import isolated
>>> isolated.area_fields("lor_prognoseraeume_2021_epsg25833.geojson")  # doctest: +SKIP
['PGR_ID', 'PGR_NAME', 'BEZ', 'STAND', 'GROESSE_M2']
"""

from __future__ import annotations

import math
from os import PathLike
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from analysis import geo, io
from analysis.readers.errors import N_, Message
from analysis.readers.sandbox import run

__all__ = ["area_fields", "inspect_areas", "read_indicator_table", "table_columns"]

_NOT_GEODATA = N_("the file cannot be read as geodata.")
_NOT_TABLE = N_("the file cannot be read as a table.")


def read_fields(path: str) -> list[str]:
    """(Worker) The attribute fields of a geodata file."""
    return geo.area_fields(path)


def read_areas(path: str, options: dict[str, Any]) -> dict[str, Any]:
    """(Worker) :func:`analysis.geo.inspect_areas` as JSON-ready data."""
    frame, problems, source_crs = geo.inspect_areas(path, **options)
    return {
        "code": frame["code"].tolist(),
        "name": frame["name"].tolist(),
        "population": [None if pd.isna(v) else int(v) for v in frame["population"]],
        "area_km2": [float(v) for v in frame["area_km2"]],
        "wkb": [g.wkb_hex for g in frame.geometry],
        "problems": [p.to_plain() for p in problems],
        "source_crs": source_crs,
    }


def read_columns(path: str, sheet_name: str | int) -> list[str]:
    """(Worker) The header of a CSV or XLSX table."""
    return io.table_columns(path, sheet_name=sheet_name)


def read_tidy(path: str, options: dict[str, Any]) -> dict[str, list]:
    """(Worker) :func:`analysis.io.read_indicator_table` as JSON-ready columns."""
    tidy = io.read_indicator_table(path, **options)
    return {
        "area_code": tidy["area_code"].tolist(),
        "indicator": tidy["indicator"].tolist(),
        "year": [None if pd.isna(v) else int(v) for v in tidy["year"]],
        "value": [None if math.isnan(v) else float(v) for v in tidy["value"]],
    }


def area_fields(path: str | PathLike) -> list[str]:
    """:func:`analysis.geo.area_fields`, read by the worker."""
    return [str(f) for f in run(read_fields, path, fallback=_NOT_GEODATA)]


def inspect_areas(path: str | PathLike, **options: Any) -> tuple[gpd.GeoDataFrame, list, str]:
    """:func:`analysis.geo.inspect_areas`, read by the worker (same arguments and result)."""
    data = run(read_areas, path, options, fallback=_NOT_GEODATA)
    frame = gpd.GeoDataFrame(
        {
            "code": pd.Series(data["code"], dtype="str"),
            "name": pd.Series(data["name"], dtype="str"),
            "population": pd.array(data["population"], dtype="Int64"),
            "area_km2": pd.Series(data["area_km2"], dtype="float64"),
        },
        geometry=gpd.GeoSeries(shapely.from_wkb(data["wkb"]), crs="EPSG:4326"),
    )
    problems = [Message(p["template"], p["params"]) for p in data["problems"]]
    return frame[geo.AREA_COLUMNS], problems, str(data["source_crs"])


def table_columns(path: str | PathLike, *, sheet_name: str | int = 0) -> list[str]:
    """:func:`analysis.io.table_columns`, read by the worker."""
    return [str(c) for c in run(read_columns, path, sheet_name, fallback=_NOT_TABLE)]


def read_indicator_table(path: str | PathLike, **options: Any) -> pd.DataFrame:
    """:func:`analysis.io.read_indicator_table`, read by the worker (same arguments, result)."""
    data = run(read_tidy, path, options, fallback=_NOT_TABLE)
    return pd.DataFrame(
        {
            "area_code": pd.Series(data["area_code"], dtype="str"),
            "indicator": pd.Series(data["indicator"], dtype="str"),
            "year": pd.array(data["year"], dtype="Int64"),
            "value": pd.Series(data["value"], dtype="float64"),
        }
    )
