"""When an offer is valid: dates from a file's cells or a form, read the same way everywhere.

A date may be ISO (``2025-08-01``), German (``1.8.2025``), a spreadsheet's date cell or empty
(open-ended). Anything else, and an end before the start, is a problem the caller lists – never
a date guessed.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

__all__ = ["parse_date", "read_validity"]

_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")


def parse_date(value: object) -> dt.date | None:
    """The date in ``value``; None when empty; ``ValueError`` when it is not a date.

    Examples
    --------
    >>> parse_date("2025-08-01"), parse_date("1.8.2025"), parse_date(" "), parse_date(None)
    (datetime.date(2025, 8, 1), datetime.date(2025, 8, 1), None, None)
    >>> parse_date("31.02.2025")
    Traceback (most recent call last):
    ValueError: not a date: '31.02.2025'
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    german, iso = _GERMAN.match(text), _ISO.match(text)
    try:
        if german:
            return dt.date(int(german[3]), int(german[2]), int(german[1]))
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
    except ValueError:
        pass
    raise ValueError(f"not a date: {text!r}")


def read_validity(
    frame: pd.DataFrame, rows: pd.Series, valid_from: str | None, valid_to: str | None
) -> tuple[pd.DataFrame, pd.Series]:
    """The validity of each of ``rows`` (labels of ``frame``) and the rows that have none usable.

    Returns
    -------
    (DataFrame, Series)
        ``valid_from``/``valid_to`` (dates or None) indexed like ``rows``, and the ``rows``
        whose date cells are not dates or end before they start.

    Examples
    --------
    >>> f = pd.DataFrame({"ab": ["2025-01-01", "kaputt", None], "bis": ["", "", "1.1.2024"]})
    >>> dates, bad = read_validity(f, pd.Series([0, 1, 2]), "ab", "bis")
    >>> dates["valid_from"].tolist(), bad.tolist()
    ([datetime.date(2025, 1, 1), None, None], [1])
    """
    empty = [None] * len(rows)
    out = pd.DataFrame({"valid_from": empty, "valid_to": empty}, index=rows.index, dtype=object)
    bad = []
    for position, row in rows.items():
        try:
            start = parse_date(frame.at[row, valid_from]) if valid_from else None
            end = parse_date(frame.at[row, valid_to]) if valid_to else None
        except ValueError:
            bad.append(row)
            continue
        if start is not None and end is not None and end < start:
            bad.append(row)
            continue
        out.at[position, "valid_from"], out.at[position, "valid_to"] = start, end
    return out, pd.Series(bad, dtype=rows.dtype)
