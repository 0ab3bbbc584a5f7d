"""All coverage figures of one category of offers, per area, in one call.

:func:`coverage` places the offers, models where the residents live (a population layer, or a
regular grid of points over each area), measures distances with one model (straight line ×
detour factor, or a street network) and returns the per-area table ready for CSV, the white
spots as a map layer and every parameter used, including which distance stood behind the
figures (``params["distance_note"]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Real

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from analysis.coverage.distance import (
    DemandPoints,
    StraightLine,
    area_grid,
    metric_crs,
    population_demand,
)
from analysis.coverage.network import StreetNetwork
from analysis.coverage.points import LocatedOffers, locate_offers
from analysis.coverage.supply import DECAYS, area_supply, two_step_fca
from analysis.coverage.white_spots import white_spots

__all__ = ["Coverage", "coverage", "coverage_columns"]


def coverage_columns(per: int = 1000) -> list[str]:
    """Columns of :attr:`Coverage.table`, in order.

    Examples
    --------
    >>> coverage_columns()[:5]
    ['area_code', 'area_name', 'offers', 'capacity', 'capacity_missing']
    """
    return [
        "area_code", "area_name", "offers", "capacity", "capacity_missing", "target_population",
        f"per_{per}", "nearest_m", "unreachable_share", "share_within", "share_within_pop",
        "supply_2sfca", "white_km2", "white_share", "white_share_pop",
    ]  # fmt: skip


@dataclass
class Coverage:
    """Result of :func:`coverage`.

    ``table``: one row per area (:func:`coverage_columns`); ``white_spots``: per area the part
    beyond the distance (WGS 84); ``offers``: the offers with ``area_code``; ``outside``: offers
    in no area; ``params``: every setting and count behind the figures.
    """

    table: pd.DataFrame
    white_spots: gpd.GeoDataFrame
    offers: gpd.GeoDataFrame
    outside: gpd.GeoDataFrame
    params: dict = field(default_factory=dict)


def _check(areas, offers, distance_m, per, decay) -> None:
    if not isinstance(areas, gpd.GeoDataFrame) or areas.crs is None:
        raise ValueError("the areas must be a GeoDataFrame with a coordinate reference system.")
    if missing := {"code", "name"} - set(areas.columns):
        raise ValueError(f"the areas have no column '{sorted(missing)[0]}'.")
    if not isinstance(offers, gpd.GeoDataFrame) or offers.crs is None:
        raise ValueError("the offers must be a GeoDataFrame with a coordinate reference system.")
    if not (offers.geom_type == "Point").all():
        raise ValueError("every offer must be a single point.")
    if isinstance(distance_m, bool) or not isinstance(distance_m, Real) or not distance_m > 0:
        raise ValueError(f"the distance must be a positive number of metres, not {distance_m!r}.")
    if per not in (100, 1000):
        raise ValueError(f"supply is given per 100 or per 1000 persons, not per {per!r}.")
    if decay not in DECAYS:
        raise ValueError(f"the distance decay must be one of {DECAYS}, not {decay!r}.")


def _weighted(values: np.ndarray, weight: np.ndarray, area: np.ndarray, n: int) -> np.ndarray:
    """Weighted mean of ``values`` per area position (NaN where the weights sum to 0).

    Points in no area (``area`` -1) are left out.
    """
    inside = area >= 0
    values, weight, area = values[inside], weight[inside], area[inside]
    total = np.bincount(area, weights=weight, minlength=n)
    sums = np.bincount(area, weights=values * weight, minlength=n)
    return np.divide(sums, total, out=np.full(n, np.nan), where=total > 0)


def _persons(demand: DemandPoints, target: pd.Series | None, codes: np.ndarray) -> np.ndarray:
    """Persons of the target group at each demand point, in proportion to its weight."""
    n = len(codes)
    inside = demand.area >= 0
    area = np.where(inside, demand.area, 0)
    weight = np.where(inside, demand.weight, 0.0)
    if target is None:
        # Without a target group the residents of a population layer are the demand; a grid
        # alone carries no persons, so there is no 2SFCA.
        return weight if demand.kind == "population" else np.zeros(len(weight))
    per_area = target.reindex(codes).to_numpy(dtype="float64")
    total = np.bincount(area, weights=weight, minlength=n)[area]
    share = np.divide(weight, total, out=np.zeros(len(weight)), where=total > 0)
    return np.nan_to_num(share * per_area[area])


def _distances(
    table: pd.DataFrame, demand: DemandPoints, reach: np.ndarray, distance_m: float, n: int
) -> None:
    """nearest_m, unreachable_share and (population layer) share_within_pop, in place."""
    area, weight = demand.area, demand.weight
    finite = np.isfinite(reach)
    table["nearest_m"] = _weighted(np.where(finite, reach, 0), weight * finite, area, n)
    table["unreachable_share"] = _weighted((~finite).astype(float), weight, area, n)
    if demand.kind == "population":
        within = (reach <= distance_m).astype(float)
        table["share_within_pop"] = _weighted(within, weight, area, n)
    else:
        table["share_within_pop"] = np.nan


def _target(target: Mapping[str, float] | pd.Series | None) -> pd.Series | None:
    """The target group per area code, keyed by text codes like the areas'."""
    if target is None:
        return None
    values = pd.Series(dict(target))
    numbers = pd.to_numeric(values, errors="coerce")
    if (numbers < 0).any() or (numbers.isna() & values.notna()).any():
        raise ValueError("the target group must be a number of at least 0 for every area.")
    return pd.Series(numbers.to_numpy(dtype="float64"), index=values.index.map(str))


def _target_gaps(target: pd.Series | None, codes: np.ndarray) -> dict:
    """Areas without a target figure and codes of the target that match no area."""
    if target is None:
        return {"target_missing": [], "target_unknown": []}
    known = set(target.dropna().index)
    return {
        "target_missing": [str(c) for c in codes if c not in known],
        "target_unknown": sorted(set(target.index) - {str(c) for c in codes}),
    }


def _counts(located: LocatedOffers, demand: DemandPoints, codes: np.ndarray) -> dict:
    """What went where: offers and capacity in total and outside, residents outside."""
    inside = demand.area >= 0
    return {
        "offers_total": len(located.offers),
        "offers_outside": len(located.outside),
        "capacity_total": float(located.offers["capacity"].sum()),
        "capacity_outside": float(located.outside["capacity"].sum()),
        "population_outside": float(demand.weight[~inside].sum()),
        # Their target group cannot be placed: it is left out of the 2SFCA demand.
        "areas_without_demand_points": [
            str(c) for c in codes[np.bincount(demand.area[inside], minlength=len(codes)) == 0]
        ],
    }


def coverage(
    areas: gpd.GeoDataFrame,
    offers: gpd.GeoDataFrame,
    *,
    distance_m: float = 500.0,
    model: StraightLine | StreetNetwork | None = None,
    target: Mapping[str, float] | pd.Series | None = None,
    population: gpd.GeoDataFrame | None = None,
    spacing_m: float = 100.0,
    per: int = 1000,
    decay: str | None = None,
    include_outside: bool = False,
) -> Coverage:
    """Coverage of one category of offers per area.

    Parameters
    ----------
    areas : GeoDataFrame
        ``code``, ``name`` and polygons (any CRS), e.g. from
        :func:`analysis.readers.areas.read_areas`.
    offers : GeoDataFrame
        Points with ``name`` and ``capacity`` (NaN or absent: not given), e.g.
        :attr:`analysis.coverage.points.OfferPoints.offers`.
    distance_m : float
        The walking distance that counts as "within reach" and the 2SFCA catchment.
    model : StraightLine or StreetNetwork, default ``StraightLine()``
    target : mapping or Series, optional
        Persons of the target group per area code (e.g. children under 6).
    population : GeoDataFrame, optional
        A finer population layer (:func:`analysis.coverage.distance.population_points`):
        distances and shares are then weighted by residents, and the target group is spread
        over an area's points in proportion to its residents.
    spacing_m : float
        Grid spacing where no population layer is given (and for network white spots).
    per : 100 or 1000
        Supply (capacity, or offers where capacities are missing) per this many persons.
    decay : None or "gaussian"
        Distance decay in the 2SFCA (see :mod:`analysis.coverage.supply`).
    include_outside : bool
        Let offers outside every area serve the areas (distances, white spots, 2SFCA).

    Returns
    -------
    Coverage

    Examples
    --------
    >>> areas = gpd.GeoDataFrame({"code": ["1", "2"], "name": ["West", "Ost"]},
    ...     geometry=[shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)],
    ...     crs="EPSG:32632")
    >>> offers = gpd.GeoDataFrame({"name": ["Kita"], "capacity": [50.0]},
    ...     geometry=gpd.points_from_xy([500], [500]), crs="EPSG:32632")
    >>> result = coverage(areas, offers, target={"1": 100, "2": 100})
    >>> result.table[["area_code", "offers", "per_1000"]].values.tolist()
    [['1', 1, 500.0], ['2', 0, 0.0]]
    >>> result.params["distance_note"]
    'straight line × 1.3 (detour factor)'
    """
    model = StraightLine() if model is None else model
    _check(areas, offers, distance_m, per, decay)
    if "capacity" not in offers.columns:
        offers = offers.assign(capacity=np.nan)
    crs = model.crs if isinstance(model, StreetNetwork) else metric_crs(areas)
    metric = gpd.GeoDataFrame(areas[["code", "name"]], geometry=areas.geometry.to_crs(crs))
    located = locate_offers(offers, areas)
    used = (
        located.offers if include_outside else located.offers[located.offers["area_code"].notna()]
    )
    offers_xy = shapely.get_coordinates(used.geometry.to_crs(crs).values)
    codes = metric["code"].astype("string").to_numpy(dtype=object)
    target_s = _target(target)
    if population is None:
        demand = area_grid(metric.geometry, spacing_m)
    else:
        demand = population_demand(population, metric.geometry)

    table = area_supply(metric["code"], located.offers, target=target_s, per=per)
    table.insert(0, "area_code", codes)
    table.insert(1, "area_name", metric["name"].to_numpy())
    _distances(table, demand, model.nearest(demand.xy, offers_xy), distance_m, len(codes))
    spots = white_spots(metric, offers_xy, distance_m=distance_m, model=model, spacing_m=spacing_m)
    table["share_within"] = 1 - spots["white_share"].to_numpy()
    all_known = located.offers["capacity"].notna().all() and len(located.offers) > 0
    supply = used["capacity"].to_numpy(dtype="float64") if all_known else np.ones(len(used))
    persons = _persons(demand, target_s, codes)
    pairs = model.within(demand.xy, offers_xy, distance_m)
    access = two_step_fca(persons, supply, pairs, catchment_m=distance_m, decay=decay)
    table["supply_2sfca"] = per * _weighted(access, persons, demand.area, len(codes))
    table["white_km2"] = spots["white_km2"].to_numpy()
    table["white_share"] = spots["white_share"].to_numpy()
    table["white_share_pop"] = 1 - table["share_within_pop"]
    spots["white_share_pop"] = table["white_share_pop"].to_numpy()
    params = {
        **model.params(),
        "distance_m": float(distance_m),
        "demand": demand.note(),
        "grid_spacing_m": float(spacing_m),
        "supply": "capacity" if all_known else "offers",
        "per": per,
        "decay": decay,
        "include_outside": bool(include_outside),
        "crs": crs.to_string(),
        **_counts(located, demand, codes),
        **_target_gaps(target_s, codes),
    }
    return Coverage(
        table[coverage_columns(per)],
        spots.to_crs("EPSG:4326"),
        located.offers,
        located.outside,
        params,
    )
