"""White spots: the parts of each area beyond the distance, exact or on grid cells."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
import shapely

from analysis.coverage import StraightLine, coverage, street_network, white_spots
from tests.support.coverage import CRS, offers_at, random_points, voronoi_areas


def square_areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": ["1", "2"], "name": ["Nord", "Süd"]},
        geometry=[shapely.box(0, 1000, 1000, 2000), shapely.box(0, 0, 1000, 1000)],
        crs="EPSG:32632",
    )


def test_straight_line_white_spots_are_the_area_outside_the_circles():
    """One offer in the centre of Nord (500, 1500), 390 m with detour 1.3 = 300 m as the crow flies.

    Nord: white = 1 km² − π·300² m² = 1 − 0.2827 km²; Süd: entirely white (its nearest point is
    500 m away as the crow flies). The circle is drawn with 64 segments (0.16 % less area).
    """
    spots = white_spots(square_areas(), np.array([[500.0, 1500.0]]), distance_m=390)
    reached = math.pi * 300**2 / 1e6
    assert spots["white_km2"].tolist() == pytest.approx([1 - reached, 1.0], rel=2e-3)
    assert spots["white_share"].tolist() == pytest.approx([1 - reached, 1.0], rel=2e-3)
    assert spots["area_km2"].tolist() == pytest.approx([1.0, 1.0])
    # No white point lies within reach, every point of the area outside reach is white.
    nord = spots.geometry.iloc[0]
    assert not nord.contains(shapely.Point(500, 1500).buffer(299))
    assert nord.contains(shapely.Point(100, 1100))
    assert spots.geometry.iloc[1].equals(shapely.box(0, 0, 1000, 1000))


def test_network_white_spots_are_the_cells_whose_centre_is_beyond_reach():
    """A 1 km square in 100 m cells; one street along y = 50 (nodes at x = 50, 150, … 950).

    The offer sits on the street at (50, 50); distance 600 m; points join the street up to
    120 m away. Bottom row (centres on the street): x − 50 ≤ 600 for x = 50 … 650, 7 cells
    reached. Second row (100 m off the street): 100 + x − 50 ≤ 600 for x = 50 … 550, 6 cells.
    Higher rows are farther than 120 m from the street: unreachable, white. White share 87 %.
    The centre (350, 350) is 424 m from the offer as the crow flies (× 1.3 = 551 m, reached),
    but white along the network.
    """
    nodes = np.array([[x, 50.0] for x in range(50, 1000, 100)])
    edges = np.array([[i, i + 1] for i in range(len(nodes) - 1)])
    net = street_network(nodes, edges, "EPSG:32632", max_snap_m=120)
    area = gpd.GeoDataFrame(
        {"code": ["1"], "name": ["Block"]},
        geometry=[shapely.box(0, 0, 1000, 1000)],
        crs="EPSG:32632",
    )
    offer = np.array([[50.0, 50.0]])
    spots = white_spots(area, offer, distance_m=600, model=net, spacing_m=100)

    expected = (
        shapely.box(0, 0, 1000, 1000) - shapely.box(0, 0, 700, 100) - shapely.box(0, 100, 600, 200)
    )
    assert spots.geometry.iloc[0].symmetric_difference(expected).area == pytest.approx(0, abs=1e-6)
    assert spots["white_share"].iloc[0] == pytest.approx(0.87)
    assert StraightLine().nearest([[350.0, 350.0]], offer)[0] < 600
    assert spots.geometry.iloc[0].contains(shapely.Point(350, 350))


def test_table_share_within_and_white_spots_are_one_figure():
    rng = np.random.default_rng(9)
    areas = voronoi_areas(rng, n=10)
    offers = offers_at(random_points(rng, 25), capacity=np.full(25, 30.0))
    result = coverage(areas, offers, distance_m=450)
    assert result.table["share_within"].to_numpy() == pytest.approx(
        1 - result.white_spots["white_share"].to_numpy()
    )
    assert result.white_spots.crs.to_epsg() == 4326
    # the white parts lie inside their areas and outside every offer's reach
    metric = result.white_spots.to_crs(result.params["crs"])
    reach = shapely.union_all(
        offers.to_crs(result.params["crs"]).geometry.buffer(450 / 1.3 - 0.5).values
    )
    assert not metric.geometry.intersects(reach).any()
    assert result.table["white_km2"].sum() == pytest.approx(metric.area.sum() / 1e6)


def test_no_offers_leaves_every_area_white():
    spots = white_spots(square_areas(), np.empty((0, 2)), distance_m=500, model=StraightLine())
    assert spots["white_share"].tolist() == [1.0, 1.0]


def test_geometries_stay_with_their_areas():
    spots = white_spots(square_areas(), np.array([[500.0, 1500.0]]), distance_m=390)
    assert spots["area_code"].tolist() == ["1", "2"]
    assert spots["area_name"].tolist() == ["Nord", "Süd"]
    assert spots.crs == CRS or spots.crs.to_epsg() == 32632
