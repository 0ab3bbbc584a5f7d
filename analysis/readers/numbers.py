"""German numbers, decided per column: separators, ``%``, footnote markers and Destatis symbols.

How a cell is read
------------------
1. Spaces around it go. A footnote marker at its end is removed and counted: superscript
   digits (``123¹``), a space and one small letter (``12 a``, ``12 a)``), stars (``12*``) or a
   space and a digit with a bracket (``12 1)``). Then a ``%`` or ``€`` sign, and brackets
   around a number (``(12)``, Destatis: limited reliability) – each counted.
2. The Destatis *Zeichenerklärung* (:data:`DESTATIS_SYMBOLS`): ``–`` or ``-`` nothing, exactly
   0; ``.`` unknown or secret; ``x`` not applicable; ``/`` too uncertain; ``…`` or ``...``
   later. Only *nothing* is a number (0); the others are missing (:data:`SYMBOL_VALUES`).
   Both tables can be replaced, e.g. for a town that writes ``-`` for a missing value.
3. Sentinels (``-9999`` and the like, :data:`SENTINELS`) are missing, whatever their format
   (``-9.999`` in a German column, ``-9999.0``).

What dots and commas mean is decided **once per column from all its cells**, never per cell.
Two readings compete: German (decimal comma; dot, space, no-break space, narrow no-break space
or apostrophe between thousands) and English (decimal point; comma, a space or apostrophe
between thousands). The reading under which more cells are numbers wins: ``1.748`` is 1748 in
a column that also holds ``4,2``, and 1.748 in a column that also holds ``2.5``. When both
readings take every cell but give different values (a column of only ``1.748``-like cells),
the cells leave it open: ``decimal`` (the file's decimal mark, see :func:`file_decimal`)
decides, else German (:attr:`NumberFormat.decided_by` says which). A cell that fits neither
reading is a problem: it is reported (row, column, text, why) and left empty; it never stops
the column.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from analysis.readers.errors import N_, Message
from analysis.readers.problems import CellProblem, shown
from analysis.readers.symbols import DESTATIS_SYMBOLS, SENTINELS, SYMBOL_VALUES

__all__ = [
    "NumberColumn",
    "NumberFormat",
    "file_decimal",
    "is_value",
    "read_numbers",
]


_SPACES = "\u00a0\u202f\u2009"  # no-break, narrow no-break and thin space
_FOOTNOTE = re.compile(r"(?:\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\s+[a-z]\)?|\s*\*+|\s+\d\))$")
_READINGS = {",": ". '", ".": ", '"}  # decimal mark -> characters between thousands


def _number_pattern(decimal: str) -> re.Pattern[str]:
    groups = re.escape(_READINGS[decimal])
    mark = re.escape(decimal)
    whole = rf"(?:\d{{1,3}}(?:[{groups}]\d{{3}})+|\d+)"
    return re.compile(rf"[+-]?(?:{whole}(?:{mark}\d+)?|{mark}\d+)")


_PATTERNS = {mark: _number_pattern(mark) for mark in _READINGS}


@dataclass(frozen=True)
class NumberFormat:
    """How a column writes numbers: its decimal mark and what stood between thousands.

    ``thousands`` holds the separators seen (``"."``, ``" "``, ``"\\u00a0"``, ``"\\u202f"``,
    ``"'"``, ``","``); ``decided_by`` says what decided the decimal mark: the column's own
    ``"cells"``, the ``"file"`` (the caller's ``decimal``) or the German ``"default"``.
    """

    decimal: str
    thousands: tuple[str, ...] = ()
    decided_by: str = "cells"


@dataclass
class NumberColumn:
    """A column read as numbers: values (``None`` = missing), format, counts and problems.

    ``counts`` counts cells by what they were: ``number``, ``empty``, each symbol kind
    (``nothing``, ``unknown``, ...), ``sentinel``, ``problem``; and marks found on numbers:
    ``footnote``, ``percent``, ``euro``, ``limited`` (in brackets).
    """

    column: str
    values: list[float | None]
    format: NumberFormat
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def read(self) -> int:
        """How many cells gave a value (numbers and the symbol for nothing)."""
        return sum(v is not None for v in self.values)


def _without_footnote(core: str, marks: list[str]) -> str:
    # Only the end is searched: a marker is short, and a search over a 10,000-character
    # cell of spaces would take quadratic time.
    start = max(len(core) - 8, 0)
    found = _FOOTNOTE.search(core, start)
    if found and core[: found.start()].strip() and "footnote" not in marks:
        marks.append("footnote")
        return core[: found.start()].rstrip()
    return core


def _clean(text: str) -> tuple[str, list[str], str]:
    """The number part of a cell, the marks removed from it, and the spaces seen in it."""
    core, marks = text, []
    for space in _SPACES:
        core = core.replace(space, " ")
    core = _without_footnote(core.strip(), marks)
    for sign, mark in (("%", "percent"), ("€", "euro")):
        if core.endswith(sign):
            core = _without_footnote(core[:-1].rstrip(), marks)
            marks.append(mark)
    if len(core) > 2 and core[0] == "(" and core[-1] == ")":
        core = core[1:-1].strip()
        marks.append("limited")
    core = core.replace("\u2212", "-")
    if core[:1] == "–" and core[1:].lstrip()[:1].isdigit():  # a typeset minus
        core = "-" + core[1:].lstrip()
    return core, marks, text


def _value(core: str, decimal: str) -> float | None:
    if not _PATTERNS[decimal].fullmatch(core):
        return None
    for group in _READINGS[decimal]:
        core = core.replace(group, "")
    return float(core.replace(decimal, "."))


def _decide(cores: Sequence[str], decimal: str | None) -> tuple[str, str]:
    """The decimal mark of a column and what decided it."""
    german = [_value(c, ",") for c in cores]
    english = [_value(c, ".") for c in cores]
    n_german = sum(v is not None for v in german)
    n_english = sum(v is not None for v in english)
    if n_german != n_english:
        return ("," if n_german > n_english else "."), "cells"
    if not any(g != e for g, e in zip(german, english, strict=True)):
        return decimal or ",", "cells"  # both readings give the same values
    return (decimal, "file") if decimal else (",", "default")


def _separators(spaced: str, core: str, mark: str) -> set[str]:
    """The thousands separators in a cell read with decimal ``mark``."""
    seen = {c for c in core if c in _READINGS[mark]}
    if " " in seen:
        seen.discard(" ")
        seen |= {c for c in spaced if c in _SPACES + " "} or {" "}
    return seen


def _not_a_number(text: str, mark: str, fits_other: bool) -> Message:
    text = shown(text)
    if not fits_other:
        return Message(N_("'%(text)s' is not a number."), {"text": text})
    if mark == ",":
        why = N_("'%(text)s' does not fit this column, where a comma is the decimal mark and "
                 "dots separate thousands.")  # fmt: skip
    else:
        why = N_("'%(text)s' does not fit this column, where a point is the decimal mark and "
                 "commas separate thousands.")  # fmt: skip
    return Message(why, {"text": text})


def _check_symbols(symbols: Mapping[str, str], values: Mapping[str, float | None]) -> None:
    unknown = sorted(set(symbols.values()) - set(values))
    if unknown:
        raise ValueError(f"the symbol kind {unknown[0]!r} has no value in values.")


def read_numbers(
    texts: Sequence[str],
    *,
    column: str = "",
    rows: Sequence[int] | None = None,
    decimal: str | None = None,
    symbols: Mapping[str, str] = DESTATIS_SYMBOLS,
    values: Mapping[str, float | None] = SYMBOL_VALUES,
    sentinels: Iterable[str] = SENTINELS,
) -> NumberColumn:
    """Read one column of cells as numbers, its format decided from all its cells.

    ``rows`` are the cells' row numbers in the file (for problems; default 1, 2, ...);
    ``decimal`` (``","`` or ``"."``) decides only a column its cells leave open.

    Examples
    --------
    >>> col = read_numbers(["1.748", "4,2", "–", ".", "12¹", "1 499", "viel"], column="EW")
    >>> col.values
    [1748.0, 4.2, 0.0, None, 12.0, 1499.0, None]
    >>> col.format.decimal, col.format.thousands
    (',', ('.', ' '))
    >>> col.counts["nothing"], col.counts["unknown"], col.counts["footnote"]
    (1, 1, 1)
    >>> [(p.row, p.text, str(p.why)) for p in col.problems]
    [(7, 'viel', "'viel' is not a number.")]
    >>> read_numbers(["1.748", "2.5"]).values  # a decimal point here: 2.5 shows it
    [1.748, 2.5]
    """
    if decimal not in (None, ",", "."):
        raise ValueError(f"decimal must be ',', '.' or None, not {decimal!r}.")
    _check_symbols(symbols, values)
    rows = list(rows) if rows is not None else list(range(1, len(texts) + 1))
    if len(rows) != len(texts):
        raise ValueError("rows must give one row number per cell.")
    missing_values = {float(s) for s in sentinels}
    cleaned = [_clean(t) for t in texts]
    numeric = [c for c, _m, _s in cleaned if c and c not in symbols]
    mark, decided_by = _decide(numeric, decimal)
    out = NumberColumn(column, [], NumberFormat(mark, decided_by=decided_by))
    thousands: set[str] = set()
    for text, row, (core, marks, spaced) in zip(texts, rows, cleaned, strict=True):
        value: float | None = None
        if not core:
            out.counts["empty"] += 1
        elif core in symbols or text.strip() in symbols:
            kind = symbols.get(core) or symbols[text.strip()]
            out.counts[kind] += 1
            value = values[kind]
        elif (number := _value(core, mark)) is None:
            other = "." if mark == "," else ","
            why = _not_a_number(text.strip(), mark, _value(core, other) is not None)
            out.problems.append(CellProblem(row, column, text.strip(), why))
            out.counts["problem"] += 1
        elif not math.isfinite(number):
            why = Message(N_("'%(text)s' is too large a number."), {"text": shown(text)})
            out.problems.append(CellProblem(row, column, text.strip(), why))
            out.counts["problem"] += 1
        elif number in missing_values:
            out.counts["sentinel"] += 1
        else:
            value = number
            out.counts["number"] += 1
            out.counts.update(marks)
            thousands |= _separators(spaced, core, mark)
        out.values.append(value)
    order = ".," + " " + _SPACES + "'"
    out.format = NumberFormat(mark, tuple(sorted(thousands, key=order.index)), decided_by)
    return out


def is_value(text: str, symbols: Mapping[str, str] = DESTATIS_SYMBOLS) -> bool:
    """Whether a cell holds a number (in either reading) or a symbol.

    Examples
    --------
    >>> [is_value(t) for t in ("1.748", "43,00 %", "–", "Einwohner", "2019")]
    [True, True, True, False, True]
    """
    core = _clean(text)[0]
    if core in symbols or text.strip() in symbols:
        return True
    return bool(core) and any(_value(core, mark) is not None for mark in _READINGS)


def file_decimal(columns: Iterable[Sequence[str]]) -> str | None:
    """The decimal mark most columns of a file show unambiguously, or ``None``.

    Only columns whose cells decide the mark by themselves and that hold a number with a
    decimal part vote. Pass the result as ``decimal`` to :func:`read_numbers`.

    Examples
    --------
    >>> file_decimal([["4,2", "3,1"], ["1.748", "2.001"]])
    ','
    >>> file_decimal([["1.748"], ["12"]]) is None
    True
    """
    votes: Counter[str] = Counter()
    for texts in columns:
        cores = [c for c, _m, _s in (_clean(t) for t in texts) if c and c not in DESTATIS_SYMBOLS]
        mark, decided_by = _decide(cores, None)
        has_fraction = any(mark in c and _value(c, mark) is not None for c in cores)
        if decided_by == "cells" and has_fraction:
            votes[mark] += 1
    if not votes:
        return None
    (first, n_first), *rest = votes.most_common()
    return first if not rest or rest[0][1] < n_first else None
