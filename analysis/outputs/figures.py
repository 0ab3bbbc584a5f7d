"""The drawn half of :func:`analysis.outputs.build.build_outputs`: compasses, maps, report.

Works on :class:`Results`, the already suppressed tables of a campaign; writes only the files it
is asked for, so a download of one table never renders a chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.figures.compass_png import compass_chart, render_compass_pngs
from analysis.figures.maps import choropleth, median_bins
from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import save_figure
from analysis.outputs.data import CampaignData
from analysis.report.pdf import AreaPage, build_report_pdf
from analysis.stats.scale import Scale, scale_of
from analysis.stats.validate import ValidationResult

__all__ = ["Results", "write_figures"]


@dataclass
class Results:
    """A campaign's computed, suppressed tables that the charts and the report draw."""

    data: CampaignData
    themes: pd.DataFrame
    current: str
    aggregated: pd.DataFrame
    overall: pd.DataFrame
    comments: pd.DataFrame
    index_table: pd.DataFrame
    index_params: dict
    index_year: int | None
    validation: ValidationResult
    areas: gpd.GeoDataFrame
    layer: gpd.GeoDataFrame
    generated: dt.date

    @property
    def map_note(self) -> str:
        return self.data.source_note or "Daten: eigene Erhebung"

    @property
    def median_title(self) -> str:
        return f"Gesamtbewertung der Bewohner:innen {self.current} (Median)"

    @property
    def scale(self) -> Scale:
        return scale_of(self.themes)

    @property
    def median_legend(self) -> str:
        return f"Median ({self.scale.low}–{self.scale.high})"


def _compass_series(res: Results, code: str) -> tuple[dict, dict]:
    data, aggregated, overall, current = res.data, res.aggregated, res.overall, res.current
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


def _records_by_area(records: pd.DataFrame | None) -> dict[str, dict]:
    """The round tables' records (one row per area, as in the XLSX sheet) keyed by area code."""
    if records is None or records.empty or "area_code" not in records:
        return {}
    return {str(row["area_code"]): dict(row) for _, row in records.iterrows()}


def _compasses(res: Results, outdir: Path, wanted: Set[str], report: bool) -> tuple[list, list]:
    """Compass SVG/PNG files asked for, and the report's area pages if ``report``."""
    data, themes = res.data, res.themes
    labels = ["Bewohner:innen", "Fachleute"]
    if data.previous_round:
        labels.append(f"Bewohner:innen {data.previous_round}")
    fig = Figure(figsize=(6.5, 6.5), layout="constrained")
    FigureCanvasAgg(fig)
    written, pages, pngs = [], [], []
    idx = res.index_table.set_index("area_code")
    latest = data.indicators.sort_values("year").groupby(["area_code", "indicator"]).last()
    records = _records_by_area(data.validation_records)
    comments = res.comments[res.comments["round"] == res.current]
    for code, name in zip(res.areas["code"], res.areas["name"], strict=True):
        svg, png = f"charts/compass_{code}.svg", f"charts/compass_{code}.png"
        if not report and svg not in wanted and png not in wanted:
            continue
        series, n = _compass_series(res, code)
        title = f"{name} ({code})"
        if png in wanted:
            pngs.append((outdir / png, series, n, title))
        if svg in wanted:
            fig.clear()
            compass_chart(series, themes, n=n, ax=fig.add_subplot(projection="polar"), title=title)
            save_figure(fig, outdir / svg)
            written.append(outdir / svg)
        if not report:
            continue
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
                comments=comments[comments["area_code"] == code]
                if data.include_comments
                else pd.DataFrame(),
                index_value=idx["index"].get(code),
                index_class_label=idx["class_label"].get(code),
                round_table=records.get(code),
            )
        )  # fmt: skip
    if pngs:
        written += render_compass_pngs(pngs, themes, labels=labels, dpi=150)
    return written, pages


def _maps(res: Results, outdir: Path, wanted: Set[str]) -> list[Path]:
    written = []
    if res.index_year is not None and "map_index.png" in wanted:
        ax = choropleth(
            res.layer, "class", scheme="index_classes", k=4, title="Status-Index",
            source_note=res.map_note, legend_title="Klasse",
        )  # fmt: skip
        save_figure(ax.figure, outdir / "map_index.png", dpi=200)
        written.append(outdir / "map_index.png")
    if "map_resident_median.png" in wanted:
        ax = choropleth(
            res.layer, "resident_median", scheme="manual", bins=median_bins(res.scale.as_tuple()),
            title=res.median_title, source_note=res.map_note, legend_title=res.median_legend,
            cmap="RdYlBu",
        )  # fmt: skip
        save_figure(ax.figure, outdir / "map_resident_median.png", dpi=200)
        written.append(outdir / "map_resident_median.png")
    return written


def _report(res: Results, outdir: Path, pages: list[AreaPage]) -> Path:
    data, params, year = res.data, res.index_params, res.index_year
    method = (
        f"Status-Index nach der Methode „{params.get('method', '–')}“ aus "
        f"{', '.join(data.index.indicators if data.index else ()) or '–'} ({year or '–'}). "
        f"Ergebnisse einer Gruppe werden nur ausgewiesen, wenn mindestens k = {data.k} Personen "
        f"eine Bewertung abgegeben haben; Kommentare nur aus Gruppen mit mindestens {data.k} "
        f"Antwortenden. Abgleich mit der Wahrnehmung vor Ort: {res.validation.summary}"
    )
    if year is not None:
        report_map = {"map_column": "class", "map_scheme": "index_classes", "map_k": 4}
    else:
        report_map = {
            "map_column": "resident_median", "map_scheme": "manual",
            "map_bins": median_bins(res.scale.as_tuple()), "map_cmap": "RdYlBu",
            "map_title": res.median_title, "map_legend_title": res.median_legend,
        }  # fmt: skip
    return build_report_pdf(
        outdir / "report.pdf",
        title=data.title,
        subtitle=f"{data.kommune} – Runde {res.current}",
        areas=res.layer,
        pages=pages,
        themes=res.themes,
        source_note=res.map_note,
        generated_on=res.generated,
        method_note=method,
        **report_map,
    )


def write_figures(res: Results, outdir: Path, wanted: Set[str], *, maps: bool) -> list[Path]:
    """Write the charts, maps (only if ``maps``, i.e. some area has an outline) and the report
    among ``wanted`` (names relative to ``outdir``); returns the paths written."""
    report = "report.pdf" in wanted
    if report or any(name.startswith("charts/") for name in wanted):
        (outdir / "charts").mkdir(parents=True, exist_ok=True)
    written, pages = _compasses(res, outdir, wanted, report)
    if maps:
        written += _maps(res, outdir, wanted)
    if "quadrant.png" in wanted:
        quadrant_areas = res.validation.areas.merge(
            res.areas[["code", "name"]], left_on="area_code", right_on="code", how="left"
        )
        params = res.validation.params
        ax = quadrant_chart(
            quadrant_areas, label_column="name", scale=tuple(params["scale"]),
            low_median=params["thresholds"][0], need_classes=tuple(params["need_classes"]),
        )  # fmt: skip
        save_figure(ax.figure, outdir / "quadrant.png", dpi=200)
        written.append(outdir / "quadrant.png")
    if report:
        written.append(_report(res, outdir, pages))
    return written
