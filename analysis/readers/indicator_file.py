"""An indicator file as a Statistikamt sends it: read, reported column by column, as values.

:func:`read_indicator_file` is the one path from a file to values: the raw rows
(:func:`~analysis.readers.tables.read_rows`, after the upload checks), the table in them
(:func:`~analysis.readers.sheet.find_table`: titles, two-row headers, notes), then either a
long table (:func:`~analysis.readers.long.read_long`) or a wide one
(:func:`~analysis.readers.columns.report_columns` and :func:`~analysis.readers.wide.wide_values`).

Nothing is silent: every column becomes a :class:`ColumnLine` that says what it became (key,
name, unit, years, values read, unreadable cells with examples) or why it is not imported
(its role, text, codes, not chosen). One bad cell never stops a file: it is reported and left
empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike

import pandas as pd

from analysis.readers.columns import ColumnReport, guess_unit, report_columns
from analysis.readers.errors import N_, InputFileError, Message
from analysis.readers.long import LongValues, detect_long, read_long
from analysis.readers.numbers import file_decimal
from analysis.readers.problems import CellProblem
from analysis.readers.sheet import SkippedRow, Table, find_table
from analysis.readers.symbols import DESTATIS_SYMBOLS, SENTINELS
from analysis.readers.tables import read_rows
from analysis.readers.wide import wide_values
from analysis.readers.years import find_year_column

__all__ = ["ColumnLine", "IndicatorFile", "number_options", "read_indicator_file"]

NOT_CHOSEN = N_("not chosen for import")
UNUSED = N_("not used: a long table is read from its area, indicator, year and value columns")
SEVERAL_YEARS = N_("the file holds several years of '%(key)s'; choose one (--year).")
NO_COLUMN = N_("there is no column '%(name)s'; the columns are: %(columns)s.")
LONG_ROLES = {  # attribute of LongLayout -> (kind of its line, why it is not an indicator)
    "area": ("key", N_("the key column (area codes)")),
    "indicator": ("indicator_names", N_("the name of the indicator in each row")),
    "value": ("values", N_("the values (read per indicator below)")),
    "year": ("year", N_("the year of each row")),
    "category": ("category", N_("a category of the indicator (such as an age band)")),
}
KEY_HINTS = (
    (re.compile(r"(?i)raum|gebiet|bezirk|quartier|stadtteil|ortsteil|plr|lor"), 2),
    (re.compile(r"(?i)code|schlüssel|kennziffer"), 2),
    (re.compile(r"(?i)(?:id|nr)$"), 1),
    (re.compile(r"(?i)name|bezeichnung"), -3),
)
NAME_HINTS = ("name", "bezeichnung", "raum", "gebiet")
EXAMPLES = 3


@dataclass
class ColumnLine:
    """One line of the column report: a column (or, in a long table, an indicator) and what
    it became. ``kind`` is ``"indicator"`` when values are imported, else the reason's kind."""

    column: str
    kind: str
    reason: Message | None = None
    key: str = ""
    name: str = ""
    unit: str | None = None
    years: tuple[int, ...] = ()
    values_read: int = 0
    unreadable: int = 0
    examples: list[CellProblem] = field(default_factory=list)


@dataclass
class IndicatorFile:
    """A file read: its table, the column report, the values and every problem.

    ``values`` has ``area_code, indicator, year, value, row`` (``indicator`` is the key;
    ``row`` the row in the file); ``names`` maps each area code to its name in the file
    (the code itself without a names column); ``skipped`` the rows with text that are not
    part of the table (titles, notes).
    """

    source: str
    layout: str
    header: list[str]
    key_column: str
    columns: list[ColumnLine]
    values: pd.DataFrame
    names: dict[str, str]
    skipped: list[SkippedRow] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def indicators(self) -> list[ColumnLine]:
        """The lines whose values are imported, one per key and year set."""
        return [line for line in self.columns if line.kind == "indicator"]

    def table(self, year: int | None = None) -> pd.DataFrame:
        """One row per area code of the file (in file order), one column per indicator key:
        what :func:`analysis.stats.index.social_index` reads (codes in ``area_code``).

        ``year`` chooses among an indicator's years; an indicator with several years and no
        ``year`` is refused (InputFileError), values without a year always count.

        Examples
        --------
        >>> import analysis, pathlib
        >>> data = pathlib.Path(analysis.__file__).parents[1] / "tests" / "data"
        >>> read_indicator_file(data / "indikatoren.csv", key_column="Sozialraum").table()
          area_code   SGB2  Alleinerziehende
        0       1 a  12.50              18.0
        1       1 b   7.25               0.0
        2         2  21.00               NaN
        """
        values = self.values
        if year is not None:
            values = values[values["year"].isna() | values["year"].eq(year)]
        years = values.dropna(subset=["year"]).groupby("indicator")["year"].nunique()
        if (years > 1).any():
            raise InputFileError(self.source, SEVERAL_YEARS, key=str(years[years > 1].index[0]))
        keys = list(dict.fromkeys(line.key for line in self.indicators))
        cells = values.drop_duplicates(["area_code", "indicator"]).set_index(
            ["area_code", "indicator"]
        )["value"]
        wide = cells.unstack().reindex(index=list(self.names), columns=keys)
        return wide.rename_axis(index="area_code", columns=None).reset_index()


def number_options(missing: Sequence[str] = ()) -> dict:
    """Options for :func:`~analysis.readers.numbers.read_numbers` where ``missing`` cells
    (a town's ``-`` for "not given", ``-9999``) mean a missing value, not their Destatis sense.

    Examples
    --------
    >>> options = number_options(["-", "-8"])
    >>> options["symbols"]["-"], options["symbols"]["–"], options["sentinels"][-1]
    ('unknown', 'nothing', '-8')
    """
    symbols = dict(DESTATIS_SYMBOLS)
    sentinels = list(SENTINELS)
    for text in (t.strip() for t in missing):
        if not text:
            continue
        try:
            float(text.replace(",", "."))
        except ValueError:
            symbols[text] = "unknown"
        else:
            sentinels.append(text)
    return {"symbols": symbols, "sentinels": tuple(sentinels)}


def _line(report: ColumnReport) -> ColumnLine:
    return ColumnLine(report.name, report.kind, report.reason, report.key,
                      report.indicator_name, report.unit, report.years, report.values_read,
                      len(report.problems), report.problems[:EXAMPLES])  # fmt: skip


def _names(table: Table, key_column: str, name_column: str | None) -> dict[str, str]:
    codes = table.column(key_column)
    names = table.column(name_column) if name_column else codes
    return {code: name for code, name in zip(codes, names, strict=True) if code}


def _key_score(name: str) -> int:
    return sum(weight for pattern, weight in KEY_HINTS if pattern.search(name))


def _guess_key(table: Table) -> str:
    """The column most named like an area code (``PLR_ID``, ``raum_id``, ``Sozialraum``,
    ``Code``); without one the first column that is not a year column."""
    year = find_year_column(table.header, [table.column(h) for h in table.header])
    candidates = [h for h in table.header if h != year]
    return max(candidates, key=_key_score, default="")


def _guess_names(table: Table, key_column: str) -> str | None:
    for hint in NAME_HINTS:
        for name in table.header:
            if name != key_column and hint in name.lower():
                return name
    return None


def _wide(
    table: Table, key_column, name_column, chosen, options
) -> tuple[list, pd.DataFrame, list]:
    reports = report_columns(table, key_column=key_column, name_column=name_column, **options)
    for report in reports:
        if report.kind == "indicator" and chosen and not {report.name, report.key} & chosen:
            report.kind, report.reason = "not_chosen", Message(NOT_CHOSEN)
    values = wide_values(table, [r for r in reports if r.kind in ("indicator", "key", "year")])
    problems = [p for r in reports if r.kind in ("indicator", "key", "year") for p in r.problems]
    return [_line(r) for r in reports], values, problems


def _long(table: Table, long: LongValues, chosen: set[str]) -> tuple[list, pd.DataFrame]:
    layout = long.layout
    lines = [ColumnLine(getattr(layout, role), kind, Message(why))
             for role, (kind, why) in LONG_ROLES.items() if getattr(layout, role)]  # fmt: skip
    lines += [ColumnLine(name, "unused", Message(UNUSED)) for name in layout.unused]
    by_key = {p.row: p for p in long.problems if p.column == layout.value}
    values = long.values.rename(columns={"key": "indicator_key"})
    for item in long.indicators.itertuples(index=False):
        rows = set(values.loc[values["indicator_key"] == item.key, "row"])
        problems = [p for r, p in by_key.items() if r in rows]
        name = f"{item.indicator} {item.category}".strip()
        unit, _where = guess_unit(name)
        kind = "indicator" if not chosen or {name, item.key} & chosen else "not_chosen"
        lines.append(ColumnLine(name, kind, None if kind == "indicator" else Message(NOT_CHOSEN),
                                item.key, name, unit, item.years, item.values_read,
                                len(problems), problems[:EXAMPLES]))  # fmt: skip
    keys = {line.key for line in lines if line.kind == "indicator"}
    values = values[values["indicator_key"].isin(keys)]
    values = values[["area_code", "indicator_key", "year", "value", "row"]]
    return lines, values.rename(columns={"indicator_key": "indicator"}).reset_index(drop=True)


def _check_columns(table: Table, source: str, *names: str | None) -> None:
    for name in names:
        if name and name not in table.header:
            raise InputFileError(source, NO_COLUMN, name=name, columns=", ".join(table.header))


def read_indicator_file(
    path: str | PathLike,
    *,
    key_column: str | None = None,
    name_column: str | None = None,
    sheet: str | int = 0,
    columns: Sequence[str] = (),
    bare_year_name: str | None = None,
    prefix: str = "",
    missing: Sequence[str] = (),
    header_at: int | None = None,
    header_rows: int | None = None,
    source: str | None = None,
) -> IndicatorFile:
    """Read an indicator table (CSV or XLSX, wide or long) with its column report.

    ``key_column`` holds the area codes (default: the column most named like one);
    ``name_column`` their names (default: a column named like one); ``columns`` the headers
    or keys to import
    (default: every column with numbers); ``bare_year_name`` names the indicator of headers
    that are only a year; ``prefix`` goes before every key (``P_``); ``missing`` cells mean a
    missing value (:func:`number_options`); ``header_at``/``header_rows`` override the
    header's guess. ``source`` is the file's name in messages.

    Examples
    --------
    >>> import analysis, pathlib
    >>> data = pathlib.Path(analysis.__file__).parents[1] / "tests" / "data"
    >>> found = read_indicator_file(data / "indikatoren.csv", key_column="Sozialraum")
    >>> [(c.column, c.kind, c.key, c.years) for c in found.columns]
    [('Sozialraum', 'key', '', ()), ('SGB2_2023', 'indicator', 'SGB2', (2023,)),
     ('Alleinerziehende_2023', 'indicator', 'Alleinerziehende', (2023,))]
    >>> found.values.head(2)
      area_code indicator  year  value  row
    0       1 a      SGB2  2023  12.50    2
    1       1 b      SGB2  2023   7.25    3
    """
    rows = read_rows(path, sheet)
    source = source or rows.path.name
    table = find_table(rows.rows, lines=rows.lines, header_at=header_at,
                       header_rows=header_rows, source=source)  # fmt: skip
    key_column = key_column or _guess_key(table)
    _check_columns(table, source, key_column, name_column)
    name_column = name_column or _guess_names(table, key_column)
    chosen = set(columns)
    options = number_options(missing)
    layout = detect_long(table, area_column=key_column)
    if layout is not None:
        long = read_long(table, layout, **options)
        lines, values = _long(table, long, chosen)
        problems = long.problems
    else:
        decimal = file_decimal(table.column(h) for h in table.header if h != key_column)
        options.update(bare_year_name=bare_year_name, decimal=decimal)
        lines, values, problems = _wide(table, key_column, name_column, chosen, options)
    year_column = next((line.column for line in lines if line.kind == "year"), None)
    unread_years = {p.row for p in problems if p.column == year_column}
    values = values[~values["row"].isin(unread_years)].reset_index(drop=True)
    if prefix:
        values["indicator"] = prefix + values["indicator"]
        for line in lines:
            line.key = prefix + line.key if line.key else ""
    return IndicatorFile(source, "long" if layout else "wide", table.header, key_column, lines,
                         values, _names(table, key_column, name_column), table.skipped,
                         problems)  # fmt: skip
