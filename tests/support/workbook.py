"""Read ``results.xlsx`` as a script would: through its key sheet, back to machine keys."""

from __future__ import annotations

import pandas as pd
from openpyxl.workbook import Workbook


def sheet_by_keys(book: Workbook, sheet: str) -> pd.DataFrame:
    """The sheet ``sheet`` with each header replaced by its key from the last (key) sheet."""
    keys = {(s, column): key for s, column, key, _ in list(book.worksheets[-1].values)[1:]}
    header, *rows = list(book[sheet].values)
    return pd.DataFrame(rows, columns=[keys[(sheet, h)] for h in header])
