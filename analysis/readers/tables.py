"""Open a CSV or XLSX file as raw text cells: encoding, separator, sheet and header checks.

The file's content and size are checked first (:func:`analysis.readers.formats.
check_table_file`); rows, columns and cell lengths are bounded while reading
(:mod:`analysis.readers.limits`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from openpyxl import load_workbook

from analysis.readers import limits
from analysis.readers.errors import N_, InputFileError
from analysis.readers.formats import check_table_file

_SNIFF_CHARS = 64 * 1024


@dataclass
class Cells:
    """A table's cells as text: the header, the data rows and their line numbers in the file."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8")
        except UnicodeDecodeError:
            raise InputFileError(path, N_("the file says it is UTF-8 but is not.")) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _sniff_separator(text: str) -> str:
    sample = [line for line in text[:_SNIFF_CHARS].splitlines()[:20] if line.strip()]
    best, best_fields = ",", 1
    for sep in (";", "\t", ","):
        try:
            counts = [len(r) for r in csv.reader(sample, delimiter=sep)]
        except csv.Error:  # the reading itself names the line
            continue
        if counts and counts[0] > best_fields and all(c == counts[0] for c in counts):
            best, best_fields = sep, counts[0]
    if best_fields == 1:  # ragged sample: fall back to counting on the header line
        best = max((";", "\t", ","), key=lambda s: sample[0].count(s) if sample else 0)
    return best


def _check_cells(path: Path, cells: list[str], row: int, header: list[str] | None) -> None:
    if len(cells) > limits.MAX_COLUMNS:
        raise InputFileError(
            path, N_("the table has more than %(limit)s columns."), limit=limits.MAX_COLUMNS
        )
    for i, cell in enumerate(cells):
        if len(cell) > limits.MAX_CELL_CHARS:
            column = header[i] if header is not None and i < len(header) else None
            raise _long_cell(path, row, column)
    if row > limits.MAX_ROWS:
        raise InputFileError(
            path, N_("the table has more than %(limit)s rows."), limit=limits.MAX_ROWS
        )


def _long_cell(path: Path, row: int, column: str | None = None) -> InputFileError:
    return InputFileError(
        path, N_("a cell is longer than %(limit)s characters."), row=row, column=column,
        limit=limits.MAX_CELL_CHARS,
    )  # fmt: skip


def _csv_records(path: Path, text: str):
    """(line number, cells) per record; csv's own errors become a sentence with the line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_separator(text))
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger" in str(exc):  # a cell over csv's own limit (131,072 characters)
                raise _long_cell(path, reader.line_num) from None
            raise InputFileError(
                path, N_("this line cannot be read as CSV."), row=reader.line_num
            ) from None
        yield reader.line_num, record


def _read_csv_raw(path: Path) -> Cells:
    text = _decode(path, path.read_bytes())
    if not text.strip():
        raise InputFileError(path, N_("the file is empty."))
    header: list[str] | None = None
    rows, lines = [], []
    for line, record in _csv_records(path, text):
        _check_cells(path, record, line, header)
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = record
            continue
        if len(record) != len(header):
            raise InputFileError(
                path,
                N_("expected %(expected)s fields like the header line but found %(found)s."),
                row=line, expected=len(header), found=len(record),
            )  # fmt: skip
        rows.append(record)
        lines.append(line)
    assert header is not None
    return Cells(path, header, rows, lines)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return, union-attr]
    return str(value)


def _sheet(path: Path, workbook, sheet_name: str | int):
    if isinstance(sheet_name, int):
        if not 0 <= sheet_name < len(workbook.sheetnames):
            raise InputFileError(
                path, N_("the workbook has no sheet number %(number)s."), number=sheet_name
            )
        return workbook[workbook.sheetnames[sheet_name]]
    if sheet_name in workbook.sheetnames:
        return workbook[sheet_name]
    raise InputFileError(
        path, N_("there is no sheet '%(sheet)s' (sheets: %(sheets)s)."),
        sheet=str(sheet_name), sheets=", ".join(workbook.sheetnames),
    )  # fmt: skip


def _read_xlsx_raw(path: Path, sheet_name: str | int) -> Cells:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception:  # openpyxl raises many types for broken files
        raise InputFileError(path, N_("this is not a readable XLSX workbook.")) from None
    try:
        sheet = _sheet(path, workbook, sheet_name)
        # Rows as long as their last cell, not as the sheet's stated dimension (which a file
        # can set to 16,384 columns by 1,048,576 rows).
        sheet.reset_dimensions()
        header: list[str] | None = None
        rows, lines = [], []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            _check_cells(path, cells, number, header)
            if not cells:
                continue
            if header is None:
                header = cells
                continue
            rows.append((cells + [""] * len(header))[: len(header)])
            lines.append(number)
    finally:
        workbook.close()
    if header is None:
        raise InputFileError(path, N_("the sheet is empty."))
    return Cells(path, header, rows, lines)


def read_cells(path: str | PathLike, sheet_name: str | int = 0) -> Cells:
    """The cells of a CSV or XLSX table after the content checks, within the limits."""
    if not isinstance(path, str | PathLike):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}.")
    p = check_table_file(path)
    raw = _read_xlsx_raw(p, sheet_name) if p.suffix.lower() == ".xlsx" else _read_csv_raw(p)
    raw.header = [h.strip().lstrip("\ufeff") for h in raw.header]
    seen: set[str] = set()
    for name in raw.header:
        if not name:
            raise InputFileError(p, N_("the header line has an empty column name."), row=1)
        if name in seen:
            raise InputFileError(
                p, N_("the column name '%(name)s' appears twice."), row=1, name=name
            )
        seen.add(name)
    raw.rows = [[c.strip() for c in r] for r in raw.rows]
    return raw
