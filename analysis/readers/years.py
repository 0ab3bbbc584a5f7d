"""Years in headers and cells: ``SGB2_2023``, ``2018_Anteil``, ``(Dez 2013)``, a year column.

The rules for a header (:func:`split_year`), tried in this order:

1. **Not a year** (:data:`NOT_A_YEAR`): a year after ``bis``, ``seit``, ``ab``, ``vor``,
   ``nach``, ``von``, ``zwischen``, ``bis zum Jahr`` or a word ending in ``jahr``
   (``Baujahr vor 1949``, ``mit Bindungsauslauf bis 2019``), and two years joined as a period
   (``2015–2019``, ``2015-2019``, ``2015/16``, ``2015 bis 2019``, ``2015 zu 2019``): the header
   is a name and keeps its year-like number.
2. **A date in brackets** or after ``Stand``/``Stichtag``, or a full date at the end:
   ``EW (Dez 2013)``, ``EW (31.12.2019)``, ``EW (2019)``, ``Einwohner Stand 31.12.2019``,
   ``EW 31.12.2020`` -> the year of the date.
3. **A bare year** (``2011``, also a bare date ``31.12.2011``): a year without a name; the
   caller names the indicator.
4. **A year before or after the name**, separated by ``_`` or spaces: ``SGB2_2023``,
   ``Anzahl_2019``, ``Anzahl 2019``, ``2018_Anteil``, ``2019 Anzahl``; after the name also
   when only a unit follows it (``SGB-II-Quote 2019 in %`` -> ``SGB-II-Quote in %``).

Anything else has no year (``SGB2`` ends in a digit, not a year). Years run from 1900 to 2099.
A year column's cells (:func:`year_of`) may be ``2019``, ``202012`` (year and month),
``20191231``, ``2019-12-31``, ``31.12.2019`` or ``Dez 2013``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from analysis.readers.errors import N_, Message
from analysis.readers.problems import CellProblem, shown

__all__ = [
    "NOT_A_YEAR",
    "YEAR_COLUMN_NAMES",
    "HeaderYear",
    "find_year_column",
    "read_years",
    "split_year",
    "year_of",
]

_Y = r"(?:19|20)\d{2}"
_MONTH = (
    r"(?:jan(?:uar)?|feb(?:ruar)?|m(?:är|ae)r?z?|mrz|apr(?:il)?|mai|juni?|juli?|aug(?:ust)?"
    r"|sept?(?:ember)?|okt(?:ober)?|nov(?:ember)?|dez(?:ember)?)\.?"
)
_DATE = rf"(?:\d{{1,2}}\.\d{{1,2}}\.|{_MONTH}\s?)?({_Y})"
#: Year-like numbers that are part of a name, not the year of the values.
NOT_A_YEAR = (
    re.compile(rf"(?i)(?:\b(?:bis|seit|ab|vor|nach|von|zwischen|bis zum jahr)|jahr)\s{_Y}\b"),
    re.compile(rf"(?i)\b{_Y}\s?(?:[-–/]|bis|zu|und)\s?(?:{_Y}|\d{{2}})\b"),
)
# Every run between the name and the year is bounded ({0,3}): the lazy name then tries each
# position once, so a header of 10,000 characters is read in linear time.
_BRACKETED = re.compile(rf"(?i)^(.*?)\s?[(\[]\s?(?:(?:stand|stichtag):?\s?)?{_DATE}\s?[)\]]$")
_STAND = re.compile(rf"(?i)^(.*?)[\s,;-]{{0,3}}\b(?:stand|stichtag|am)\b:?\s?{_DATE}$")
_END_DATE = re.compile(rf"^(.*?)[\s_]{{1,3}}\d{{1,2}}\.\d{{1,2}}\.({_Y})$")
_UNIT = r"(?:in\s?%|%|\(%\)|in\s?€|€|\(€\)|je\s.+|pro\s.+)"
_AFTER = re.compile(rf"^(.+?)[\s_]{{1,3}}({_Y})(?:[\s_]{{1,3}}({_UNIT}))?$")
_BEFORE = re.compile(rf"^({_Y})[\s_]{{1,3}}(.+)$")
_CELL_YEAR = (
    re.compile(rf"({_Y})(?:\d{{2}}){{0,2}}"),
    re.compile(rf"({_Y})-\d{{1,2}}(?:-\d{{1,2}})?"),
    re.compile(rf"\d{{1,2}}\.\d{{1,2}}\.({_Y})"),
    re.compile(rf"(?i){_MONTH}\s*({_Y})"),
)
NO_YEAR = N_("'%(text)s' is not a year.")
#: Names of a column that holds the year of each row (compared in lower case).
YEAR_COLUMN_NAMES = ("jahr", "year", "zeit", "stichtag", "datum", "date", "berichtsjahr")


@dataclass(frozen=True)
class HeaderYear:
    """A header split into the indicator's name and its year, with the rule that decided.

    ``rule`` is one of ``"after"``, ``"before"``, ``"bare"``, ``"date"``, ``"none"`` (no
    year) and ``"not_a_year"`` (a year-like number that belongs to the name).
    """

    name: str
    year: int | None
    rule: str


def split_year(header: str) -> HeaderYear:
    """The indicator's name and year in a header, by the rules of this module.

    Examples
    --------
    >>> split_year("SGB2_2023"), split_year("2018_Anteil")
    (HeaderYear(name='SGB2', year=2023, rule='after'),
     HeaderYear(name='Anteil', year=2018, rule='before'))
    >>> split_year("Wohnungen mit Bindungsauslauf bis 2019")
    HeaderYear(name='Wohnungen mit Bindungsauslauf bis 2019', year=None, rule='not_a_year')
    >>> split_year("EW (Dez 2013)"), split_year("2011")
    (HeaderYear(name='EW', year=2013, rule='date'), HeaderYear(name='', year=2011, rule='bare'))
    """
    text = " ".join(header.split())
    if any(pattern.search(text) for pattern in NOT_A_YEAR):
        return HeaderYear(text, None, "not_a_year")
    for pattern in (_BRACKETED, _STAND, _END_DATE):
        found = pattern.match(text)
        if found:
            name = found.group(1).strip(" _-,;:")
            return HeaderYear(name, int(found.group(2)), "date" if name else "bare")
    if re.fullmatch(r"[\d.]+", text) and (year := year_of(text)) is not None:
        return HeaderYear("", year, "bare")
    if found := _AFTER.match(text):
        name = " ".join(part for part in (found.group(1), found.group(3)) if part)
        return HeaderYear(name, int(found.group(2)), "after")
    if found := _BEFORE.match(text):
        return HeaderYear(found.group(2), int(found.group(1)), "before")
    return HeaderYear(text, None, "none")


def year_of(text: str) -> int | None:
    """The year of a cell in a year column, or ``None`` if it gives none.

    Examples
    --------
    >>> [year_of(t) for t in ("2019", "202012", "31.12.2019", "2019-12-31", "Dez 2013", "x")]
    [2019, 2020, 2019, 2019, 2013, None]
    """
    text = text.strip()
    for pattern in _CELL_YEAR:
        found = pattern.fullmatch(text)
        if found:
            return int(found.group(1))
    return None


def find_year_column(header: Sequence[str], columns: Sequence[Sequence[str]]) -> str | None:
    """The column that holds each row's year: named like one, most filled cells a year.

    A cell of it that gives no year is the reader's to report; it does not hide the column.

    Examples
    --------
    >>> find_year_column(["ZEIT", "Code", "EW"], [["202012", "20x0", "2021"], ["1 a"], ["1.748"]])
    'ZEIT'
    """
    for name, cells in zip(header, columns, strict=True):
        if name.strip().lower() not in YEAR_COLUMN_NAMES:
            continue
        filled = [cell for cell in cells if cell.strip()]
        years = sum(year_of(cell) is not None for cell in filled)
        if filled and years * 2 > len(filled):
            return name
    return None


def read_years(
    cells: Sequence[str], *, column: str, rows: Sequence[int]
) -> tuple[list[int | None], list[CellProblem]]:
    """The year of each cell of a year column, and the filled cells that give none.

    Examples
    --------
    >>> years, problems = read_years(["2019", "20x0", ""], column="Jahr", rows=[2, 3, 4])
    >>> years, [(p.row, str(p.why)) for p in problems]
    ([2019, None, None], [(3, "'20x0' is not a year.")])
    """
    years, problems = [], []
    for text, row in zip(cells, rows, strict=True):
        year = year_of(text)
        if year is None and text.strip():
            why = Message(NO_YEAR, {"text": shown(text)})
            problems.append(CellProblem(row, column, text, why))
        years.append(year)
    return years, problems
