"""Errors of the file readers: a message template with its values, translated by the caller.

The analysis package speaks no language of its own. Its messages are English templates marked
with :func:`N_` (Babel extracts them, see ``babel.cfg``); the app or the CLI translates the
template with gettext and fills in the values, so a planner reads them in German or English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path

__all__ = ["N_", "InputFileError", "Message"]

Value = str | int | float


def N_(template: str) -> str:  # noqa: N802 - the usual name of gettext's no-op marker
    """Mark ``template`` for translation without translating it (gettext's no-op marker).

    Examples
    --------
    >>> N_("the file is empty.")
    'the file is empty.'
    """
    return template


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Message:
    """A translatable sentence: an English ``template`` with ``%(name)s`` places and values.

    Examples
    --------
    >>> str(Message(N_("feature '%(code)s' has no geometry."), {"code": "1 a"}))
    "feature '1 a' has no geometry."
    """

    template: str
    params: Mapping[str, Value] = field(default_factory=dict)

    def render(
        self,
        translate: Callable[[str], str] = _same,
        number: Callable[[int | float], str] = str,
    ) -> str:
        """The sentence in the language of ``translate``, numbers written by ``number``."""
        values = {
            key: number(value) if isinstance(value, int | float) else value
            for key, value in self.params.items()
        }
        return translate(self.template) % values

    def to_plain(self) -> dict:
        """The message as JSON-ready data (to cross a process boundary)."""
        return {"template": self.template, "params": dict(self.params)}

    def __str__(self) -> str:
        return self.render()


_WHERE = {
    (False, False): N_("file '%(file)s': %(message)s"),
    (True, False): N_("file '%(file)s', row %(row)s: %(message)s"),
    (False, True): N_("file '%(file)s', column '%(column)s': %(message)s"),
    (True, True): N_("file '%(file)s', row %(row)s, column '%(column)s': %(message)s"),
}


class InputFileError(ValueError):
    """A file a user supplied cannot be read; the message names file, row and column.

    ``message`` is an English template marked with :func:`N_`; ``params`` are its values.
    ``str(error)`` is the English sentence; :meth:`describe` translates it and can name the
    file as the user called it (an upload is stored under another name). ``more`` counts
    further problems of the same kind that the message leaves out.

    Examples
    --------
    >>> error = InputFileError("uploads/x1.csv", N_("'%(text)s' is not a number."), row=3,
    ...                        column="S1", text="viel")
    >>> str(error)
    "file 'x1.csv', row 3, column 'S1': 'viel' is not a number."
    >>> error.describe(file_name="werte.csv")
    "file 'werte.csv', row 3, column 'S1': 'viel' is not a number."
    """

    def __init__(
        self,
        path: str | PathLike,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        more: int = 0,
        **params: Value,
    ) -> None:
        self.path, self.row, self.column, self.more = str(path), row, column, more
        self.message = Message(message, params)
        super().__init__(self.describe())

    def describe(
        self,
        translate: Callable[[str], str] = _same,
        number: Callable[[int | float], str] = str,
        file_name: str | None = None,
    ) -> str:
        """The whole sentence, translated by ``translate``, naming ``file_name`` if given."""
        where = _WHERE[(self.row is not None, self.column is not None)]
        values: dict[str, Value] = {
            "file": file_name or Path(self.path).name,
            "message": self.message.render(translate, number),
        }
        if self.row is not None:
            values["row"] = number(self.row)
        if self.column is not None:
            values["column"] = self.column
        text = translate(where) % values
        if self.more:
            text = translate(N_("%(text)s (and %(count)s more problems)")) % {
                "text": text,
                "count": number(self.more),
            }
        return text

    def to_plain(self) -> dict:
        """The error as JSON-ready data (to cross a process boundary)."""
        return {
            "path": self.path,
            "row": self.row,
            "column": self.column,
            "more": self.more,
            **self.message.to_plain(),
        }

    @classmethod
    def from_plain(cls, data: Mapping) -> InputFileError:
        """The error that :meth:`to_plain` described."""
        return cls(
            data["path"],
            data["template"],
            row=data.get("row"),
            column=data.get("column"),
            more=data.get("more", 0),
            **data.get("params", {}),
        )
