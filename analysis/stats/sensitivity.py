"""Which verdicts are fragile: index classes and categories under small changes of the method.

The index is recomputed by :func:`analysis.stats.index.social_index` (never here) per variant:

- ``thresholds_down`` / ``thresholds_up``: every class threshold moved by -/+ ``step`` standard
  deviations (0.1 by default);
- ``other_ddof``: the standard deviation with n - 1 instead of n in the denominator (or the
  reverse, if the index uses n - 1).

Both apply to the z-standardised index with SD classes (the Berlin method); for min-max or
quantile classes no such variant exists and the table only holds the baseline. An area is
*fragile* when its class or its validation category differs in any variant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from analysis.stats.index import social_index
from analysis.stats.index_classes import SD_THRESHOLDS

__all__ = ["index_variants", "sensitivity_table"]


def index_variants(inputs: Mapping[str, Any], step: float = 0.1) -> dict[str, dict[str, Any]]:
    """The changed :func:`social_index` arguments of each variant (empty if none applies).

    ``inputs`` are the keyword arguments the baseline index was computed with.

    Examples
    --------
    >>> index_variants({"method": "z-sum-z"})["thresholds_up"]["thresholds"]
    [-0.9, 1.1, 1.6]
    >>> index_variants({"classes": "quantile"})
    {}
    """
    if inputs.get("method", "z-sum-z") != "z-sum-z" or inputs.get("classes", "sd") != "sd":
        return {}
    thresholds = [float(t) for t in (inputs.get("thresholds") or SD_THRESHOLDS)]
    ddof = int(inputs.get("ddof", 0))
    return {
        "thresholds_down": {"thresholds": [round(t - step, 10) for t in thresholds]},
        "thresholds_up": {"thresholds": [round(t + step, 10) for t in thresholds]},
        "other_ddof": {"ddof": 1 - ddof if ddof in (0, 1) else 0},
    }


def sensitivity_table(
    inputs: Mapping[str, Any],
    baseline: pd.DataFrame,
    categorise: Callable[[pd.DataFrame], pd.Series],
    *,
    step: float = 0.1,
) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
    """Index class and validation category per area under each variant, and ``fragile``.

    Parameters
    ----------
    inputs : mapping
        Keyword arguments of :func:`social_index` for the baseline (``table``, ``id_column``,
        ``indicators`` and options).
    baseline : DataFrame
        The baseline index table (``area_code``, ``class``) the validation used.
    categorise : callable
        Maps an index table (``area_code``, ``class``) to the category per area (a Series
        indexed by area code), the way the validation decides it.
    step : float
        Shift of the class thresholds in standard deviations.

    Returns
    -------
    (DataFrame, dict)
        Columns ``area_code``, ``class``, ``category``, then ``class_<variant>`` and
        ``category_<variant>`` per variant, and ``fragile``; and the variants' arguments.

    Examples
    --------
    >>> t = pd.DataFrame({"id": list("abcdefgh"), "S1": [1.0, 2, 3, 4, 5, 6, 12.4, 14]})
    >>> inputs = {"table": t, "id_column": "id", "indicators": ["S1"]}
    >>> base = social_index(**inputs).table.rename(columns={"id": "area_code"})
    >>> def need(index):
    ...     return index.set_index("area_code")["class"].ge(3).map({True: "need", False: "-"})
    >>> table, _ = sensitivity_table(inputs, base, need)
    >>> table.loc[table["fragile"], ["area_code", "class", "class_thresholds_down"]]
      area_code  class  class_thresholds_down
    6         g      3                      4
    """
    variants = index_variants(inputs, step)
    id_column = inputs["id_column"]
    base = baseline.assign(area_code=baseline["area_code"].astype("str"))
    out = pd.DataFrame({"area_code": base["area_code"], "class": base["class"].astype("Int64")})
    out["category"] = out["area_code"].map(categorise(base)).astype("str")
    fragile = pd.Series(False, index=out.index)
    for name, change in variants.items():
        table = social_index(**{**inputs, **change}).table
        varied = table.assign(area_code=table[id_column].astype("str"))
        klass = varied.set_index("area_code")["class"]
        out[f"class_{name}"] = out["area_code"].map(klass).astype("Int64")
        out[f"category_{name}"] = out["area_code"].map(categorise(varied)).astype("str")
        fragile |= out[f"class_{name}"].ne(out["class"]).fillna(False).astype(bool)
        fragile |= out[f"category_{name}"].ne(out["category"])
    out["fragile"] = fragile.to_numpy(bool)
    return out.reset_index(drop=True), variants
