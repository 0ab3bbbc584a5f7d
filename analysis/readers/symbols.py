"""What a German statistical table writes instead of a number: Destatis symbols and sentinels.

The *Zeichenerklärung* of the statistical offices: ``–`` or ``-`` nothing (exactly 0), ``.``
unknown or secret, ``x`` not applicable, ``/`` too uncertain, ``…`` later. A town that writes
``-`` for a missing value passes its own table to the readers instead.

>>> SYMBOL_VALUES[DESTATIS_SYMBOLS["–"]]
0.0
>>> SYMBOL_VALUES[DESTATIS_SYMBOLS["x"]] is None
True
"""

from __future__ import annotations

__all__ = ["DESTATIS_SYMBOLS", "SENTINELS", "SYMBOL_VALUES"]

#: Cell text -> kind of a Destatis symbol (and two common spellings of "not given").
DESTATIS_SYMBOLS: dict[str, str] = {
    "–": "nothing",
    "-": "nothing",
    ".": "unknown",
    "k.A.": "unknown",
    "k. A.": "unknown",
    "x": "not_applicable",
    "X": "not_applicable",
    "/": "uncertain",
    "…": "later",
    "...": "later",
}
#: Kind -> value: only "nothing" is a number; ``None`` is a missing value.
SYMBOL_VALUES: dict[str, float | None] = {
    "nothing": 0.0,
    "unknown": None,
    "not_applicable": None,
    "uncertain": None,
    "later": None,
}
#: Values that stand for "missing" in exported databases, compared as numbers.
SENTINELS: tuple[str, ...] = ("-9999", "-99999", "-999999")
