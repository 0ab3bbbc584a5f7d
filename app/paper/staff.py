"""The planner page for typing in paper questionnaires quickly with the keyboard."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.access import campaign_for, staff
from app.paper.entry import enter_sheet
from app.survey import labels, services
from app.survey.forms import error_targets

bp = Blueprint("paper_entry", __name__, url_prefix="/planner/surveys")


@bp.route("/<int:campaign_id>/paper", methods=["GET", "POST"])
@staff("planner")
def type_in(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    values, errors, status = {"area": request.args.get("area", "")}, {}, 200
    if request.method == "POST":
        try:
            outcome, code = enter_sheet(campaign, request.form)
        except (services.SubmissionRejected, services.CampaignNotOpen) as exc:
            values, status = request.form, 400
            if isinstance(exc, services.CampaignNotOpen):
                errors = {"form": exc.message}
            else:
                errors = {error.field: error.message for error in exc.errors}
        else:
            if outcome.created:
                flash(_("Sheet %(code)s is saved.", code=code))
            else:
                flash(_("Sheet %(code)s was typed in before; nothing was added.", code=code))
            area = request.form.get("area", "")
            return redirect(url_for("paper_entry.type_in", campaign_id=campaign.id, area=area))
    return (
        render_template(
            "planner/paper_entry.html",
            campaign=campaign,
            values=values,
            errors=errors,
            error_targets=error_targets(errors),
            demographic_options=labels.OPTIONS,
            demographic_questions=labels.QUESTIONS,
        ),
        status,
    )
