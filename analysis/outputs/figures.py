"""The drawn half of :func:`analysis.outputs.build.build_outputs`: compasses, maps, report.

The report is the HTML document of :mod:`analysis.report` rendered to a tagged PDF.

Works on :class:`~analysis.outputs.results.Results`, the already suppressed tables of a
campaign; writes only the files it is asked for, so a download of one table never draws a chart.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from pathlib import Path

import pandas as pd

from analysis.figures.classes import INDEX_CMAP, MEDIAN_CMAP, median_bins
from analysis.figures.compass import Compass, compass
from analysis.figures.compass_png import render_compass_pngs
from analysis.figures.compass_svg import compass_svg
from analysis.figures.maps import choropleth
from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import save_figure
from analysis.outputs.results import Results
from analysis.report.context import report_context
from analysis.report.document import report_html, write_report_pdf

__all__ = ["SERIES_ORDER", "area_compass", "write_figures"]

#: The compass lines of a campaign, in legend order.
SERIES_ORDER = ("residents", "experts", "earlier")


def _line(res: Results, code: str, round_: str, role: str) -> dict[str, float] | None:
    """Theme medians of one group; None when nothing of it is shown."""
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


def area_compass(res: Results, code: str) -> Compass:
    """The compass of one area: residents and experts now, residents of the previous round."""
    texts, current, previous = res.texts, res.current, res.data.previous_round
    wanted = [(current, "resident", texts.roles["resident"], "residents"),
              (current, "expert", texts.roles["expert"], "experts")]  # fmt: skip
    if previous:
        wanted.append((previous, "resident", texts.earlier_round.format(round=previous), "earlier"))
    lines = []
    for round_, role, label, css in wanted:
        values = _line(res, code, round_, role)
        if values is not None:
            n = _respondents(res, code, round_, role)
            name = label if n is None else texts.respondents.format(label=label, n=n)
            lines.append((name, css, values))
    return compass(list(res.titles.items()), res.scale.as_tuple(), lines)


def _compasses(res: Results, outdir: Path, wanted: Set[str], report: bool) -> tuple[list, dict]:
    """Compass SVG/PNG files asked for, and every area's compass for the report if ``report``."""
    written, charts, pngs = [], {}, []
    for code, name in zip(res.areas["code"], res.areas["name"], strict=True):
        svg, png = f"charts/compass_{code}.svg", f"charts/compass_{code}.png"
        if not report and svg not in wanted and png not in wanted:
            continue
        chart = area_compass(res, code)
        title = f"{name} ({code})"
        if png in wanted:
            pngs.append((outdir / png, chart, title))
        if svg in wanted:
            number = res.texts.number
            text = compass_svg(chart, title=title, standalone=True, number=number)
            (outdir / svg).write_text(text, encoding="utf-8")
            written.append(outdir / svg)
        if report:
            charts[code] = chart
    if pngs:
        written += render_compass_pngs(pngs, classes=SERIES_ORDER, dpi=150)
    return written, charts


def _source(res: Results) -> str:
    return res.data.source_note or res.texts.maps.own_survey


def _index_map(res: Results) -> dict:
    """The choropleth settings of the index map: the index's own classes and their names."""
    labels = res.index_params.get("labels")
    return {"column": "class", "scheme": "index_classes", "k": len(labels) if labels else 4,
            "labels": labels, "cmap": INDEX_CMAP}  # fmt: skip


def _median_map(res: Results) -> dict:
    """The choropleth settings of the residents' median: a class per step of the scale."""
    words, scale = res.texts.maps, res.scale
    return {
        "column": "resident_median", "scheme": "manual", "bins": median_bins(scale.as_tuple()),
        "cmap": MEDIAN_CMAP, "title": words.median_title.format(round=res.current),
        "legend_title": words.median_legend.format(low=scale.low, high=scale.high),
    }  # fmt: skip


def _maps(res: Results, outdir: Path, wanted: Set[str]) -> list[Path]:
    written, words = [], res.texts.maps
    drawn = {
        "map_index.png": {**_index_map(res), "title": words.index_title,
                          "legend_title": words.index_legend},
        "map_resident_median.png": _median_map(res),
    }  # fmt: skip
    if res.index_year is None:
        drawn.pop("map_index.png")
    for name, options in drawn.items():
        if name in wanted:
            column = options.pop("column")
            ax = choropleth(res.layer, column, source_note=_source(res), texts=res.texts,
                            **options)  # fmt: skip
            save_figure(ax.figure, outdir / name, dpi=200)
            written.append(outdir / name)
    return written


def _report(res: Results, outdir: Path, compasses: dict, sections) -> Path:
    html = report_html(report_context(res, compasses, sections))
    return write_report_pdf(html, outdir / "report.pdf")


def _quadrant(res: Results, outdir: Path) -> Path:
    areas = res.validation.areas.merge(
        res.areas[["code", "name"]], left_on="area_code", right_on="code", how="left"
    )
    params = res.validation.params
    ax = quadrant_chart(areas, label_column="name", scale=tuple(params["scale"]),
                        low_median=params["thresholds"][0],
                        need_classes=tuple(params["need_classes"]), texts=res.texts)  # fmt: skip
    save_figure(ax.figure, outdir / "quadrant.png", dpi=200)
    return outdir / "quadrant.png"


def write_figures(
    res: Results, outdir: Path, wanted: Set[str], *, maps: bool, sections: Sequence = ()
) -> list[Path]:
    """Write the charts, maps (only if ``maps``, i.e. some area has an outline) and the report
    (with the added chapters ``sections``) among ``wanted`` (names relative to ``outdir``);
    returns the paths written."""
    report = "report.pdf" in wanted
    if report or any(name.startswith("charts/") for name in wanted):
        (outdir / "charts").mkdir(parents=True, exist_ok=True)
    written, compasses = _compasses(res, outdir, wanted, report)
    if maps:
        written += _maps(res, outdir, wanted)
    if "quadrant.png" in wanted:
        written.append(_quadrant(res, outdir))
    if report:
        written.append(_report(res, outdir, compasses, sections))
    return written
