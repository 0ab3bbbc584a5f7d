"""Moderator forms: group ratings are read from plain posted fields (one per theme)."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from app.models import Campaign
from app.models.roundtable import QUESTIONS


def record_from_form(form: MultiDict, campaign: Campaign) -> tuple[dict, dict]:
    """The record's answers (five questions, overall verdict and note) and per-theme verdicts."""
    answers = {name: form.get(name, "") for name in (*QUESTIONS, "overall_need", "overall_note")}
    needs = {
        t.slug: {"need": form.get(f"need-{t.slug}", ""), "note": form.get(f"note-{t.slug}", "")}
        for t in campaign.instrument.themes
    }
    return answers, needs


def group_from_form(form: MultiDict, campaign: Campaign, area_code: str) -> dict[str, Any]:
    """A moderated group's agreed ratings in the survey service's submission shape."""
    ratings = {}
    for theme in campaign.instrument.themes:
        value = form.get(f"score-{theme.slug}", "")
        if value != "":
            ratings[theme.slug] = None if value == "na" else value
    return {
        "uuid": form.get("uuid", ""),
        "area": area_code,
        "ratings": ratings,
        "comments": {},
        "demographics": {},
        "group": {"code": form.get("group_code", ""), "size": form.get("group_size", "")},
    }
