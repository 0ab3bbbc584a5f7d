"""Values out of a table's text cells: a column, its numbers and its area codes.

Every problem is an :class:`~analysis.readers.errors.InputFileError` that names the row and
column, so that the person who uploaded the file can find and fix it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.readers.errors import N_, InputFileError
from analysis.readers.tables import Cells

__all__ = ["area_keys", "column", "looks_numeric", "na_set", "parse_numbers", "require"]

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_THOUSANDS_DE = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?")
_CODE_LIKE = re.compile(r"0\d+")

_MISSING = {
    "id": N_("there is no id column '%(name)s' (columns: %(columns)s)."),
    "value": N_("there is no value column '%(name)s' (columns: %(columns)s)."),
    "area": N_("there is no area column '%(name)s' (columns: %(columns)s)."),
    "indicator": N_("there is no indicator column '%(name)s' (columns: %(columns)s)."),
    "year": N_("there is no year column '%(name)s' (columns: %(columns)s)."),
}


def _cells(header: list[str], *rows: list[str]) -> Cells:
    """A small table for the examples below."""
    return Cells(Path("t.csv"), header, [list(r) for r in rows], list(range(2, len(rows) + 2)))


def column(raw: Cells, name: str) -> list[str]:
    """Return the texts of one column, top to bottom.

    Examples
    --------
    >>> column(_cells(["id", "S1"], ["01", "4,2"], ["02", "-"]), "S1")
    ['4,2', '-']
    """
    i = raw.header.index(name)
    return [r[i] for r in raw.rows]


def require(raw: Cells, name: str, what: str) -> None:
    """Raise an error naming the columns there are when ``name`` is not one of them.

    ``what`` says which column it should have been: id, value, area, indicator or year.

    Examples
    --------
    >>> require(_cells(["id", "S1"]), "W", "value")
    Traceback (most recent call last):
    ...
    analysis.readers.errors.InputFileError: file 't.csv': there is no value column 'W' (...).
    """
    if name not in raw.header:
        raise InputFileError(raw.path, _MISSING[what], name=name, columns=", ".join(raw.header))


def parse_numbers(raw: Cells, name: str, na: set[str]) -> pd.Series:
    """Read a column as float64: decimal point or comma, German thousands, ``na`` as NaN.

    Examples
    --------
    >>> raw = _cells(["id", "S1"], ["01", "1.234,5"], ["02", "-"], ["03", "0,5"])
    >>> parse_numbers(raw, "S1", {"-"}).tolist()
    [1234.5, nan, 0.5]
    >>> parse_numbers(_cells(["id", "S1"], ["01", "viel"]), "S1", set())
    Traceback (most recent call last):
    ...
    analysis.readers.errors.InputFileError: file 't.csv', row 2, column 'S1': 'viel' is not ...
    """
    texts = column(raw, name)
    comma = any("," in t for t in texts if t not in na)
    values: list[float] = []
    for text, line in zip(texts, raw.lines, strict=True):
        if text in na:
            values.append(float("nan"))
            continue
        t = text
        if comma:
            if _THOUSANDS_DE.fullmatch(t):
                t = t.replace(".", "")
            t = t.replace(",", ".")
        if not _NUMBER.fullmatch(t):
            raise InputFileError(
                raw.path, N_("'%(text)s' is not a number."), row=line, column=name, text=text
            )
        values.append(float(t))
    return pd.Series(values, dtype="float64", name=name)


def looks_numeric(texts: list[str], na: set[str]) -> bool:
    """Whether most present values are numbers; codes with leading zeros stay text.

    Examples
    --------
    >>> looks_numeric(["4,2", "7", "-"], {"-"}), looks_numeric(["01", "02"], set())
    (True, False)
    """
    present = [t for t in texts if t not in na]
    if not present:
        return True  # only "no value" sentinels: an indicator without data
    if any(_CODE_LIKE.fullmatch(t) for t in present):
        return False  # codes such as "01" stay text
    ok = sum(
        bool(_NUMBER.fullmatch(t.replace(",", ".", 1)) or _THOUSANDS_DE.fullmatch(t))
        for t in present
    )
    return ok > len(present) / 2


def area_keys(raw: Cells, id_column: str, key_width: int | None, na: set[str]) -> pd.Series:
    """Read the area codes as text, digits zero-padded to ``key_width``; none may be empty.

    Examples
    --------
    >>> area_keys(_cells(["id"], ["1"], ["12"]), "id", 3, set()).tolist()
    ['001', '012']
    """
    keys = []
    for text, line in zip(column(raw, id_column), raw.lines, strict=True):
        if text == "" or text in na:
            raise InputFileError(
                raw.path, N_("the area code is empty."), row=line, column=id_column
            )
        if key_width is not None and text.isdigit():
            text = text.zfill(key_width)
        keys.append(text)
    return pd.Series(keys, dtype="str", name=id_column)


def na_set(id_column: object, key_width: object, na_values: Iterable[str]) -> set[str]:
    """Check the reading options every table reader shares; return the "no value" texts.

    Examples
    --------
    >>> sorted(na_set("id", None, ["-9999", "."]))
    ['-9999', '.']
    """
    if not isinstance(id_column, str) or not id_column:
        raise TypeError("id_column must be a non-empty str.")
    if key_width is not None and (not isinstance(key_width, int) or key_width < 1):
        raise ValueError("key_width must be a positive int or None.")
    if isinstance(na_values, str):
        raise TypeError("na_values must be a sequence of str, not a single str.")
    return {str(v) for v in na_values}
