"""Typing in a paper sheet: the sheet code gives the answer's UUID, so a sheet is stored once."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.models import Campaign
from app.services.answer_checks import FieldError, SubmissionRejected
from app.services.answer_forms import submission_from_form
from app.services.questionnaire import normalise_sheet_code, sheet_uuid
from app.services.submissions import Outcome, submit

#: What a typist may enter for "can't say" (the box on paper has no number).
CANT_SAY_KEYS = {"x", "X", "?", "k", "K", "na"}


def enter_sheet(campaign: Campaign, form: Mapping[str, str]) -> tuple[Outcome, str]:
    """Store one typed-in sheet as a resident answer from paper; return the outcome and the code.

    Raises SubmissionRejected (with a ``sheet_code`` error for an unreadable code) and
    CampaignNotOpen like any other submission, except that a survey that has closed still
    accepts sheets: they were filled in at a stand or a walk before it closed.
    """
    code = normalise_sheet_code(form.get("sheet_code", ""))
    if code is None:
        message = _("Please type the 8-character sheet code printed on the sheet, e.g. K7F2-9QXD.")
        raise SubmissionRejected([FieldError("sheet_code", message)])
    cleaned = MultiDict(form)
    for name in list(cleaned):
        if name.startswith("score-") and cleaned[name].strip() in CANT_SAY_KEYS:
            cleaned[name] = "na"
        elif name.startswith("score-"):
            cleaned[name] = cleaned[name].strip()
    raw = submission_from_form(cleaned, campaign, "resident", form.get("area", ""))
    raw["uuid"] = sheet_uuid(campaign, code)
    outcome = submit(campaign, "resident", raw, channel="paper", by_staff=True)
    return outcome, code
