"""Read messy municipal indicator tables (CSV, XLSX; wide or long) into tidy frames."""

from __future__ import annotations

import re
from collections.abc import Sequence
from os import PathLike
from typing import Literal

import pandas as pd

from analysis.readers.cells import area_keys, column, looks_numeric, na_set, parse_numbers, require
from analysis.readers.errors import N_, InputFileError
from analysis.readers.tables import Cells, read_cells

__all__ = [
    "DEFAULT_NA_VALUES",
    "InputFileError",
    "read_indicator_table",
    "read_table",
    "table_columns",
]

DEFAULT_NA_VALUES: tuple[str, ...] = ("-9999", ".", "-", "x", "")
LONG_COLUMNS = ("area_code", "indicator", "year", "value")

_YEAR_HEADER = re.compile(r"(.+?)[_ ]((?:19|20)\d{2})")
_YEAR_PATTERNS = (  # 2020, 202012, 20201231, 2020-12(-31), 31.12.2020
    re.compile(r"(\d{4})(\d{2}){0,2}"),
    re.compile(r"(\d{4})-\d{2}(-\d{2})?"),
    re.compile(r"\d{1,2}\.\d{1,2}\.(\d{4})"),
)
_YEAR_NAMES = ("year", "jahr", "zeit", "stichtag", "datum", "date")
_INDICATOR_NAMES = ("indicator", "indikator", "merkmal", "kennzahl", "variable")
_VALUE_NAMES = ("value", "wert", "werte", "anteil", "quote")


def _wide_frame(raw: Cells, id_column: str, key_width: int | None, na: set[str]) -> pd.DataFrame:
    require(raw, id_column, "id")
    data: dict[str, pd.Series] = {id_column: area_keys(raw, id_column, key_width, na)}
    for name in raw.header:
        if name == id_column:
            continue
        texts = column(raw, name)
        if looks_numeric(texts, na):
            data[name] = parse_numbers(raw, name, na)
        else:
            data[name] = pd.Series([None if t in na else t for t in texts], dtype="str")
    return pd.DataFrame(data)


def read_table(
    path: str | PathLike,
    *,
    id_column: str,
    key_width: int | None = None,
    na_values: Sequence[str] = DEFAULT_NA_VALUES,
    sheet_name: str | int = 0,
) -> pd.DataFrame:
    """Read a CSV or XLSX table as it is, cleaned: one row per line of the file.

    The id column stays text (optionally zero-padded to ``key_width``); columns whose values
    look numeric (decimal point or comma) or hold only sentinels become float64 with sentinels
    as NaN; other columns stay text. Columns whose values have leading zeros (``"01"``) are
    codes and stay text.

    Examples
    --------
    >>> import pathlib, analysis
    >>> csv = pathlib.Path(analysis.__file__).parents[1] / "tests" / "data" / "indikatoren.csv"
    >>> read_table(csv, id_column="Sozialraum").values.tolist()  # decimal commas, "-" and "."
    [['1 a', 12.5, 18.0], ['1 b', 7.25, nan], ['2', 21.0, nan]]
    """
    na = na_set(id_column, key_width, na_values)
    return _wide_frame(read_cells(path, sheet_name), id_column, key_width, na)


def _parse_year(text: str) -> int | None:
    for pattern in _YEAR_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            return int(match.group(1))
    return None


def _years(raw: Cells, name: str, na: set[str]) -> list[int | None]:
    years: list[int | None] = []
    for text, line in zip(column(raw, name), raw.lines, strict=True):
        year = None if text in na else _parse_year(text)
        if year is None and text not in na:
            raise InputFileError(
                raw.path, N_("'%(text)s' is not a year."), row=line, column=name, text=text
            )
        years.append(year)
    return years


def _find(header: list[str], names: tuple[str, ...]) -> str | None:
    for h in header:
        if h.lower() in names:
            return h
    return None


def _tidy(area: list[str], indicator: list[str], year: list, value: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": pd.Series(area, dtype="str"),
            "indicator": pd.Series(indicator, dtype="str"),
            "year": pd.array(year, dtype="Int64"),
            "value": pd.Series(value, dtype="float64"),
        }
    )


def _long_from_wide(raw: Cells, id_column, key_width, na, value_columns) -> pd.DataFrame:
    wide = _wide_frame(raw, id_column, key_width, na)
    year_column = _find(raw.header, _YEAR_NAMES)
    if value_columns is None:
        value_columns = [
            c
            for c in wide.columns
            if c not in (id_column, year_column) and wide[c].dtype == "float64"
        ]
    for c in value_columns:
        require(raw, c, "value")
        if wide[c].dtype != "float64":
            wide[c] = parse_numbers(raw, c, na)
    row_years = _years(raw, year_column, na) if year_column else [None] * len(wide)
    area, indicator, year, value = [], [], [], []
    for i, code in enumerate(wide[id_column]):
        for c in value_columns:
            match = _YEAR_HEADER.fullmatch(c)
            area.append(code)
            indicator.append(match.group(1) if match else c)
            year.append(int(match.group(2)) if match else row_years[i])
            value.append(wide[c].iat[i])
    return _tidy(area, indicator, year, value)


def _long(raw: Cells, id_column, key_width, na, long_columns) -> pd.DataFrame:
    if long_columns is None:
        found = (
            id_column,
            _find(raw.header, _INDICATOR_NAMES),
            _find(raw.header, _YEAR_NAMES),
            _find(raw.header, _VALUE_NAMES),
        )
        if found[1] is None or found[3] is None:
            raise InputFileError(
                raw.path,
                N_("cannot find the indicator and value columns of a long table; "
                   "name them with long_columns=(area, indicator, year, value)."),
            )  # fmt: skip
        long_columns = found
    area_col, ind_col, year_col, value_col = long_columns
    for name, what in zip(long_columns, ("area", "indicator", "year", "value"), strict=True):
        if name is not None:
            require(raw, name, what)
    years = _years(raw, year_col, na) if year_col else [None] * len(raw.rows)
    return _tidy(
        list(area_keys(raw, area_col, key_width, na)),
        column(raw, ind_col),
        years,
        list(parse_numbers(raw, value_col, na)),
    )


def table_columns(path: str | PathLike, *, sheet_name: str | int = 0) -> list[str]:
    """The column names of a CSV or XLSX table, in file order, without interpreting any column.

    Reads the file the way :func:`read_table` does (encoding and separator detection, the first
    non-empty row of a sheet as header) and checks the header: no empty or repeated names.

    Raises
    ------
    InputFileError
        For files that are not CSV/XLSX, missing files or sheets and bad header lines.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("PLR_ID;S1;S2\\n01100101;4,2;-\\n", encoding="utf-8")
    >>> table_columns(path)
    ['PLR_ID', 'S1', 'S2']
    """
    return list(read_cells(path, sheet_name).header)


def read_indicator_table(
    path: str | PathLike | Cells,
    *,
    id_column: str,
    key_width: int | None = None,
    na_values: Sequence[str] = DEFAULT_NA_VALUES,
    layout: Literal["auto", "wide", "long"] = "auto",
    value_columns: Sequence[str] | None = None,
    sheet_name: str | int = 0,
    long_columns: tuple[str, str, str, str] | None = None,
) -> pd.DataFrame:
    """Read an indicator table (CSV or XLSX, wide or long) into a tidy long frame.

    Returns columns ``area_code`` (str), ``indicator`` (str), ``year`` (Int64, <NA> if
    unknown) and ``value`` (float64, NaN for sentinels such as ``-9999``). In the wide layout
    each value column is an indicator; the year comes from a ``year``/``Jahr``/``ZEIT`` column
    (``202012`` -> 2020) or from headers like ``SGB2_2023``. The long layout has one row per
    area, indicator and year; ``layout="auto"`` picks it when indicator and value columns are
    found (``Indikator``/``Wert`` or ``indicator``/``value``). Rows are in file order.
    ``path`` may also be a table's :class:`~analysis.readers.tables.Cells`, read once for a
    preview that also shows the header.

    Raises
    ------
    InputFileError
        For unreadable files, unknown columns, values that are not numbers (naming row and
        column) and duplicate (area, indicator, year) combinations.

    Examples
    --------
    >>> import pathlib, analysis
    >>> csv = pathlib.Path(analysis.__file__).parents[1] / "tests" / "data" / "indikatoren.csv"
    >>> read_indicator_table(csv, id_column="Sozialraum", value_columns=["SGB2_2023"])
      area_code indicator  year  value
    0       1 a      SGB2  2023  12.50
    1       1 b      SGB2  2023   7.25
    2         2      SGB2  2023  21.00
    """
    na = na_set(id_column, key_width, na_values)
    if layout not in ("auto", "wide", "long"):
        raise ValueError(f"layout must be 'auto', 'wide' or 'long', not {layout!r}.")
    raw = path if isinstance(path, Cells) else read_cells(path, sheet_name)
    if layout == "auto":
        detected = _find(raw.header, _INDICATOR_NAMES) and _find(raw.header, _VALUE_NAMES)
        layout = "long" if long_columns is not None or detected else "wide"
    if layout == "long":
        tidy = _long(raw, id_column, key_width, na, long_columns)
    else:
        tidy = _long_from_wide(raw, id_column, key_width, na, value_columns)
    duplicated = tidy.duplicated(["area_code", "indicator", "year"])
    if duplicated.any():
        first = tidy[duplicated].iloc[0]
        raise InputFileError(
            raw.path,
            N_("area '%(area)s' has more than one value for indicator '%(indicator)s' and "
               "year %(year)s."),
            area=str(first["area_code"]), indicator=str(first["indicator"]),
            year=str(first["year"]),
        )  # fmt: skip
    return tidy
