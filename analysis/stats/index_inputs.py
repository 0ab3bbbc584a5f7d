"""The inputs of a social index, checked: the table, weights, directions and exclusions.

Every check raises :class:`IndexInputError` with a sentence that says what of a table or
configuration cannot be used, so that the caller can show it as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

__all__ = ["IndexInputError", "check_table", "directions_of", "exclusions", "weights_of"]


class IndexInputError(ValueError):
    """The table or configuration given for an index cannot be used; the message says why."""


def _number_text(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def weights_of(
    weights: Mapping[str, float] | Sequence[float] | None, indicators: list[str]
) -> dict[str, float]:
    """Return one weight per indicator (1.0 where none is given).

    Examples
    --------
    >>> weights_of({"S3": 2}, ["S1", "S3"])
    {'S1': 1.0, 'S3': 2.0}
    >>> weights_of([1, 2, 3], ["S1", "S3"])
    Traceback (most recent call last):
    ...
    analysis.stats.index_inputs.IndexInputError: weights must have one value per indicator (2).
    """
    if weights is None:
        return dict.fromkeys(indicators, 1.0)
    if isinstance(weights, Mapping):
        unknown = [k for k in weights if k not in indicators]
        if unknown:
            raise IndexInputError(f"weights name indicators that are not in the index: {unknown}.")
        return {i: float(weights.get(i, 1.0)) for i in indicators}
    if isinstance(weights, str) or len(weights) != len(indicators):
        raise IndexInputError(f"weights must have one value per indicator ({len(indicators)}).")
    return {i: float(w) for i, w in zip(indicators, weights, strict=True)}


def directions_of(directions: Mapping[str, int] | None, indicators: list[str]) -> dict[str, int]:
    """Return +1 or -1 per indicator (-1: a lower value means more need).

    Examples
    --------
    >>> directions_of({"S3": -1}, ["S1", "S3"])
    {'S1': 1, 'S3': -1}
    """
    result = dict.fromkeys(indicators, 1)
    for key, sign in (directions or {}).items():
        if key not in indicators:
            raise IndexInputError(f"directions name an indicator that is not in the index: {key}.")
        if sign not in (1, -1):
            raise IndexInputError(f"the direction of {key} must be +1 or -1, not {sign!r}.")
        result[key] = int(sign)
    return result


def _reason(row: pd.Series, indicators: list[str], population_column, min_population) -> str:
    if population_column is not None and min_population is not None:
        pop = row[population_column]
        if pd.isna(pop):
            return "population missing"
        if pop < min_population:
            return f"population {_number_text(pop)} below {_number_text(min_population)}"
    missing = [c for c in indicators if pd.isna(row[c])]
    return "missing " + ", ".join(missing) if missing else ""


def exclusions(
    table: pd.DataFrame,
    id_column: str,
    indicators: list[str],
    population_column: str | None,
    min_population: float | None,
    exclude: Mapping[str, str] | None,
) -> pd.Series:
    """Return, per row, why the area is left out of the index ("" when it is included).

    In this order: listed in ``exclude`` (code -> reason), population missing or below
    ``min_population``, an indicator missing.

    Examples
    --------
    >>> t = pd.DataFrame({"id": ["a", "b", "c"], "pop": [50, 400, 500], "S1": [1.0, None, 2]})
    >>> exclusions(t, "id", ["S1"], "pop", 300, {}).tolist()
    ['population 50 below 300', 'missing S1', '']
    """
    ids = table[id_column].astype("str")
    exclude = {str(k): str(v) for k, v in (exclude or {}).items()}
    unknown = sorted(set(exclude) - set(ids))
    if unknown:
        raise IndexInputError(f"exclude names areas that are not in the table: {unknown}.")
    reasons = [
        (exclude[code] or "excluded")
        if code in exclude
        else _reason(table.loc[i], indicators, population_column, min_population)
        for i, code in ids.items()
    ]
    return pd.Series(reasons, index=table.index, dtype="str")


def check_table(
    table: pd.DataFrame, id_column: str, indicators: Sequence[str], population_column: str | None
) -> list[str]:
    """Check that the table has the named, numeric, unique columns; return the indicators.

    Examples
    --------
    >>> t = pd.DataFrame({"id": ["a", "b"], "S1": ["x", "y"]})
    >>> check_table(t, "id", ["S1"], None)
    Traceback (most recent call last):
    ...
    analysis.stats.index_inputs.IndexInputError: the column 'S1' is not numeric.
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, not {type(table).__name__}.")
    if isinstance(indicators, str) or not indicators:
        raise IndexInputError("indicators must be a non-empty sequence of column names.")
    indicators = [str(i) for i in indicators]
    numeric = indicators + ([population_column] if population_column else [])
    for name in [id_column, *numeric]:
        if name not in table.columns:
            raise IndexInputError(f"the table has no column '{name}'.")
    for name in numeric:
        column = table[name]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            raise IndexInputError(f"the column '{name}' is not numeric.")
    if len(set(indicators)) != len(indicators):
        raise IndexInputError("each indicator may appear only once.")
    if table[id_column].duplicated().any():
        raise IndexInputError(f"the column '{id_column}' has duplicate area codes.")
    return indicators
