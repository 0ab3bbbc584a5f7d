"""One call from a campaign's data to every result file: tables, GIS layers, charts and report.

:func:`build_outputs` is what ``flask report build`` and the planners' downloads call. Small
groups are suppressed once, here, before anything is written: a group with fewer than ``k``
respondents leaves no statistic and no comment in any output.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.aggregate import aggregate_ratings, filter_comments, overall_scores
from analysis.campaign_data import MEDIAN_BINS, RATING_KEYS, ROLE_LABELS, CampaignData, round_date
from analysis.charts import compass_chart, quadrant_chart, render_compass_pngs, save_figure
from analysis.export import write_csv, write_geopackage, write_kommonitor_geojson, write_xlsx
from analysis.index import social_index
from analysis.maps import choropleth
from analysis.report import AreaPage, build_report_pdf
from analysis.synthetic import synthetic_campaign
from analysis.validate import validate_needs

__all__ = [
    "MEDIAN_BINS",
    "RATING_KEYS",
    "ROLE_LABELS",
    "CampaignData",
    "build_outputs",
    "round_date",
    "synthetic_campaign",
]


def _index(data: CampaignData) -> tuple[pd.DataFrame, dict, int | None]:
    """Index table (area_code, z_…, sum, index, class, …), its parameters and indicator year."""
    if not data.index_indicators:
        codes = data.areas["code"].astype(str).reset_index(drop=True)
        empty = pd.DataFrame({"area_code": codes, "index": np.nan, "class": pd.NA})
        empty = empty.astype({"class": "Int64"}).assign(class_label=pd.NA, excluded_reason="")
        return empty.astype({"class_label": "str"}), {}, None
    ind = data.indicators[data.indicators["indicator"].isin(list(data.index_indicators))]
    latest = ind["year"].eq(ind.groupby("indicator")["year"].transform("max"))
    wide = ind[latest].pivot_table(index="area_code", columns="indicator", values="value")
    wide = wide.reindex(data.areas["code"].astype(str)).rename_axis("area_code").reset_index()
    wide["population"] = data.areas["population"].to_numpy()
    options = dict(data.index_options)
    if "min_population" in options:
        options.setdefault("population_column", "population")
    result = social_index(
        wide, id_column="area_code", indicators=list(data.index_indicators), **options
    )
    year = int(ind.loc[latest, "year"].max()) if latest.any() else None
    return result.table, result.params, year


def _compass_series(data, aggregated, overall, code, current):
    series, n = {}, {}
    wanted = [(current, "resident", "Bewohner:innen"), (current, "expert", "Fachleute")]
    if data.previous_round:
        wanted.append((data.previous_round, "resident", f"Bewohner:innen {data.previous_round}"))
    for round_, role, label in wanted:
        rows = aggregated[
            (aggregated["round"] == round_)
            & (aggregated["area_code"] == code)
            & (aggregated["role"] == role)
        ]
        if rows.empty or rows["median"].isna().all():
            continue
        series[label] = rows.set_index("theme")["median"]
        count = overall.loc[
            (overall["round"] == round_)
            & (overall["area_code"] == code)
            & (overall["role"] == role),
            "n_respondents",
        ]
        n[label] = None if count.empty or pd.isna(count.iloc[0]) else int(count.iloc[0])
    return series, n


def build_outputs(data: CampaignData, outdir: Path) -> list[Path]:
    """Compute aggregates, index and validation and write every result file into ``outdir``.

    Files: ``aggregated_ratings.csv``, ``aggregated_ratings_excel.csv``, ``index.csv``,
    ``validation.csv``, ``results.xlsx``, ``results.gpkg`` (layer ``areas``),
    ``kommonitor_index.geojson``, ``kommonitor_resident_median.geojson``,
    ``kommonitor_<theme>.geojson``, ``report.pdf``, ``charts/compass_<code>.png`` and ``.svg``,
    ``map_index.png``, ``map_resident_median.png``, ``quadrant.png``.

    Examples
    --------
    >>> import tempfile
    >>> paths = build_outputs(synthetic_campaign(6, 200, seed=1), Path(tempfile.mkdtemp()))
    >>> any(p.name == "report.pdf" for p in paths)
    True
    """
    if not isinstance(data, CampaignData):
        raise TypeError("data must be a CampaignData")
    outdir = Path(outdir)
    (outdir / "charts").mkdir(parents=True, exist_ok=True)
    k, themes = data.k, data.themes.sort_values("position")
    # Categorical keys make the group-bys over millions of ratings several times faster.
    ratings = data.ratings.astype({c: "category" for c in RATING_KEYS})
    current = data.round or str(ratings["round"].max())
    titles = dict(zip(themes["slug"], themes["title"], strict=True))
    by = ("round", "area_code", "role")
    aggregated = aggregate_ratings(ratings, k=k, by=(*by, "theme"))
    overall = overall_scores(ratings, k=k, by=by)
    comments = filter_comments(data.comments, ratings, k=k, by=by)
    comments = comments.drop(columns=["response_id"], errors="ignore")
    index_table, index_params, index_year = _index(data)
    validation = validate_needs(
        index_table,
        ratings[ratings["round"] == current],
        id_column="area_code",
        k=k,
        indicators=data.indicators,
        aggregates=aggregated[aggregated["round"] == current],
        overall=overall[overall["round"] == current],
    )
    areas = data.areas.assign(code=data.areas["code"].astype(str))
    written: list[Path] = []

    # --- tables -------------------------------------------------------------------------
    ratings_table = aggregated.assign(theme_title=aggregated["theme"].map(titles))
    written.append(write_csv(ratings_table, outdir / "aggregated_ratings.csv"))
    written.append(write_csv(ratings_table, outdir / "aggregated_ratings_excel.csv", excel_de=True))
    written.append(write_csv(index_table, outdir / "index.csv"))
    written.append(write_csv(validation.areas, outdir / "validation.csv"))
    generated = dt.date.today()
    meta = {
        "Titel": data.title,
        "Kommune": data.kommune,
        "Runde": current,
        "Vorherige Runde": data.previous_round or "",
        "k (Mindestgruppengröße)": k,
        "Index-Indikatoren": ", ".join(data.index_indicators),
        "Index-Jahr": index_year,
        "Index-Methode": index_params.get("method", ""),
        "Index-Parameter": json.dumps(index_params, ensure_ascii=False, default=str),
        "Validierung": json.dumps(validation.correlation, default=str),
        "Quelle": data.source_note,
        "Erstellt am": generated.isoformat(),
    }
    sheets = {
        "Metadaten": pd.DataFrame({"Merkmal": list(meta), "Wert": [str(v) for v in meta.values()]}),
        "Gebiete": pd.DataFrame(areas.drop(columns=areas.geometry.name)),
        "Indikatoren": data.indicators,
        "Index": index_table,
        "Bewertungen": ratings_table,
        "Validierung": validation.areas,
    }
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
    layer["category"] = layer["code"].map(validation.areas.set_index("area_code")["category"])
    written.append(write_geopackage({"areas": layer.to_crs("EPSG:4326")}, outdir / "results.gpkg"))
    km = {"id_column": "code", "value_id_column": "area_code"}
    if index_year is not None:
        values = index_table.assign(date=f"{index_year}-12-31", value=index_table["index"])
        written.append(
            write_kommonitor_geojson(areas, values, outdir / "kommonitor_index.geojson", **km)
        )
    values = res_overall.assign(
        date=res_overall["round"].map(round_date), value=res_overall["median"]
    )
    written.append(
        write_kommonitor_geojson(areas, values, outdir / "kommonitor_resident_median.geojson", **km)
    )
    res_all = aggregated[aggregated["role"] == "resident"]
    res_all = res_all.assign(date=res_all["round"].map(round_date), value=res_all["median"])
    for slug, group in res_all.groupby("theme", sort=False):
        written.append(
            write_kommonitor_geojson(areas, group, outdir / f"kommonitor_{slug}.geojson", **km)
        )

    # --- charts and maps ----------------------------------------------------------------
    labels = ["Bewohner:innen", "Fachleute"]
    if data.previous_round:
        labels.append(f"Bewohner:innen {data.previous_round}")
    fig = Figure(figsize=(6.5, 6.5), layout="constrained")
    FigureCanvasAgg(fig)
    pages, pngs = [], []
    idx = index_table.set_index("area_code")
    latest = data.indicators.sort_values("year").groupby(["area_code", "indicator"]).last()
    records = _records_by_area(data.validation_records)
    for code, name in zip(areas["code"], areas["name"], strict=True):
        series, n = _compass_series(data, aggregated, overall, code, current)
        title = f"{name} ({code})"
        pngs.append((outdir / "charts" / f"compass_{code}.png", series, n, title))
        fig.clear()
        compass_chart(series, themes, n=n, ax=fig.add_subplot(projection="polar"), title=title)
        save_figure(fig, outdir / "charts" / f"compass_{code}.svg")
        written.append(outdir / "charts" / f"compass_{code}.svg")
        table = latest.loc[code].reset_index() if code in latest.index else None
        pages.append(
            AreaPage(
                code=code,
                name=str(name),
                compass=series,
                n=n,
                indicators=pd.DataFrame()
                if table is None
                else pd.DataFrame(
                    {"Indikator": table["indicator"], "Jahr": table["year"], "Wert": table["value"]}
                ),
                comments=comments[(comments["area_code"] == code) & (comments["round"] == current)]
                if data.include_comments
                else pd.DataFrame(),
                index_value=idx["index"].get(code),
                index_class_label=idx["class_label"].get(code),
                round_table=records.get(code),
            )
        )
    written += render_compass_pngs(pngs, themes, labels=labels, dpi=150)
    map_note = data.source_note or "Daten: eigene Erhebung"
    if index_year is not None:
        ax = choropleth(
            layer,
            "class",
            scheme="index_classes",
            k=4,
            title="Status-Index",
            source_note=map_note,
            legend_title="Klasse",
        )
        save_figure(ax.figure, outdir / "map_index.png", dpi=200)
        written.append(outdir / "map_index.png")
    median_title = f"Gesamtbewertung der Bewohner:innen {current} (Median)"
    ax = choropleth(
        layer,
        "resident_median",
        scheme="manual",
        bins=MEDIAN_BINS,
        title=median_title,
        source_note=map_note,
        legend_title="Median (1–7)",
        cmap="RdYlBu",
    )
    save_figure(ax.figure, outdir / "map_resident_median.png", dpi=200)
    written.append(outdir / "map_resident_median.png")
    quadrant_areas = validation.areas.merge(
        areas[["code", "name"]], left_on="area_code", right_on="code", how="left"
    )
    ax = quadrant_chart(quadrant_areas, label_column="name")
    save_figure(ax.figure, outdir / "quadrant.png", dpi=200)
    written.append(outdir / "quadrant.png")

    # --- report -------------------------------------------------------------------------
    method = (
        f"Status-Index nach der Methode „{index_params.get('method', '–')}“ aus "
        f"{', '.join(data.index_indicators) or '–'} ({index_year or '–'}). "
        f"Ergebnisse von Gruppen mit weniger als k = {k} Antwortenden werden nicht "
        "ausgewiesen; ihre Kommentare entfallen."
    )
    if index_year is not None:
        report_map = {"map_column": "class", "map_scheme": "index_classes", "map_k": 4}
    else:
        report_map = {
            "map_column": "resident_median", "map_scheme": "manual", "map_bins": MEDIAN_BINS,
            "map_cmap": "RdYlBu", "map_title": median_title, "map_legend_title": "Median (1–7)",
        }  # fmt: skip
    written.append(
        build_report_pdf(
            outdir / "report.pdf",
            title=data.title,
            subtitle=f"{data.kommune} – Runde {current}",
            areas=layer,
            pages=pages,
            themes=themes,
            source_note=map_note,
            generated_on=generated,
            method_note=method,
            **report_map,
        )
    )
    return written


def _records_by_area(records: pd.DataFrame | None) -> dict[str, dict]:
    """The round tables' records (one row per area, as in the XLSX sheet) keyed by area code."""
    if records is None or records.empty or "area_code" not in records:
        return {}
    return {str(row["area_code"]): dict(row) for _, row in records.iterrows()}
