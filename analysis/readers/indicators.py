"""A CSV or XLSX table as it is (:func:`read_table`) and its header (:func:`table_columns`).

For tables that are not indicator files: crosswalks, the published index tables of a town.
Indicator files (wide or long, with the column report, years and Destatis symbols) have one
reader, :func:`analysis.readers.indicator_file.read_indicator_file`.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike

import pandas as pd

from analysis.readers.cells import area_keys, column, looks_numeric, na_set, parse_numbers, require
from analysis.readers.errors import InputFileError
from analysis.readers.tables import Cells, read_cells

__all__ = ["DEFAULT_NA_VALUES", "LONG_COLUMNS", "InputFileError", "read_table", "table_columns"]

DEFAULT_NA_VALUES: tuple[str, ...] = ("-9999", ".", "-", "x", "")
#: The columns of indicator values in the long form (as stored, as the time series read them).
LONG_COLUMNS = ("area_code", "indicator", "year", "value")


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
