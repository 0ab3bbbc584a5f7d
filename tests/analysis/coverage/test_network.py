"""Walking distances along a street network read from OSM files (XML and PBF)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import osmium
import pytest
import shapely
from scipy.sparse.csgraph import dijkstra

from analysis.coverage import StraightLine, coverage, read_street_network, street_network
from analysis.readers.errors import InputFileError
from tests.support.coverage import STREETS

E0, N0 = 356000.0, 5645000.0  # the file's nodes are round metres from here (EPSG:32632)


def at(*points: tuple[float, float]) -> np.ndarray:
    return np.array([[E0 + x, N0 + y] for x, y in points])


def test_network_distance_equals_the_hand_computed_path(network):
    """Offer at node 1 (0, 0), resident at node 6 (0, 400).

    The only walkable way round is 6 -> 5 -> 4 (Uferstraße, 300 + 300 m), 4 -> 3 (Brückenweg,
    400 m), 3 -> 2 -> 1 (Hauptstraße, 300 + 300 m): 1,600 m. The motorway 1-6 (400 m), the
    private drive 2-5 (path 1,000 m) and the cycle path 3-5 with foot=no (path 1,400 m) would
    all be shorter, so the figure also shows that they were left out. As the crow flies it is
    400 m, times the default detour factor 1.3 = 520 m: the network is 1,200 m longer than the
    straight line and 1,080 m longer than the straight-line estimate.
    """
    walked = network.nearest(at((0, 400)), at((0, 0)))[0]
    crow = StraightLine(detour=1.0).nearest(at((0, 400)), at((0, 0)))[0]
    estimate = StraightLine().nearest(at((0, 400)), at((0, 0)))[0]
    # Coordinates pass through OSM's 7 decimal places (about 1 cm).
    assert walked == pytest.approx(1600, abs=0.05)
    assert walked - crow == pytest.approx(1200, abs=0.05)
    assert walked - estimate == pytest.approx(1080, abs=0.05)


def test_nearest_of_several_offers_and_the_snapping_leg(network):
    offers = at((0, 0), (600, 400))  # nodes 1 and 4
    residents = at((0, 400), (300, 0), (0, 430), (300, 460))
    # node 6 -> 4: 600; node 2 -> 1: 300; 30 m off node 6: 30 + 600; 60 m off node 5: 60 + 300
    assert network.nearest(residents, offers) == pytest.approx([600, 300, 630, 360], abs=0.05)


def test_beyond_the_snapping_distance_or_on_a_separate_path_is_unreachable(network):
    offers = at((0, 0))
    residents = at((2000, 2000), (1000, 1000), (300, 150))
    # far from every way; on the Inselweg, not joined to the rest; 150 m from the nearest node
    assert network.nearest(residents, offers).tolist() == [np.inf, np.inf, np.inf]
    assert network.nearest(at((0, 400)), at((5000, 5000))).tolist() == [np.inf]


def test_pairs_within_a_radius(network):
    residents = at((0, 400), (300, 0), (600, 400))
    offers = at((0, 0), (600, 400))
    i, j, d = network.within(residents, offers, 650)
    found = sorted(zip(i.tolist(), j.tolist(), np.round(d, 1).tolist(), strict=True))
    # (0,400)-(600,400): 600; (300,0)-(0,0): 300; (600,400) is offer 1 itself: 0.
    # (300,0)-(600,400) is 500 m as the crow flies but 700 m walked: not within 650.
    assert found == [(0, 1, 600.0), (1, 0, 300.0), (2, 1, 0.0)]


def test_multi_source_dijkstra_equals_one_search_per_offer():
    rng = np.random.default_rng(3)
    side = 25
    gx, gy = np.meshgrid(np.arange(side) * 80.0, np.arange(side) * 80.0)
    nodes = np.column_stack([gx.ravel(), gy.ravel()]) + rng.normal(0, 10, (side * side, 2))
    index = np.arange(side * side).reshape(side, side)
    edges = np.vstack([
        np.column_stack([index[:, :-1].ravel(), index[:, 1:].ravel()]),
        np.column_stack([index[:-1, :].ravel(), index[1:, :].ravel()]),
    ])  # fmt: skip
    edges = edges[rng.random(len(edges)) > 0.15]  # some blocks have no through street
    net = street_network(nodes, edges, "EPSG:32632", max_snap_m=60)
    offers = rng.uniform(0, 1900, (12, 2))
    residents = rng.uniform(0, 1900, (300, 2))

    brute = np.full(len(residents), np.inf)
    r_node, r_snap = net.snap(residents)
    o_node, o_snap = net.snap(offers)
    for k in range(len(offers)):
        if np.isfinite(o_snap[k]):
            from_offer = dijkstra(net.graph, directed=False, indices=o_node[k])
            brute = np.minimum(brute, o_snap[k] + from_offer[r_node] + r_snap)
    assert np.allclose(net.nearest(residents, offers), brute, atol=1e-6)

    i, j, d = net.within(residents, offers, 400)
    pairs = {(a, b): c for a, b, c in zip(i.tolist(), j.tolist(), d.tolist(), strict=True)}
    for a in range(len(residents)):
        for b in range(len(offers)):
            path = o_snap[b] + dijkstra(net.graph, indices=o_node[b])[r_node[a]] + r_snap[a]
            if path <= 400:
                assert pairs.pop((a, b)) == pytest.approx(path, abs=1e-6)
    assert pairs == {}


def test_pbf_gives_the_same_network_as_xml(tmp_path, network):
    pbf = tmp_path / "streets.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(STREETS)):
            writer.add(obj)
    from_pbf = read_street_network(pbf, "EPSG:32632", max_snap_m=100)
    assert np.allclose(from_pbf.xy, network.xy)
    assert (from_pbf.graph != network.graph).nnz == 0
    assert from_pbf.params()["network_source"] == "streets.osm.pbf"


def test_unreadable_or_empty_files_are_clear_errors(tmp_path):
    not_osm = tmp_path / "streets.osm"
    not_osm.write_text("Name;Straße\nKita;Hauptstraße\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a readable OpenStreetMap file"):
        read_street_network(not_osm, "EPSG:32632")
    no_ways = tmp_path / "buildings.osm"
    no_ways.write_text(
        '<osm version="0.6"><node id="1" lat="50.9" lon="6.9"/><node id="2" lat="50.91" '
        'lon="6.9"/><way id="1"><nd ref="1"/><nd ref="2"/><tag k="building" v="yes"/></way></osm>',
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match="no walkable streets"):
        read_street_network(no_ways, "EPSG:32632")
    with pytest.raises(InputFileError, match=r"only OpenStreetMap files \(.osm or .osm.pbf\)"):
        read_street_network(tmp_path / "streets.geojson", "EPSG:32632")
    with pytest.raises(InputFileError, match="does not exist"):
        read_street_network(tmp_path / "missing.osm.pbf", "EPSG:32632")


def test_every_result_names_the_distance_used(network):
    assert network.params()["method"] == "network"
    assert "street network (coverage_streets.osm)" in network.params()["distance_note"]
    assert "100 m" in network.note
    assert StraightLine(detour=1.25).params() == {
        "method": "straight_line",
        "detour": 1.25,
        "distance_note": "straight line × 1.25 (detour factor)",
    }


def test_coverage_table_along_the_network(network):
    """Residents: 10 at node 6 (0, 400), 5 at node 2 (300, 0); one Kita at node 1 (0, 0).

    nearest_m = (10 × 1,600 + 5 × 300) / 15 = 1,166.7 m; within 500 m: only the 5 at node 2.
    """
    crs = "EPSG:32632"
    area = gpd.GeoDataFrame(
        {"code": ["1"], "name": ["Am Fluss"]},
        geometry=[shapely.box(E0 - 50, N0 - 50, E0 + 650, N0 + 450)],
        crs=crs,
    )
    people = gpd.GeoDataFrame(
        {"population": [10, 5]},
        geometry=gpd.points_from_xy([E0, E0 + 300], [N0 + 400, N0]),
        crs=crs,
    )
    kita = gpd.GeoDataFrame(
        {"name": ["Kita"], "capacity": [20.0]}, geometry=gpd.points_from_xy([E0], [N0]), crs=crs
    )
    result = coverage(area, kita, distance_m=500, model=network, population=people)
    row = result.table.iloc[0]
    assert row["nearest_m"] == pytest.approx((10 * 1600 + 5 * 300) / 15, abs=0.05)
    assert row["share_within_pop"] == pytest.approx(5 / 15)
    assert result.params["method"] == "network"
    assert result.params["distance_note"] == network.note
