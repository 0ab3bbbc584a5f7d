"""Straight-line distances and the points that stand for residents."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.coverage import StraightLine, population_points
from analysis.coverage.distance import area_grid, population_demand


def test_nearest_distance_equals_brute_force_over_all_pairs():
    rng = np.random.default_rng(1)
    residents = rng.uniform(0, 5000, (700, 2))
    offers = rng.uniform(0, 5000, (40, 2))
    all_pairs = np.sqrt(((residents[:, None, :] - offers[None, :, :]) ** 2).sum(axis=2))
    assert np.allclose(StraightLine(detour=1.0).nearest(residents, offers), all_pairs.min(axis=1))
    assert np.allclose(StraightLine(detour=1.4).nearest(residents, offers), 1.4 * all_pairs.min(1))


def test_pairs_within_a_radius_equal_brute_force():
    rng = np.random.default_rng(2)
    residents = rng.uniform(0, 3000, (300, 2))
    offers = rng.uniform(0, 3000, (25, 2))
    i, j, d = StraightLine(detour=1.2).within(residents, offers, 500)
    all_pairs = 1.2 * np.sqrt(((residents[:, None, :] - offers[None, :, :]) ** 2).sum(axis=2))
    expected = {(a, b) for a, b in zip(*np.nonzero(all_pairs <= 500), strict=True)}
    assert set(zip(i.tolist(), j.tolist(), strict=True)) == expected
    assert np.allclose(d, all_pairs[i, j])


def test_no_offers_means_no_nearest_distance():
    assert StraightLine().nearest([[0.0, 0.0]], np.empty((0, 2))).tolist() == [np.inf]
    assert all(len(a) == 0 for a in StraightLine().within([[0.0, 0.0]], np.empty((0, 2)), 500))


@pytest.mark.parametrize("detour", [0.9, 7, "1.3", None])
def test_detour_factor_must_be_plausible(detour):
    with pytest.raises(ValueError, match="detour factor must be a number from 1 to 5"):
        StraightLine(detour=detour)


def test_grid_points_lie_in_their_area_and_no_area_is_left_without_one():
    areas = gpd.GeoSeries(
        [
            shapely.box(0, 0, 1000, 1000),
            shapely.box(1000, 0, 2000, 800),
            shapely.box(0, 1000, 30, 1030),
        ],
        crs="EPSG:32632",
    )
    grid = area_grid(areas, spacing=100)
    counts = np.bincount(grid.area, minlength=3)
    assert counts.tolist() == [100, 80, 1]  # the 30 m square holds no centre: one point for it
    for (x, y), a in zip(grid.xy, grid.area, strict=True):
        assert areas.iloc[a].contains(shapely.Point(x, y))
    assert grid.note() == "regular grid of points 100 m apart over each area"


def test_population_layer_points_and_their_areas():
    cells = pd.DataFrame({"x_mp_100m": [4150050, 4150150, 4190050],
                          "y_mp_100m": [3050050, 3050050, 3050050],
                          "Einwohner": [12, "7", 0]})  # fmt: skip
    layer = population_points(cells, x="x_mp_100m", y="y_mp_100m", population="Einwohner")
    assert layer["population"].tolist() == [12, 7, 0]
    assert layer.crs.to_epsg() == 3035
    area = gpd.GeoSeries([shapely.box(4150000, 3050000, 4150200, 3050100)], crs=3035)
    demand = population_demand(layer, area.to_crs(32632))
    assert demand.area.tolist() == [0, 0, -1]  # the third cell lies in no area
    assert demand.weight.tolist() == [12.0, 7.0, 0.0]


@pytest.mark.parametrize("value", [-1, 2.5, "viele", None])
def test_population_must_be_whole_numbers(value):
    cells = pd.DataFrame({"x": [1.0], "y": [2.0], "population": [value]})
    with pytest.raises(ValueError, match="is not a whole number of at least 0"):
        population_points(cells)
