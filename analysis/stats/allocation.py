"""Need-based allocation of a budget across areas, exact to the cent, and scenario comparison."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

import pandas as pd

__all__ = ["Allocation", "allocate", "compare_allocations"]

TIE_BREAK = "larger remainder first; equal remainders by area code in ascending text order"


@dataclass
class Allocation:
    """An allocation: one row per area in ``table``, every parameter in ``params`` (to save)."""

    table: pd.DataFrame
    params: dict = field(default_factory=dict)


def _exact(value: object, what: str) -> Fraction:
    """A number as an exact fraction (floats via their shortest text, so 0.1 is 1/10)."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, not {value!r}.")
    if isinstance(value, numbers.Integral):
        value = int(value)  # numpy integers are not accepted by Decimal
    elif isinstance(value, numbers.Real) and not isinstance(value, Decimal | Fraction):
        value = str(float(value))
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{what} must be a number, not {value!r}.") from None
    if not number.is_finite():
        raise ValueError(f"{what} must be a finite number, not {value!r}.")
    return Fraction(number)


def _cents(value: object, what: str) -> int:
    cents = _exact(value, what) * 100
    if cents.denominator != 1 or cents < 0:
        raise ValueError(f"{what} must be an amount of at least 0 in whole cents, not {value!r}.")
    return int(cents)


def _factors(class_factors: Mapping | Sequence) -> dict:
    """Factors in ascending order of need; checked to never fall as need rises."""
    if isinstance(class_factors, Mapping):
        pairs = list(class_factors.items())
    elif isinstance(class_factors, Sequence) and not isinstance(class_factors, str):
        pairs = list(enumerate(class_factors, start=1))
    else:
        raise ValueError("class_factors must map each class to a factor, or list them 1..n.")
    if not pairs:
        raise ValueError("class_factors must name at least one class.")
    factors = {key: _exact(f, f"the factor of class {key}") for key, f in pairs}
    values = list(factors.values())
    if any(f < 0 for f in values):
        raise ValueError("factors must not be negative.")
    if any(b < a for a, b in zip(values, values[1:], strict=False)):
        raise ValueError("factors must not fall from one class to the next with more need.")
    return factors


def _reasons(table, id_column, population_column, class_column, factors, min_population, exclude):
    codes = table[id_column].astype("str")
    exclude = {str(k): str(v) for k, v in (exclude or {}).items()}
    unknown = sorted(set(exclude) - set(codes))
    if unknown:
        raise ValueError(f"the area {unknown[0]} to exclude is not in the table.")
    reasons = []
    for code, pop, cls in zip(codes, table[population_column], table[class_column], strict=True):
        if code in exclude:
            reasons.append(exclude[code] or "excluded")
        elif pd.isna(pop):
            reasons.append("population missing")
        elif pop < 0:
            raise ValueError(f"the population of area {code} is negative.")
        elif min_population is not None and pop < min_population:
            reasons.append(f"population {pop:g} below {min_population:g}")
        elif pd.isna(cls):
            reasons.append("no class")
        elif cls not in factors:
            raise ValueError(f"class {cls!r} of area {code} has no factor.")
        else:
            reasons.append("")
    return pd.Series(reasons, index=table.index, dtype="str")


def _largest_remainder(total: int, weights: list[Fraction], codes: list[str]) -> list[int]:
    """Split ``total`` cents in proportion to ``weights``; the sum is exactly ``total``."""
    weight_sum = sum(weights, Fraction(0))
    if weight_sum == 0:
        if total:
            raise ValueError("the included areas have no target population to share by.")
        return [0] * len(weights)
    quotas = [total * w / weight_sum for w in weights]
    floors = [math.floor(q) for q in quotas]
    left = total - sum(floors)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), codes[i]))
    for i in order[:left]:
        floors[i] += 1
    return floors


def allocate(
    areas: pd.DataFrame,
    *,
    budget: int | float | str | Decimal,
    population_column: str,
    class_column: str,
    class_factors: Mapping | Sequence[float],
    base: int | float | str | Decimal = 0,
    id_column: str = "area_code",
    min_population: float | None = None,
    exclude: Mapping[str, str] | None = None,
) -> Allocation:
    """Distribute ``budget`` (euros) across areas: a base each plus a share by need.

    amount = ``base`` + (budget - base x included areas) x population x factor / sum of
    (population x factor) over the included areas. ``class_factors`` maps each class (index
    class, or a validated need) to its factor, in ascending order of need; a sequence means
    classes 1..n. Factors may not fall as need rises, so at equal population an area with
    more need never gets less. Areas listed in ``exclude`` (code -> reason), with a missing
    population, below ``min_population`` or without a class get 0 and their reason.

    Exact to the cent: everything is computed in integer cents with exact fractions; the
    shares are rounded down and the cents left over go one each by largest remainder (ties:
    :data:`TIE_BREAK`), so the amounts add up to the budget exactly.

    Returns
    -------
    Allocation
        ``table``: ``id_column``, population, class, ``factor``, ``base_cents``,
        ``share_cents``, ``amount_cents`` (int), ``amount`` (euros), ``excluded_reason``;
        ``params``: every input needed to repeat it, and the rounding rule.

    Examples
    --------
    >>> t = pd.DataFrame({"area_code": ["1", "2", "3"], "kids": [100, 100, 200],
    ...                   "class": [1, 2, 2]})
    >>> a = allocate(t, budget=1000, population_column="kids", class_column="class",
    ...              class_factors=[1, 2])
    >>> a.table["amount"].tolist()
    [142.86, 285.71, 571.43]
    """
    if not isinstance(areas, pd.DataFrame):
        raise TypeError(f"areas must be a pandas DataFrame, not {type(areas).__name__}.")
    for column in (id_column, population_column, class_column):
        if column not in areas.columns:
            raise ValueError(f"the table has no column {column!r}.")
    population = areas[population_column]
    if not pd.api.types.is_numeric_dtype(population) or pd.api.types.is_bool_dtype(population):
        raise ValueError(f"the column {population_column!r} must hold numbers.")
    if areas[id_column].astype("str").duplicated().any():
        raise ValueError(f"the column {id_column!r} has duplicate area codes.")
    budget_cents, base_cents = _cents(budget, "the budget"), _cents(base, "the base amount")
    factors = _factors(class_factors)
    reasons = _reasons(
        areas, id_column, population_column, class_column, factors, min_population, exclude
    )
    included = (reasons == "").to_numpy()
    rest = budget_cents - base_cents * int(included.sum())
    if rest < 0:
        raise ValueError("the budget is smaller than the base amounts of the included areas.")
    out = areas[[id_column, population_column, class_column]].copy()
    out[id_column] = out[id_column].astype("str")
    weights = [
        _exact(pop, "a population") * factors[cls] if ok else Fraction(0)
        for pop, cls, ok in zip(out[population_column], out[class_column], included, strict=True)
    ]
    share = _largest_remainder(rest, weights, out[id_column].tolist())
    classes = zip(out[class_column], included, strict=True)
    out["factor"] = [float(factors[c]) if ok else 0.0 for c, ok in classes]
    out["base_cents"] = [base_cents if ok else 0 for ok in included]
    out["share_cents"] = share
    out["amount_cents"] = out["base_cents"] + out["share_cents"]
    out["amount"] = out["amount_cents"] / 100
    out["excluded_reason"] = reasons
    params = {
        "budget": f"{budget_cents // 100}.{budget_cents % 100:02d}",
        "budget_cents": budget_cents,
        "base_cents": base_cents,
        "population_column": population_column,
        "class_column": class_column,
        "class_factors": [[key, float(f)] for key, f in factors.items()],
        "min_population": min_population,
        "exclude": {str(k): str(v) for k, v in (exclude or {}).items()},
        "exclusions": {c: r for c, r in zip(out[id_column], reasons, strict=True) if r},
        "rounding": "integer cents, rounded down, remaining cents by largest remainder",
        "tie_break": TIE_BREAK,
        "n_included": int(included.sum()),
    }
    return Allocation(table=out.reset_index(drop=True), params=params)


def compare_allocations(
    first: Allocation, second: Allocation, *, id_column: str = "area_code"
) -> pd.DataFrame:
    """Two allocations side by side: who gains and who loses going from ``first`` to ``second``.

    Returns ``id_column``, ``first_cents``, ``second_cents``, ``difference_cents`` (second minus
    first) and ``outcome`` (``gains`` / ``loses`` / ``same``), sorted by difference, largest
    loss first. An area in only one allocation counts as 0 in the other.

    Examples
    --------
    >>> t = pd.DataFrame({"area_code": ["1", "2"], "kids": [100, 100], "class": [1, 2]})
    >>> a = allocate(t, budget=100, population_column="kids", class_column="class",
    ...              class_factors=[1, 1])
    >>> b = allocate(t, budget=100, population_column="kids", class_column="class",
    ...              class_factors=[1, 3])
    >>> compare_allocations(a, b)[["area_code", "difference_cents", "outcome"]].values.tolist()
    [['1', -2500, 'loses'], ['2', 2500, 'gains']]
    """
    parts = []
    for name, allocation in (("first", first), ("second", second)):
        if not isinstance(allocation, Allocation):
            raise TypeError(f"{name} must be an Allocation, not {type(allocation).__name__}.")
        part = allocation.table[[id_column, "amount_cents"]]
        parts.append(part.rename(columns={"amount_cents": f"{name}_cents"}))
    out = parts[0].merge(parts[1], on=id_column, how="outer")
    out[["first_cents", "second_cents"]] = (
        out[["first_cents", "second_cents"]].fillna(0).astype("int64")
    )
    out["difference_cents"] = out["second_cents"] - out["first_cents"]
    sign = out["difference_cents"].map(lambda d: "gains" if d > 0 else "loses" if d < 0 else "same")
    out["outcome"] = sign.astype("str")
    out = out.sort_values(["difference_cents", id_column], kind="stable")
    return out.reset_index(drop=True)
