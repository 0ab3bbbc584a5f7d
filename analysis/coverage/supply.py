"""Supply per area: counts, capacity, places per target population, and the 2SFCA ratio.

The two-step floating catchment area method (2SFCA; Luo & Wang 2003) lets an offer near a border
serve its neighbours: step 1 divides each offer's supply by the demand within its catchment,
step 2 sums, for each demand point, the ratios of the offers within its catchment. With
``decay="gaussian"`` both steps weight demand and supply by the Gaussian distance decay of Dai
(2010), ``w(d) = (exp(-d²/2d₀²) - exp(-1/2)) / (1 - exp(-1/2))`` for ``d ≤ d₀``, so nearer offers
count more. Either way the total supply reaching some demand is shared out in full: the sum of
``demand × accessibility`` equals the supply of every offer that has demand in its catchment.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["DECAYS", "area_supply", "decay_weights", "two_step_fca"]

DECAYS = (None, "gaussian")


def decay_weights(distance: np.ndarray, catchment_m: float, decay: str | None) -> np.ndarray:
    """Weights of distances within the catchment: 1 (``decay=None``) or Gaussian decay.

    Examples
    --------
    >>> decay_weights(np.array([0.0, 250.0, 500.0]), 500, "gaussian").round(3).tolist()
    [1.0, 0.701, 0.0]
    """
    if decay is None:
        return np.ones_like(distance, dtype="float64")
    if decay == "gaussian":
        edge = np.exp(-0.5)
        return (np.exp(-0.5 * (distance / catchment_m) ** 2) - edge) / (1 - edge)
    raise ValueError(f"the distance decay must be one of {DECAYS}, not {decay!r}.")


def two_step_fca(
    demand: np.ndarray,
    supply: np.ndarray,
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
    *,
    catchment_m: float,
    decay: Literal["gaussian"] | None = None,
) -> np.ndarray:
    """Accessibility (supply per person) of each demand point by 2SFCA.

    Parameters
    ----------
    demand : array of float
        Persons of the target group at each demand point.
    supply : array of float
        Places (or 1 per offer) of each offer.
    pairs : (demand index, offer index, distance m)
        Every demand-offer pair within ``catchment_m``, from a distance model's ``within``.
    catchment_m : float
    decay : None or "gaussian"

    Returns
    -------
    ndarray
        Supply per person at each demand point (0 where no offer is in reach). An offer with
        no demand in its catchment serves nobody.

    Examples
    --------
    Two places, one offer, reached by 10 and 30 persons: 2 / 40 = 0.05 for both.

    >>> pairs = (np.array([0, 1]), np.array([0, 0]), np.array([100.0, 400.0]))
    >>> two_step_fca(np.array([10.0, 30.0]), np.array([2.0]), pairs, catchment_m=500).tolist()
    [0.05, 0.05]
    """
    i, j, d = (np.asarray(a) for a in pairs)
    demand = np.asarray(demand, dtype="float64")
    supply = np.asarray(supply, dtype="float64")
    if (demand < 0).any() or (supply < 0).any() or not np.isfinite(supply).all():
        raise ValueError("demand and supply must be numbers of at least 0.")
    w = decay_weights(d, catchment_m, decay)
    served = np.bincount(j, weights=demand[i] * w, minlength=len(supply))
    ratio = np.divide(supply, served, out=np.zeros(len(supply)), where=served > 0)
    return np.bincount(i, weights=ratio[j] * w, minlength=len(demand))


def area_supply(
    area_codes: pd.Series, offers: pd.DataFrame, *, target: pd.Series | None, per: int
) -> pd.DataFrame:
    """Offers, capacity and supply per ``per`` persons of the target group for each area.

    ``offers`` has ``area_code`` (missing outside every area) and ``capacity`` (NaN: not
    given). Supply is capacity when every offer has one, else the number of offers; the
    column ``capacity_missing`` counts offers without a capacity.

    Examples
    --------
    >>> o = pd.DataFrame({"area_code": ["1", "1", None], "capacity": [20.0, 30.0, 5.0]})
    >>> t = pd.Series({"1": 500, "2": 100})
    >>> area_supply(pd.Series(["1", "2"]), o, target=t, per=1000)[["offers", "per_1000"]]
       offers  per_1000
    0       2     100.0
    1       0       0.0
    """
    inside = offers[offers["area_code"].notna()]
    grouped = inside.groupby("area_code")["capacity"]
    codes = area_codes.astype("string").to_numpy(dtype=object)
    count = grouped.size().reindex(codes, fill_value=0).to_numpy()
    capacity = grouped.sum(min_count=1).reindex(codes).to_numpy(dtype="float64")
    missing = grouped.apply(lambda c: int(c.isna().sum())).reindex(codes, fill_value=0)
    supply = capacity if offers["capacity"].notna().all() else count.astype("float64")
    table = pd.DataFrame(
        {
            "offers": count.astype("int64"),
            "capacity": np.where(count == 0, 0.0, capacity),
            "capacity_missing": missing.to_numpy().astype("int64"),
        }
    )
    if target is None:
        table["target_population"] = np.nan
    else:
        table["target_population"] = target.reindex(codes).to_numpy(dtype="float64")
    persons = table["target_population"].to_numpy()
    per_persons = np.divide(
        np.nan_to_num(supply) * per, persons, out=np.full(len(table), np.nan), where=persons > 0
    )
    table[f"per_{per}"] = per_persons
    return table
