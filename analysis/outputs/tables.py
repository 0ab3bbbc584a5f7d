"""The tables and map layers of :func:`analysis.outputs.build.build_outputs`: CSV, XLSX,
GeoPackage and KomMonitor GeoJSON, written from the computed :class:`Results`."""

from __future__ import annotations

import json
from collections.abc import Set
from pathlib import Path

import pandas as pd
from babel.numbers import get_decimal_symbol

from analysis.exports.gis import write_geopackage, write_kommonitor_geojson
from analysis.exports.office import office_table
from analysis.exports.tables import write_csv, write_xlsx
from analysis.figures.map_paths import has_geometry, missing_note
from analysis.outputs.data import round_date
from analysis.outputs.results import Results

__all__ = ["MACHINE_CSV", "OFFICE_CSV", "write_gis", "write_tables"]


#: The machine-readable CSVs (keys, full precision) and the sheet each mirrors.
MACHINE_CSV = {
    "aggregated_ratings.csv": "ratings",
    "index.csv": "index",
    "validation.csv": "validation",
    "validation_themes.csv": "validation_themes",
    "validation_tests.csv": "validation_tests",
    "validation_sensitivity.csv": "validation_sensitivity",
}
#: The CSVs for Excel in the reader's language, one per sheet of ``results.xlsx``.
OFFICE_CSV = {
    "areas_excel.csv": "areas",
    "indicators_excel.csv": "indicators",
    "index_excel.csv": "index",
    "aggregated_ratings_excel.csv": "ratings",
    "validation_excel.csv": "validation",
    "validation_themes_excel.csv": "validation_themes",
    "validation_tests_excel.csv": "validation_tests",
    "validation_sensitivity_excel.csv": "validation_sensitivity",
    "comments_excel.csv": "comments",
    "round_table_excel.csv": "round_table",
}


def write_tables(res: Results, outdir: Path, wanted: Set[str]) -> list[Path]:
    """The CSV files and ``results.xlsx`` among ``wanted``."""
    frames = _frames(res)
    written = [
        write_csv(frames[key], outdir / name) for name, key in MACHINE_CSV.items() if name in wanted
    ]
    decimal = get_decimal_symbol(res.texts.locale)
    for name, key in OFFICE_CSV.items():
        if name in wanted and key in frames:
            table = office_table(frames[key], res.texts, res.titles)
            path = outdir / name
            codes = table.code_columns
            written.append(write_csv(table.frame, path, excel_decimal=decimal, text_columns=codes))
    if "results.xlsx" in wanted:
        sheets, formats = _sheets(res, frames)
        written.append(write_xlsx(sheets, outdir / "results.xlsx", formats))
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
        "created": res.texts.date(res.generated),
    }
    outlined = has_geometry(res.areas)
    if not outlined.any():
        meta["maps"] = words.no_maps
    elif not outlined.all():
        meta["maps"] = missing_note(res.areas, outlined, texts=res.texts)
    items = [words.meta[key] for key in meta]
    return pd.DataFrame({words.item: items, words.value: [str(v) for v in meta.values()]})


def _frames(res: Results) -> dict[str, pd.DataFrame]:
    """Every table of the workbook by key, with machine keys as columns."""
    data, validation = res.data, res.validation
    frames = {
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
    return frames


def _sheets(res: Results, frames: dict[str, pd.DataFrame]) -> tuple[dict, dict]:
    """The workbook: metadata, every table in the reader's words, and the key sheet that maps
    each header back to its machine key (for scripts; a second header row would break
    Excel's filter and sort); and each table's number formats by sheet."""
    names, words = res.texts.workbook.sheets, res.texts.columns
    sheets, keys, formats = {names["meta"]: _metadata(res)}, [], {}
    for key, frame in frames.items():
        table = office_table(frame, res.texts, res.titles)
        sheets[names[key]], formats[names[key]] = table.workbook_frame(), table.formats
        keys += [
            (names[key], header, column, rule)
            for header, column, rule in zip(
                table.frame.columns, table.keys, table.rules, strict=True
            )
        ]
    sheets[words.keys_sheet] = pd.DataFrame(keys, columns=list(words.keys.values()))
    return sheets, formats


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
