"""Hostile cells cannot make the parsing core slow: its patterns take linear time.

A cell may hold 10,000 characters (analysis.readers.limits.MAX_CELL_CHARS). Before the
patterns were bounded, one cell of spaces took about 5 s to read (quadratic backtracking); a
sheet of them would have held the upload worker until its time limit.
"""

from __future__ import annotations

import time

from analysis.readers.codes import propose_rule
from analysis.readers.columns import report_columns
from analysis.readers.limits import MAX_CELL_CHARS
from analysis.readers.sheet import find_table

N = MAX_CELL_CHARS
HOSTILE = [
    "1" + " " * (N - 2) + "#",
    "1" + "*" * (N - 2) + "x",
    "A" + " " * (N - 10) + "2019 x",
    "," * (N - 1) + "x",
    "_" * (N - 5) + "2019x",
    "2019_" * (N // 5),
    "jahr " * (N // 5),
    "a-" * (N // 2),
    "(1" * (N // 2),
    "1." * (N // 2),
]


def test_a_sheet_of_hostile_cells_and_headers_is_read_in_linear_time():
    header = ["Code", *HOSTILE]
    rows = [header, *[[f"{i}", *HOSTILE] for i in range(3)]]
    started = time.process_time()
    table = find_table(rows)
    reports = report_columns(table, key_column="Code")
    propose_rule(HOSTILE, {text: text for text in HOSTILE})
    seconds = time.process_time() - started
    assert len(reports) == len(header)
    assert seconds < 3, f"{seconds:.1f} s of CPU for {len(HOSTILE) * 4} hostile cells"
