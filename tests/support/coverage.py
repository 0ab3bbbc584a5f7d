"""Small synthetic cities for the coverage tests: irregular areas, offers and residents."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

CRS = "EPSG:25832"
ORIGIN = (356000.0, 5645000.0)  # near Köln, metres in ETRS89 / UTM 32N


def voronoi_areas(rng: np.random.Generator, n: int = 12, size: float = 4000.0) -> gpd.GeoDataFrame:
    """``n`` irregular areas tiling a square of ``size`` metres, in WGS 84 like stored areas."""
    x0, y0 = ORIGIN
    frame = shapely.box(x0, y0, x0 + size, y0 + size)
    seeds = shapely.multipoints(rng.uniform([x0, y0], [x0 + size, y0 + size], (n, 2)))
    cells = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=frame))
    cells = shapely.intersection(cells, frame)
    codes = [f"{i + 1:02d}" for i in range(len(cells))]
    areas = gpd.GeoDataFrame(
        {"code": codes, "name": [f"Quartier {c}" for c in codes]}, geometry=cells, crs=CRS
    )
    return areas.to_crs("EPSG:4326")


def random_points(
    rng: np.random.Generator, n: int, size: float = 4000.0, margin: float = 0.0
) -> np.ndarray:
    """``n`` points (metres, EPSG:25832) over the square, ``margin`` metres beyond each side."""
    x0, y0 = ORIGIN
    low = [x0 - margin, y0 - margin]
    high = [x0 + size + margin, y0 + size + margin]
    return rng.uniform(low, high, (n, 2))


def offers_at(xy: np.ndarray, capacity=None, names=None) -> gpd.GeoDataFrame:
    """Offers at metric points, stored in WGS 84."""
    n = len(xy)
    frame = gpd.GeoDataFrame(
        {
            "row": np.arange(n),
            "name": names if names is not None else [f"Angebot {i}" for i in range(n)],
            "capacity": np.full(n, np.nan) if capacity is None else capacity,
        },
        geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]),
        crs=CRS,
    )
    return frame.to_crs("EPSG:4326")


#: A few streets written for the network tests (tests/data).
STREETS = Path(__file__).resolve().parents[1] / "data" / "coverage_streets.osm"
