"""Geometry helpers for the choropleth: drawing projection, polygon paths, missing outlines."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.path import Path

from analysis.texts import Texts

__all__ = ["DRAW_CRS", "drawing_crs", "geometry_path", "has_geometry", "missing_note"]

DRAW_CRS = "EPSG:3035"


def has_geometry(areas: gpd.GeoDataFrame) -> pd.Series:
    """True per area that has a non-empty outline (None and empty geometries count as missing)."""
    geoms = areas.geometry
    return (geoms.notna() & ~geoms.is_empty).astype(bool)


def missing_note(
    areas: gpd.GeoDataFrame, mask: pd.Series, limit: int = 8, *, texts: Texts | None = None
) -> str:
    """A note naming the areas without outline (by ``code`` if present), e.g. below a map.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"code": ["1", "2"]}, geometry=[box(0, 0, 1, 1), None])
    >>> missing_note(g, has_geometry(g))
    'Without an outline, not shown: 2.'
    """
    words = (texts or Texts()).maps
    count = int((~mask).sum())
    if count == 0:
        return ""
    if "code" not in areas.columns:
        return words.missing_count.format(n=count)
    codes = areas.loc[~mask.to_numpy(), "code"].astype(str).tolist()
    named = ", ".join(codes[:limit])
    if count > limit:
        named = words.and_more.format(codes=named, n=count - limit)
    return words.missing_outlines.format(codes=named)


def drawing_crs(areas: gpd.GeoDataFrame) -> object:
    """The areas' UTM zone (north up, true shape), else ETRS89-LAEA."""
    if areas.crs.is_projected and areas.crs.axis_info[0].unit_name == "metre":
        return areas.crs
    try:
        return areas.geometry.estimate_utm_crs()
    except (RuntimeError, ValueError):
        return DRAW_CRS


def geometry_path(geom: shapely.Geometry) -> Path | None:
    """One compound path per (multi)polygon, holes included; None without polygons."""
    if geom is None:
        return None
    polygons = getattr(geom, "geoms", [geom])
    rings = []
    for poly in polygons:
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        rings.append(np.asarray(poly.exterior.coords)[:, :2])
        rings.extend(np.asarray(hole.coords)[:, :2] for hole in poly.interiors)
    if not rings:
        return None
    vertices = np.concatenate(rings)
    codes = np.full(len(vertices), Path.LINETO, dtype=np.uint8)
    start = 0
    for ring in rings:
        codes[start] = Path.MOVETO
        codes[start + len(ring) - 1] = Path.CLOSEPOLY
        start += len(ring)
    return Path(vertices, codes)
