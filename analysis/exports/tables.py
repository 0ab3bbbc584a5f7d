"""Tables for office users: CSV (also for German Excel) and XLSX, neutralised against formulas.

Every text cell is neutralised against spreadsheet formula injection (OWASP "CSV injection"):
strings that start with ``=``, ``+``, ``-``, ``@``, tab or carriage return get a leading ``'``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
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


def _excel_text(value: Any) -> Any:
    """A code as an Excel text formula, ``="01100101"``: Excel reads a plain ``01100101`` in a
    CSV as the number 1100101 and knows no other way to keep it text. The code is inside a
    string literal (quotes doubled), so no formula in it can run."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return value
    return '="' + str(value).replace('"', '""') + '"'


def write_csv(
    df: pd.DataFrame,
    path: str | PathLike[str],
    *,
    excel_decimal: str | None = None,
    text_columns: Collection[str] = (),
) -> Path:
    """Write a neutralised CSV in UTF-8 with BOM; missing values are empty.

    Parameters
    ----------
    df : DataFrame
    path : path
    excel_decimal : str, optional
        For Excel in the reader's language: the decimal mark (``","`` for German Excel, then
        ``;`` separates the fields; ``"."`` for English, then ``,``) and CRLF line ends.
        Default: a machine-readable CSV (``,`` and ``.``, LF).
    text_columns : collection of str
        With ``excel_decimal``: columns Excel must keep as text (codes with leading zeros),
        written as ``="…"``.

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, os
    >>> frame = pd.DataFrame({"code": ["0101"], "x": [1.5]})
    >>> p = write_csv(frame, os.path.join(tempfile.mkdtemp(), "a.csv"), excel_decimal=",",
    ...               text_columns=["code"])
    >>> p.read_bytes()[:9], pd.read_csv(p, sep=";", dtype=str)["code"].tolist()
    (b'\\xef\\xbb\\xbfcode;x', ['="0101"'])
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError("df must be a pandas DataFrame")
    path = Path(path)
    options: dict[str, Any] = {}
    safe = neutralise_frame(df)
    if excel_decimal is not None:
        sep = ";" if excel_decimal == "," else ","
        options = {"sep": sep, "decimal": excel_decimal, "lineterminator": "\r\n"}
        for i, name in enumerate(df.columns):
            if name in text_columns:
                safe.isetitem(i, df.iloc[:, i].astype(object).map(_excel_text))
    safe.to_csv(path, index=False, encoding="utf-8-sig", na_rep="", **options)
    return path


def write_xlsx(
    sheets: Mapping[str, pd.DataFrame],
    path: str | PathLike[str],
    formats: Mapping[str, Sequence[str | None]] | None = None,
) -> Path:
    """Write one worksheet per frame: bold frozen header, sensible widths, numbers as numbers;
    ``formats`` gives columns Excel number formats (by sheet, one per column).

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
    return write_workbook(safe, path, formats)
