"""Rows of cells from the small German tables in ``tests/data/german_tables`` and real files.

The parsing core takes rows of cell texts, as a raw reader gives them; these tests read the
files with the standard library only, so what is tested is the core, not a reader.
"""

from __future__ import annotations

import csv
from pathlib import Path

from analysis.readers.sheet import Table, find_table

DATA = Path(__file__).resolve().parents[1] / "data" / "german_tables"


def rows_of(path: Path, delimiter: str = ";") -> list[list[str]]:
    """The rows of a CSV file (UTF-8, with or without BOM) as lists of cell texts."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def table_of(name: str, **options) -> Table:
    """The table found in ``tests/data/german_tables/<name>``."""
    return find_table(rows_of(DATA / name), source=name, **options)
