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

from analysis.figures.compass import Compass, compass
from analysis.figures.compass_png import render_compass_pngs
from analysis.figures.compass_svg import compass_svg
from analysis.figures.maps import choropleth, median_bins
from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import save_figure
from analysis.outputs.data import CampaignData
from analysis.report.pdf import AreaPage, build_report_pdf
from analysis.stats.scale import Scale, scale_of
from analysis.stats.validate import ValidationResult

__all__ = ["Results", "write_figures"]

#: The compass lines of a campaign, in legend order.
SERIES_ORDER = ("residents", "experts", "earlier")


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


def _line(res: Results, code: str, round_: str, role: str) -> dict[str, float] | None:
    """Theme medians of one group (None when nothing of it is shown) and its respondents."""
    agg = res.aggregated
    rows = agg[(agg["round"] == round_) & (agg["area_code"] == code) & (agg["role"] == role)]
    if rows.empty or rows["median"].isna().all():
        return None
    return rows.set_index("theme")["median"].to_dict()


def _respondents(res: Results, code: str, round_: str, role: str) -> int | None:
    overall = res.overall
    count = overall.loc[
        (overall["round"] == round_) & (overall["area_code"] == code) & (overall["role"] == role),
        "n_respondents",
    ]
    return None if count.empty or pd.isna(count.iloc[0]) else int(count.iloc[0])


def _compass(res: Results, code: str) -> Compass:
    """The compass of one area: residents and experts now, residents of the previous round."""
    current, previous = res.current, res.data.previous_round
    wanted = [(current, "resident", "Bewohner:innen", "residents"),
              (current, "expert", "Fachleute", "experts")]  # fmt: skip
    if previous:
        wanted.append((previous, "resident", f"Bewohner:innen {previous}", "earlier"))
    lines = []
    for round_, role, label, css in wanted:
        values = _line(res, code, round_, role)
        if values is not None:
            n = _respondents(res, code, round_, role)
            lines.append((label if n is None else f"{label} (n = {n})", css, values))
    themes = res.themes.sort_values("position")
    return compass(list(zip(themes["slug"], themes["title"].astype(str), strict=True)),
                   res.scale.as_tuple(), lines)  # fmt: skip


def _records_by_area(records: pd.DataFrame | None) -> dict[str, dict]:
    """The round tables' records (one row per area, as in the XLSX sheet) keyed by area code."""
    if records is None or records.empty or "area_code" not in records:
        return {}
    return {str(row["area_code"]): dict(row) for _, row in records.iterrows()}


def _compasses(res: Results, outdir: Path, wanted: Set[str], report: bool) -> tuple[list, list]:
    """Compass SVG/PNG files asked for, and the report's area pages if ``report``."""
    data = res.data
    written, pages, pngs = [], [], []
    idx = res.index_table.set_index("area_code")
    latest = data.indicators.sort_values("year").groupby(["area_code", "indicator"]).last()
    records = _records_by_area(data.validation_records)
    comments = res.comments[res.comments["round"] == res.current]
    for code, name in zip(res.areas["code"], res.areas["name"], strict=True):
        svg, png = f"charts/compass_{code}.svg", f"charts/compass_{code}.png"
        if not report and svg not in wanted and png not in wanted:
            continue
        chart = _compass(res, code)
        title = f"{name} ({code})"
        if png in wanted:
            pngs.append((outdir / png, chart, title))
        if svg in wanted:
            text = compass_svg(chart, title=title, standalone=True)
            (outdir / svg).write_text(text, encoding="utf-8")
            written.append(outdir / svg)
        if not report:
            continue
        table = latest.loc[code].reset_index() if code in latest.index else None
        pages.append(
            AreaPage(
                code=code,
                name=str(name),
                compass=chart,
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
        written += render_compass_pngs(pngs, classes=SERIES_ORDER, dpi=150)
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
