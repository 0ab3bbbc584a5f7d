"""Turning the server-rendered survey form into the submission shape the services check."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from app.models import Campaign, Instrument
from app.models.survey import COMMENT_KINDS
from app.services.answer_checks import DEMOGRAPHICS


def submission_from_form(form: MultiDict, campaign: Campaign, area_code: str) -> dict[str, Any]:
    """Collect posted fields (``score-<slug>``, ``good-<slug>`` …) into the API's JSON shape."""
    ratings: dict[str, Any] = {}
    comments: dict[str, dict[str, str]] = {}
    for theme in campaign.instrument.themes:
        value = form.get(f"score-{theme.slug}", "")
        if value != "":
            ratings[theme.slug] = value
        for kind in COMMENT_KINDS:
            text = form.get(f"{kind}-{theme.slug}", "")
            if text.strip():
                comments.setdefault(theme.slug, {})[kind] = text
    # Posted fields for themes the instrument does not have are reported, not ignored.
    known = {theme.slug for theme in campaign.instrument.themes}
    for name in form:
        prefix, _, slug = name.partition("-")
        if prefix == "score" and slug not in known:
            ratings[slug] = form[name]
    return {
        "uuid": form.get("uuid", ""),
        "area": area_code,
        "ratings": ratings,
        "comments": comments,
        "demographics": {name: form.get(name, "") for name in DEMOGRAPHICS},
        "group": {"code": form.get("group_code", ""), "size": form.get("group_size", "")},
    }


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
