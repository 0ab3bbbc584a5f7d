"""Answers that reach the planner by hand: answer files from phones, typed-in paper sheets."""

from __future__ import annotations

from collections import Counter

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.access import load_campaign
from app.services.answer_checks import SubmissionRejected
from app.services.answer_forms import error_targets
from app.services.audience import survey_texts
from app.services.handover import MAX_FILE_BYTES, HandoverFileError, import_answers
from app.services.paper import enter_sheet
from app.services.submissions import CampaignNotOpen


@load_campaign("planner")
def upload(campaign):
    results, error, status = None, None, 200
    if request.method == "POST":
        upload = request.files.get("file")
        data = upload.read(MAX_FILE_BYTES + 1) if upload else b""
        try:
            results = import_answers(campaign, data)
        except HandoverFileError as exc:
            name = (upload.filename or "").strip() if upload else ""
            error = _("%(file)s: %(problem)s", file=name, problem=exc) if name else str(exc)
            status = 400
    counts = Counter(result.status for result in results or [])
    return (
        render_template(
            "handover/upload.html", campaign=campaign, results=results, counts=counts, error=error
        ),
        status,
    )


@load_campaign("planner")
def type_in(campaign):
    values, errors, status = {"area": request.args.get("area", "")}, {}, 200
    if request.method == "POST":
        try:
            outcome, code = enter_sheet(campaign, request.form)
        except (SubmissionRejected, CampaignNotOpen) as exc:
            values, status = request.form, 400
            if isinstance(exc, CampaignNotOpen):
                errors = {"form": exc.message}
            else:
                errors = {error.field: error.message for error in exc.errors}
        else:
            if outcome.created:
                flash(_("Sheet %(code)s is saved.", code=code))
            else:
                flash(_("Sheet %(code)s was typed in before; nothing was added.", code=code))
            area = request.form.get("area", "")
            return redirect(url_for("handover.type_in", campaign_id=campaign.id, area=area))
    return (
        render_template(
            "handover/paper.html",
            campaign=campaign,
            values=values,
            errors=errors,
            error_targets=error_targets(errors),
            # The sheet's own questions and the survey's age bands, as printed on the paper.
            demographic_options=survey_texts(campaign).options,
            demographic_questions=survey_texts(campaign).questions,
        ),
        status,
    )
