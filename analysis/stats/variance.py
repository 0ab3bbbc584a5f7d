"""Within versus between: how much of an indicator's variance lies between Kommunen."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["VarianceParts", "variance_decomposition"]


@dataclass
class VarianceParts:
    """The split ``total = between + within`` and the per-group figures behind it.

    ``share_between`` is ``between / total`` (0..1); ``groups`` has per group ``n_areas``,
    ``weight`` (summed), ``mean`` and ``variance`` (weighted, within that group);
    ``n_left_out`` counts areas without a value or weight, which take no part.
    """

    total: float
    between: float
    within: float
    share_between: float
    groups: pd.DataFrame
    n_left_out: int


def variance_decomposition(
    areas: pd.DataFrame,
    *,
    group_column: str,
    value_column: str,
    weight_column: str | None = None,
) -> VarianceParts:
    """Split the weighted variance of a value across areas into between and within groups.

    With weights ``w`` (residents; all 1 without ``weight_column``), the overall weighted
    mean ``m`` and group means ``m_g``:

    * total   = sum w (x - m)^2 / sum w
    * between = sum over groups of W_g (m_g - m)^2 / sum w
    * within  = sum w (x - m_g)^2 / sum w

    and total = between + within exactly (up to floating point). A large ``within`` makes
    measurable that "differences within the Kommunen are often larger than between them".

    Examples
    --------
    >>> t = pd.DataFrame({"k": ["A", "A", "B", "B"], "x": [1.0, 3.0, 5.0, 7.0]})
    >>> p = variance_decomposition(t, group_column="k", value_column="x")
    >>> (p.total, p.between, p.within, p.share_between)
    (5.0, 4.0, 1.0, 0.8)
    """
    if not isinstance(areas, pd.DataFrame):
        raise TypeError(f"areas must be a pandas DataFrame, not {type(areas).__name__}.")
    columns = [group_column, value_column] + ([weight_column] if weight_column else [])
    for column in columns:
        if column not in areas.columns:
            raise ValueError(f"the table has no column {column!r}.")
    work = areas[columns].copy()
    work["_w"] = work[weight_column].astype("float64") if weight_column else 1.0
    work["_x"] = work[value_column].astype("float64")
    usable = work.dropna(subset=["_x", "_w", group_column])
    if (usable["_w"] < 0).any():
        raise ValueError("weights must not be negative.")
    weight = usable["_w"].sum()
    if not weight > 0:
        raise ValueError("no area has both a value and a weight above 0.")
    mean = (usable["_w"] * usable["_x"]).sum() / weight
    grouped = usable.assign(_wx=usable["_w"] * usable["_x"]).groupby(group_column, sort=True)
    groups = pd.DataFrame({"n_areas": grouped.size(), "weight": grouped["_w"].sum()})
    groups["mean"] = grouped["_wx"].sum() / groups["weight"]
    deviation = usable["_x"] - usable[group_column].map(groups["mean"])
    usable = usable.assign(_sq=usable["_w"] * deviation**2)
    groups["variance"] = usable.groupby(group_column, sort=True)["_sq"].sum() / groups["weight"]
    total = float((usable["_w"] * (usable["_x"] - mean) ** 2).sum() / weight)
    between = float((groups["weight"] * (groups["mean"] - mean) ** 2).sum() / weight)
    within = float(usable["_sq"].sum() / weight)
    return VarianceParts(
        total=total,
        between=between,
        within=within,
        share_between=between / total if total > 0 else float("nan"),
        groups=groups.reset_index(),
        n_left_out=len(work) - len(usable),
    )
