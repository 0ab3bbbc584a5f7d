"""Turning the server-rendered survey form into the submission shape the services check."""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

from app.models import Campaign, Instrument
from app.models.survey import COMMENT_KINDS
from app.services.answer_checks import DEMOGRAPHICS

#: A whole number typed or posted in a form: ASCII digits only ("٣", "７", "²" and "--5" stay
#: text and are refused by the schema); six digits are more than any scale or group needs, and
#: keep int() away from a 4,301-digit string.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,6}")


def form_number(value: str) -> Any:
    """A posted number as the API's JSON would carry it: int, None for "can't say", else text.

    >>> form_number("5"), form_number("na"), form_number(""), form_number("٣"), form_number("--5")
    (5, None, None, '٣', '--5')
    """
    if value in ("", "na"):
        return None
    return int(value) if _WHOLE_NUMBER.fullmatch(value) else value


def submission_from_form(
    form: MultiDict, campaign: Campaign, role: str, area_code: str
) -> dict[str, Any]:
    """Collect posted fields (``score-<slug>``, ``good-<slug>`` …) into the API's JSON shape."""
    known = {theme.slug for theme in campaign.instrument.themes}
    ratings: dict[str, Any] = {}
    comments: dict[str, dict[str, str]] = {}
    for name, value in form.items():
        prefix, _, slug = name.partition("-")
        # Posted fields for themes the instrument does not have are reported, not ignored.
        if prefix == "score" and value != "":
            ratings[slug] = form_number(value)
        elif prefix in COMMENT_KINDS and slug in known and value.strip():
            # Browsers send a textarea's line breaks as CR LF; the stored text has LF only.
            text = value.replace("\r\n", "\n").replace("\r", "\n")
            comments.setdefault(slug, {})[prefix] = text
    body: dict[str, Any] = {
        "token": campaign.token_for(role),
        "uuid": form.get("uuid", ""),
        "area": area_code,
        "ratings": ratings,
        "comments": comments,
        "demographics": {name: form.get(name, "") for name in DEMOGRAPHICS},
    }
    if role == "group":
        body["group"] = group_from_form(form)
    return body


def group_from_form(form: MultiDict) -> dict[str, Any]:
    """The ``group`` part of a moderated group's answer from its posted fields."""
    return {"code": form.get("group_code", ""), "size": form_number(form.get("group_size", ""))}


def error_targets(errors: dict[str, str]) -> dict[str, str]:
    """Map service error fields (``ratings.moving``) to the ids of the form elements to jump to."""
    targets = {}
    for name in errors:
        parts = name.split(".")
        if parts[0] == "ratings" and len(parts) == 2:
            targets[name] = f"t-{parts[1]}"
        elif parts[0] == "comments" and len(parts) == 3:
            targets[name] = f"{parts[2]}-{parts[1]}"
        elif parts[0] == "demographics" and len(parts) == 2:
            targets[name] = parts[1]
        elif parts[0] == "group" and len(parts) == 2:
            targets[name] = f"group_{parts[1]}"
    return targets


#: Seconds a person needs for one theme on a phone (a number and, sometimes, a comment).
SECONDS_PER_THEME = 40


def answer_minutes(instrument: Instrument) -> int:
    """About how many minutes the survey takes, rounded to 5 (at least 5), said before starting.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> answer_minutes(SimpleNamespace(themes=[None] * 14))
    10
    """
    seconds = len(instrument.themes) * SECONDS_PER_THEME
    return max(5, 5 * round(seconds / 300))
