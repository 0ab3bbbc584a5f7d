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

__all__ = ["N_", "InputFileError", "Message", "Nn_", "PluralTranslate"]

Value = str | int | float


def N_(template: str) -> str:  # noqa: N802 - the usual name of gettext's no-op marker
    """Mark ``template`` for translation without translating it (gettext's no-op marker).

    Examples
    --------
    >>> N_("the file is empty.")
    'the file is empty.'
    """
    return template


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - like N_, for plurals
    """Mark a singular and a plural template for translation (ngettext's no-op marker).

    Examples
    --------
    >>> Nn_("%(count)s cell", "%(count)s cells")
    ('%(count)s cell', '%(count)s cells')
    """
    return singular, plural


#: ``ngettext(singular, plural, n)`` without formatting: the caller's plural-aware translation.
PluralTranslate = Callable[[str, str, int], str]


def _same(text: str) -> str:
    return text


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


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
    #: The plural template (from :func:`Nn_`); ``params[count]`` chooses the form.
    plural: str | None = None
    count: str = "count"

    @classmethod
    def counted(cls, forms: tuple[str, str], params: Mapping[str, Value], count: str = "count"):
        """A message whose words follow the number ``params[count]``.

        Examples
        --------
        >>> forms = Nn_("%(count)s cell is empty.", "%(count)s cells are empty.")
        >>> [Message.counted(forms, {"count": n}).render() for n in (1, 3)]
        ['1 cell is empty.', '3 cells are empty.']
        """
        return cls(forms[0], params, plural=forms[1], count=count)

    def render(
        self,
        translate: Callable[[str], str] = _same,
        number: Callable[[int | float], str] = str,
        plural: PluralTranslate | None = None,
    ) -> str:
        """The sentence in the language of ``translate`` (``plural``, an ngettext without
        formatting, for counted messages; English rules without it), numbers by ``number``."""
        values = {
            key: number(value) if isinstance(value, int | float) else value
            for key, value in self.params.items()
        }
        if self.plural is None:
            return translate(self.template) % values
        choose = plural or _english_plural
        return choose(self.template, self.plural, int(self.params[self.count])) % values

    def to_plain(self) -> dict:
        """The message as JSON-ready data (to cross a process boundary)."""
        plain = {"template": self.template, "params": dict(self.params)}
        if self.plural is not None:
            plain.update(plural=self.plural, count=self.count)
        return plain

    @classmethod
    def from_plain(cls, data: Mapping) -> Message:
        """The message that :meth:`to_plain` described."""
        return cls(data["template"], data.get("params", {}), data.get("plural"),
                   data.get("count", "count"))  # fmt: skip

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

    ``message`` is an English template marked with :func:`N_` (or a pair from :func:`Nn_`,
    whose form ``params[count]`` chooses); ``params`` are its values.
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
        message: str | tuple[str, str],
        *,
        row: int | None = None,
        column: str | None = None,
        more: int = 0,
        count: str = "count",
        **params: Value,
    ) -> None:
        self.path, self.row, self.column, self.more = str(path), row, column, more
        counted = isinstance(message, tuple)  # from Nn_: ``params[count]`` picks the form
        self.message = (
            Message.counted(message, params, count) if counted else Message(message, params)
        )
        super().__init__(self.describe())

    def describe(
        self,
        translate: Callable[[str], str] = _same,
        number: Callable[[int | float], str] = str,
        file_name: str | None = None,
        plural: PluralTranslate | None = None,
    ) -> str:
        """The whole sentence, translated by ``translate`` (and ``plural``, see
        :meth:`Message.render`), naming ``file_name`` if given."""
        where = _WHERE[(self.row is not None, self.column is not None)]
        values: dict[str, Value] = {
            "file": file_name or Path(self.path).name,
            "message": self.message.render(translate, number, plural),
        }
        if self.row is not None:
            values["row"] = number(self.row)
        if self.column is not None:
            values["column"] = self.column
        text = translate(where) % values
        if self.more:
            more = Nn_(
                "%(text)s (and %(count)s more problem)", "%(text)s (and %(count)s more problems)"
            )
            text = Message.counted(more, {"text": text, "count": self.more})
            text = text.render(translate, number, plural)
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
        plural = data.get("plural")
        return cls(
            data["path"],
            (data["template"], plural) if plural else data["template"],
            row=data.get("row"),
            column=data.get("column"),
            more=data.get("more", 0),
            count=data.get("count", "count"),
            **data.get("params", {}),
        )
