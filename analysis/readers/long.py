"""Long tables: one row per area, indicator, year and value, optionally with a category.

A table is long when, beside the key column, it has a column that names the indicator and
one that holds the value, by their headers (compared in lower case): indicator
:data:`INDICATOR_NAMES`, value :data:`VALUE_NAMES`, category :data:`CATEGORY_NAMES` (an age
band, a sex: Köln's ``zeile``), the year as in :func:`~analysis.readers.years.find_year_column`.
The value column is one column, so its number format is decided once from all its cells.

Each (indicator, category) pair is one indicator with its own key (:func:`~analysis.readers.
columns.short_key`). Two rows for the same area, indicator, category and year are both
reported and both left empty: which one is right is the planner's call, not ours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.readers.columns import NO_AREA, short_key
from analysis.readers.errors import N_, Message
from analysis.readers.numbers import NumberColumn, read_numbers
from analysis.readers.problems import CellProblem
from analysis.readers.sheet import Table
from analysis.readers.years import find_year_column, read_years

__all__ = [
    "CATEGORY_NAMES",
    "INDICATOR_NAMES",
    "VALUE_NAMES",
    "LongLayout",
    "LongValues",
    "detect_long",
    "read_long",
]

INDICATOR_NAMES = ("indikator", "indicator", "merkmal", "kennzahl", "variable", "tabelle",
                   "thema", "sachverhalt")  # fmt: skip
VALUE_NAMES = ("wert", "werte", "value", "zahl", "anzahl", "betrag")
CATEGORY_NAMES = ("zeile", "kategorie", "category", "ausprägung", "auspraegung", "gruppe",
                  "altersgruppe", "merkmalsausprägung", "alter", "geschlecht")  # fmt: skip
TWICE = N_("area '%(area)s' has another value for '%(indicator)s' in %(year)s (row %(other)s); "
           "both are left empty.")  # fmt: skip


@dataclass(frozen=True)
class LongLayout:
    """The columns of a long table, and the columns it does not use."""

    area: str
    indicator: str
    value: str
    year: str | None = None
    category: str | None = None
    unused: tuple[str, ...] = ()


@dataclass
class LongValues:
    """A long table read: the values, the value column's numbers and every problem.

    ``values`` has ``area_code, indicator, category, key, year, value, row``; ``indicators``
    one row per key with its ``indicator``, ``category``, ``years`` and ``values_read``.
    """

    layout: LongLayout
    values: pd.DataFrame
    numbers: NumberColumn
    indicators: pd.DataFrame
    problems: list[CellProblem] = field(default_factory=list)


def _named(header: Sequence[str], names: Sequence[str], skip: Sequence[str | None]) -> str | None:
    return next((h for h in header if h.strip().lower() in names and h not in skip), None)


def detect_long(table: Table, *, area_column: str) -> LongLayout | None:
    """The layout of ``table`` if it is a long table, else ``None``.

    Examples
    --------
    >>> from analysis.readers.sheet import find_table
    >>> t = find_table([["jahr", "raum_id", "raum", "tabelle", "zeile", "zahl"],
    ...                 ["2012", "101", "Altstadt/Süd", "Einwohner nach Alter", "00 - < 03", "8"]])
    >>> detect_long(t, area_column="raum_id")
    LongLayout(area='raum_id', indicator='tabelle', value='zahl', year='jahr', category='zeile',
               unused=('raum',))
    """
    header = table.header
    indicator = _named(header, INDICATOR_NAMES, [area_column])
    value = _named(header, VALUE_NAMES, [area_column, indicator])
    if indicator is None or value is None:
        return None
    year = find_year_column(header, [table.column(h) for h in header])
    category = _named(header, CATEGORY_NAMES, [area_column, indicator, value, year])
    used = {area_column, indicator, value, year, category}
    unused = tuple(h for h in header if h not in used)
    return LongLayout(area_column, indicator, value, year, category, unused)


def _drop_twice(values: pd.DataFrame, layout: LongLayout, problems: list[CellProblem]) -> None:
    keys = ["area_code", "key", "year"]
    twice = values[values.duplicated(keys, keep=False) & values["area_code"].ne("")]
    for _, group in twice.groupby(keys, dropna=False, sort=False):
        rows = list(group["row"])
        for i, (_, line) in enumerate(group.iterrows()):
            name = f"{line['indicator']} {line['category']}".strip()
            params = {"area": line["area_code"], "indicator": name,
                      "year": "–" if pd.isna(line["year"]) else str(line["year"]),
                      "other": rows[1] if i == 0 else rows[0]}  # fmt: skip
            problems.append(CellProblem(int(line["row"]), layout.value, str(line["value"]),
                                        Message(TWICE, params)))  # fmt: skip
    values.loc[twice.index, "value"] = float("nan")


def read_long(
    table: Table, layout: LongLayout, *, decimal: str | None = None, **number_options
) -> LongValues:
    """Read the values of a long table; every problem is reported, none stops the table.

    Examples
    --------
    >>> from analysis.readers.sheet import find_table
    >>> t = find_table([["Jahr", "Code", "Merkmal", "Wert"], ["2019", "1 a", "EW", "1.748"],
    ...                 ["2020", "1 a", "EW", "1.802"], ["2020", "1 a", "SGB II", "–"]])
    >>> long = read_long(t, detect_long(t, area_column="Code"))
    >>> long.values[["area_code", "key", "year", "value"]]
      area_code     key  year   value
    0       1 a      EW  2019  1748.0
    1       1 a      EW  2020  1802.0
    2       1 a  SGB_II  2020     0.0
    """
    problems: list[CellProblem] = []
    numbers = read_numbers(table.column(layout.value), column=layout.value, rows=table.lines,
                           decimal=decimal, **number_options)  # fmt: skip
    problems.extend(numbers.problems)
    categories = table.column(layout.category) if layout.category else [""] * len(table.rows)
    years: list[int | None] = [None] * len(table.rows)
    if layout.year:
        years, wrong = read_years(table.column(layout.year), column=layout.year, rows=table.lines)
        problems.extend(wrong)
    values = pd.DataFrame({
        "area_code": pd.Series(table.column(layout.area), dtype="str"),
        "indicator": pd.Series(table.column(layout.indicator), dtype="str"),
        "category": pd.Series(categories, dtype="str"),
        "year": pd.array(years, dtype="Int64"),
        "value": pd.Series(numbers.values, dtype="float64"),
        "row": table.lines,
    })  # fmt: skip
    pairs = values[["indicator", "category"]].drop_duplicates()
    keys: dict[tuple[str, str], str] = {}
    for indicator, category in pairs.itertuples(index=False):
        keys[(indicator, category)] = short_key(f"{indicator} {category}", keys.values())
    pairs_of_rows = zip(values["indicator"], values["category"], strict=True)
    values.insert(3, "key", [keys[p] for p in pairs_of_rows])
    for line in values.loc[values["area_code"].eq(""), "row"]:
        problems.append(CellProblem(int(line), layout.area, "", Message(NO_AREA)))
    _drop_twice(values, layout, problems)
    values = values[values["area_code"].ne("")].reset_index(drop=True)
    return LongValues(layout, values, numbers, _summary(values), problems)


def _summary(values: pd.DataFrame) -> pd.DataFrame:
    grouped = values.groupby(["key", "indicator", "category"], sort=False)
    return grouped.agg(
        years=("year", lambda y: tuple(sorted(int(v) for v in y.dropna().unique()))),
        values_read=("value", "count"),
    ).reset_index()
