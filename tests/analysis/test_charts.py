"""Compass, distribution and quadrant charts render, show gaps and label things in German."""

import io

import numpy as np
import pandas as pd
import pytest
from _fixtures_output import themes_frame
from matplotlib.figure import Figure

from analysis.figures.compass_png import compass_chart, render_compass_pngs
from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import format_de, save_figure


@pytest.fixture
def themes() -> pd.DataFrame:
    return themes_frame()


def medians(themes: pd.DataFrame, seed: int) -> pd.Series:
    values = np.random.default_rng(seed).uniform(1, 7, len(themes)).round(1)
    return pd.Series(values, index=themes["slug"])


def png_bytes(fig: Figure, dpi: int = 50) -> bytes:
    buffer = io.BytesIO()
    save_figure(fig, buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def test_compass_draws_one_line_per_series_clockwise_from_north(themes):
    ax = compass_chart(
        {"Bewohner:innen": medians(themes, 0), "Fachleute": medians(themes, 1)},
        themes,
        n={"Bewohner:innen": 37, "Fachleute": 8},
        title="Kiez Ä",
    )
    assert len(ax.get_lines()) == 2
    assert ax.get_theta_direction() == -1
    assert ax.get_theta_offset() == pytest.approx(np.pi / 2)
    assert ax.get_ylim() == (1.0, 7.0)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Bewohner:innen (n = 37)", "Fachleute (n = 8)"]
    first_tick = ax.get_xticklabels()[0].get_text()
    assert first_tick.replace("\n", " ") == "Fuß- und Radwege"
    assert png_bytes(ax.figure).startswith(b"\x89PNG")


def test_compass_takes_its_rings_from_the_scale_and_draws_the_top_at_full_radius(themes):
    # a 3-point instrument (the children's version) where everyone answers 3
    three = themes.assign(scale_min=1, scale_max=3)
    ax = compass_chart({"Kinder": pd.Series(3.0, index=themes["slug"])}, three)
    assert ax.get_ylim() == (1.0, 3.0)
    assert list(ax.get_yticks()) == [2.0, 3.0]  # a ring per score; 1 is the centre
    radii = np.ma.getdata(ax.get_lines()[0].get_ydata())
    assert (radii == ax.get_ylim()[1]).all()  # every point on the outer ring
    with pytest.raises(ValueError, match="outside the scale 1–3"):
        compass_chart({"Kinder": pd.Series(5.0, index=themes["slug"])}, three)
    # without scale columns the compass stays on 1-7; an explicit scale wins
    assert compass_chart({}, themes).get_ylim() == (1.0, 7.0)
    assert compass_chart({}, three, scale=(0, 10)).get_ylim() == (0.0, 10.0)


def test_compass_pngs_use_the_themes_scale(tmp_path, themes):
    three = themes.assign(scale_min=1, scale_max=3)
    series = {"Kinder": pd.Series(3.0, index=themes["slug"])}
    [path] = render_compass_pngs([(tmp_path / "c.png", series, {"Kinder": 12}, "Kiez")], three,
                                 labels=["Kinder"], dpi=40)  # fmt: skip
    assert path.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="outside the scale 1–3"):
        render_compass_pngs([(tmp_path / "d.png", {"Kinder": series["Kinder"] + 3}, None, "")],
                            three, labels=["Kinder"], dpi=40)  # fmt: skip


def test_compass_orders_themes_by_position_and_closes_the_ring(themes):
    shuffled = themes.sample(frac=1, random_state=3)
    values = pd.Series(range(1, 15), index=themes["slug"], dtype=float) / 2.5 + 1
    ax = compass_chart({"R": values}, shuffled)
    radii = np.ma.getdata(ax.get_lines()[0].get_ydata())
    assert radii[:14] == pytest.approx(values.to_numpy())
    assert radii[-1] == radii[0]


def test_compass_shows_missing_values_as_gaps_not_zero(themes):
    values = medians(themes, 0)
    values.iloc[[3, 4]] = np.nan
    ax = compass_chart({"Bewohner:innen": values}, themes, n={"Bewohner:innen": None})
    radii = ax.get_lines()[0].get_ydata()
    assert np.ma.isMaskedArray(radii)
    assert radii.mask.tolist()[:14] == [i in (3, 4) for i in range(14)]
    assert np.ma.min(radii) >= 1
    assert ax.get_legend().get_texts()[0].get_text() == "Bewohner:innen"


def test_compass_distinguishes_series_by_line_style_not_only_colour(themes):
    ax = compass_chart({f"S{i}": medians(themes, i) for i in range(3)}, themes)
    styles = {line.get_linestyle() for line in ax.get_lines()}
    colours = {line.get_color() for line in ax.get_lines()}
    assert len(styles) == 3 and len(colours) == 3


def test_compass_rejects_bad_input(themes):
    with pytest.raises(TypeError):
        compass_chart([medians(themes, 0)], themes)
    with pytest.raises(ValueError, match="outside the scale"):
        compass_chart({"R": medians(themes, 0) + 10}, themes)
    with pytest.raises(ValueError, match="missing column"):
        compass_chart({"R": medians(themes, 0)}, themes.drop(columns="title"))
    with pytest.raises(ValueError, match="polar"):
        compass_chart({"R": medians(themes, 0)}, themes, ax=Figure().add_subplot())


def test_quadrant_chart_plots_areas_with_quadrant_names():
    areas = pd.DataFrame(
        {
            "area_code": ["01", "02", "03", "04", "05"],
            "index": [1.8, -0.5, 1.2, 0.1, np.nan],
            "class": pd.array([4, 2, 3, 2, pd.NA], dtype="Int64"),
            "resident_median": [2.5, 3.0, 5.5, np.nan, 4.0],
        }
    )
    ax = quadrant_chart(areas)
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
    ax = quadrant_chart(areas, scale=(1, 3))
    assert ax.get_ylim() == (1.0, 3.0)
    assert ax.get_lines()[-1].get_ydata()[0] == 1.5  # the 3-point scale's lower threshold
    bars = [c for c in ax.collections if c.get_label() == "Intervall der Bewohner:innen"]
    assert len(bars) == 1 and len(bars[0].get_segments()) == 2  # 03 has no interval
    assert bars[0].get_segments()[0].tolist() == [[1.8, 1.0], [1.8, 1.5]]
    assert quadrant_chart(areas, scale=(1, 3), low_median=2.0).get_lines()[-1].get_ydata()[0] == 2.0


@pytest.mark.parametrize(
    ("fmt", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")]
)
def test_save_figure_writes_each_format(tmp_path, themes, fmt, magic):
    ax = compass_chart({"R": medians(themes, 0)}, themes)
    path = tmp_path / f"chart.{fmt}"
    save_figure(ax.figure, path, dpi=50)
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


def test_format_de_uses_decimal_comma_and_thousands_dot():
    assert format_de(1234.56, 1) == "1.234,6"
    assert format_de(-0.5, 2) == "\u22120,50"
    assert format_de(None) == ""
