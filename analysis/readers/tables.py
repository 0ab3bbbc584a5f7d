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
from analysis.readers.errors import N_, InputFileError, Nn_
from analysis.readers.formats import check_table_file

_SNIFF_CHARS = 64 * 1024


@dataclass
class Rows:
    """Every row of a sheet or CSV file as it is (ragged, titles and notes included), with
    its row number in the file; empty rows are left out."""

    path: Path
    rows: list[list[str]]
    lines: list[int]


@dataclass
class Cells:
    """A table's cells as text: the header, the data rows and their line numbers in the file."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def _utf16(raw: bytes) -> str | None:
    """UTF-16 text (Excel's "Unicode text"): by its byte order mark, or by the zero bytes that
    every ASCII character brings in one of the two byte positions."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        sample = raw[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if len(sample) < 4 or max(even, odd) < len(sample) // 4 or min(even, odd) > 0:
            return None
        encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        return raw.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError:
        return None


def _decode(path: Path, raw: bytes) -> str:
    text = _utf16(raw)
    if text is not None:
        return text
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


def _csv_rows(path: Path) -> Rows:
    text = _decode(path, path.read_bytes())
    if not text.strip():
        raise InputFileError(path, N_("the file is empty."))
    out = Rows(path, [], [])
    for line, record in _csv_records(path, text):
        _check_cells(path, record, line, out.rows[0] if out.rows else None)
        if any(cell.strip() for cell in record):
            out.rows.append([cell.strip() for cell in record])
            out.lines.append(line)
    return out


def _xlsx_rows(path: Path, sheet_name: str | int) -> Rows:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception:  # openpyxl raises many types for broken files
        raise InputFileError(path, N_("this is not a readable XLSX workbook.")) from None
    out = Rows(path, [], [])
    try:
        sheet = _sheet(path, workbook, sheet_name)
        # Rows as long as their last cell, not as the sheet's stated dimension (which a file
        # can set to 16,384 columns by 1,048,576 rows).
        sheet.reset_dimensions()
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v).strip() for v in values]
            while cells and not cells[-1]:
                cells.pop()
            _check_cells(path, cells, number, out.rows[0] if out.rows else None)
            if cells:
                out.rows.append(cells)
                out.lines.append(number)
    finally:
        workbook.close()
    if not out.rows:
        raise InputFileError(path, N_("the sheet is empty."))
    return out


def read_rows(path: str | PathLike, sheet_name: str | int = 0) -> Rows:
    """Every non-empty row of a CSV or XLSX table as it is, after the content checks.

    Unlike :func:`read_cells` nothing is taken as the header: titles, notes and rows of
    other lengths stay, for :func:`analysis.readers.sheet.find_table`. CSV files may be
    UTF-8 (with or without BOM), CP1252 or UTF-16; ``sheet_name`` chooses an XLSX sheet
    (name or number from 0). Rows, columns and cells are bounded by
    :mod:`analysis.readers.limits`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("Tabelle 1\\n\\nCode;EW\\n01;1.748\\nQuelle: Amt\\n", encoding="utf-16")
    >>> rows = read_rows(path)
    >>> rows.rows, rows.lines
    ([['Tabelle 1'], ['Code', 'EW'], ['01', '1.748'], ['Quelle: Amt']], [1, 3, 4, 5])
    """
    if not isinstance(path, str | PathLike):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}.")
    p = check_table_file(path)
    return _xlsx_rows(p, sheet_name) if p.suffix.lower() == ".xlsx" else _csv_rows(p)


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


def read_cells(path: str | PathLike, sheet_name: str | int = 0) -> Cells:
    """The cells of a CSV or XLSX table after the content checks, within the limits."""
    if not isinstance(path, str | PathLike):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}.")
    found = read_rows(path, sheet_name)
    p, is_xlsx = found.path, found.path.suffix.lower() == ".xlsx"
    header, rows = found.rows[0], found.rows[1:]
    for row, line in zip(rows, found.lines[1:], strict=True):
        if len(row) != len(header) and not is_xlsx:
            raise InputFileError(
                p, Nn_("expected %(expected)s field like the header line but found %(found)s.",
                       "expected %(expected)s fields like the header line but found %(found)s."),
                row=line, count="expected", expected=len(header), found=len(row),
            )  # fmt: skip
    rows = [(row + [""] * len(header))[: len(header)] for row in rows]
    raw = Cells(p, header, rows, found.lines[1:])
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
    return raw
