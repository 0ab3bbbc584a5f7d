"""Numbers and dates in the reader's language, as Jinja filters registered once for every page."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal


def number(value: float | None, decimals: int = 1) -> str:
    """A number in the reader's locale (decimal comma in German); "–" when missing.

    Examples
    --------
    >>> from flask import Flask
    >>> from flask_babel import Babel, force_locale
    >>> app = Flask(__name__)
    >>> _ = Babel(app)
    >>> with app.app_context(), force_locale("de"):
    ...     number(1234.5), number(None), number(2, decimals=0)
    ('1.234,5', '–', '2')
    """
    if value is None or value != value:
        return "–"
    return format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0")


def init_app(app: Flask) -> None:
    app.add_template_filter(number, "num")
