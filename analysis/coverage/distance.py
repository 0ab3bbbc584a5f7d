"""Straight-line distances in a metric CRS, and the points that stand for an area's residents.

A distance model answers two questions for arrays of metric coordinates: how far is each origin
from its nearest target (:meth:`StraightLine.nearest`), and which origin-target pairs lie within a
radius (:meth:`StraightLine.within`, for the 2SFCA catchments). The street network in
:mod:`analysis.coverage.network` answers the same two questions along walkable ways, so every
figure in :mod:`analysis.coverage.table` works with either model and states which one it used.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from scipy.spatial import cKDTree

__all__ = [
    "DEFAULT_DETOUR",
    "DemandPoints",
    "StraightLine",
    "area_grid",
    "area_of_points",
    "metric_crs",
    "population_demand",
    "population_points",
]

# Walking routes in German cities are typically 1.2-1.4 times the straight line; 1.3 is the
# middle of that range and a common planning default. It is a parameter, and every result
# names the factor it used.
DEFAULT_DETOUR = 1.3


def metric_crs(frame: gpd.GeoDataFrame) -> CRS:
    """The UTM zone (WGS 84) that holds the frame's centre: metres, small distortion locally.

    Examples
    --------
    >>> areas = gpd.GeoDataFrame(geometry=[shapely.box(6.9, 50.9, 7.0, 51.0)], crs="EPSG:4326")
    >>> metric_crs(areas).to_epsg()
    32632
    """
    if not isinstance(frame, gpd.GeoDataFrame) or frame.crs is None:
        raise ValueError("the areas need a coordinate reference system (CRS).")
    return frame.estimate_utm_crs()


def _xy(points: object) -> np.ndarray:
    array = np.asarray(points, dtype="float64")
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError("coordinates must be an array of shape (n, 2).")
    return array


@dataclass(frozen=True)
class StraightLine:
    """Straight-line distance in a metric CRS multiplied by a detour factor.

    Parameters
    ----------
    detour : float
        Factor (at least 1) from the straight line to a walked route; :data:`DEFAULT_DETOUR`.

    Examples
    --------
    >>> model = StraightLine(detour=1.5)
    >>> model.nearest([[0, 0], [3, 14]], [[3, 4]]).tolist()
    [7.5, 15.0]
    >>> model.note
    'straight line × 1.5 (detour factor)'
    """

    detour: float = DEFAULT_DETOUR
    method = "straight_line"

    def __post_init__(self) -> None:
        if not isinstance(self.detour, int | float) or not 1 <= self.detour <= 5:
            raise ValueError(
                f"the detour factor must be a number from 1 to 5, not {self.detour!r}."
            )

    @property
    def note(self) -> str:
        """One line for every figure: which distance was used."""
        return f"straight line × {self.detour:g} (detour factor)"

    def params(self) -> dict:
        """The model's settings, recorded with every result."""
        return {"method": self.method, "detour": float(self.detour), "distance_note": self.note}

    def nearest(self, origins: object, targets: object) -> np.ndarray:
        """Distance (m) from each origin to its nearest target; ``inf`` without targets."""
        origins, targets = _xy(origins), _xy(targets)
        if len(targets) == 0:
            return np.full(len(origins), np.inf)
        distance, _ = cKDTree(targets).query(origins)
        return distance * self.detour

    def within(
        self, origins: object, targets: object, radius: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs (origin index, target index, distance m) no farther apart than ``radius``."""
        origins, targets = _xy(origins), _xy(targets)
        if len(origins) == 0 or len(targets) == 0:
            empty = np.array([], dtype="int64")
            return empty, empty, np.array([], dtype="float64")
        pairs = cKDTree(origins).sparse_distance_matrix(
            cKDTree(targets), radius / self.detour, output_type="ndarray"
        )
        return (
            pairs["i"].astype("int64"),
            pairs["j"].astype("int64"),
            pairs["v"] * self.detour,
        )


@dataclass
class DemandPoints:
    """Points standing for an area's residents, in a metric CRS.

    ``xy`` (n, 2) metres; ``area`` the position of each point's area in the areas frame
    (-1: in no area); ``weight`` residents per point (``kind="population"``) or 1 per grid
    cell (``kind="grid"``, ``spacing`` metres apart).
    """

    xy: np.ndarray
    area: np.ndarray
    weight: np.ndarray
    kind: str
    spacing: float | None = None

    def note(self) -> str:
        """How the residents' places were modelled, for the result's parameters."""
        if self.kind == "population":
            return f"population layer of {len(self.xy)} points"
        return f"regular grid of points {self.spacing:g} m apart over each area"


def area_of_points(points: np.ndarray, areas: gpd.GeoSeries) -> np.ndarray:
    """Position of the (first) area containing each point, -1 for none."""
    found = np.full(len(points), -1, dtype="int64")
    if len(points) == 0:
        return found
    geoms = shapely.points(points)
    point_i, area_i = areas.sindex.query(geoms, predicate="intersects")
    # A point on a shared border touches two areas; the first in the areas' order takes it
    # so that every point counts once.
    order = np.lexsort((area_i, point_i))
    point_i, area_i = point_i[order], area_i[order]
    first = np.unique(point_i, return_index=True)[1]
    found[point_i[first]] = area_i[first]
    return found


def area_grid(areas: gpd.GeoSeries, spacing: float = 100.0) -> DemandPoints:
    """Cell centres of a regular grid over the areas (metric CRS), each tagged with its area.

    An area too small to hold a centre gets its representative point, so no area is left out.

    Examples
    --------
    >>> square = gpd.GeoSeries([shapely.box(0, 0, 300, 200)], crs="EPSG:32632")
    >>> grid = area_grid(square, spacing=100)
    >>> len(grid.xy), grid.area.tolist()
    (6, [0, 0, 0, 0, 0, 0])
    """
    if not spacing > 0:
        raise ValueError(f"the grid spacing must be a positive number of metres, not {spacing!r}.")
    xmin, ymin, xmax, ymax = areas.total_bounds
    xs = np.arange(xmin + spacing / 2, xmax, spacing)
    ys = np.arange(ymin + spacing / 2, ymax, spacing)
    gx, gy = np.meshgrid(xs, ys)
    xy = np.column_stack([gx.ravel(), gy.ravel()])
    area = area_of_points(xy, areas)
    xy, area = xy[area >= 0], area[area >= 0]
    missing = np.setdiff1d(np.arange(len(areas)), area)
    if len(missing):
        extra = shapely.get_coordinates(areas.iloc[missing].representative_point().values)
        xy, area = np.vstack([xy, extra]), np.concatenate([area, missing])
    return DemandPoints(xy, area, np.ones(len(xy)), "grid", float(spacing))


def population_points(
    frame: pd.DataFrame,
    *,
    x: str = "x",
    y: str = "y",
    population: str = "population",
    crs: str | int | CRS = "EPSG:3035",
) -> gpd.GeoDataFrame:
    """A population layer (one row per cell centre or address) as points with ``population``.

    The German census grid (Zensus, 100 m cells) gives cell centres in ETRS89-LAEA
    (EPSG:3035), the default. Rows without a whole, non-negative population are refused.

    Examples
    --------
    >>> cells = pd.DataFrame({"x": [4100050.0], "y": [3100050.0], "population": [12]})
    >>> population_points(cells)["population"].tolist()
    [12]
    """
    missing = [c for c in (x, y, population) if c not in frame.columns]
    if missing:
        raise ValueError(f"the population layer has no column '{missing[0]}'.")
    people = pd.to_numeric(frame[population], errors="coerce")
    bad = people.isna() | (people < 0) | (people % 1 != 0)
    if bad.any():
        value = frame.loc[bad, population].iloc[0]
        raise ValueError(f"population '{value}' is not a whole number of at least 0.")
    points = gpd.points_from_xy(
        pd.to_numeric(frame[x], errors="raise"), pd.to_numeric(frame[y], errors="raise"), crs=crs
    )
    return gpd.GeoDataFrame({"population": people.astype("int64")}, geometry=points)


def population_demand(population: gpd.GeoDataFrame, areas: gpd.GeoSeries) -> DemandPoints:
    """Demand points from a population layer (see :func:`population_points`), in the areas' CRS."""
    if not isinstance(population, gpd.GeoDataFrame) or "population" not in population.columns:
        raise ValueError("the population layer must be a GeoDataFrame with a 'population' column.")
    if population.crs is None:
        raise ValueError("the population layer needs a coordinate reference system (CRS).")
    xy = shapely.get_coordinates(population.geometry.to_crs(areas.crs).values)
    weight = population["population"].to_numpy(dtype="float64")
    return DemandPoints(xy, area_of_points(xy, areas), weight, "population")
