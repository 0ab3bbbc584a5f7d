"""What every column of a wide table became: an indicator (key, unit, year, values) or why not.

:func:`report_columns` looks at each column of a :class:`~analysis.readers.sheet.Table` once:

* the key column, a year column (:func:`~analysis.readers.years.find_year_column`) and a names
  column are not indicators, and say so;
* an empty column, a column of codes (``01``, ``STGT03``, ``1 a``: every cell a code, most with
  a letter or a leading zero) and a text column (fewer than half its filled cells are numbers
  or symbols) are not indicators, each with its reason and an example;
* every other column is an indicator: its numbers are read by
  :func:`~analysis.readers.numbers.read_numbers` (problems reported, never fatal), its year
  split off its header (:func:`~analysis.readers.years.split_year`), its key derived
  (:func:`short_key`) and its unit guessed (:func:`guess_unit`). A bare year as header
  (``2011``) becomes an indicator only when the caller names it (``bare_year_name``).

Keys are unique within the file: columns with the same name but other years share a key (one
indicator over years); different names that give the same key get ``_2``, ``_3``; a column
that repeats another's name and year is keyed by its whole header.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from analysis.readers.errors import N_, Message, Nn_
from analysis.readers.numbers import NumberColumn, file_decimal, read_numbers
from analysis.readers.problems import CellProblem, shown
from analysis.readers.sheet import Table
from analysis.readers.years import find_year_column, read_years, split_year

__all__ = ["ColumnReport", "guess_unit", "report_columns", "short_key"]

KEY_LIMIT = 80
_CODE = re.compile(r"(?:[A-Za-z]{1,8}[ _-]?)?\d+(?:[ _-]?[A-Za-z]{1,2})?")
_PER = re.compile(r"(?i)\b(?:je|pro|per)\s*(100[.\s]?000|10[.\s]?000|1[.\s]?000|100|km²|km2|ha)\b")
_HEADER_UNITS = (
    (re.compile(r"%|(?i:\bprozent\b|\bv\.\s?h\.|\bin vh\b)"), "%"),
    (re.compile(r"€|(?i:\beur(?:o)?\b)"), "€"),
    (re.compile(r"(?i)\banzahl\b|\banz\.|\bzahl der\b|\babsolut\b|\babs\."), "Anzahl"),
)
_SHARE_WORDS = re.compile(r"(?i)anteil|quote")
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                           "ß": "ss", "%": " pct ", "€": " EUR "})  # fmt: skip

KEY = N_("the key column (area codes)")
YEAR = N_("the year of each row")
NAMES = N_("area names")
EMPTY = N_("no values")
ONLY_MISSING = N_("no values: every filled cell marks a missing value (such as '%(example)s')")
CODES = N_("codes, not numbers (such as '%(example)s')")
TEXT = Nn_(
    "text: %(count)s of %(filled)s cells is not a number (such as '%(example)s')",
    "text: %(count)s of %(filled)s cells are not numbers (such as '%(example)s')",
)
BARE = N_("a year without a name: name the indicator these years belong to")
NO_AREA = N_("the area code is empty.")
REPEATED = N_("the code '%(code)s' appears again in row %(other)s (a name on two levels, or a "
              "row twice); both rows are left empty.")  # fmt: skip


@dataclass
class ColumnReport:
    """One column and what it became.

    ``kind`` is ``"indicator"``, ``"key"``, ``"year"``, ``"names"``, ``"empty"``, ``"codes"``,
    ``"text"`` or ``"bare_year"``; ``reason`` says why a column is not an indicator. For an
    indicator: ``key`` (≤ 80 characters, unique in the file), ``indicator_name`` (the header
    without its year), ``years``, ``unit`` (``None`` = unknown) and where it was seen
    (``unit_from``: ``"header"``, ``"cells"`` or ``"share"``), and the ``numbers`` read.
    ``problems`` are the cells that could not be read, or the key column's repeated codes.
    """

    name: str
    kind: str
    reason: Message | None = None
    key: str = ""
    indicator_name: str = ""
    years: tuple[int, ...] = ()
    year_rule: str = "none"
    unit: str | None = None
    unit_from: str = ""
    numbers: NumberColumn | None = None
    problems: list[CellProblem] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.numbers is not None:
            self.problems = self.numbers.problems

    @property
    def values_read(self) -> int:
        """How many cells gave a value."""
        return self.numbers.read if self.numbers else 0

    @property
    def examples(self) -> list[CellProblem]:
        """Up to three of the problems."""
        return self.problems[:3]


def _key_problems(table: Table, key_column: str, row_years: list[int | None]) -> list[CellProblem]:
    """Rows without a code, and rows whose code (and year, with a year column) came before."""
    first: dict[tuple[str, int | None], int] = {}
    twice: dict[tuple[str, int | None], list[int]] = {}
    problems = []
    codes = table.column(key_column)
    for code, year, row in zip(codes, row_years, table.lines, strict=True):
        if not code:
            problems.append(CellProblem(row, key_column, code, Message(NO_AREA)))
        elif (code, year) in first:
            twice.setdefault((code, year), [first[(code, year)]]).append(row)
        else:
            first[(code, year)] = row
    for (code, _year), rows in twice.items():
        for row in rows:
            other = rows[1] if row == rows[0] else rows[0]
            why = Message(REPEATED, {"code": code, "other": other})
            problems.append(CellProblem(row, key_column, code, why))
    return sorted(problems, key=lambda p: p.row)


def short_key(text: str, taken: Collection[str] = (), limit: int = KEY_LIMIT) -> str:
    """A key for a header: ASCII letters, digits and ``_``, at most ``limit`` long, not taken.

    Examples
    --------
    >>> short_key("Anteil Einwohner mit Migrationshintergrund in %")
    'Anteil_Einwohner_mit_Migrationshintergrund_in_pct'
    >>> short_key("S1", taken={"S1"})
    'S1_2'
    >>> len(short_key("Wohnungen " * 20))
    79
    """
    key = re.sub(r"[^A-Za-z0-9]+", "_", text.translate(_TRANSLIT)).strip("_") or "column"
    if len(key) > limit:
        cut = key[:limit]
        key = cut[: cut.rfind("_")] if "_" in cut[limit // 2 :] else cut
    base, n = key, 1
    while key in taken:
        n += 1
        suffix = f"_{n}"
        key = base[: limit - len(suffix)] + suffix
    return key


def guess_unit(header: str, numbers: NumberColumn | None = None) -> tuple[str | None, str]:
    """The unit a header or its cells state, and where it was seen (or ``(None, "")``).

    ``Anteil``/``Quote`` alone give ``%`` only when every value lies in 0–100 and one is
    above 1 (a share written as 0.25 is not a percentage).

    Examples
    --------
    >>> guess_unit("Arbeitslose je 1000 EW"), guess_unit("SGB-II-Quote in %")
    (('je 1.000', 'header'), ('%', 'header'))
    >>> guess_unit("S1")
    (None, '')
    """
    found = _PER.search(header)
    if found:
        amount = re.sub(r"[.\s]", "", found.group(1)).replace("km2", "km²")
        if amount.isdigit():
            amount = f"{int(amount):,}".replace(",", ".")
        return f"je {amount}", "header"
    for pattern, unit in _HEADER_UNITS:
        if pattern.search(header):
            return unit, "header"
    if numbers is None or not numbers.counts["number"]:
        return None, ""
    for mark, unit in (("percent", "%"), ("euro", "€")):
        if numbers.counts[mark] * 2 >= numbers.counts["number"]:
            return unit, "cells"
    present = [v for v in numbers.values if v is not None]
    in_range = all(0 <= v <= 100 for v in present) and any(v > 1 for v in present)
    if _SHARE_WORDS.search(header) and in_range:
        return "%", "share"
    return None, ""


def _is_codes(cells: Sequence[str]) -> bool:
    if not all(_CODE.fullmatch(c) for c in cells):
        return False
    marked = sum(not c.isdigit() or (len(c) > 1 and c[0] == "0") for c in cells)
    return marked * 2 > len(cells)


def _not_indicator(name: str, cells: list[str], roles: dict[str, tuple[str, str]]):
    if name in roles:
        kind, why = roles[name]
        return ColumnReport(name, kind, Message(why))
    filled = [c for c in cells if c]
    if not filled:
        return ColumnReport(name, "empty", Message(EMPTY))
    if _is_codes(filled):
        return ColumnReport(name, "codes", Message(CODES, {"example": shown(filled[0])}))
    return None


def _indicator(name, cells, numbers, bare_year_name, row_years) -> ColumnReport:
    filled = len(numbers.values) - numbers.counts["empty"]
    unread = numbers.counts["problem"]
    if unread * 2 > filled:
        example = shown(numbers.problems[0].text)
        why = Message.counted(TEXT, {"count": unread, "filled": filled, "example": example})
        return ColumnReport(name, "text", why)
    if not numbers.read:
        example = shown(next(t for t in cells if t.strip()))
        return ColumnReport(name, "empty", Message(ONLY_MISSING, {"example": example}))
    split = split_year(name)
    indicator_name = split.name or (bare_year_name or "")
    if split.rule == "bare" and not bare_year_name:
        return ColumnReport(name, "bare_year", Message(BARE), years=(split.year,), year_rule="bare")
    if split.year is not None:
        years: tuple[int, ...] = (split.year,)
    else:
        read = [y for y, v in zip(row_years, numbers.values, strict=True) if v is not None]
        years = tuple(sorted({y for y in read if y is not None}))
    unit, unit_from = guess_unit(indicator_name, numbers)
    return ColumnReport(name, "indicator", None, "", indicator_name, years, split.rule,
                        unit, unit_from, numbers)  # fmt: skip


def _give_key(report: ColumnReport, keys: dict[str, str], used: set) -> None:
    """One key per indicator name; a column that repeats a name and year gets its own."""
    if report.indicator_name not in keys:
        keys[report.indicator_name] = short_key(report.indicator_name, keys.values())
    report.key = keys[report.indicator_name]
    if (report.key, report.years) in used:  # "Anzahl_2019" beside "Anzahl 2019"
        report.key = short_key(report.name, {k for k, _ in used} | set(keys.values()))
    used.add((report.key, report.years))


def _roles(table: Table, columns: dict[str, list[str]], key_column: str,
           name_column: str | None):  # fmt: skip
    """The columns that are not indicators by their role, and each row's year (with problems)."""
    year_column = find_year_column(table.header, list(columns.values()))
    roles = {key_column: ("key", KEY)}
    if year_column and year_column != key_column:
        roles[year_column] = ("year", YEAR)
    if name_column:
        roles[name_column] = ("names", NAMES)
    if not year_column:
        return roles, [None] * len(table.rows), []
    row_years, problems = read_years(columns[year_column], column=year_column, rows=table.lines)
    return roles, row_years, problems


def report_columns(
    table: Table,
    *,
    key_column: str,
    name_column: str | None = None,
    bare_year_name: str | None = None,
    decimal: str | None = None,
    **number_options,
) -> list[ColumnReport]:
    """Report every column of ``table``: an indicator with key, unit and years, or why not.

    ``decimal`` decides columns whose cells leave the decimal mark open (default: what the
    file's other columns show, see :func:`~analysis.readers.numbers.file_decimal`);
    ``number_options`` go to :func:`~analysis.readers.numbers.read_numbers` (``symbols``,
    ``values``, ``sentinels``).

    Examples
    --------
    >>> from analysis.readers.sheet import find_table
    >>> t = find_table([["Code", "EW_2019", "2018_Anteil", "Name"],
    ...                 ["01", "1.748", "4,2 %", "Altstadt"], ["02", "912", "x", "Neustadt"]])
    >>> [(r.name, r.kind, r.key, r.years, r.unit) for r in report_columns(t, key_column="Code")]
    [('Code', 'key', '', (), None), ('EW_2019', 'indicator', 'EW', (2019,), None),
     ('2018_Anteil', 'indicator', 'Anteil', (2018,), '%'), ('Name', 'text', '', (), None)]
    """
    for column in (key_column, name_column):
        if column is not None and column not in table.header:
            raise ValueError(f"the table has no column {column!r}.")
    columns = {name: table.column(name) for name in table.header}
    roles, row_years, year_problems = _roles(table, columns, key_column, name_column)
    if decimal is None:
        decimal = file_decimal(c for n, c in columns.items() if n not in roles)
    reports: list[ColumnReport] = []
    keys: dict[str, str] = {}
    used: set[tuple[str, tuple[int, ...]]] = set()
    for name, cells in columns.items():
        report = _not_indicator(name, cells, roles)
        if report is None:
            numbers = read_numbers(cells, column=name, rows=table.lines, decimal=decimal,
                                   **number_options)  # fmt: skip
            report = _indicator(name, cells, numbers, bare_year_name, row_years)
        if report.kind == "key":
            report.problems = _key_problems(table, key_column, row_years)
        elif report.kind == "year":
            report.problems = year_problems
        elif report.kind == "indicator":
            _give_key(report, keys, used)
        reports.append(report)
    return reports
