"""The drawn half of :func:`analysis.outputs.build.build_outputs`: compasses, maps, report.

The report is the HTML document of :mod:`analysis.report` rendered to a tagged PDF.

Works on :class:`~analysis.outputs.results.Results`, the already suppressed tables of a
campaign; writes only the files it is asked for, so a download of one table never draws a chart.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence, Set
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

__all__ = ["SERIES_ORDER", "area_compass", "area_compasses", "write_figures"]

#: The compass lines of a campaign, in legend order.
SERIES_ORDER = ("residents", "experts", "earlier")


def _lines(res: Results, codes: set[str]) -> dict[tuple, tuple[dict, int | None]]:
    """Theme medians and respondents of each (round, area, role) of ``codes`` with a shown
    median, gathered in one pass (a filter per area and line cost seconds at 542 Quartiere)."""
    overall = res.overall[res.overall["area_code"].isin(codes)]
    keys = ("round", "area_code", "role")
    counts = dict(zip(zip(*(overall[c].tolist() for c in keys), strict=True),
                      overall["n_respondents"].tolist(), strict=True))  # fmt: skip
    agg = res.aggregated[res.aggregated["area_code"].isin(codes)]
    medians: dict[tuple, dict] = {}
    for *key, theme, median in zip(
        *(agg[c].tolist() for c in (*keys, "theme", "median")), strict=True
    ):
        medians.setdefault(tuple(key), {})[theme] = median
    lines = {}
    for key, values in medians.items():
        if any(pd.notna(v) for v in values.values()):
            n = counts.get(key)
            lines[key] = (values, None if n is None or pd.isna(n) else int(n))
    return lines


def area_compasses(res: Results, codes=None) -> dict[str, Compass]:
    """The compass of each area of ``codes`` (default all): residents and experts now,
    residents of the previous round.

    Examples
    --------
    >>> from tests.support.synthetic import synthetic_campaign
    >>> from analysis.outputs.results import compute_results
    >>> res = compute_results(synthetic_campaign(4, 200, seed=1))
    >>> sorted(area_compasses(res, ["0001", "0002"]))
    ['0001', '0002']
    """
    codes = [str(c) for c in (res.areas["code"] if codes is None else codes)]
    texts, current, previous = res.texts, res.current, res.data.previous_round
    wanted = [(current, "resident", texts.roles["resident"], "residents"),
              (current, "expert", texts.roles["expert"], "experts")]  # fmt: skip
    if previous:
        wanted.append((previous, "resident", texts.earlier_round.format(round=previous), "earlier"))
    found = _lines(res, set(codes))
    charts = {}
    for code in codes:
        lines = []
        for round_, role, label, css in wanted:
            if (round_, code, role) in found:
                values, n = found[(round_, code, role)]
                name = label if n is None else texts.respondents.format(label=label, n=n)
                lines.append((name, css, values))
        charts[code] = compass(list(res.titles.items()), res.scale.as_tuple(), lines)
    return charts


def area_compass(res: Results, code: str) -> Compass:
    """The compass of one area (see :func:`area_compasses`)."""
    return area_compasses(res, [code])[str(code)]


def _compasses(res: Results, outdir: Path, wanted: Set[str], report) -> tuple[list, dict]:
    """Compass SVG/PNG files asked for, and the compass of each area in ``report`` (codes)."""
    written, charts, pngs = [], {}, []
    files = {
        f"charts/compass_{code}.{kind}" for code in res.areas["code"] for kind in ("svg", "png")
    }
    asked = {name.split("_", 1)[1].rsplit(".", 1)[0] for name in files & set(wanted)}
    drawn = [code for code in res.areas["code"] if code in report or code in asked]
    compasses = area_compasses(res, drawn) if drawn else {}
    for code, name in zip(res.areas["code"], res.areas["name"], strict=True):
        svg, png = f"charts/compass_{code}.svg", f"charts/compass_{code}.png"
        if code not in compasses:
            continue
        chart = compasses[code]
        title = f"{name} ({code})"
        if png in wanted:
            pngs.append((outdir / png, chart, title))
        if svg in wanted:
            number = res.texts.number
            text = compass_svg(chart, title=title, standalone=True, number=number)
            (outdir / svg).write_text(text, encoding="utf-8")
            written.append(outdir / svg)
        if code in report:
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
        "column": "resident_median", "scheme": "steps", "bins": median_bins(scale.as_tuple()),
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


def _report(res: Results, outdir: Path, compasses: dict, sections, profiles) -> Path:
    html = report_html(report_context(res, compasses, sections, profiles=profiles))
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
    res: Results,
    outdir: Path,
    wanted: Set[str],
    *,
    maps: bool,
    sections: Sequence = (),
    profiles: Collection[str] | None = None,
) -> list[Path]:
    """Write the charts, maps (only if ``maps``, i.e. some area has an outline) and the report
    (with the added chapters ``sections``, profiles of the areas ``profiles``, default all)
    among ``wanted`` (names relative to ``outdir``); returns the paths written."""
    report = "report.pdf" in wanted
    if report or any(name.startswith("charts/") for name in wanted):
        (outdir / "charts").mkdir(parents=True, exist_ok=True)
    chosen = set(res.areas["code"]) if profiles is None else {str(c) for c in profiles}
    written, compasses = _compasses(res, outdir, wanted, chosen if report else set())
    if maps:
        written += _maps(res, outdir, wanted)
    if "quadrant.png" in wanted:
        written.append(_quadrant(res, outdir))
    if report:
        written.append(_report(res, outdir, compasses, sections, profiles))
    return written
