"""A small inline SVG map of one category: areas shaded by a coverage figure, offers as dots.

For the report (and any page that wants a static map): the areas are drawn in their metric
CRS, fitted into the view box, shaded in four classes of the chosen column (quartiles of the
areas' values; grey where missing); offers are small dark dots. The SVG carries ``role="img"``
and the caller's ``aria-label``; every text in it is escaped.
"""

from __future__ import annotations

from html import escape

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.coverage.distance import metric_crs

__all__ = ["CLASS_COLOURS", "MISSING_COLOUR", "class_colour", "class_limits", "coverage_svg"]

#: Light (little supply) to dark (much supply); readable on white and in greyscale.
CLASS_COLOURS = ("#f1eef6", "#bdc9e1", "#74a9cf", "#0570b0")
MISSING_COLOUR = "#d9d9d9"
_WIDTH = 600.0


def class_limits(values: pd.Series) -> list[float]:
    """The upper limits of the four classes (quartiles of the known values).

    Examples
    --------
    >>> class_limits(pd.Series([0.0, 1.0, 2.0, 3.0, 4.0]))
    [1.0, 2.0, 3.0, 4.0]
    """
    known = values.dropna().to_numpy(dtype="float64")
    if len(known) == 0:
        return []
    return [float(v) for v in np.quantile(known, [0.25, 0.5, 0.75, 1.0])]


def class_colour(value: float, limits: list[float]) -> str:
    """The class colour of ``value`` (:data:`MISSING_COLOUR` when missing); the SVG map, the
    web map and their legends all colour with it.

    Examples
    --------
    >>> class_colour(1.5, [1.0, 2.0, 3.0, 4.0]) == CLASS_COLOURS[1], class_colour(float("nan"), [])
    (True, '#d9d9d9')
    """
    if value != value or not limits:
        return MISSING_COLOUR
    return CLASS_COLOURS[min(int(np.searchsorted(limits, value, side="left")), 3)]


def _path(geometry: shapely.Geometry, scale: float, x0: float, y1: float) -> str:
    parts = []
    for polygon in getattr(geometry, "geoms", [geometry]):
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = np.asarray(ring.coords)[:, :2]
            points = " ".join(f"{(x - x0) * scale:.1f},{(y1 - y) * scale:.1f}" for x, y in xy)
            parts.append(f"M{points}Z")
    return " ".join(parts)


def coverage_svg(
    areas: gpd.GeoDataFrame, values: pd.Series, offers: gpd.GeoDataFrame, label: str
) -> str:
    """The map as SVG text: ``areas`` (``code``, polygons), ``values`` by code, ``offers`` points.

    Examples
    --------
    >>> areas = gpd.GeoDataFrame({"code": ["1", "2"]}, crs=32632,
    ...     geometry=[shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)])
    >>> offers = gpd.GeoDataFrame(geometry=gpd.points_from_xy([500], [500]), crs=32632)
    >>> svg = coverage_svg(areas, pd.Series({"1": 2.0, "2": 0.0}), offers, "Kitas & Plätze")
    >>> svg.startswith('<svg role="img" aria-label="Kitas &amp; Plätze"'), svg.count("<circle")
    (True, 1)
    """
    crs = metric_crs(areas)
    metric = areas.to_crs(crs)
    x0, y0, x1, y1 = metric.total_bounds
    scale = _WIDTH / max(x1 - x0, y1 - y0, 1.0)
    limits = class_limits(values)
    shapes = []
    for code, geometry in zip(metric["code"], metric.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        colour = class_colour(float(values.get(code, np.nan)), limits)
        shapes.append(f'<path d="{_path(geometry, scale, x0, y1)}" fill="{colour}" '
                      'stroke="#555" stroke-width="0.5"/>')  # fmt: skip
    points = shapely.get_coordinates(offers.to_crs(crs).geometry.values) if len(offers) else []
    dots = [f'<circle cx="{(x - x0) * scale:.1f}" cy="{(y1 - y) * scale:.1f}" r="2" '
            'fill="#222"/>' for x, y in points]  # fmt: skip
    height = (y1 - y0) * scale
    return (f'<svg role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {_WIDTH:.0f} {height:.0f}" width="100%">'
            + "".join(shapes) + "".join(dots) + "</svg>")  # fmt: skip
