"""The measure's form as the service reads it: plain fields, and lists for the ticked boxes."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from app.services.measure_input import LIMITS

LISTS = ("areas", "needs", "indicators", "themes")
PLAIN = (*LIMITS, "budget", "start_date", "end_date", "status")


def measure_from_form(form: MultiDict) -> dict:
    """The posted form as one mapping: text fields as strings, ticked boxes as lists."""
    values: dict = {name: form.get(name, "") for name in PLAIN}
    values.update({name: form.getlist(name) for name in LISTS})
    return values
