"""The settings of a social index as a planner types them, in the web form or on the CLI.

:func:`parse_number` is the one parser of the numbers a planner types (weights, thresholds):
a decimal point or a decimal comma, an optional sign, nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import gettext as _

_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


class IndexSettingsError(ValueError):
    """Index settings that cannot be used; the message is a sentence for the planner."""


def parse_number(text: str) -> float:
    """A number typed with a decimal point or comma; ValueError for anything else.

    Examples
    --------
    >>> parse_number("1,5"), parse_number(" -1 "), parse_number("\u22120.5")
    (1.5, -1.0, -0.5)
    >>> parse_number("nan")
    Traceback (most recent call last):
    ...
    ValueError: 'nan' is not a number
    """
    cleaned = str(text).strip().replace("\u2212", "-")
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(f"{text!r} is not a number")
    return float(cleaned.replace(",", "."))


def parse_numbers(parts: list[str]) -> list[float]:
    """Each of ``parts`` as a number (see :func:`parse_number`)."""
    return [parse_number(part) for part in parts]


def settings_from_form(form: Mapping[str, str], chosen: list[str]) -> dict:
    """Index settings from the index page's fields; IndexSettingsError with a sentence if unusable.

    ``chosen`` are the ticked indicators; weights are ``weight-<key>`` (default 1), thresholds
    are separated by spaces or semicolons (``-1 1 1,5``).
    """
    weights = {}
    for key in chosen:
        try:
            weights[key] = parse_number(form.get(f"weight-{key}") or "1")
        except ValueError:
            raise IndexSettingsError(_("Weights must be numbers, e.g. 1 or 0,5.")) from None
    options: dict = {"method": form.get("method", "z-sum-z"), "weights": weights}
    options["classes"] = form.get("classes", "sd")
    thresholds = form.get("thresholds", "").strip()
    if thresholds:
        try:
            options["thresholds"] = parse_numbers(thresholds.replace(";", " ").split())
        except ValueError:
            raise IndexSettingsError(
                _("Thresholds must be numbers separated by spaces, e.g. -1 1 1,5.")
            ) from None
    minimum = form.get("min_population", "").strip()
    if minimum:
        if not minimum.isdigit():
            raise IndexSettingsError(_("The minimum population must be a whole number."))
        options["min_population"] = int(minimum)
    year = form.get("year", "")
    if not chosen:
        raise IndexSettingsError(_("Please choose at least one indicator."))
    if not year.isdigit():
        raise IndexSettingsError(_("Please choose a year."))
    return {"indicators": chosen, "year": int(year), "options": options}
