"""Supply per area: counts, capacity, places per 1,000, nearest distance, 2SFCA."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.coverage import StraightLine, coverage, coverage_columns, two_step_fca
from tests.support.coverage import CRS, ORIGIN, offers_at, random_points, voronoi_areas

X0, Y0 = ORIGIN


def test_two_step_fca_on_a_hand_computed_example():
    """Three demand points on a line, two offers, catchment 500 m.

    Persons P1 = 100 at x = 0, P2 = 50 at x = 600, P3 = 50 at x = 1400; offers A (20 places)
    at x = 200 and B (10 places) at x = 1000. Within 500 m: P1-A (200), P2-A (400), P2-B (400),
    P3-B (400). Step 1: R_A = 20 / (100 + 50) = 0.1333, R_B = 10 / (50 + 50) = 0.1.
    Step 2: A1 = R_A = 0.1333, A2 = R_A + R_B = 0.2333, A3 = R_B = 0.1 places per person.
    All 30 places are shared out: 100 × 0.1333 + 50 × 0.2333 + 50 × 0.1 = 30.
    """
    demand = np.array([100.0, 50.0, 50.0])
    pairs = StraightLine(detour=1.0).within(
        np.array([[0.0, 0.0], [600.0, 0.0], [1400.0, 0.0]]),
        np.array([[200.0, 0.0], [1000.0, 0.0]]),
        500,
    )
    access = two_step_fca(demand, np.array([20.0, 10.0]), pairs, catchment_m=500)
    assert access == pytest.approx([20 / 150, 20 / 150 + 0.1, 0.1])
    assert (demand * access).sum() == pytest.approx(30)


def test_two_step_fca_with_gaussian_decay_by_hand():
    """The same layout with w(d) = (exp(-d²/2·500²) - exp(-1/2)) / (1 - exp(-1/2)).

    w(200) = (0.923116 - 0.606531) / 0.393469 = 0.804603; w(400) = 0.304010.
    R_A = 20 / (100 × 0.804603 + 50 × 0.304010) = 0.209073; R_B = 10 / (100 × 0.304010) = 0.328936.
    A1 = 0.804603 × R_A = 0.168219; A2 = 0.304010 × (R_A + R_B) = 0.163560; A3 = 0.304010 × R_B
    = 0.1 (all of B's ten places go to P2 and P3, 50 persons each, equally far).
    """
    demand = np.array([100.0, 50.0, 50.0])
    pairs = StraightLine(detour=1.0).within(
        np.array([[0.0, 0.0], [600.0, 0.0], [1400.0, 0.0]]),
        np.array([[200.0, 0.0], [1000.0, 0.0]]),
        500,
    )
    access = two_step_fca(demand, np.array([20.0, 10.0]), pairs, catchment_m=500, decay="gaussian")
    assert access == pytest.approx([0.168219, 0.163560, 0.1], rel=1e-5)
    assert (demand * access).sum() == pytest.approx(30)


def line_city():
    """The hand example as two areas (West 0-1000 m, Ost 1000-2000 m) with a population layer."""
    areas = gpd.GeoDataFrame(
        {"code": ["W", "O"], "name": ["West", "Ost"]},
        geometry=[
            shapely.box(X0, Y0, X0 + 1000, Y0 + 1000),
            shapely.box(X0 + 1000, Y0, X0 + 2000, Y0 + 1000),
        ],
        crs=CRS,
    )
    people = gpd.GeoDataFrame(
        {"population": [100, 50, 50]},
        geometry=gpd.points_from_xy([X0 + 100, X0 + 700, X0 + 1500], [Y0 + 500] * 3),
        crs=CRS,
    )
    offers = offers_at(
        np.array([[X0 + 300, Y0 + 500], [X0 + 1100, Y0 + 500]]), capacity=[20.0, 10.0]
    )
    return areas, people, offers


def test_area_figures_on_the_hand_example():
    """Per area, from the hand example (P1, P2 and A in West; B and P3 in Ost).

    places per 1,000 children: West 20 / 150 = 133.3, Ost 10 / 50 = 200;
    nearest (population-weighted): West (100 × 200 + 50 × 400) / 150 = 266.7, Ost 400;
    2SFCA per 1,000: West (100 × 0.1333 + 50 × 0.2333) / 150 = 166.7 (B in Ost serves P2 in
    West), Ost 0.1 × 1000 = 100.
    """
    areas, people, offers = line_city()
    result = coverage(
        areas,
        offers,
        distance_m=500,
        model=StraightLine(detour=1.0),
        target={"W": 150, "O": 50},
        population=people,
    )
    t = result.table.set_index("area_code")
    assert t["offers"].tolist() == [1, 1]
    assert t["capacity"].tolist() == [20.0, 10.0]
    assert t["per_1000"].tolist() == pytest.approx([1000 * 20 / 150, 200.0])
    assert t["nearest_m"].tolist() == pytest.approx([800 / 3, 400.0], abs=1e-6)
    assert t["supply_2sfca"].tolist() == pytest.approx([1000 * 25 / 150, 100.0])
    assert t["share_within_pop"].tolist() == [1.0, 1.0]
    assert result.params["supply"] == "capacity"
    assert result.params["demand"] == "population layer of 3 points"

    closer = coverage(
        areas, offers, distance_m=300, model=StraightLine(detour=1.0), population=people
    )
    # within 300 m: P1 (200 m) yes, P2 (400 m) no; P3 (400 m) no
    assert closer.table["share_within_pop"].tolist() == pytest.approx([100 / 150, 0.0])
    assert closer.table["white_share_pop"].tolist() == pytest.approx([50 / 150, 1.0])


def test_counts_capacity_nearest_and_shares_on_a_random_city():
    rng = np.random.default_rng(151)
    areas = voronoi_areas(rng, n=20)
    offer_xy = random_points(rng, 120, margin=400)
    capacity = rng.integers(10, 80, len(offer_xy)).astype(float)
    people_xy = random_points(rng, 2000)
    people = gpd.GeoDataFrame(
        {"population": rng.integers(0, 40, len(people_xy))},
        geometry=gpd.points_from_xy(people_xy[:, 0], people_xy[:, 1]),
        crs=CRS,
    )
    result = coverage(
        areas, offers_at(offer_xy, capacity=capacity), distance_m=400, population=people
    )
    table = result.table.set_index("area_code")
    metric = areas.to_crs(result.params["crs"]).set_index("code").geometry

    def metric_xy(xy):
        points = gpd.GeoSeries(gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=CRS).to_crs(metric.crs)
        return np.column_stack([points.x, points.y])

    # counts and capacity per area by an independent point-in-polygon loop
    offers_m = metric_xy(offer_xy)
    home = [
        next((c for c, g in metric.items() if g.contains(shapely.Point(p))), None) for p in offers_m
    ]
    for code in metric.index:
        mine = [k for k, h in enumerate(home) if h == code]
        assert table.loc[code, "offers"] == len(mine)
        assert table.loc[code, "capacity"] == capacity[mine].sum()
    # total capacity is preserved: areas + outside = input
    assert table["capacity"].sum() + result.params["capacity_outside"] == capacity.sum()
    assert result.params["offers_outside"] == sum(h is None for h in home) > 0
    assert len(result.outside) == result.params["offers_outside"]

    # nearest distance and share within 400 m by brute force over all pairs (offers inside only)
    inside = np.array([h is not None for h in home])
    people_m = metric_xy(people_xy)
    all_pairs = np.sqrt(((people_m[:, None, :] - offers_m[None, inside, :]) ** 2).sum(axis=2))
    nearest = 1.3 * all_pairs.min(axis=1)
    weight = people["population"].to_numpy(float)
    for code, geometry in metric.items():
        mine = np.array([geometry.contains(shapely.Point(p)) for p in people_m])
        w = weight[mine]
        assert table.loc[code, "nearest_m"] == pytest.approx((nearest[mine] * w).sum() / w.sum())
        within = (w * (nearest[mine] <= 400)).sum() / w.sum()
        assert table.loc[code, "share_within_pop"] == pytest.approx(within)


def test_every_result_says_which_distance_was_used():
    areas, people, offers = line_city()
    result = coverage(areas, offers, model=StraightLine(detour=1.2))
    assert result.params["method"] == "straight_line"
    assert result.params["detour"] == 1.2
    assert result.params["distance_note"] == "straight line × 1.2 (detour factor)"
    assert result.params["demand"] == "regular grid of points 100 m apart over each area"
    assert list(result.table.columns) == coverage_columns()
    for column in ["area_code", "area_name", "offers", "capacity", "per_1000", "nearest_m",
                   "share_within", "supply_2sfca"]:  # fmt: skip
        assert column in result.table.columns


def test_without_capacities_each_offer_counts_once_and_missing_capacities_are_counted():
    areas, people, offers = line_city()
    offers["capacity"] = [20.0, np.nan]
    result = coverage(areas, offers, target={"W": 150, "O": 50}, per=100)
    assert result.params["supply"] == "offers"
    assert result.table["capacity_missing"].tolist() == [0, 1]
    assert result.table["per_100"].tolist() == pytest.approx([100 / 150, 2.0])


def test_offers_outside_serve_only_when_asked():
    areas, people, _ = line_city()
    outside = offers_at(np.array([[X0 - 100, Y0 + 500]]), capacity=[30.0])
    alone = coverage(areas, outside, model=StraightLine(detour=1.0), population=people)
    assert alone.table["offers"].tolist() == [0, 0]
    assert np.isnan(alone.table["nearest_m"]).all()
    assert alone.table["unreachable_share"].tolist() == [1.0, 1.0]
    assert alone.table["share_within"].tolist() == [0.0, 0.0]
    shared = coverage(
        areas, outside, model=StraightLine(detour=1.0), population=people, include_outside=True
    )
    assert shared.table["offers"].tolist() == [0, 0]  # still counted in no area
    assert shared.table.loc[0, "nearest_m"] == pytest.approx((100 * 200 + 50 * 800) / 150)
    assert shared.params["include_outside"] is True


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"distance_m": 0}, "distance must be a positive number of metres"),
        ({"distance_m": "500"}, "distance must be a positive number of metres"),
        ({"per": 10}, "per 100 or per 1000 persons"),
        ({"decay": "linear"}, "distance decay must be one of"),
    ],
)
def test_wrong_settings_are_clear_sentences(kwargs, message):
    areas, _, offers = line_city()
    with pytest.raises(ValueError, match=message):
        coverage(areas, offers, **kwargs)


def test_target_group_without_population_layer_is_spread_over_the_grid():
    areas, _, offers = line_city()
    result = coverage(areas, offers, distance_m=500, model=StraightLine(detour=1.0),
                      target=pd.Series({"W": 100.0, "O": 100.0}))  # fmt: skip
    # Each area's 100 children are spread evenly over its 100 grid points; both offers have
    # children within 500 m, so all 30 places are shared out: the area figures add up to 30.
    t = result.table
    assert (t["supply_2sfca"] * t["target_population"] / 1000).sum() == pytest.approx(30)
    assert t["supply_2sfca"].gt(0).all()
    assert result.params["demand"] == "regular grid of points 100 m apart over each area"


def test_target_figures_that_match_no_area_or_are_missing_are_reported():
    areas, _, offers = line_city()
    result = coverage(areas, offers, target={"W": 150, "X": 40})
    assert result.params["target_missing"] == ["O"]
    assert result.params["target_unknown"] == ["X"]
    assert np.isnan(result.table.loc[1, "per_1000"])
    with pytest.raises(ValueError, match="target group must be a number of at least 0"):
        coverage(areas, offers, target={"W": -5, "O": 10})
    with pytest.raises(ValueError, match="target group must be a number of at least 0"):
        coverage(areas, offers, target={"W": "viele", "O": 10})
