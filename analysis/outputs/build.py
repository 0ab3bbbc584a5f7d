"""One call from a campaign's data to every result file: tables, GIS layers, charts and report.

:func:`build_outputs` is what ``flask report build`` and the planners' downloads call; with
``only`` it writes just the named files (a table download renders no chart). Small groups are
suppressed once, here, before anything is written: a group with fewer than ``k`` respondents
leaves no statistic and no comment in any output.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.exports.gis import write_geopackage, write_kommonitor_geojson
from analysis.exports.tables import write_csv, write_xlsx
from analysis.figures.map_paths import has_geometry, missing_note
from analysis.outputs.data import RATING_KEYS, CampaignData, round_date
from analysis.outputs.figures import Results, write_figures
from analysis.stats.aggregate import aggregate_ratings, filter_comments, overall_scores
from analysis.stats.scale import scale_of
from analysis.stats.validate import ValidationResult, validate_needs

__all__ = ["TABLE_OUTPUTS", "build_outputs", "output_names"]

#: Files of :func:`build_outputs` that need no drawing (tables and GIS layers).
TABLE_OUTPUTS = (
    "aggregated_ratings.csv",
    "aggregated_ratings_excel.csv",
    "index.csv",
    "validation.csv",
    "validation_themes.csv",
    "validation_tests.csv",
    "validation_sensitivity.csv",
    "results.xlsx",
    "results.gpkg",
    "kommonitor_index.geojson",
    "kommonitor_resident_median.geojson",
)


def output_names(data: CampaignData) -> list[str]:
    """Every file name (relative to the output folder) :func:`build_outputs` can write for
    ``data``; which are written also depends on the data (no index: no index map or layer)."""
    slugs = data.themes.sort_values("position")["slug"].astype(str)
    codes = data.areas["code"].astype(str)
    return [
        *TABLE_OUTPUTS,
        *(f"kommonitor_{slug}.geojson" for slug in slugs),
        "report.pdf",
        *(f"charts/compass_{code}.{ext}" for code in codes for ext in ("png", "svg")),
        "map_index.png",
        "map_resident_median.png",
        "quadrant.png",
    ]


def _index(data: CampaignData) -> tuple[pd.DataFrame, dict, int | None, Mapping | None]:
    """The saved index's rows of the campaign's areas (in their order), its parameters, year
    and the inputs for the sensitivity table; an empty table without an index."""
    codes = data.areas["code"].astype(str).reset_index(drop=True)
    if data.index is None:
        empty = pd.DataFrame({"area_code": codes, "index": np.nan, "class": pd.NA})
        empty = empty.astype({"class": "Int64"}).assign(class_label=pd.NA, excluded_reason="")
        return empty.astype({"class_label": "str"}), {}, None, None
    saved = data.index.result.table
    table = pd.DataFrame({"area_code": codes}).merge(saved, on="area_code", how="left")
    if "excluded_reason" in table:
        absent = ~codes.isin(saved["area_code"])
        table["excluded_reason"] = table["excluded_reason"].where(~absent, "not in the index")
    table = table.astype({"class": "Int64"})
    return table, data.index.result.params, data.index.year, data.index.inputs


def _validation_meta(validation: ValidationResult) -> dict[str, str]:
    """The validation's result and settings for the XLSX sheet "Metadaten"."""
    dump = {"ensure_ascii": False, "default": str}
    return {
        "Validierung": validation.summary,
        "Validierung (Zusammenhang)": json.dumps(validation.association, **dump),
        "Validierung (Parameter)": json.dumps(validation.params, **dump),
    }


def build_outputs(
    data: CampaignData, outdir: Path, *, only: Collection[str] | None = None
) -> list[Path]:
    """Compute aggregates, index and validation and write the result files into ``outdir``.

    Files: ``aggregated_ratings.csv``, ``aggregated_ratings_excel.csv``, ``index.csv``,
    ``validation.csv`` (per area), ``validation_themes.csv`` (per area, role and theme),
    ``validation_tests.csv`` (theme × indicator hypotheses), ``validation_sensitivity.csv``
    (see :func:`analysis.stats.validate.validate_needs`), ``results.xlsx`` (the same tables as
    sheets), ``results.gpkg`` (layer ``areas``),
    ``kommonitor_index.geojson``, ``kommonitor_resident_median.geojson``,
    ``kommonitor_<theme>.geojson``, ``report.pdf``, ``charts/compass_<code>.png`` and ``.svg``,
    ``map_index.png``, ``map_resident_median.png``, ``quadrant.png``. Maps are left out when no
    area has an outline (the XLSX sheet "Metadaten" says so under "Karten").

    Parameters
    ----------
    data : CampaignData
    outdir : Path
    only : collection of str, optional
        Names from :func:`output_names`: write just these files (e.g. ``{"index.csv"}`` draws
        nothing). Default: every file.

    Returns
    -------
    list of Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> from tests.support.synthetic import synthetic_campaign
    >>> paths = build_outputs(synthetic_campaign(6, 200, seed=1), Path(tempfile.mkdtemp()))
    >>> any(p.name == "report.pdf" for p in paths)
    True
    """
    if not isinstance(data, CampaignData):
        raise TypeError("data must be a CampaignData")
    names = output_names(data)
    wanted = set(names) if only is None else set(only)
    unknown = sorted(wanted - set(names))
    if unknown:
        raise ValueError(f"unknown output(s) {', '.join(unknown)}; see output_names()")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    k, themes = data.k, data.themes.sort_values("position")
    scale = scale_of(themes)
    # Categorical keys make the group-bys over millions of ratings several times faster, and
    # whole-number response ids the distinct counts (they are never written anywhere).
    ratings = data.ratings.astype({c: "category" for c in RATING_KEYS})
    ratings["response_id"] = pd.factorize(ratings["response_id"])[0]
    current = data.round or str(ratings["round"].max())
    titles = dict(zip(themes["slug"], themes["title"], strict=True))
    by = ("round", "area_code", "role")
    aggregated = aggregate_ratings(ratings, k=k, by=(*by, "theme"), scale=scale)
    overall = overall_scores(ratings, k=k, by=by, scale=scale)
    comments = filter_comments(data.comments, ratings, k=k, by=by)
    comments = comments.drop(columns=["response_id"], errors="ignore")
    index_table, index_params, index_year, index_inputs = _index(data)
    validation = validate_needs(
        index_table,
        ratings[ratings["round"] == current],
        id_column="area_code",
        k=k,
        scale=scale,
        indicators=data.indicators,
        index_inputs=index_inputs,
        aggregates=aggregated[aggregated["round"] == current],
        overall=overall[overall["round"] == current],
        **data.validation_options,
    )
    areas = data.areas.assign(code=data.areas["code"].astype(str))
    outlined = has_geometry(areas)
    written: list[Path] = []

    # --- tables -------------------------------------------------------------------------
    ratings_table = aggregated.assign(theme_title=aggregated["theme"].map(titles))
    tables = {
        "aggregated_ratings.csv": (ratings_table, False),
        "aggregated_ratings_excel.csv": (ratings_table, True),
        "index.csv": (index_table, False),
        "validation.csv": (validation.areas, False),
        "validation_themes.csv": (validation.theme_scores, False),
        "validation_tests.csv": (validation.tests, False),
        "validation_sensitivity.csv": (validation.sensitivity, False),
    }
    for name, (table, excel_de) in tables.items():
        if name in wanted:
            written.append(write_csv(table, outdir / name, excel_de=excel_de))
    generated = dt.date.today()
    if "results.xlsx" in wanted:
        meta = {
            "Titel": data.title,
            "Kommune": data.kommune,
            "Runde": current,
            "Vorherige Runde": data.previous_round or "",
            "k (Mindestgruppengröße)": k,
            "Index-Indikatoren": ", ".join(data.index.indicators if data.index else ()),
            "Index-Jahr": index_year,
            "Index-Methode": index_params.get("method", ""),
            "Index-Parameter": json.dumps(index_params, ensure_ascii=False, default=str),
            **_validation_meta(validation),
            "Quelle": data.source_note,
            "Erstellt am": generated.isoformat(),
        }
        if not outlined.any():
            meta["Karten"] = "nicht erstellt: für keines der Gebiete liegt eine Geometrie vor"
        elif not outlined.all():
            meta["Karten"] = missing_note(areas, outlined)
        meta_frame = pd.DataFrame({"Merkmal": list(meta), "Wert": [str(v) for v in meta.values()]})
        sheets = {
            "Metadaten": meta_frame,
            "Gebiete": pd.DataFrame(areas.drop(columns=areas.geometry.name)),
            "Indikatoren": data.indicators,
            "Index": index_table,
            "Bewertungen": ratings_table,
            "Validierung": validation.areas,
            "Validierung Themen": validation.theme_scores,
            "Validierung Tests": validation.tests,
            "Validierung Sensitivität": validation.sensitivity,
        }  # fmt: skip
        if data.include_comments:
            sheets["Kommentare"] = comments.assign(theme_title=comments["theme"].map(titles))
        if data.validation_records is not None:
            sheets["Runder Tisch"] = data.validation_records
        written.append(write_xlsx(sheets, outdir / "results.xlsx"))

    # --- GIS ----------------------------------------------------------------------------
    resident = aggregated[(aggregated["round"] == current) & (aggregated["role"] == "resident")]
    medians = resident.pivot_table(index="area_code", columns="theme", values="median")
    medians = medians.reindex(columns=list(titles)).add_prefix("median_")
    res_overall = overall[(overall["role"] == "resident")]
    now_overall = res_overall[res_overall["round"] == current].set_index("area_code")
    layer = areas.merge(index_table, left_on="code", right_on="area_code", how="left")
    layer = layer.drop(columns="area_code")
    layer["resident_n"] = layer["code"].map(now_overall["n_respondents"]).astype("Int64")
    layer["resident_median"] = layer["code"].map(now_overall["median"]).astype(float)
    layer = layer.merge(medians, left_on="code", right_index=True, how="left")
    verdict = validation.areas.set_index("area_code")
    layer["category"] = layer["code"].map(verdict["category"])
    layer["category_reason"] = layer["code"].map(verdict["reason"])
    if "results.gpkg" in wanted:
        gpkg = write_geopackage({"areas": layer.to_crs("EPSG:4326")}, outdir / "results.gpkg")
        written.append(gpkg)
    km = {"id_column": "code", "value_id_column": "area_code"}
    if index_year is not None and "kommonitor_index.geojson" in wanted:
        values = index_table.assign(date=f"{index_year}-12-31", value=index_table["index"])
        written.append(
            write_kommonitor_geojson(areas, values, outdir / "kommonitor_index.geojson", **km)
        )
    if "kommonitor_resident_median.geojson" in wanted:
        values = res_overall.assign(
            date=res_overall["round"].astype(str).map(round_date), value=res_overall["median"]
        )
        path = outdir / "kommonitor_resident_median.geojson"
        written.append(write_kommonitor_geojson(areas, values, path, **km))
    theme_files = {f"kommonitor_{slug}.geojson": slug for slug in titles}
    slugs = [slug for name, slug in theme_files.items() if name in wanted]
    res_all = aggregated[(aggregated["role"] == "resident") & aggregated["theme"].isin(slugs)]
    # Only the rounds in the rows are dated (a categorical would map every category).
    dates = res_all["round"].astype(str).map(round_date)
    res_all = res_all.assign(date=dates, value=res_all["median"])
    for slug, group in res_all.groupby("theme", sort=False, observed=True):
        path = outdir / f"kommonitor_{slug}.geojson"
        written.append(write_kommonitor_geojson(areas, group, path, **km))

    # --- charts, maps and report ----------------------------------------------------------
    results = Results(
        data=data, themes=themes, current=current, aggregated=aggregated, overall=overall,
        comments=comments, index_table=index_table, index_params=index_params,
        index_year=index_year, validation=validation, areas=areas, layer=layer,
        generated=generated,
    )  # fmt: skip
    written += write_figures(results, outdir, wanted, maps=bool(outlined.any()))
    return written
