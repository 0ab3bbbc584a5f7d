"""White spots: the parts of each area farther than a chosen distance from every offer.

With straight-line distances the reached part is exact: the union of circles of radius
``distance / detour`` around the offers. Along a street network reach is not a circle, so the
areas are covered by square cells ``spacing_m`` wide and a cell is white when its centre is
farther than the distance from every offer; the result is as fine as the cells.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from analysis.coverage.distance import StraightLine
from analysis.coverage.network import StreetNetwork

__all__ = ["white_spots"]


def _reached_by_circles(offers_xy: np.ndarray, radius: float) -> shapely.Geometry:
    circles = shapely.buffer(shapely.points(offers_xy), radius, quad_segs=16)
    return shapely.union_all(circles)


def _white_cells(
    areas: gpd.GeoSeries,
    offers_xy: np.ndarray,
    distance_m: float,
    model: StreetNetwork,
    spacing: float,
) -> shapely.Geometry:
    xmin, ymin, xmax, ymax = areas.total_bounds
    xs = np.arange(xmin, xmax, spacing)
    ys = np.arange(ymin, ymax, spacing)
    gx, gy = (a.ravel() for a in np.meshgrid(xs, ys))
    cells = shapely.box(gx, gy, gx + spacing, gy + spacing)
    near = areas.sindex.query(cells, predicate="intersects")[0]
    cells = cells[np.unique(near)]
    centres = shapely.get_coordinates(shapely.centroid(cells))
    far = model.nearest(centres, offers_xy) > distance_m
    # The cells do not overlap, so the fast coverage union applies.
    return shapely.coverage_union_all(cells[far])


def white_spots(
    areas: gpd.GeoDataFrame,
    offers_xy: np.ndarray,
    *,
    distance_m: float,
    model: StraightLine | StreetNetwork | None = None,
    spacing_m: float = 100.0,
) -> gpd.GeoDataFrame:
    """Per area, the part farther than ``distance_m`` from every offer.

    Parameters
    ----------
    areas : GeoDataFrame
        Columns ``code``, ``name`` and polygons in a metric CRS (the model's).
    offers_xy : ndarray (n, 2)
        Offers in the same CRS.
    distance_m : float
    model : StraightLine or StreetNetwork, default StraightLine()
    spacing_m : float
        Cell width for network distances.

    Returns
    -------
    GeoDataFrame
        ``area_code``, ``area_name``, ``area_km2``, ``white_km2``, ``white_share`` (0..1) and the
        white part as geometry (empty where none), in the areas' CRS.

    Examples
    --------
    A 1 km square with one offer in a corner, reached up to 500 m as the crow flies:

    >>> areas = gpd.GeoDataFrame({"code": ["1"], "name": ["Nord"]},
    ...                          geometry=[shapely.box(0, 0, 1000, 1000)], crs="EPSG:32632")
    >>> spots = white_spots(areas, np.array([[0.0, 0.0]]), distance_m=500,
    ...                     model=StraightLine(detour=1.0))
    >>> round(float(spots["white_share"].iloc[0]), 3)  # 1 - pi/16
    0.804
    """
    model = StraightLine() if model is None else model
    if not distance_m > 0:
        raise ValueError(f"the distance must be a positive number of metres, not {distance_m!r}.")
    geometry = areas.geometry
    if len(offers_xy) == 0:
        white = geometry.values
    elif isinstance(model, StraightLine):
        white = shapely.difference(
            geometry.values, _reached_by_circles(offers_xy, distance_m / model.detour)
        )
    else:
        white = shapely.intersection(
            geometry.values, _white_cells(geometry, offers_xy, distance_m, model, spacing_m)
        )
    area_m2 = geometry.area.to_numpy()
    white_m2 = shapely.area(white)
    return gpd.GeoDataFrame(
        {
            "area_code": areas["code"].astype("string").to_numpy(),
            "area_name": areas["name"].to_numpy(),
            "area_km2": area_m2 / 1e6,
            "white_km2": white_m2 / 1e6,
            # Clipped: the difference of polygons can exceed the area by rounding (1e-16).
            "white_share": np.clip(
                np.divide(white_m2, area_m2, out=np.zeros(len(areas)), where=area_m2 > 0), 0, 1
            ),
        },
        geometry=white,
        crs=areas.crs,
    )
