"""Map classification and choropleths: classes, legends in the reader's language, no-data
hatching, projection."""

import io

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.figures.classes import classify, median_bins
from analysis.figures.maps import choropleth
from analysis.figures.style import save_figure
from tests.support.output import grid_areas
from tests.support.texts import german_texts

DE = german_texts()


def test_quantiles_split_values_evenly_and_leave_nan_without_class():
    values = pd.Series([1.0, 2.0, 3.0, 4.0, np.nan, 5.0, 6.0], index=list("abcdefg"))
    classes, legend, bins = classify(values, "quantiles", k=3, texts=DE)
    expected = pd.Series([1, 1, 2, 2, pd.NA, 3, 3], index=list("abcdefg"), dtype="Int64")
    pdt.assert_series_equal(classes, expected)
    assert bins == pytest.approx([2.667, 4.333, 6.0], abs=1e-3)
    assert legend == ["1,0 – 2,7", "2,7 – 4,3", "4,3 – 6,0"]


def test_equal_interval_and_natural_breaks():
    values = pd.Series([0.0, 1.0, 2.0, 10.0, 11.0, 12.0])
    classes, _, bins = classify(values, "equal_interval", k=2)
    assert classes.tolist() == [1, 1, 1, 2, 2, 2]
    assert bins == pytest.approx([6.0, 12.0])
    classes, _, bins = classify(values, "natural_breaks", k=2)
    assert classes.tolist() == [1, 1, 1, 2, 2, 2]
    assert bins == pytest.approx([2.0, 12.0])


def test_fewer_distinct_values_than_classes_reduces_k_without_warning():
    classes, legend, _ = classify(pd.Series([1.0, 1.0, 2.0, 2.0]), "quantiles", k=5)
    assert classes.max() <= 2 and len(legend) == 2


def test_manual_bins_with_thousands_separator():
    values = pd.Series([500.0, 1500.0, 25000.0])
    classes, legend, bins = classify(values, "manual", bins=[1000, 10000, 30000], texts=DE)
    assert classes.tolist() == [1, 2, 3]
    assert legend == ["500 – 1.000", "1.000 – 10.000", "10.000 – 30.000"]
    with pytest.raises(ValueError, match="needs bins"):
        classify(values, "manual")
    with pytest.raises(ValueError, match="below the maximum"):
        classify(values, "manual", bins=[1000, 2000])
    with pytest.raises(ValueError, match="increasing"):
        classify(values, "manual", bins=[1000, 1000, 30000])


def test_median_classes_follow_the_rating_scale():
    assert median_bins() == [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    assert median_bins((1, 3)) == [2.0, 3.0]
    assert median_bins((0, 10))[-1] == 10.0 and len(median_bins((0, 10))) == 10
    # the medians of a 3-point instrument fill two classes, the top one up to 3
    classes, legend, _ = classify(
        pd.Series([1.0, 1.5, 2.5, 3.0]), "manual", bins=median_bins((1, 3)), texts=DE
    )
    assert classes.tolist() == [1, 1, 2, 2] and legend == ["1,0 – 2,0", "2,0 – 3,0"]
    with pytest.raises(ValueError, match="lower to a higher"):
        median_bins((3, 3))


def test_index_classes_are_taken_as_they_are_with_mss_labels():
    values = pd.Series([4, 1, pd.NA, 2], dtype="Int64")
    classes, legend, bins = classify(values, "index_classes", k=4)
    assert classes.tolist() == [4, 1, pd.NA, 2]
    assert legend == ["hoch", "mittel", "niedrig", "sehr niedrig"]
    assert bins == [1.0, 2.0, 3.0, 4.0]
    with pytest.raises(ValueError, match="classes"):
        classify(pd.Series([7]), "index_classes", k=4)


def test_classify_rejects_bad_input():
    with pytest.raises(TypeError):
        classify([1, 2, 3], "quantiles")
    with pytest.raises(ValueError, match="unknown scheme"):
        classify(pd.Series([1.0, 2.0]), "jenks")
    with pytest.raises(ValueError, match="labels"):
        classify(pd.Series([1.0, 2.0, 3.0]), "equal_interval", k=2, labels=["a"])


def test_choropleth_draws_one_collection_per_class_plus_hatched_no_data():
    areas = grid_areas(5)
    areas["value"] = [1.0, 2.0, np.nan, 8.0, 9.0]
    ax = choropleth(
        areas,
        "value",
        scheme="equal_interval",
        k=2,
        title="SGB II-Quote",
        source_note="Daten: Amt für Statistik Berlin-Brandenburg, MSS 2021",
        legend_title="Anteil in %",
        annotate=True,
        texts=DE,
    )
    sizes = [len(c.get_paths()) for c in ax.collections]
    assert sizes == [2, 2, 1]
    assert ax.collections[-1].get_hatch() == "///"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["1,0 – 5,0", "5,0 – 9,0", "keine Angabe"]
    texts = [t.get_text() for t in ax.texts]
    assert "Daten: Amt für Statistik Berlin-Brandenburg, MSS 2021" in texts
    assert {"01", "05"} <= set(texts)
    assert ax.get_title(loc="left") == "SGB II-Quote"
    assert not ax.axison


def test_choropleth_draws_in_a_metric_projection_with_true_shape():
    ax = choropleth(grid_areas(1), "population", k=1, title="t", source_note="s")
    path = ax.collections[0].get_paths()[0]
    x, y = path.vertices[:-1].T
    area = 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
    # equal-area projection in metres: 0.02° × 0.02° at 52.5° N is ~1.357 km × 2.226 km
    assert area == pytest.approx(1357 * 2226, rel=0.01)
    assert ax.get_aspect() == 1.0


def test_choropleth_index_classes_make_most_need_darkest():
    areas = grid_areas(4, crs="EPSG:25833")
    areas["class"] = pd.array([1, 2, 3, 4], dtype="Int64")
    ax = choropleth(areas, "class", scheme="index_classes", k=4, title="Index", source_note="s")
    brightness = [c.get_facecolor()[0][:3].sum() for c in ax.collections]
    assert brightness == sorted(brightness, reverse=True)
    buffer = io.BytesIO()
    save_figure(ax.figure, buffer, format="png", dpi=40)
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_choropleth_rejects_missing_column_and_crs():
    areas = grid_areas(2)
    with pytest.raises(ValueError, match="not in areas"):
        choropleth(areas, "nope", title="t", source_note="s")
    with pytest.raises(ValueError, match="no CRS"):
        choropleth(
            areas.set_crs(None, allow_override=True), "population", title="t", source_note="s"
        )
    with pytest.raises(TypeError):
        choropleth(pd.DataFrame(areas), "population", title="t", source_note="s")


def test_choropleth_draws_areas_with_outline_and_names_the_others():
    areas = grid_areas(4)
    areas["value"] = [1.0, 2.0, 3.0, 4.0]
    areas.loc[[1, 3], "geometry"] = None
    ax = choropleth(
        areas, "value", scheme="equal_interval", k=2, title="t", source_note="Daten", texts=DE
    )
    assert sum(len(c.get_paths()) for c in ax.collections) == 2
    assert all(np.isfinite(ax.get_xlim())) and all(np.isfinite(ax.get_ylim()))
    assert "Daten Ohne Geometrie, nicht dargestellt: 02, 04." in [t.get_text() for t in ax.texts]
    buffer = io.BytesIO()
    save_figure(ax.figure, buffer, format="png", dpi=40)
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_choropleth_without_any_outline_says_so_instead_of_crashing():
    areas = grid_areas(3)
    areas["geometry"] = None
    ax = choropleth(areas, "population", k=2, title="Karte", source_note="Daten", texts=DE)
    assert not ax.collections
    texts = [t.get_text() for t in ax.texts]
    assert "Keine Karte: für keines der Gebiete liegt eine Geometrie vor." in texts
    assert "Daten Ohne Geometrie, nicht dargestellt: 01, 02, 03." in texts
    assert ax.get_title(loc="left") == "Karte"
    buffer = io.BytesIO()
    save_figure(ax.figure, buffer, format="png", dpi=40)
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_without_texts_the_words_and_numbers_are_english():
    areas = grid_areas(3)
    areas["value"] = [1.0, 2.0, np.nan]
    ax = choropleth(areas, "value", scheme="equal_interval", k=2, title="t", source_note="s")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["1.0 – 1.5", "1.5 – 2.0", "no data"]
