"""Open a CSV or XLSX file as raw text cells: encoding, separator, sheet and header checks."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

__all__ = ["InputFileError"]


class InputFileError(ValueError):
    """A file a user supplied cannot be read; the message names file, row and column."""

    def __init__(
        self,
        path: str | PathLike,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        where = f"file '{Path(path).name}'"
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        super().__init__(f"{where}: {message}")
        self.path, self.row, self.column = str(path), row, column


@dataclass
class _Raw:
    path: Path
    header: list[str]
    rows: list[list[str]]
    lines: list[int]


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _sniff_separator(text: str) -> str:
    sample = [line for line in text.splitlines()[:20] if line.strip()]
    best, best_fields = ",", 1
    for sep in (";", "\t", ","):
        counts = [len(r) for r in csv.reader(sample, delimiter=sep)]
        if counts and counts[0] > best_fields and all(c == counts[0] for c in counts):
            best, best_fields = sep, counts[0]
    if best_fields == 1:  # ragged sample: fall back to counting on the header line
        best = max((";", "\t", ","), key=lambda s: sample[0].count(s) if sample else 0)
    return best


def _read_csv_raw(path: Path) -> _Raw:
    text = _decode(path, path.read_bytes())
    if not text.strip():
        raise InputFileError(path, "the file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_separator(text))
    header: list[str] | None = None
    rows, lines = [], []
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = record
            continue
        if len(record) != len(header):
            raise InputFileError(
                path,
                f"expected {len(header)} fields like the header line but found {len(record)}.",
                row=reader.line_num,
            )
        rows.append(record)
        lines.append(reader.line_num)
    assert header is not None
    return _Raw(path, header, rows, lines)


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


def _read_xlsx_raw(path: Path, sheet_name: str | int) -> _Raw:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputFileError(path, f"this is not a readable XLSX workbook ({exc}).") from exc
    try:
        if isinstance(sheet_name, int):
            if not 0 <= sheet_name < len(workbook.sheetnames):
                raise InputFileError(path, f"the workbook has no sheet number {sheet_name}.")
            sheet = workbook[workbook.sheetnames[sheet_name]]
        elif sheet_name in workbook.sheetnames:
            sheet = workbook[sheet_name]
        else:
            names = ", ".join(workbook.sheetnames)
            raise InputFileError(path, f"there is no sheet '{sheet_name}' (sheets: {names}).")
        header: list[str] | None = None
        rows, lines = [], []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = cells
                continue
            rows.append((cells + [""] * len(header))[: len(header)])
            lines.append(number)
    finally:
        workbook.close()
    if header is None:
        raise InputFileError(path, "the sheet is empty.")
    return _Raw(path, header, rows, lines)


def _read_raw(path: str | PathLike, sheet_name: str | int) -> _Raw:
    if not isinstance(path, str | PathLike):
        raise TypeError(f"path must be a str or os.PathLike, not {type(path).__name__}.")
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in (".csv", ".txt", ".tsv", ".xlsx"):
        raise InputFileError(
            p, "only CSV and XLSX files can be read; save the table as one of these."
        )
    if not p.is_file():
        raise InputFileError(p, "the file does not exist.")
    raw = _read_xlsx_raw(p, sheet_name) if suffix == ".xlsx" else _read_csv_raw(p)
    raw.header = [h.strip().lstrip("\ufeff") for h in raw.header]
    seen: set[str] = set()
    for name in raw.header:
        if not name:
            raise InputFileError(p, "the header line has an empty column name.", row=1)
        if name in seen:
            raise InputFileError(p, f"the column name '{name}' appears twice.", row=1)
        seen.add(name)
    raw.rows = [[c.strip() for c in r] for r in raw.rows]
    return raw
