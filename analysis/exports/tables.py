"""Tables for office users: CSV (also for German Excel) and XLSX, neutralised against formulas.

Every text cell is neutralised against spreadsheet formula injection (OWASP "CSV injection"):
strings that start with ``=``, ``+``, ``-``, ``@``, tab or carriage return get a leading ``'``.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analysis.exports.xlsx import write_workbook

__all__ = ["neutralise_cell", "neutralise_frame", "write_csv", "write_xlsx"]

_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_DANGEROUS_PATTERN = r"^[=+\-@\t\r]"


def neutralise_cell(value: Any) -> Any:
    """Prefix a string that a spreadsheet would run as a formula with ``'``; leave others alone.

    Examples
    --------
    >>> neutralise_cell("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_cell(-3.5)
    -3.5
    """
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def neutralise_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` with every text cell and column name neutralised.

    Numeric columns are untouched, so a negative number stays a number.

    Examples
    --------
    >>> neutralise_frame(pd.DataFrame({"a": ["-x", "ok"], "b": [-1, 2]}))["a"].tolist()
    ["'-x", 'ok']
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError("df must be a pandas DataFrame")
    out = df.copy()
    for i in range(out.shape[1]):
        series = out.iloc[:, i]
        if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
            mask = series.str.match(_DANGEROUS_PATTERN).fillna(False).astype(bool)
            if mask.any():
                out.isetitem(i, series.where(~mask, "'" + series))
        elif isinstance(series.dtype, pd.CategoricalDtype):
            # neutralise each category once; code -1 (missing) picks the trailing NaN
            safe = [neutralise_cell(c) for c in series.cat.categories] + [np.nan]
            values = np.array(safe, dtype=object)[series.cat.codes.to_numpy()]
            out.isetitem(i, pd.Series(values, index=series.index, dtype=object))
        elif series.dtype == object:
            out.isetitem(i, series.map(neutralise_cell))
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out


def write_csv(df: pd.DataFrame, path: str | PathLike[str], *, excel_de: bool = False) -> Path:
    """Write a neutralised CSV in UTF-8 with BOM; missing values are empty.

    Parameters
    ----------
    df : DataFrame
    path : path
    excel_de : bool
        For German Excel: ``;`` as separator, decimal comma and CRLF line ends.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_csv(pd.DataFrame({"x": [1.5]}), os.path.join(tempfile.mkdtemp(), "a.csv"),
    ...               excel_de=True)
    >>> p.read_bytes()
    b'\\xef\\xbb\\xbfx\\r\\n1,5\\r\\n'
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError("df must be a pandas DataFrame")
    path = Path(path)
    options: dict[str, Any] = {"sep": ";", "decimal": ",", "lineterminator": "\r\n"}
    neutralise_frame(df).to_csv(
        path, index=False, encoding="utf-8-sig", na_rep="", **(options if excel_de else {})
    )
    return path


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: str | PathLike[str]) -> Path:
    """Write one worksheet per frame: bold frozen header, sensible widths, numbers as numbers.

    Sheet names are cut to Excel's 31 characters (and made unique); text cells and headers are
    neutralised; missing values are empty cells. See :func:`analysis.exports.xlsx.write_workbook`.

    Examples
    --------
    >>> import tempfile, os
    >>> p = write_xlsx({"Index": pd.DataFrame({"a": [1, None]})},
    ...                os.path.join(tempfile.mkdtemp(), "r.xlsx"))
    >>> p.suffix
    '.xlsx'
    """
    if not isinstance(sheets, Mapping) or not sheets:
        raise ValueError("sheets must be a non-empty mapping of sheet name -> DataFrame")
    safe = {}
    for name, frame in sheets.items():
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"sheet {name!r} must be a pandas DataFrame")
        header = [neutralise_cell(str(c)) for c in frame.columns]
        safe[name] = neutralise_frame(frame).set_axis(header, axis=1)
    return write_workbook(safe, path)
