"""No user text is ever parsed as markup in what ``analysis`` draws and writes: charts, maps,
the compass and the report (``test_markup_downloads.py``: the files the app serves).

Titles, labels, legends and notes carry mathtext (``$\\frac{$``), HTML and PDF-library tags,
entities, ``%`` formatting, Arabic and emoji. Every file is built and the text comes out as
the text it was (read back with pypdf).
"""

from __future__ import annotations

import io
import re

import geopandas as gpd
import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from shapely.geometry import box

from analysis.figures.compass import compass
from analysis.figures.compass_png import draw_compass, render_compass_pngs
from analysis.figures.compass_svg import compass_svg
from analysis.figures.maps import choropleth
from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import save_figure
from analysis.outputs.results import compute_results
from analysis.report.context import report_context
from analysis.report.document import report_html, write_report_pdf
from tests.support.app import ROOT
from tests.support.hostile_text import HOSTILE, HOSTILE_TEXTS, assert_all_shown
from tests.support.output import pages_text, poppler_text
from tests.support.synthetic import synthetic_campaign

# No emoji font ships with matplotlib: an emoji is drawn as an empty box (and warned about),
# while the PDF's text layer keeps it. Only that warning is expected here.
pytestmark = pytest.mark.filterwarnings("ignore:Glyph \\d+ .* missing from font")

#: matplotlib's own default: the tests must not depend on the app having switched it off.
MATH_ON = {"text.parse_math": True}


def _themes() -> pd.DataFrame:
    return pd.DataFrame({"slug": list(HOSTILE), "position": range(1, 8), "title": HOSTILE_TEXTS})


def _all_plain(fig: Figure) -> None:
    texts = [t for t in fig.findobj(Text) if t.get_text()]
    assert texts and all(not t.get_parse_math() for t in texts)


# --- analysis: every drawing function, with matplotlib's default (math on) around it --------


def _hostile_compass(lines=(HOSTILE["math"], HOSTILE["bold"])):
    kinds = ("residents", "experts")
    values = dict(zip(HOSTILE, np.linspace(2, 6, 7), strict=True))
    series = [(name, kind, values) for name, kind in zip(lines, kinds, strict=False)]
    return compass(list(HOSTILE.items()), (1, 7), series)


def test_compass_draws_hostile_titles_labels_and_legend_as_text(tmp_path):
    with matplotlib.rc_context(MATH_ON):
        ax = draw_compass(_hostile_compass(), title=HOSTILE["math"] + " " + HOSTILE["rtl"])
        for fmt in ("png", "svg", "pdf"):
            save_figure(ax.figure, tmp_path / f"compass.{fmt}", dpi=40)
        assert matplotlib.rcParams["text.parse_math"] is True  # the caller's settings stay
    _all_plain(ax.figure)
    svg = (tmp_path / "compass.svg").read_text(encoding="utf-8")
    assert r"Preis $\frac{$" in svg and "&lt;b&gt;fett&lt;/b&gt;" in svg  # drawn, as text
    assert_all_shown(pages_text((tmp_path / "compass.pdf").read_bytes()))


def test_the_compass_svg_of_pages_and_files_writes_hostile_text_as_text():
    for standalone in (False, True):
        svg = compass_svg(_hostile_compass(), title=HOSTILE["bold"], standalone=standalone)
        assert "<b>" not in svg and "<para>" not in svg and "&lt;b&gt;fett&lt;/b&gt;" in svg
        assert "Tom &amp; Jerry" in svg and r"Preis $\frac{$" in svg


def test_batch_compass_pngs_take_hostile_titles(tmp_path):
    chart = _hostile_compass(lines=(HOSTILE["para"],))
    charts = [(tmp_path / f"c{i}.png", chart, text) for i, text in enumerate(HOSTILE_TEXTS)]
    with matplotlib.rc_context(MATH_ON):
        paths = render_compass_pngs(charts, classes=["residents"], dpi=30)
    assert [p.read_bytes()[:4] for p in paths] == [b"\x89PNG"] * len(HOSTILE_TEXTS)


def test_the_quadrant_chart_takes_hostile_labels(tmp_path):
    areas = pd.DataFrame(
        {
            "area_code": HOSTILE_TEXTS,
            "index": np.linspace(-1.5, 1.8, 7),
            "class": pd.array([1, 2, 2, 3, 3, 4, 4], dtype="Int64"),
            "resident_median": np.linspace(2, 6, 7),
        }
    )
    with matplotlib.rc_context(MATH_ON):
        quadrant = quadrant_chart(areas, title=HOSTILE["format"])
        buffer = io.BytesIO()
        save_figure(quadrant.figure, buffer, format="pdf")
        assert_all_shown(pages_text(buffer.getvalue()))
    _all_plain(quadrant.figure)


def _areas() -> gpd.GeoDataFrame:
    cells = [box(13.3 + 0.02 * i, 52.5, 13.32 + 0.02 * i, 52.52) for i in range(7)]
    return gpd.GeoDataFrame(
        {"code": HOSTILE_TEXTS, "class": pd.array([1, 2, 3, 4, 1, 2, 3], dtype="Int64")},
        geometry=cells,
        crs="EPSG:4326",
    )


def test_map_takes_hostile_titles_notes_and_labels():
    with matplotlib.rc_context(MATH_ON):
        ax = choropleth(
            _areas(),
            "class",
            scheme="index_classes",
            k=4,
            title=HOSTILE["math"],
            source_note=" ".join([HOSTILE["para"], HOSTILE["math"], HOSTILE["amp"]] * 5),
            legend_title=HOSTILE["format"],
            annotate=True,
        )
        buffer = io.BytesIO()
        save_figure(ax.figure, buffer, format="pdf")
    _all_plain(ax.figure)
    assert_all_shown(pages_text(buffer.getvalue()))


def test_report_takes_hostile_text_everywhere(tmp_path):
    data = synthetic_campaign(3, 120, seed=2)
    data.title = HOSTILE["math"] + " " + HOSTILE["emoji"]
    data.kommune = HOSTILE["rtl"]
    data.source_note = HOSTILE["format"]
    data.areas["name"] = [HOSTILE["bold"], HOSTILE["amp"], HOSTILE["para"]]
    said = data.comments[(data.comments["round"] == "2024")].iloc[0]
    data.comments = pd.DataFrame([said] * len(HOSTILE_TEXTS)).assign(text=HOSTILE_TEXTS)
    record = {"area_code": said["area_code"], "missing": HOSTILE["math"],
              "overall_need": "confirmed", "overall_note": "<b>&"}  # fmt: skip
    data.validation_records = pd.DataFrame([record])
    with matplotlib.rc_context(MATH_ON):
        html = report_html(report_context(compute_results(data), {}))
        path = write_report_pdf(html, tmp_path / "report.pdf")
    assert "<b>fett</b>" not in html and "<para>" not in html  # written as text, not markup
    assert "&lt;b&gt;fett&lt;/b&gt;" in html
    assert_all_shown(poppler_text(path.read_bytes()))


def test_nothing_uses_matplotlibs_own_wrapping():
    """matplotlib measures wrap=True text as mathtext even with parse_math off (3.11)."""
    fig = Figure()
    fig.text(0.1, 0.5, HOSTILE["math"] + " long " * 40, wrap=True, parse_math=False)
    with pytest.raises(ValueError):  # the reason: still true, or this rule can go
        fig.savefig(io.BytesIO(), format="pdf")
    sources = [*(ROOT / "analysis").rglob("*.py"), *(ROOT / "app").rglob("*.py")]
    calls = re.compile(r"\bwrap\s*=\s*True\s*[,)]")
    assert [p.name for p in sources if calls.search(p.read_text(encoding="utf-8"))] == []
