"""The Kreis map: the areas' classes, and one border per Kommune on top."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from analysis.figures.kreis_map import kreis_map


def _areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"k": ["A", "A", "B", "C"], "cls": [1, 2, 2, None]},
        geometry=[box(7, 50, 7.01, 50.01), box(7.01, 50, 7.02, 50.01),
                  box(7.02, 50, 7.03, 50.01), box(7.03, 50, 7.04, 50.01)],
        crs="EPSG:4326",
    )  # fmt: skip


def test_one_border_per_kommune_over_the_classes():
    ax = kreis_map(_areas(), class_column="cls", kommune_column="k", labels=["niedrig", "hoch"],
                   title="Kreis", source_note="–")  # fmt: skip
    borders = ax.collections[-1]
    assert len(borders.get_paths()) == 3  # A's two areas make one border
    assert borders.get_facecolor().size == 0  # lines only: the classes stay visible
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "niedrig" in legend and "hoch" in legend


def test_a_missing_kommune_column_is_refused():
    with pytest.raises(ValueError, match="no column 'x'"):
        kreis_map(_areas(), class_column="cls", kommune_column="x", labels=None, title="",
                  source_note="")  # fmt: skip
