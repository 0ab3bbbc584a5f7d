"""The quadrant chart and saving figures."""

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import save_figure
from tests.support.texts import german_texts


def test_quadrant_chart_plots_areas_with_quadrant_names():
    areas = pd.DataFrame(
        {
            "area_code": ["01", "02", "03", "04", "05"],
            "index": [1.8, -0.5, 1.2, 0.1, np.nan],
            "class": pd.array([4, 2, 3, 2, pd.NA], dtype="Int64"),
            "resident_median": [2.5, 3.0, 5.5, np.nan, 4.0],
        }
    )
    ax = quadrant_chart(areas, texts=german_texts())
    need, no_need = ax.collections[:2]
    assert len(need.get_offsets()) == 2 and len(no_need.get_offsets()) == 1
    texts = {t.get_text() for t in ax.texts}
    assert {"bestätigt", "verdeckt", "Ressource", "unauffällig"} <= texts
    assert {"01", "02", "03"} <= texts and "04" not in texts
    with pytest.raises(ValueError, match="resident_median"):
        quadrant_chart(areas.drop(columns="resident_median"))
    assert ax.get_ylim() == (1.0, 7.0)
    assert [line.get_ydata()[0] for line in ax.get_lines()[-1:]] == [3.5]  # the threshold


def test_quadrant_takes_scale_threshold_and_intervals_from_the_validation():
    areas = pd.DataFrame(
        {
            "area_code": ["01", "02", "03"],
            "index": [1.8, -0.5, 1.2],
            "class": pd.array([4, 2, 3], dtype="Int64"),
            "resident_median": [1.0, 3.0, 2.0],
            "resident_low": [1.0, 2.5, np.nan],
            "resident_high": [1.5, 3.0, np.nan],
        }
    )
    ax = quadrant_chart(areas, scale=(1, 3), texts=german_texts())
    assert ax.get_ylim() == (1.0, 3.0)
    assert ax.get_lines()[-1].get_ydata()[0] == 1.5  # the 3-point scale's lower threshold
    bars = [c for c in ax.collections if c.get_label() == "Intervall der Bewohner:innen"]
    assert len(bars) == 1 and len(bars[0].get_segments()) == 2  # 03 has no interval
    assert bars[0].get_segments()[0].tolist() == [[1.8, 1.0], [1.8, 1.5]]
    assert quadrant_chart(areas, scale=(1, 3), low_median=2.0).get_lines()[-1].get_ydata()[0] == 2.0


@pytest.mark.parametrize(
    ("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")]
)
def test_save_figure_writes_each_format(tmp_path, fmt, magic):
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([1, 2])
    path = tmp_path / f"chart.{fmt}"
    save_figure(fig, path, dpi=50)
    assert path.read_bytes().startswith(magic)


def test_save_figure_png_has_print_resolution_by_default(tmp_path):
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([1, 2])
    save_figure(fig, tmp_path / "a.png")
    data = (tmp_path / "a.png").read_bytes()
    assert b"pHYs" in data  # physical pixel density: 300 dpi = 11811 px/m
    index = data.index(b"pHYs") + 4
    assert int.from_bytes(data[index : index + 4], "big") == 11811


def test_save_figure_rejects_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="png, svg or pdf"):
        save_figure(Figure(), tmp_path / "a.gif")
    with pytest.raises(ValueError, match="format is required"):
        save_figure(Figure(), io.BytesIO())


def test_the_quadrant_speaks_english_unless_told_otherwise():
    areas = pd.DataFrame(
        {"area_code": ["01"], "index": [1.8], "class": [4], "resident_median": [2.5]}
    )
    texts = {t.get_text() for t in quadrant_chart(areas).texts}
    assert {"confirmed", "hidden", "resource", "inconspicuous"} <= texts


def test_unclear_areas_are_ringed_so_their_quadrant_is_not_read_as_a_verdict():
    areas = pd.DataFrame(
        {
            "area_code": ["01", "02", "03"],
            "index": [1.8, -0.5, 1.2],
            "class": pd.array([4, 2, 3], dtype="Int64"),
            "resident_median": [2.0, 3.5, 3.0],
            "category": ["confirmed", "unclear", "unclear"],
        }
    )
    ax = quadrant_chart(areas, texts=german_texts())
    rings = [c for c in ax.collections if c.get_label() == "unklar"]
    assert len(rings) == 1
    assert rings[0].get_offsets().tolist() == [[-0.5, 3.5], [1.2, 3.0]]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "unklar" in legend
    plain = quadrant_chart(areas.drop(columns="category"), texts=german_texts())
    assert not [c for c in plain.collections if c.get_label() == "unklar"]
