"""Offers as map points, grouped on a screen grid per zoom level so that a city stays readable.

The web map asks for the points of its zoom level; offers whose Web-Mercator pixels fall into
the same cell of ``cell_px`` pixels become one cluster (at the mean of their places, with their
number). Zooming in splits a cluster, from ``max_zoom`` on every offer stands alone. The grid is
computed here, not in the browser, so the numbers are tested in Python and the page needs no
clustering library.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["grid_clusters"]


def _pixels(lon: np.ndarray, lat: np.ndarray, zoom: int) -> tuple[np.ndarray, np.ndarray]:
    """Web-Mercator pixel coordinates at ``zoom`` (256-pixel tiles), as web maps draw them."""
    size = 256.0 * 2.0**zoom
    phi = np.radians(np.clip(lat, -85.05112878, 85.05112878))
    x = (lon + 180.0) / 360.0 * size
    y = (1.0 - np.log(np.tan(phi) + 1.0 / np.cos(phi)) / np.pi) / 2.0 * size
    return x, y


def grid_clusters(
    points: pd.DataFrame, zoom: int, *, cell_px: int = 64, max_zoom: int = 17
) -> pd.DataFrame:
    """Group ``points`` (``lon``, ``lat`` and any other columns) into grid cells at ``zoom``.

    Parameters
    ----------
    points : DataFrame
        One row per offer with ``lon`` and ``lat`` (WGS 84).
    zoom : int
        The map's zoom level (0 = the world in 256 pixels).
    cell_px : int
        The side of a grid cell in screen pixels.
    max_zoom : int
        From this zoom on no offers are grouped.

    Returns
    -------
    DataFrame
        One row per cluster: ``lon``, ``lat`` (mean of its members), ``count`` and ``members``
        (the row labels of ``points``), ordered by cell.

    Examples
    --------
    >>> p = pd.DataFrame({"lon": [6.95, 6.9501, 7.20], "lat": [50.93, 50.9301, 50.90]})
    >>> grid_clusters(p, 10)["count"].tolist(), grid_clusters(p, 18)["count"].tolist()
    ([2, 1], [1, 1, 1])
    """
    if not {"lon", "lat"} <= set(points.columns):
        raise ValueError("the points need the columns 'lon' and 'lat'.")
    columns = ["lon", "lat", "count", "members"]
    if points.empty:
        return pd.DataFrame(columns=columns)
    lon, lat = points["lon"].to_numpy(float), points["lat"].to_numpy(float)
    if zoom >= max_zoom:
        cells = np.arange(len(points))
    else:
        x, y = _pixels(lon, lat, int(zoom))
        cells = np.floor(x / cell_px).astype(np.int64) * 2**40 + np.floor(y / cell_px).astype(
            np.int64
        )
    frame = pd.DataFrame({"cell": cells, "lon": lon, "lat": lat, "label": points.index})
    grouped = frame.groupby("cell", sort=True)
    out = grouped.agg(lon=("lon", "mean"), lat=("lat", "mean"), count=("lon", "size"))
    out["members"] = grouped["label"].agg(list)
    return out.reset_index(drop=True)[columns]
