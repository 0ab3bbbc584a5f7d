"""The values of a wide table (one column per indicator and year) as a long frame.

Which columns are indicators, with which key and year, :func:`~analysis.readers.columns.
report_columns` decided; this reads their values row by row, beside the row's number in the
file, so that every stored value can be checked against its cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.readers.columns import ColumnReport
from analysis.readers.sheet import Table
from analysis.readers.years import year_of

__all__ = ["wide_values"]


def wide_values(table: Table, reports: Sequence[ColumnReport]) -> pd.DataFrame:
    """The indicators' values as a long frame: ``area_code, indicator, year, value, row``.

    One row per data row and indicator column, missing values as NaN, ``year`` <NA> when
    unknown, ``row`` the row number in the file (to check a value against its cell). Rows
    whose code comes twice (the key column's problems) are left empty; rows without a code
    are left out (the key column's problems name them).

    Examples
    --------
    >>> from analysis.readers.columns import report_columns
    >>> from analysis.readers.sheet import find_table
    >>> t = find_table([["Code", "EW_2019"], ["01", "1.748"], ["02", "."]])
    >>> wide_values(t, report_columns(t, key_column="Code"))
      area_code indicator  year   value  row
    0        01        EW  2019  1748.0    2
    1        02        EW  2019     NaN    3
    """
    key = next(r for r in reports if r.kind == "key")
    repeated = {p.row for p in key.problems}
    year_column = next((r.name for r in reports if r.kind == "year"), None)
    codes = table.column(key.name)
    row_years = [year_of(c) for c in table.column(year_column)] if year_column else None
    parts = []
    for report in reports:
        if report.kind != "indicator" or report.numbers is None:
            continue
        if report.year_rule in ("none", "not_a_year") and row_years is not None:
            years: list[int | None] = list(row_years)
        else:
            years = [report.years[0] if report.years else None] * len(codes)
        parts.append(pd.DataFrame({
            "area_code": pd.Series(codes, dtype="str"),
            "indicator": report.key,
            "year": pd.array(years, dtype="Int64"),
            "value": pd.Series([None if row in repeated else v for v, row in
                                zip(report.numbers.values, table.lines, strict=True)],
                               dtype="float64"),
            "row": table.lines,
        }))  # fmt: skip
    if not parts:
        return pd.DataFrame(columns=["area_code", "indicator", "year", "value", "row"])
    values = pd.concat(parts, ignore_index=True)
    return values[values["area_code"].ne("")].reset_index(drop=True)
