"""Benchmark the coverage figures of one category on a synthetic city (issue 15, point 7).

A square city of 30 × 30 km (about Berlin's 891 km²) cut into 542 irregular areas, 3,000 offers
with capacities, a population layer of 100 m cells (90,000 points, about 3.6 million people) and
a target group per area. Times every figure of :func:`analysis.coverage.coverage` with
straight-line distances, then with a walking network: a grid-like street network of about
75,000 nodes written as ``.osm.pbf`` (no real extract is available offline), read back with
:func:`analysis.coverage.read_street_network`. Targets on a 2-core machine: straight line
< 10 s, with the network < 60 s (reading the network included).

    python bench/coverage.py [--areas 542] [--offers 3000] [--cell 100] [--street 110]

Figures measured on the project's machines: bench/README.md.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import numpy as np
import osmium
import pandas as pd
import shapely
from pyproj import Transformer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.coverage import coverage, read_offer_points, read_street_network  # noqa: E402
from analysis.coverage.files import read_network_parts  # noqa: E402
from analysis.coverage.network_blob import (  # noqa: E402
    network_from_parts,
    pack_network,
    unpack_network,
)

CRS = "EPSG:32632"
X0, Y0 = 370000.0, 5630000.0


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def stage(name: str, results: dict):
    start, cpu = time.perf_counter(), time.process_time()
    yield
    results[name] = seconds = time.perf_counter() - start
    print(
        f"{name:<46} {seconds:7.2f} s  (CPU {time.process_time() - cpu:6.2f} s)  "
        f"peak memory {peak_mb():6.0f} MB",
        flush=True,
    )


def city(rng: np.random.Generator, n_areas: int, size: float) -> gpd.GeoDataFrame:
    frame = shapely.box(X0, Y0, X0 + size, Y0 + size)
    seeds = shapely.multipoints(rng.uniform([X0, Y0], [X0 + size, Y0 + size], (n_areas, 2)))
    cells = shapely.intersection(
        shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=frame)), frame
    )
    codes = [f"{i:08d}" for i in range(1, len(cells) + 1)]  # Berlin-like 8-digit keys
    areas = gpd.GeoDataFrame({"code": codes, "name": codes}, geometry=cells, crs=CRS)
    return areas.to_crs("EPSG:4326")


def population(rng: np.random.Generator, size: float, cell: float) -> gpd.GeoDataFrame:
    centres = np.arange(cell / 2, size, cell)
    gx, gy = np.meshgrid(X0 + centres, Y0 + centres)
    people = rng.poisson(40, gx.size)
    return gpd.GeoDataFrame(
        {"population": people}, geometry=gpd.points_from_xy(gx.ravel(), gy.ravel()), crs=CRS
    )


def offer_table(rng: np.random.Generator, n: int, size: float) -> pd.DataFrame:
    """As the planner's CSV would arrive: latitude/longitude as text with decimal commas."""
    xy = rng.uniform([X0, Y0], [X0 + size, Y0 + size], (n, 2))
    lon, lat = Transformer.from_crs(CRS, 4326, always_xy=True).transform(xy[:, 0], xy[:, 1])
    return pd.DataFrame(
        {
            "Name": [f"Kita {i}" for i in range(n)],
            "Breite": [f"{v:.6f}".replace(".", ",") for v in lat],
            "Länge": [f"{v:.6f}".replace(".", ",") for v in lon],
            "Plätze": rng.integers(20, 120, n).astype(str),
        }
    )


def write_street_grid(path: Path, rng: np.random.Generator, size: float, street: float) -> int:
    """A grid of streets ``street`` m apart with jittered crossings and 10 % of blocks merged."""
    side = int(size // street) + 1
    gx, gy = np.meshgrid(X0 + np.arange(side) * street, Y0 + np.arange(side) * street)
    xy = np.column_stack([gx.ravel(), gy.ravel()]) + rng.normal(0, street / 8, (side * side, 2))
    lon, lat = Transformer.from_crs(CRS, 4326, always_xy=True).transform(xy[:, 0], xy[:, 1])
    index = np.arange(side * side).reshape(side, side)
    edges = np.vstack(
        [
            np.column_stack([index[:, :-1].ravel(), index[:, 1:].ravel()]),
            np.column_stack([index[:-1, :].ravel(), index[1:, :].ravel()]),
        ]
    )
    edges = edges[rng.random(len(edges)) > 0.1]
    kinds = rng.choice(["residential", "footway", "tertiary", "service"], len(edges))
    with osmium.SimpleWriter(str(path)) as writer:
        for i in range(side * side):
            writer.add_node(osmium.osm.mutable.Node(id=i + 1, location=(lon[i], lat[i])))
        for k, ((a, b), kind) in enumerate(zip(edges, kinds, strict=True)):
            writer.add_way(
                osmium.osm.mutable.Way(id=k + 1, nodes=[a + 1, b + 1], tags={"highway": kind})
            )
    return side * side


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=542)
    parser.add_argument("--offers", type=int, default=3000)
    parser.add_argument("--size", type=float, default=30000.0, help="side of the city in metres")
    parser.add_argument("--cell", type=float, default=100.0, help="population cell in metres")
    parser.add_argument("--street", type=float, default=110.0, help="street spacing in metres")
    parser.add_argument("--distance", type=float, default=500.0)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(15)
    results: dict[str, float] = {}

    areas = city(rng, args.areas, args.size)
    people = population(rng, args.size, args.cell)
    table = offer_table(rng, args.offers, args.size)
    print(
        f"{len(areas)} areas, {len(table)} offers, {len(people)} population points "
        f"({people['population'].sum():,} people)",
        flush=True,
    )
    with stage("read + check offers (CSV-like text)", results):
        offers = read_offer_points(
            table, lat="Breite", lon="Länge", name="Name", capacity="Plätze"
        ).offers
    target = pd.Series(rng.integers(100, 900, len(areas)), index=areas["code"])

    with stage("straight line: all figures", results):
        straight = coverage(
            areas, offers, distance_m=args.distance, target=target, population=people
        )
    with tempfile.TemporaryDirectory() as tmp:
        pbf = Path(tmp) / "streets.osm.pbf"
        nodes = write_street_grid(pbf, rng, args.size, args.street)
        print(f"street network: {nodes} nodes, {pbf.stat().st_size / 1e6:.1f} MB .osm.pbf")
        with stage("network: read .osm.pbf + build graph", results):
            network = read_street_network(pbf, CRS)
        # The web's way: the confined worker reads the upload, the network is kept as a blob
        # in the database, and each process builds its graph from the blob once.
        with stage("web: worker reads the upload + blob", results):
            parts = read_network_parts(pbf)
            blob = pack_network(parts.lonlat, parts.pairs)
        print(f"stored network: {len(blob) / 1e6:.1f} MB blob")
    with stage("web: blob -> graph (once per process)", results):
        stored = network_from_parts(unpack_network(blob), CRS)
    assert (stored.graph != network.graph).nnz == 0
    with stage("network: all figures", results):
        walked = coverage(
            areas,
            offers,
            distance_m=args.distance,
            model=network,
            target=target,
            population=people,
        )
    results["network total"] = (
        results["network: read .osm.pbf + build graph"] + results["network: all figures"]
    )
    print(f"{'network total (read + figures)':<46} {results['network total']:7.2f} s")
    for name, result in (("straight line", straight), ("network", walked)):
        t = result.table
        print(
            f"{name}: median nearest {t['nearest_m'].median():.0f} m, share within "
            f"{t['share_within_pop'].median():.2f}, unreachable "
            f"{t['unreachable_share'].mean():.3f}, 2SFCA per 1,000 {t['supply_2sfca'].median():.1f}"
        )
    return results


if __name__ == "__main__":
    main()
