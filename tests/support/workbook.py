"""Read ``results.xlsx`` as a script would: through its key sheet, back to machine keys."""

from __future__ import annotations

import pandas as pd
from openpyxl.workbook import Workbook


def sheet_by_keys(book: Workbook, sheet: str) -> pd.DataFrame:
    """The sheet ``sheet`` with each header replaced by its key from the last (key) sheet."""
    keys = {(s, column): key for s, column, key, _ in list(book.worksheets[-1].values)[1:]}
    header, *rows = list(book[sheet].values)
    return pd.DataFrame(rows, columns=[keys[(sheet, h)] for h in header])


def read_excel_csv(source, *, sep: str = ";", decimal: str = ",") -> pd.DataFrame:
    """A CSV written for Excel read back as Excel shows it: a column of ``="01100101"`` cells
    (codes Excel must keep as text) becomes text ``01100101``; a column of numbers becomes
    numbers (decimal ``decimal``); everything else stays text."""
    frame = pd.read_csv(source, sep=sep, decimal=decimal, encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)  # fmt: skip
    for column in frame.columns:
        cells = frame[column]
        wrapped = cells.str.fullmatch(r'="(.*)"')
        if wrapped.any():
            frame[column] = cells.str.replace(r'^="(.*)"$', r"\1", regex=True)
            continue
        filled = cells.ne("")
        numbers = pd.to_numeric(cells.str.replace(decimal, ".", regex=False), errors="coerce")
        if filled.any() and numbers[filled].notna().all():
            frame[column] = numbers
    return frame
