"""Messages of the file readers in the user's language, naming the user's own file.

``analysis`` raises :class:`~analysis.readers.errors.InputFileError` with English templates
(marked ``N_``) and their values; here they are translated with the catalogues of the app,
numbers are written the user's way (German: 1.000), and the file is called what the user
called it, not what it is stored as.
"""

from __future__ import annotations

from flask_babel import format_decimal, get_translations, gettext

from analysis.readers.errors import InputFileError, Message


def _number(value: int | float) -> str:
    return format_decimal(value)


def plural_text(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n`` in the user's language, not yet filled in
    (flask_babel's ``ngettext`` would fill in ``num`` only)."""
    return get_translations().ngettext(singular, plural, n)


def file_error(error: Exception, file_name: str | None = None) -> str:
    """The sentence for a reader's or a service's error, translated."""
    if isinstance(error, InputFileError):
        return error.describe(gettext, _number, file_name, plural_text)
    return str(error)


def problem_texts(problems: list[Message]) -> list[str]:
    """Translated sentences for the per-feature problems of an area preview."""
    return [problem.render(gettext, _number, plural_text) for problem in problems]
