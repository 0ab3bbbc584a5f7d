"""Moderator forms: a round table's record from plain posted fields (one per question)."""

from __future__ import annotations

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
