"""Find the table in a sheet of cells: titles above, a header over one or two rows, notes below.

A Statistikamt's table rarely starts in its first row. :func:`find_table` takes the rows as
the raw reader gives them (lists of cell texts, ragged or not) and finds:

* **the data**: they begin at the first row after a non-empty row that holds a value – a
  number other than a bare year (``2019`` heads a column as often as it fills one) or a
  Destatis symbol (:func:`analysis.readers.numbers.is_value`);
* **the header**: the non-empty row directly above the data, and the row above that as well
  when it touches it (no empty row between) and is not a title – a title has one filled cell,
  in the first column; a group heading such as ``Einwohner`` over three columns has its cell
  further right. Two rows are merged into one name per column: a group heading spans the
  empty cells to its right as long as the row below names them (``Einwohner`` over
  ``insgesamt`` and ``unter 18`` gives ``Einwohner insgesamt``, ``Einwohner unter 18``);
* **titles**: every non-empty row above the header;
* **notes**: from the end, rows that start with a note word (``Quelle``, ``Anmerkung``,
  ``Stand``, ``1)``, ``*`` …) or hold one filled cell of three or more words;
* rows inside the data that repeat the header (a page break in an export) are left out.

Every row left out with text is reported (:class:`SkippedRow`), empty rows are not (they hold
nothing). ``header_at`` and ``header_rows`` override the guess.

Hyphenation (the rule): a hyphen is a line-break artefact, and goes with the space or line
break after it, when a small letter stands directly before it and a small letter follows –
``Migrations-hintergrund`` and ``Migrations-`` over ``hintergrund`` become
``Migrationshintergrund``, ``Status-summe`` becomes ``Statussumme``. Every other hyphen is
real: a capital or digit on either side (``SGB-II``, ``Kfz-Bestand``, ``U-Bahn``,
``15-Jährige``), or a conjunction after it (``Ein- und Ausgänge``). The rare real hyphen
between two small letters (``deutsch-türkisch``) is lost; the report shows every header that
changed, with its text in the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.readers.errors import N_, Message
from analysis.readers.numbers import is_value

__all__ = ["SkippedRow", "Table", "clean_header", "column_letter", "find_table"]

_YEAR = re.compile(r"(?:19|20)\d{2}")
_NOTE = re.compile(
    r"(?i)(?:(?:daten)?quellen?|anmerkungen?|hinweise?|erläuterungen?|fu(?:ß|ss)noten?|stand"
    r"|legende|zeichenerklärung|sources?|notes?)\b|\*|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\(?\d{1,2}\)|[a-z]\)"
)
_HYPHEN = re.compile(
    r"(?<=[a-zäöüß])-\s*(?=[a-zäöüß])(?!(?:und|oder|bzw|sowie|bis|als)\b)",
)
TITLE = N_("title above the table")
NOTE = N_("note below the table")
REPEATED = N_("repeats the header")


@dataclass(frozen=True)
class SkippedRow:
    """A row with text that is not part of the table: its number, its text and why."""

    row: int
    text: str
    why: Message


@dataclass
class Table:
    """A table found in a sheet: one name per column, the data rows and what was left out.

    ``rows`` are as long as ``header``; ``lines`` are their row numbers in the file;
    ``header_lines`` the row numbers of the header; ``renamed`` pairs each header as it
    stands in the file (two rows joined by ``" / "``) with its name, where they differ.
    """

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    header_lines: list[int]
    skipped: list[SkippedRow] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    source: str = ""

    def column(self, name: str) -> list[str]:
        """The cells of the column ``name``, top to bottom."""
        i = self.header.index(name)
        return [row[i] for row in self.rows]


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column (0 -> ``A``, 26 -> ``AA``).

    Examples
    --------
    >>> column_letter(0), column_letter(27)
    ('A', 'AB')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def clean_header(text: str) -> str:
    """A header cell as one line: spaces collapsed, hyphenation artefacts joined.

    Examples
    --------
    >>> clean_header("Anteil mit Migrations-\\nhintergrund  in %")
    'Anteil mit Migrationshintergrund in %'
    >>> clean_header("SGB-II-Quote"), clean_header("Ein- und Ausgänge")
    ('SGB-II-Quote', 'Ein- und Ausgänge')
    """
    text = " ".join(text.replace("\u00ad", "").split())
    return _HYPHEN.sub("", text)


def _filled(row: Sequence[str]) -> list[int]:
    return [i for i, cell in enumerate(row) if cell]


def _is_data(row: Sequence[str]) -> bool:
    return any(cell and not _YEAR.fullmatch(cell) and is_value(cell) for cell in row)


def _is_note(row: Sequence[str]) -> bool:
    filled = _filled(row)
    if not filled:
        return True
    if _NOTE.match(row[filled[0]]):
        return True
    return len(filled) == 1 and len(row[filled[0]].split()) >= 3


def _header_span(
    rows: list[list[str]], header_at: int | None, header_rows: int | None
) -> tuple[list[int], int]:
    """Indexes of the header rows and of the first data row."""
    nonempty = [i for i, row in enumerate(rows) if _filled(row)]
    if not nonempty:
        return [], 0
    if header_at is not None:
        count = header_rows or 1
        return list(range(header_at, header_at + count)), header_at + count
    first = nonempty[0]
    data = next((i for i in nonempty if i > first and _is_data(rows[i])), None)
    if data is None:
        return [first], first + 1
    bottom = max(i for i in nonempty if i < data)
    above = _filled(rows[bottom - 1]) if bottom > first else []
    two = header_rows == 2 or (header_rows is None and bool(above) and above != [0])
    return ([bottom - 1, bottom] if two and bottom > 0 else [bottom]), data


def _merge_two(upper: list[str], lower: list[str]) -> list[str]:
    names, group = [], ""
    for up, low in zip(upper, lower, strict=True):
        if up:
            group = up if low else ""
        elif not low:
            group = ""
        top = up or (group if low else "")
        if top.endswith("-") and low[:1].islower() and top[-2:-1].islower():
            names.append(top + low)
        else:
            names.append(" ".join(part for part in (top, low) if part))
    return names


def _names(header: list[list[str]]) -> tuple[list[str], list[tuple[str, str]]]:
    merged = header[0] if len(header) == 1 else _merge_two(header[0], header[1])
    names, renamed, seen = [], [], set()
    for i, text in enumerate(merged):
        raw = " / ".join(row[i] for row in header if row[i])
        name = clean_header(text) or column_letter(i)
        base, n = name, 1
        while name in seen:
            n += 1
            name = f"{base} ({n})"
        seen.add(name)
        names.append(name)
        if name != raw:
            renamed.append((raw, name))
    return names, renamed


def _pad(rows: list[list[str]], width: int) -> list[list[str]]:
    return [(row + [""] * width)[:width] for row in rows]


def find_table(
    rows: Sequence[Sequence[str]],
    *,
    lines: Sequence[int] | None = None,
    header_at: int | None = None,
    header_rows: int | None = None,
    source: str = "",
) -> Table:
    """Find header, data, titles and notes in the rows of a sheet or CSV file.

    ``lines`` are the rows' numbers in the file (default 1, 2, ...); ``header_at`` (a row
    number) and ``header_rows`` (1 or 2) override the guess. ``source`` names the file in
    later messages.

    Examples
    --------
    >>> t = find_table([["Tabelle 3: Einwohner"], [],
    ...                 ["Raum", "Einwohner-", "Anteil"], ["", "zahl", "in %"],
    ...                 ["1 a", "1.748", "4,2"], ["Quelle: Melderegister"]])
    >>> t.header, t.rows, t.lines
    (['Raum', 'Einwohnerzahl', 'Anteil in %'], [['1 a', '1.748', '4,2']], [5])
    >>> [(s.row, s.text, str(s.why)) for s in t.skipped]
    [(1, 'Tabelle 3: Einwohner', 'title above the table'),
     (6, 'Quelle: Melderegister', 'note below the table')]
    """
    if header_rows not in (None, 1, 2):
        raise ValueError("header_rows must be 1, 2 or None.")
    numbers = list(lines) if lines is not None else list(range(1, len(rows) + 1))
    if len(numbers) != len(rows):
        raise ValueError("lines must give one row number per row.")
    cells = [["" if cell is None else str(cell).strip() for cell in row] for row in rows]
    start = numbers.index(header_at) if header_at is not None else None
    heads, data = _header_span(cells, start, header_rows)
    top = heads[0] if heads else 0
    end = len(cells)
    while end > data and _is_note(cells[end - 1]):
        end -= 1
    body = [cells[i] for i in heads] + cells[data:end]
    width = max((len(r) for r in body), default=0)
    while width and not any(len(r) >= width and r[width - 1] for r in body):
        width -= 1
    header = _pad([cells[i] for i in heads], width) or [[""] * width]
    names, renamed = _names(header)
    table = Table(names, [], [], [numbers[i] for i in heads], renamed=renamed, source=source)
    for i, row in enumerate(cells):
        text = " | ".join(cell for cell in row if cell)
        if not text or i in heads or top <= i < data:
            continue
        if i < top or i >= end:
            why = Message(TITLE if i < top else NOTE)
            table.skipped.append(SkippedRow(numbers[i], text, why))
        elif (padded := _pad([row], width)[0]) in header:
            table.skipped.append(SkippedRow(numbers[i], text, Message(REPEATED)))
        else:
            table.rows.append(padded)
            table.lines.append(numbers[i])
    return table
