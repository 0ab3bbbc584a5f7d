"""A crosswalk file: which area(s) a table's code stands for, when no rule of form fits.

A crosswalk is a small table with the table's code in its first column and the area code in
its second (or the columns named by the caller), optionally the residents of each link in a
third: several table codes may go to one area (Ortsteile into a Stadtteil) and one table code
to several areas (a row for two Quartiere); residents per link let a count be split between
them (:mod:`analysis.readers.aggregate`). Rows without both codes and links given twice are
reported and left out. :func:`match_crosswalk` matches a table's codes through it, reports
links to areas the Kommune does not have, and checks the unmatched codes for rows that are not
areas as :func:`analysis.readers.codes.match_codes` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike

from analysis.readers.codes import CodeMatch, mark_not_areas
from analysis.readers.errors import N_, Message
from analysis.readers.numbers import read_numbers
from analysis.readers.problems import CellProblem
from analysis.readers.sheet import Table, find_table
from analysis.readers.tables import read_rows

__all__ = ["Crosswalk", "match_crosswalk", "read_crosswalk", "read_crosswalk_file"]

NO_CODE = N_("the row has no table code or no area code.")
TWICE = N_("the link from '%(code)s' to '%(area)s' is given again (row %(other)s).")
NOT_AN_AREA = N_("the crosswalk sends '%(code)s' to '%(area)s', which is not an area of this "
                 "Kommune.")  # fmt: skip


@dataclass
class Crosswalk:
    """Links from table codes to area codes, residents per link if given, and problems."""

    links: dict[str, tuple[str, ...]]
    population: dict[tuple[str, str], float] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)

    def to_plain(self) -> dict:
        """The links and residents as JSON-ready data (to store, or to cross a process)."""
        return {"links": {c: list(a) for c, a in self.links.items()},
                "population": [[c, a, n] for (c, a), n in self.population.items()]}  # fmt: skip

    @classmethod
    def from_plain(cls, data: Mapping) -> Crosswalk:
        """The crosswalk that :meth:`to_plain` described (without its problems)."""
        return cls({str(c): tuple(map(str, a)) for c, a in data["links"].items()},
                   {(str(c), str(a)): float(n) for c, a, n in data["population"]})  # fmt: skip


def read_crosswalk(
    table: Table,
    *,
    code_column: str | None = None,
    area_column: str | None = None,
    population_column: str | None = None,
) -> Crosswalk:
    """Read a crosswalk table (default: the first two columns, residents in a third).

    ``population_column=""`` reads no residents even when there is a third column.

    Examples
    --------
    >>> from analysis.readers.sheet import find_table
    >>> t = find_table([["Ortsteil", "Stadtteil", "EW"], ["11", "1", "300"], ["12", "1", "200"],
    ...                 ["20", "2", "150"], ["20", "3", "50"]])
    >>> cw = read_crosswalk(t)
    >>> cw.links
    {'11': ('1',), '12': ('1',), '20': ('2', '3')}
    >>> cw.population[("20", "3")]
    50.0
    """
    header = table.header
    code_column = code_column or header[0]
    area_column = area_column or header[1]
    if population_column is None and len(header) > 2:
        population_column = header[2]
    codes, areas = table.column(code_column), table.column(area_column)
    residents: list[float | None] = [None] * len(codes)
    out = Crosswalk({})
    if population_column:
        numbers = read_numbers(table.column(population_column), column=population_column,
                               rows=table.lines)  # fmt: skip
        residents, out.problems = numbers.values, list(numbers.problems)
    seen: dict[tuple[str, str], int] = {}
    links: dict[str, list[str]] = {}
    for code, area, people, row in zip(codes, areas, residents, table.lines, strict=True):
        if not code or not area:
            out.problems.append(CellProblem(row, code_column, code or area, Message(NO_CODE)))
            continue
        if (code, area) in seen:
            params = {"code": code, "area": area, "other": seen[(code, area)]}
            out.problems.append(CellProblem(row, code_column, code, Message(TWICE, params)))
            continue
        seen[(code, area)] = row
        links.setdefault(code, []).append(area)
        if people is not None:
            out.population[(code, area)] = people
    out.links = {code: tuple(targets) for code, targets in links.items()}
    return out


def read_crosswalk_file(path: str | PathLike, sheet: str | int = 0) -> Crosswalk:
    """A crosswalk file (CSV/XLSX, titles and notes allowed) read as :func:`read_crosswalk`.

    Examples
    --------
    >>> import analysis, pathlib
    >>> data = pathlib.Path(analysis.__file__).parents[1] / "tests" / "data" / "german_tables"
    >>> read_crosswalk_file(data / "ortsteile_crosswalk.csv").links["20"]
    ('2', '3')
    """
    rows = read_rows(path, sheet)
    return read_crosswalk(find_table(rows.rows, lines=rows.lines, source=rows.path.name))


def match_crosswalk(
    codes: Sequence[str],
    areas: Mapping[str, str],
    crosswalk: Crosswalk,
    *,
    names: Sequence[str] | None = None,
) -> CodeMatch:
    """Match a table's codes to ``areas`` through ``crosswalk``.

    Examples
    --------
    >>> cw = Crosswalk({"11": ("1",), "12": ("1",), "20": ("2", "9")})
    >>> m = match_crosswalk(["11", "12", "20", "30"], {"1": "Nord", "2": "Süd"}, cw)
    >>> m.links, m.unmatched, [str(p) for p in m.problems]
    ({'11': ('1',), '12': ('1',), '20': ('2',)}, ['30'],
     ["the crosswalk sends '20' to '9', which is not an area of this Kommune."])
    """
    names = list(names) if names is not None else list(codes)
    by_code = dict(zip(codes, names, strict=True))
    match = CodeMatch("crosswalk", list(by_code))
    for code in match.codes:
        targets = crosswalk.links.get(code, ())
        known = tuple(a for a in targets if a in areas)
        for area in targets:
            if area not in areas:
                match.problems.append(Message(NOT_AN_AREA, {"code": code, "area": area}))
        if known:
            match.links[code] = known
        else:
            match.unmatched.append(code)
    mark_not_areas(match, by_code, areas)
    reached = {a for targets in match.links.values() for a in targets}
    match.missing = [a for a in areas if a not in reached]
    return match
