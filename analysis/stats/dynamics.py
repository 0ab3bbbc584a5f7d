"""The dynamics index from stored years and the combined status/dynamics class (Berlin MSS)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from analysis.stats.index import IndexResult, dynamics_index
from analysis.stats.index_classes import DYNAMICS_LABELS_DE, DYNAMICS_THRESHOLDS, SD_LABELS_DE
from analysis.stats.index_inputs import IndexInputError
from analysis.stats.trends import check_long

__all__ = ["BERLIN_DYNAMICS_CODES", "changes_between", "dynamics_from_years", "status_dynamics"]

#: Suffix of Berlin's combined code ("2+", "2+/-", "2-") per dynamics class 1..3; the
#: official file numbers the dynamics classes 1, 3, 5 (``DI_N``) and the combined class
#: ``10 * status + DI_N`` (``SDI_N``).
BERLIN_DYNAMICS_CODES = ("+", "+/-", "-")


def changes_between(
    long: pd.DataFrame,
    indicators: Sequence[str],
    start: int,
    end: int,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per area, one column per indicator: its change from ``start`` to ``end``.

    The column of indicator ``S1`` is called ``names["S1"]`` when given (Berlin: ``D1``),
    else ``S1``. An area without a value in one of the years gets NaN, never 0.

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": ["1", "1"], "indicator": "S1", "year": [2018, 2020],
    ...                   "value": [5.0, 6.5]})
    >>> changes_between(f, ["S1"], 2018, 2020, names={"S1": "D1"}).to_dict("records")
    [{'area_code': '1', 'D1': 1.5}]
    """
    if isinstance(indicators, str) or not indicators:
        raise ValueError("indicators must be a non-empty sequence of indicator names.")
    if start >= end:
        raise ValueError("the start year must come before the end year.")
    names = dict(names or {})
    rows = check_long(long)
    out = pd.DataFrame(index=pd.Index(sorted(set(rows["area_code"])), name="area_code"))
    for indicator in indicators:
        own = check_long(rows, indicator)
        for year in (start, end):
            if year not in set(own["year"]):
                raise ValueError(f"there are no values for {indicator} in {year}.")
        wide = own.pivot(index="area_code", columns="year", values="value")
        out[names.get(indicator, indicator)] = (wide[end] - wide[start]).reindex(out.index)
    return out.reset_index()


def dynamics_from_years(
    long: pd.DataFrame,
    *,
    indicators: Sequence[str],
    start: int,
    end: int,
    population: str | None = None,
    min_population: float | None = None,
    **options,
) -> IndexResult:
    """The dynamics index from the stored yearly values of chosen indicators.

    For each indicator the change from ``start`` to ``end`` (:func:`changes_between`), then
    :func:`analysis.stats.index.dynamics_index`: z-transform, sum, z-transform again, classes by
    :data:`~analysis.stats.index_classes.DYNAMICS_THRESHOLDS` into 1 positiv / 2 stabil / 3 negativ.
    ``population`` names the indicator holding the residents; its value in ``end`` is used
    with ``min_population`` (Berlin: 300). Further ``options`` (``directions``, ``weights``,
    ``exclude``, ``thresholds``, ``labels``) go to :func:`~analysis.stats.index.social_index`. The
    result's table has the column ``area_code`` and, per indicator, ``z_<indicator>``;
    ``params`` add ``start``, ``end`` and ``changes`` (the indicators whose change was used).

    Examples
    --------
    >>> f = pd.DataFrame({"area_code": list("abcd") * 2, "indicator": "S1",
    ...                   "year": [2018] * 4 + [2020] * 4,
    ...                   "value": [5.0, 5, 5, 5, 5.1, 5.2, 5.0, 9.0]})
    >>> r = dynamics_from_years(f, indicators=["S1"], start=2018, end=2020)
    >>> r.table["class_label"].tolist()
    ['stabil', 'stabil', 'stabil', 'negativ']
    """
    wide = changes_between(long, indicators, start, end)
    if population is not None:
        pop = check_long(long, population)
        pop = pop[pop["year"] == end].set_index("area_code")["value"]
        if pop.empty:
            raise IndexInputError(f"there are no values for {population} in {end}.")
        column = f"{population} {end}"
        wide[column] = wide["area_code"].map(pop)
        options["population_column"] = column
    result = dynamics_index(
        wide,
        id_column="area_code",
        indicators=list(indicators),
        min_population=min_population,
        **options,
    )
    result.params.update({"start": int(start), "end": int(end), "changes": list(indicators)})
    return result


def status_dynamics(
    status_class: pd.Series,
    dynamics_class: pd.Series,
    *,
    status_labels: Sequence[str] = SD_LABELS_DE,
    dynamics_labels: Sequence[str] = DYNAMICS_LABELS_DE,
) -> pd.DataFrame:
    """Combine the status class (1..4) and the dynamics class (1..3) into 12 groups.

    Returns ``class`` (1..12, ``3 * (status - 1) + dynamics``), ``code`` as Berlin writes it
    (``"2+/-"`` = status 2, dynamics stabil) and ``class_label`` ("mittel, negativ" with the
    given labels). Missing in either class gives missing in all three.

    Examples
    --------
    >>> status_dynamics(pd.Series([2, 4]), pd.Series([2, 3]))["code"].tolist()
    ['2+/-', '4-']
    """
    n_dynamics = len(DYNAMICS_THRESHOLDS) + 1
    if len(status_labels) < 1 or len(dynamics_labels) != n_dynamics:
        raise ValueError(f"give one label per status class and {n_dynamics} dynamics labels.")
    s = pd.Series(status_class).astype("Float64")
    d = pd.Series(dynamics_class).astype("Float64").set_axis(s.index)
    bad = (s.notna() & ~s.isin(range(1, len(status_labels) + 1))) | (
        d.notna() & ~d.isin(range(1, n_dynamics + 1))
    )
    if bad.any():
        raise ValueError("status classes must be 1..4 and dynamics classes 1..3.")
    known = s.notna() & d.notna()
    cls = (n_dynamics * (s - 1) + d).where(known).astype("Int64")
    code, label = [], []
    for si, di, ok in zip(s, d, known, strict=True):
        code.append(f"{int(si)}{BERLIN_DYNAMICS_CODES[int(di) - 1]}" if ok else None)
        label.append(
            f"{status_labels[int(si) - 1]}, {dynamics_labels[int(di) - 1]}" if ok else None
        )
    return pd.DataFrame(
        {
            "class": cls,
            "code": pd.Series(code, index=s.index, dtype="str"),
            "class_label": pd.Series(label, index=s.index, dtype="str"),
        }
    )
