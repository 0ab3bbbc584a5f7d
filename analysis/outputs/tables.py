"""The tables and map layers of :func:`analysis.outputs.build.build_outputs`: CSV, XLSX,
GeoPackage and KomMonitor GeoJSON, written from the computed :class:`Results`."""

from __future__ import annotations

import json
from collections.abc import Set
from pathlib import Path

import pandas as pd

from analysis.exports.gis import write_geopackage, write_kommonitor_geojson
from analysis.exports.tables import write_csv, write_xlsx
from analysis.figures.map_paths import has_geometry, missing_note
from analysis.outputs.data import round_date
from analysis.outputs.results import Results

__all__ = ["write_gis", "write_tables"]


def write_tables(res: Results, outdir: Path, wanted: Set[str]) -> list[Path]:
    """The CSV files and ``results.xlsx`` among ``wanted``."""
    validation = res.validation
    tables = {
        "aggregated_ratings.csv": (res.ratings_table, False),
        "aggregated_ratings_excel.csv": (res.ratings_table, True),
        "index.csv": (res.index_table, False),
        "validation.csv": (validation.areas, False),
        "validation_themes.csv": (validation.theme_scores, False),
        "validation_tests.csv": (validation.tests, False),
        "validation_sensitivity.csv": (validation.sensitivity, False),
    }
    written = [
        write_csv(table, outdir / name, excel_de=excel_de)
        for name, (table, excel_de) in tables.items()
        if name in wanted
    ]
    if "results.xlsx" in wanted:
        written.append(write_xlsx(_sheets(res), outdir / "results.xlsx"))
    return written


def _metadata(res: Results) -> pd.DataFrame:
    """The sheet that says what the workbook holds and how it was made."""
    data, words, params = res.data, res.texts.workbook, res.index_params
    dump = {"ensure_ascii": False, "default": str}
    meta = {
        "title": data.title,
        "kommune": data.kommune,
        "round": res.current,
        "previous_round": data.previous_round or "",
        "k": data.k,
        "index_indicators": ", ".join(data.index.indicators if data.index else ()),
        "index_year": res.index_year,
        "index_method": params.get("method", ""),
        "index_params": json.dumps(params, **dump),
        "index_note": data.index_note,
        "validation": res.validation.summary,
        "validation_association": json.dumps(res.validation.association, **dump),
        "validation_params": json.dumps(res.validation.params, **dump),
        "source": data.source_note,
        "created": res.generated.isoformat(),
    }
    outlined = has_geometry(res.areas)
    if not outlined.any():
        meta["maps"] = words.no_maps
    elif not outlined.all():
        meta["maps"] = missing_note(res.areas, outlined, texts=res.texts)
    items = [words.meta[key] for key in meta]
    return pd.DataFrame({words.item: items, words.value: [str(v) for v in meta.values()]})


def _sheets(res: Results) -> dict[str, pd.DataFrame]:
    names, data, validation = res.texts.workbook.sheets, res.data, res.validation
    frames = {
        "meta": _metadata(res),
        "areas": pd.DataFrame(res.areas.drop(columns=res.areas.geometry.name)),
        "indicators": data.indicators,
        "index": res.index_table,
        "ratings": res.ratings_table,
        "validation": validation.areas,
        "validation_themes": validation.theme_scores,
        "validation_tests": validation.tests,
        "validation_sensitivity": validation.sensitivity,
    }
    if data.include_comments:
        frames["comments"] = res.comments.assign(theme_title=res.comments["theme"].map(res.titles))
    if data.validation_records is not None:
        frames["round_table"] = data.validation_records
    return {names[key]: frame for key, frame in frames.items()}


def write_gis(res: Results, outdir: Path, wanted: Set[str]) -> list[Path]:
    """``results.gpkg`` and the KomMonitor layers among ``wanted``."""
    written = []
    if "results.gpkg" in wanted:
        layers = {"areas": res.layer.to_crs("EPSG:4326")}
        written.append(write_geopackage(layers, outdir / "results.gpkg"))
    km = {"id_column": "code", "value_id_column": "area_code"}
    index = res.index_table
    if res.index_year is not None and "kommonitor_index.geojson" in wanted:
        values = index.assign(date=f"{res.index_year}-12-31", value=index["index"])
        path = outdir / "kommonitor_index.geojson"
        written.append(write_kommonitor_geojson(res.areas, values, path, **km))
    if "kommonitor_resident_median.geojson" in wanted:
        residents = res.overall[res.overall["role"] == "resident"]
        values = residents.assign(
            date=residents["round"].astype(str).map(round_date), value=residents["median"]
        )
        path = outdir / "kommonitor_resident_median.geojson"
        written.append(write_kommonitor_geojson(res.areas, values, path, **km))
    slugs = [slug for slug in res.titles if f"kommonitor_{slug}.geojson" in wanted]
    agg = res.aggregated
    themes = agg[(agg["role"] == "resident") & agg["theme"].isin(slugs)]
    # Only the rounds in the rows are dated (a categorical would map every category).
    themes = themes.assign(date=themes["round"].astype(str).map(round_date), value=themes["median"])
    for slug, group in themes.groupby("theme", sort=False, observed=True):
        path = outdir / f"kommonitor_{slug}.geojson"
        written.append(write_kommonitor_geojson(res.areas, group, path, **km))
    return written
