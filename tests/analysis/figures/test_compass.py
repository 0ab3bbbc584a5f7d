"""The one compass: geometry, the SVG of pages and files, and the PNG/report drawing of it."""

import re

import numpy as np
import pytest
from PIL import Image

from analysis.figures.compass import compass
from analysis.figures.compass_png import draw_compass, render_compass_pngs
from analysis.figures.compass_svg import compass_svg
from tests.support.output import THEME_TITLES

THEMES = list(THEME_TITLES.items())


def values(seed: int) -> dict[str, float]:
    drawn = np.random.default_rng(seed).uniform(1, 7, 14).round(1)
    return {slug: float(v) for slug, v in zip(THEME_TITLES, drawn, strict=True)}


def test_themes_run_clockwise_from_twelve_o_clock():
    chart = compass(THEMES, (1, 7))
    first, second, *_, last = chart.spokes
    centre = chart.centre
    assert first.x == centre and first.y < centre  # 12 o'clock
    assert second.x > centre and last.x < centre  # then to the right, the last on the left
    assert [s.slug for s in chart.spokes] == list(THEME_TITLES)


def test_every_score_has_a_ring_and_the_top_sits_at_the_edge():
    children = compass(THEMES, (1, 3), [("Kinder", "residents", dict.fromkeys(THEME_TITLES, 3))])
    assert [score for score, _ in children.rings] == [1, 2, 3]
    assert children.rings[0][1] == 0  # the lowest score is the centre
    outer = children.rings[-1][1]
    for (x, y, _slug, _value), spoke in zip(
        children.series[0].placed, children.spokes, strict=True
    ):
        assert (x, y) == (spoke.x, spoke.y)  # every 3 on the outer ring
    assert np.hypot(spoke.x - children.centre, spoke.y - children.centre) == pytest.approx(outer)
    with pytest.raises(ValueError, match="outside the scale 1–3"):
        compass(THEMES, (1, 3), [("Kinder", "residents", {"moving": 5})])


def test_a_missing_value_is_a_gap_never_a_line_to_the_centre():
    line = values(0) | {"streets": None, "nature": float("nan")}
    series = compass(THEMES, (1, 7), [("R", "residents", line)]).series[0]
    assert not series.closed
    assert [p is None for p in series.points] == [s in ("streets", "nature") for s in THEME_TITLES]
    assert len(series.runs) == 2  # before and after the gap
    assert sum(len(run) for run in series.runs) == 12
    full = compass(THEMES, (1, 7), [("R", "residents", values(0))]).series[0]
    assert full.closed and full.runs[0][0] == full.runs[0][-1]  # the ring closes


def test_the_svg_escapes_every_text_and_carries_what_the_browser_needs():
    hostile = [("a", '<script>alert("x")</script>'), ("b", "Grün & Blau"), ("c", "Sicherheit")]
    chart = compass(hostile, (1, 7), [("<b>Wir</b>", "residents", {"a": 4, "b": 5, "c": 6})])
    svg = compass_svg(chart, title='Kompass "Nord" <i>', desc="1 = viel zu verbessern")
    assert "<script" not in svg and "<b>" not in svg and "<i>" not in svg
    assert "&lt;script&gt;" in svg and "Grün &amp; Blau" in svg
    assert '<title>Kompass "Nord" &lt;i&gt;</title>' in svg
    assert "<desc>1 = viel zu verbessern</desc>" in svg
    assert 'data-low="1" data-high="7"' in svg
    assert re.findall(r'data-slug="(\w)"', svg) == ["a", "b", "c"]
    scores = re.findall(r'<text class="ring-label"[^>]*>(\d)</text>', svg)
    assert scores == [str(s) for s in range(1, 8)]  # the scale's numbers on the rings
    assert "style" not in svg  # pages style it by class: the CSP forbids inline styles
    standalone = compass_svg(chart, title="Kompass", standalone=True)
    assert "<style>" in standalone and 'width="' in standalone


def test_labels_wrap_and_their_anchors_follow_the_text_direction():
    chart = compass([("a", "Oben"), ("b", "Soziale Kontakte und Treffpunkte"), ("c", "Links")],
                    (1, 7))  # fmt: skip
    top, right, left = chart.spokes
    assert right.anchor_for("ltr") == "start" and right.anchor_for("rtl") == "end"
    assert left.anchor_for("ltr") == "end" and left.anchor_for("rtl") == "start"
    assert top.anchor_for("rtl") == top.anchor_for("ltr") == "middle"
    svg = compass_svg(chart, title="T", direction="rtl")
    assert 'text-anchor="end"><tspan' in svg  # the right-hand label runs leftwards in RTL
    assert [text for _dy, text in right.lines] == ["Soziale Kontakte", "und Treffpunkte"]


def test_the_drawing_shows_the_same_points_with_a_style_per_kind_of_line():
    lines = [("Bewohner:innen (n = 37)", "residents", values(0) | {"safety": None}),
             ("Fachleute (n = 8)", "experts", values(1)),
             ("Bewohner:innen 2023", "earlier", values(2))]  # fmt: skip
    chart = compass(THEMES, (1, 7), lines)
    ax = draw_compass(chart, title="Kiez Ä")
    drawn = ax.get_lines()[-3:]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [name for name, *_ in lines]
    assert len({line.get_linestyle() for line in drawn}) == 3  # not by colour alone
    xs, ys = drawn[0].get_data()
    placed = chart.series[0].points
    assert np.isnan(xs[11]) and placed[11] is None  # the gap at "safety"
    assert (xs[0], ys[0]) == placed[0][:2]  # the same place as in the SVG


def test_compass_pngs_are_drawn_in_one_batch(tmp_path):
    charts = [
        (tmp_path / f"c{i}.png", compass(THEMES, (1, 7), [("R", "residents", values(i))]), f"K {i}")
        for i in range(3)
    ]
    paths = render_compass_pngs(charts, classes=["residents", "experts"], dpi=40)
    assert [p.name for p in paths] == ["c0.png", "c1.png", "c2.png"]
    images = [np.asarray(Image.open(p)) for p in paths]
    assert images[0].shape == images[1].shape and not np.array_equal(images[0], images[1])
    other = compass(THEMES[:5], (1, 7))
    with pytest.raises(ValueError, match="same themes"):
        render_compass_pngs([(tmp_path / "x.png", other, "")] + charts, classes=["residents"])
