"""Offers grouped on a screen grid per zoom level: nothing lost, cells computed independently."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer

from analysis.coverage.clusters import grid_clusters

HALF = 20037508.342789244  # half the Web-Mercator world in metres


def _random_points(n: int = 400, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"lon": rng.uniform(6.8, 7.1, n), "lat": rng.uniform(50.85, 51.05, n)},
                        index=[f"o{i}" for i in range(n)])  # fmt: skip


@pytest.mark.parametrize("zoom", [8, 11, 13, 15])
def test_every_offer_is_in_exactly_one_cluster_of_its_own_cell(zoom):
    points = _random_points()
    clusters = grid_clusters(points, zoom)
    members = [m for group in clusters["members"] for m in group]
    assert sorted(members) == sorted(points.index) and clusters["count"].sum() == len(points)
    # The same cells with pyproj's Web Mercator, not our formula.
    x, y = Transformer.from_crs(4326, 3857, always_xy=True).transform(points["lon"], points["lat"])
    size = 256 * 2**zoom
    px, py = (np.asarray(x) + HALF) / (2 * HALF) * size, (HALF - np.asarray(y)) / (2 * HALF) * size
    cells = pd.Series(list(zip(np.floor(px / 64), np.floor(py / 64), strict=True)), points.index)
    assert len(clusters) == cells.nunique()
    for group, lon, lat in clusters[["members", "lon", "lat"]].itertuples(index=False):
        assert cells[group].nunique() == 1
        assert (lon, lat) == pytest.approx(tuple(points.loc[group, ["lon", "lat"]].mean()))


def test_zooming_in_splits_clusters_and_the_last_zoom_shows_every_offer():
    points = _random_points()
    counts = [len(grid_clusters(points, zoom)) for zoom in range(6, 18)]
    assert counts == sorted(counts) and counts[0] < 10 and counts[-1] == len(points)


def test_no_points_and_bad_columns():
    assert grid_clusters(pd.DataFrame({"lon": [], "lat": []}), 12).empty
    with pytest.raises(ValueError, match="'lon' and 'lat'"):
        grid_clusters(pd.DataFrame({"x": [1.0]}), 12)
