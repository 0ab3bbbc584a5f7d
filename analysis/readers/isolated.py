"""Upload previews read by the confined worker process (:mod:`analysis.readers.sandbox`).

:func:`preview_areas` and :func:`preview_table` take the arguments and give the results of
their twins in :mod:`analysis.readers.preview`, but the file is only ever opened by the
worker: what comes back is plain JSON (texts, numbers, and outlines as WKB in hex), rebuilt
here into frames. The ``read_*`` functions are what the worker runs.

Examples
--------
>>> from pathlib import Path
>>> import analysis
>>> from analysis.readers import isolated
>>> data = Path(analysis.__file__).parents[1] / "tests" / "data"
>>> isolated.preview_areas(data / "quartiere.geojson").fields
['Nr', 'Name', 'EW']
"""

from __future__ import annotations

import math
from os import PathLike
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from analysis.readers import preview
from analysis.readers.crosswalks import Crosswalk, read_crosswalk_file
from analysis.readers.errors import N_, InputFileError, Message
from analysis.readers.indicator_file import ColumnLine, IndicatorFile
from analysis.readers.problems import CellProblem
from analysis.readers.sandbox import run
from analysis.readers.sheet import SkippedRow

__all__ = ["preview_areas", "preview_table", "read_crosswalk"]

_NOT_GEODATA = N_("the file cannot be read as geodata.")
_NOT_TABLE = N_("the file cannot be read as a table.")


def read_area_preview(path: str, options: dict[str, Any]) -> dict[str, Any]:
    """(Worker) :func:`analysis.readers.preview.preview_areas` as JSON-ready data."""
    result = preview.preview_areas(path, **options)
    data: dict[str, Any] = {"fields": result.fields, "choice": result.choice}
    if result.error is not None:
        data["error"] = result.error.to_plain()
    if result.frame is not None:
        frame = result.frame
        data["areas"] = {
            "code": frame["code"].tolist(),
            "name": frame["name"].tolist(),
            "population": [None if pd.isna(v) else int(v) for v in frame["population"]],
            "area_km2": [float(v) for v in frame["area_km2"]],
            "wkb": [g.wkb_hex for g in frame.geometry],
        }
        if "parent" in frame:
            data["areas"]["parent"] = [None if pd.isna(v) else str(v) for v in frame["parent"]]
        data["problems"] = [p.to_plain() for p in result.problems]
        data["source_crs"] = result.source_crs
    return data


def _problem(p: CellProblem) -> dict[str, Any]:
    return {"row": p.row, "column": p.column, "text": p.text, "why": p.why.to_plain()}


def _message(data: dict | None) -> Message | None:
    return Message.from_plain(data) if data else None


def _cell_problem(data: dict) -> CellProblem:
    return CellProblem(int(data["row"]), str(data["column"]), str(data["text"]),
                       Message.from_plain(data["why"]))  # fmt: skip


def _plain_file(found: IndicatorFile) -> dict[str, Any]:
    values = found.values
    return {
        "source": found.source, "layout": found.layout, "header": found.header,
        "key_column": found.key_column, "names": found.names,
        "columns": [{**vars(line), "reason": line.reason.to_plain() if line.reason else None,
                     "examples": [_problem(p) for p in line.examples]}
                    for line in found.columns],
        "values": {
            "area_code": values["area_code"].tolist(),
            "indicator": values["indicator"].tolist(),
            "year": [None if pd.isna(v) else int(v) for v in values["year"]],
            "value": [None if math.isnan(v) else float(v) for v in values["value"]],
            "row": [int(r) for r in values["row"]],
        },
        "skipped": [{"row": s.row, "text": s.text, "why": s.why.to_plain()}
                    for s in found.skipped],
        "problems": [_problem(p) for p in found.problems],
    }  # fmt: skip


def _file(data: dict[str, Any]) -> IndicatorFile:
    lines = [ColumnLine(**{**c, "reason": _message(c["reason"]), "years": tuple(c["years"]),
                           "examples": [_cell_problem(p) for p in c["examples"]]})
             for c in data["columns"]]  # fmt: skip
    v = data["values"]
    values = pd.DataFrame({
        "area_code": pd.Series(v["area_code"], dtype="str"),
        "indicator": pd.Series(v["indicator"], dtype="str"),
        "year": pd.array(v["year"], dtype="Int64"),
        "value": pd.Series(v["value"], dtype="float64"),
        "row": pd.Series(v["row"], dtype="int64"),
    })  # fmt: skip
    skipped = [SkippedRow(s["row"], s["text"], _message(s["why"])) for s in data["skipped"]]
    return IndicatorFile(str(data["source"]), str(data["layout"]), list(data["header"]),
                         str(data["key_column"]), lines, values, dict(data["names"]), skipped,
                         [_cell_problem(p) for p in data["problems"]])  # fmt: skip


def read_table_preview(path: str, options: dict[str, Any]) -> dict[str, Any]:
    """(Worker) :func:`analysis.readers.preview.preview_table` as JSON-ready data."""
    result = preview.preview_table(path, **options)
    data: dict[str, Any] = {"header": result.header, "id_column": result.id_column}
    if result.error is not None:
        data["error"] = result.error.to_plain()
    if result.found is not None:
        data["found"] = _plain_file(result.found)
    return data


def read_crosswalk_plain(path: str, options: dict[str, Any]) -> dict[str, Any]:
    """(Worker) :func:`analysis.readers.crosswalks.read_crosswalk_file` as JSON-ready data."""
    crosswalk = read_crosswalk_file(path, **options)
    return {**crosswalk.to_plain(), "problems": [_problem(p) for p in crosswalk.problems]}


def read_crosswalk(path: str | PathLike, **options: Any) -> Crosswalk:
    """A crosswalk file read by the worker, with its problems."""
    data = run(read_crosswalk_plain, path, options, fallback=_NOT_TABLE)
    crosswalk = Crosswalk.from_plain(data)
    crosswalk.problems = [_cell_problem(p) for p in data["problems"]]
    return crosswalk


def _error(data: dict) -> InputFileError | None:
    return InputFileError.from_plain(data["error"]) if "error" in data else None


def preview_areas(path: str | PathLike, **options: Any) -> preview.AreaPreview:
    """:func:`analysis.readers.preview.preview_areas`, read by the worker."""
    data = run(read_area_preview, path, options, fallback=_NOT_GEODATA)
    result = preview.AreaPreview(
        [str(f) for f in data["fields"]], {k: str(v) for k, v in data["choice"].items()}
    )
    result.error = _error(data)
    if "areas" in data:
        areas = data["areas"]
        result.frame = gpd.GeoDataFrame(
            {
                "code": pd.Series(areas["code"], dtype="str"),
                "name": pd.Series(areas["name"], dtype="str"),
                "population": pd.array(areas["population"], dtype="Int64"),
                "area_km2": pd.Series(areas["area_km2"], dtype="float64"),
            },
            geometry=gpd.GeoSeries(shapely.from_wkb(areas["wkb"]), crs="EPSG:4326"),
        )
        if "parent" in areas:
            result.frame.insert(4, "parent", pd.Series(areas["parent"], dtype="str"))
        result.problems = [Message.from_plain(p) for p in data["problems"]]
        result.source_crs = str(data["source_crs"])
    return result


def preview_table(path: str | PathLike, **options: Any) -> preview.TablePreview:
    """:func:`analysis.readers.preview.preview_table`, read by the worker."""
    data = run(read_table_preview, path, options, fallback=_NOT_TABLE)
    result = preview.TablePreview([str(c) for c in data["header"]], str(data["id_column"]))
    result.error = _error(data)
    if "found" in data:
        result.found = _file(data["found"])
    return result
