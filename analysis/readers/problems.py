"""A cell that could not be read: reported with its row, column and text, never fatal.

The readers of the parsing core (:mod:`analysis.readers.numbers`, :mod:`~analysis.readers.
years`, :mod:`~analysis.readers.long`, ...) collect these instead of raising, so that one bad
cell never stops a file; :meth:`CellProblem.as_error` turns one into the readers' error when
a caller wants to refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike

from analysis.readers.errors import InputFileError, Message

__all__ = ["CellProblem", "shown"]

#: How much of a cell a message quotes.
SHOWN_CHARS = 40


def shown(text: str) -> str:
    """A cell's text as a message quotes it: at most :data:`SHOWN_CHARS` characters.

    Examples
    --------
    >>> shown("viel"), shown("x" * 50)
    ('viel', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…')
    """
    text = text.strip()
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


@dataclass(frozen=True)
class CellProblem:
    """A cell that could not be read: where it is, what it says, and why.

    Examples
    --------
    >>> from analysis.readers.errors import N_
    >>> p = CellProblem(7, "EW", "viel", Message(N_("'%(text)s' is not a number."),
    ...                 {"text": "viel"}))
    >>> str(p.as_error("werte.csv"))
    "file 'werte.csv', row 7, column 'EW': 'viel' is not a number."
    """

    row: int
    column: str
    text: str
    why: Message

    def as_error(self, path: str | PathLike) -> InputFileError:
        """The problem as the readers' error, naming file, row and column."""
        return InputFileError(
            path, self.why.template, row=self.row, column=self.column, **self.why.params
        )
