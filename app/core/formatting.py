"""Numbers and the compass in the reader's language, registered once for every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import Flask
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from analysis.figures.compass import Compass
from analysis.figures.compass_svg import compass_svg, series_key_svg
from app.core.i18n import page_direction


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


def moment(value: dt.datetime | None) -> str:
    """A stored UTC time in the reader's locale and the app's time zone; "–" when missing.

    Examples
    --------
    >>> from flask import Flask
    >>> from flask_babel import Babel, force_locale
    >>> app = Flask(__name__)
    >>> _ = Babel(app, default_timezone="Europe/Berlin")
    >>> with app.app_context(), force_locale("de"):
    ...     moment(dt.datetime(2026, 11, 30, 14, 5))
    '30.11.2026, 15:05'
    """
    if value is None:
        return "–"
    return format_datetime(value, "dd.MM.yyyy, HH:mm") if _german() else format_datetime(value)


def day(value: dt.date | None) -> str:
    """A calendar date in the reader's locale; "–" when missing.

    Examples
    --------
    >>> from flask import Flask
    >>> from flask_babel import Babel, force_locale
    >>> app = Flask(__name__)
    >>> _ = Babel(app)
    >>> with app.app_context(), force_locale("de"):
    ...     day(dt.date(2026, 3, 1))
    '01.03.2026'
    """
    if value is None:
        return "–"
    return format_date(value, "dd.MM.yyyy") if _german() else format_date(value)


def _german() -> bool:
    locale = get_locale()
    return locale is not None and locale.language == "de"


def compass_markup(
    chart: Compass, title: str, suppressed: Sequence[str] = (), margin: int = 80
) -> Markup:
    """The compass for a page: the SVG of :func:`analysis.figures.compass.compass_svg` in the
    page's direction, with the scale explained and values in the reader's numbers."""
    svg = compass_svg(
        chart,
        title=title,
        desc=_("Points near the centre need improvement; points near the edge are strengths."),
        direction=page_direction(),
        suppressed=suppressed,
        margin=margin,
        number=number,
    )
    return Markup(svg)  # safe: compass_svg escapes every text it writes


def init_app(app: Flask) -> None:
    app.add_template_filter(number, "num")
    app.add_template_filter(moment, "datetime")
    app.add_template_filter(day, "date")
    app.add_template_global(compass_markup, "compass_svg")
    # safe: series_key_svg writes only the CSS class it is given, quoted, and fixed shapes
    app.add_template_global(lambda css_class: Markup(series_key_svg(css_class)), "series_key")
