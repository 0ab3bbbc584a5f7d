"""Offers as points: read them from a table, place them in areas, report what does not fit.

Nothing is dropped silently: a row without usable coordinates or with an impossible capacity is
listed in :attr:`OfferPoints.rejected` with the reason; an offer outside every area is listed by
:func:`locate_offers`; offers with the same name at the same place are listed by
:func:`find_duplicates` (and kept: the planner decides which one goes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from scipy.spatial import cKDTree

from analysis.coverage.distance import area_of_points, metric_crs

__all__ = [
    "OFFER_COLUMNS",
    "PROBLEMS",
    "LocatedOffers",
    "OfferPoints",
    "find_duplicates",
    "locate_offers",
    "read_offer_points",
]

OFFER_COLUMNS = ["row", "name", "capacity", "geometry"]
PROBLEMS = {
    "coordinates": "no usable coordinates",
    "capacity": "capacity is not a whole number of at least 0",
}
_DECIMAL_COMMA = re.compile(r"\s*[+-]?\d+,\d+\s*")


@dataclass
class OfferPoints:
    """Offers read by :func:`read_offer_points`.

    ``offers``: :data:`OFFER_COLUMNS` in WGS 84 (``row`` is the input frame's index label,
    ``capacity`` NaN where none was given); ``rejected``: ``row``, ``problem`` (a key from
    :data:`PROBLEMS` for the caller's translated sentence) and ``reason`` (English).
    """

    offers: gpd.GeoDataFrame
    rejected: pd.DataFrame
    params: dict = field(default_factory=dict)


def _numbers(values: pd.Series) -> pd.Series:
    """Numbers from numeric or text cells; a single decimal comma (``50,94``) is accepted."""
    text = values.astype("string")
    text = text.where(~text.str.fullmatch(_DECIMAL_COMMA).fillna(False), text.str.replace(",", "."))
    return pd.to_numeric(text.str.strip(), errors="coerce").astype("float64")


def _check_fields(frame: pd.DataFrame, fields: dict[str, str | None]) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, not {type(frame).__name__}.")
    for role, column in fields.items():
        if column is not None and column not in frame.columns:
            available = ", ".join(map(str, frame.columns))
            raise ValueError(f"there is no {role} column '{column}' (columns: {available}).")


def _coordinates(
    frame: pd.DataFrame, lat: str | None, lon: str | None, x: str | None, y: str | None, crs
) -> tuple[np.ndarray, np.ndarray, str]:
    """Longitude and latitude (WGS 84) of every row, NaN where unusable, and the CRS used."""
    if lat is not None and lon is not None and x is None and y is None:
        lon_v = _numbers(frame[lon]).to_numpy(copy=True)
        lat_v = _numbers(frame[lat]).to_numpy(copy=True)
        outside = (np.abs(lat_v) > 90) | (np.abs(lon_v) > 180)
        lat_v[outside] = lon_v[outside] = np.nan
        return lon_v, lat_v, "EPSG:4326"
    if x is not None and y is not None and lat is None and lon is None and crs is not None:
        try:
            source = CRS.from_user_input(crs)
        except CRSError as exc:
            raise ValueError(f"'{crs}' is not a coordinate reference system I know.") from exc
        points = gpd.GeoSeries.from_xy(_numbers(frame[x]), _numbers(frame[y]), crs=source)
        xy = shapely.get_coordinates(points.to_crs("EPSG:4326").values, include_z=False)
        lon_v, lat_v = np.full(len(frame), np.nan), np.full(len(frame), np.nan)
        valid = ~points.is_empty.to_numpy() & points.notna().to_numpy()
        lon_v[valid], lat_v[valid] = xy[:, 0], xy[:, 1]
        return lon_v, lat_v, source.to_string()
    raise ValueError("give either lat and lon, or x, y and the crs they are written in.")


def read_offer_points(
    frame: pd.DataFrame,
    *,
    lat: str | None = None,
    lon: str | None = None,
    x: str | None = None,
    y: str | None = None,
    crs: str | int | None = None,
    name: str | None = None,
    capacity: str | None = None,
) -> OfferPoints:
    """Offers from a table: latitude/longitude, or x/y in a named CRS.

    Parameters
    ----------
    frame : DataFrame
        One row per offer, as read from the planner's file (cells may be text).
    lat, lon : str, optional
        Columns in WGS 84 degrees.
    x, y, crs : str, optional
        Columns in the coordinate reference system ``crs`` (e.g. ``"EPSG:25832"``).
    name, capacity : str, optional
        Columns with the offer's name and its places (a whole number of at least 0).

    Returns
    -------
    OfferPoints

    Examples
    --------
    >>> table = pd.DataFrame({"Name": ["Kita A", "Kita B"], "lat": ["50,94", "nan"],
    ...                       "lon": [6.96, 6.95], "Plätze": [40, 25]})
    >>> read = read_offer_points(table, lat="lat", lon="lon", name="Name", capacity="Plätze")
    >>> read.offers[["row", "name", "capacity"]].values.tolist()
    [[0, 'Kita A', 40.0]]
    >>> read.rejected.values.tolist()
    [[1, 'coordinates', 'no usable coordinates']]
    """
    fields = {"latitude": lat, "longitude": lon, "x": x, "y": y, "name": name}
    _check_fields(frame, {**fields, "capacity": capacity})
    lon_v, lat_v, source_crs = _coordinates(frame, lat, lon, x, y, crs)
    problems = pd.Series(pd.NA, index=frame.index, dtype="string")
    problems[~(np.isfinite(lon_v) & np.isfinite(lat_v))] = "coordinates"
    places = pd.Series(np.nan, index=frame.index)
    if capacity is not None:
        places = _numbers(frame[capacity])
        given = frame[capacity].notna() & (frame[capacity].astype("string").str.strip() != "")
        bad = given & (places.isna() | (places < 0) | (places % 1 != 0))
        problems[bad & problems.isna()] = "capacity"
    names = pd.Series(pd.NA, index=frame.index, dtype="string")
    if name:
        names = frame[name].astype("string").str.strip().replace("", pd.NA)
    keep = problems.isna().to_numpy()
    offers = gpd.GeoDataFrame(
        {
            "row": frame.index[keep],
            "name": names[keep].to_numpy(dtype=object),
            "capacity": places[keep].to_numpy(dtype="float64"),
        },
        geometry=gpd.points_from_xy(lon_v[keep], lat_v[keep]),
        crs="EPSG:4326",
    )
    rejected = pd.DataFrame(
        {
            "row": frame.index[~keep],
            "problem": problems[~keep].to_numpy(dtype=object),
            "reason": problems[~keep].map(PROBLEMS).to_numpy(dtype=object),
        }
    )
    return OfferPoints(offers, rejected, {"source_crs": source_crs, "rows": len(frame)})


def _normal_name(names: pd.Series) -> np.ndarray:
    return names.astype("string").str.casefold().str.split().str.join(" ").fillna("").to_numpy()


def find_duplicates(offers: gpd.GeoDataFrame, *, tolerance_m: float = 10.0) -> pd.DataFrame:
    """Offers with the same name (ignoring case and spaces) within ``tolerance_m`` of each other.

    Returns one row per later copy: ``row``, ``duplicate_of`` (the first copy's row),
    ``name`` and ``distance_m``. Offers are not removed.

    Examples
    --------
    >>> o = gpd.GeoDataFrame({"row": [1, 2, 3], "name": ["Kita A", "kita  a", "Kita A"]},
    ...     geometry=gpd.points_from_xy([6.96, 6.96, 6.97], [50.94, 50.94, 50.94]), crs=4326)
    >>> find_duplicates(o)[["row", "duplicate_of"]].values.tolist()
    [[2, 1]]
    """
    columns = ["row", "duplicate_of", "name", "distance_m"]
    if len(offers) < 2:
        return pd.DataFrame(columns=columns)
    xy = shapely.get_coordinates(offers.geometry.to_crs(metric_crs(offers)).values)
    pairs = cKDTree(xy).query_pairs(tolerance_m, output_type="ndarray")
    names = _normal_name(offers["name"])
    pairs = pairs[names[pairs[:, 0]] == names[pairs[:, 1]]]
    first = np.minimum(pairs[:, 0], pairs[:, 1])
    later = np.maximum(pairs[:, 0], pairs[:, 1])
    # A third copy pairs with both others; it is reported once, against the first copy.
    order = np.lexsort((first, later))
    later, first = later[order], first[order]
    once = np.unique(later, return_index=True)[1]
    later, first = later[once], first[once]
    rows = offers["row"].to_numpy()
    return pd.DataFrame(
        {
            "row": rows[later],
            "duplicate_of": rows[first],
            "name": offers["name"].to_numpy()[later],
            "distance_m": np.hypot(*(xy[later] - xy[first]).T),
        },
        columns=columns,
    )


@dataclass
class LocatedOffers:
    """Offers with the code of the area they lie in; ``outside`` lists those in no area."""

    offers: gpd.GeoDataFrame
    outside: gpd.GeoDataFrame


def locate_offers(offers: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> LocatedOffers:
    """Add ``area_code`` (the area containing the offer; missing outside every area).

    Examples
    --------
    >>> areas = gpd.GeoDataFrame({"code": ["1 a"]}, geometry=[shapely.box(6.9, 50.9, 7.0, 51.0)],
    ...                          crs=4326)
    >>> o = gpd.GeoDataFrame({"row": [1, 2], "name": ["in", "out"], "capacity": [10.0, 5.0]},
    ...                      geometry=gpd.points_from_xy([6.95, 7.2], [50.95, 50.95]), crs=4326)
    >>> located = locate_offers(o, areas)
    >>> located.offers["area_code"].tolist(), located.outside["name"].tolist()
    (['1 a', nan], ['out'])
    """
    if "code" not in areas.columns:
        raise ValueError("the areas need a 'code' column.")
    crs = metric_crs(areas)
    xy = shapely.get_coordinates(offers.geometry.to_crs(crs).values)
    where = area_of_points(xy, areas.geometry.to_crs(crs))
    codes = areas["code"].astype("string").to_numpy(dtype=object)
    located = offers.copy()
    located["area_code"] = np.where(where >= 0, codes[np.maximum(where, 0)], None)
    return LocatedOffers(located, located[where < 0])
