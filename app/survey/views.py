"""Survey pages: choose a Quartier, answer the themes, see your own compass."""

from __future__ import annotations

import uuid as uuidlib

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from wtforms import ValidationError

from app.core import ratelimit
from app.core.extensions import csrf
from app.core.links import survey_link
from app.models import Campaign
from app.services import labels
from app.services.answer_checks import SubmissionRejected
from app.services.answer_forms import answer_minutes, error_targets, submission_from_form
from app.services.audience import not_in_survey, spoken, survey_texts
from app.services.campaigns import current_round
from app.services.compass import compass_for
from app.services.submissions import CampaignNotOpen, existing_response, submit, today


@survey_link()
def choose_area(campaign, role, token: str):
    if campaign.status_on(today()) == "closed":
        return _not_open(campaign, "closed")
    query = request.args.get("q", "").strip()
    wanted = query.casefold()
    areas = [a for a in campaign.areas if wanted in f"{a.code} {a.name}".casefold()]
    return render_template(
        "survey/choose_area.html",
        campaign=campaign,
        role=role,
        token=token,
        areas=areas,
        query=query,
        voice=survey_texts(campaign),
    )


@csrf.exempt  # checked below, so that a stale token re-shows the answers instead of losing them
@survey_link(area=not_in_survey)
def answer(campaign, role, area, token: str):
    status = campaign.status_on(today())
    if request.method == "GET":
        if status != "open":
            return _not_open(campaign, status)
        return _render_form(campaign, role, token, area, values={"uuid": str(uuidlib.uuid4())})

    values = request.form
    try:
        validate_csrf(values.get("csrf_token"))
    except (ValidationError, CSRFError):
        message = survey_texts(campaign).words["stale"]
        return _render_form(
            campaign, role, token, area, values, errors={"form": message}, status=400
        )
    raw = submission_from_form(values, campaign, role, area.code)
    try:
        with ratelimit.answer_slot() as slot:
            outcome = submit(campaign, role, raw, channel="web")
            slot.used = outcome.created
    except ratelimit.TooManyAnswers as exc:
        message = spoken(campaign.instrument.audience, "too_many", minutes=exc.minutes)
        page, status = _render_form(
            campaign, role, token, area, values, errors={"form": message}, status=429
        )
        return page, status, {"Retry-After": str(exc.retry_after)}
    except CampaignNotOpen as exc:
        return _not_open(campaign, exc.status)
    except SubmissionRejected as exc:
        errors = {error.field: error.message for error in exc.errors}
        if "uuid" in errors:
            # The person cannot repair a broken answer ID: the page brings a fresh one.
            values = values.copy()
            values["uuid"] = str(uuidlib.uuid4())
        return _render_form(campaign, role, token, area, values, errors=errors, status=400)
    return redirect(url_for("survey.thanks", token=token, uuid=outcome.uuid), code=303)


@survey_link()
def thanks(campaign, role, token: str, uuid: str):
    response = existing_response(uuid)
    if response is None or response.campaign_id != campaign.id:
        abort(404, description=_("We could not find this answer."))
    scores = {rating.theme.slug: rating.score for rating in response.ratings}
    voice = survey_texts(campaign)
    return render_template(
        "survey/thanks.html",
        campaign=campaign,
        role=role,
        token=token,
        response=response,
        chart=compass_for(campaign, [(voice.words["legend"], "mine", scores)]),
        voice=voice,
        themes=campaign.instrument.themes,
        scores=scores,
    )


def _render_form(campaign, role, token, area, values, errors=None, status=200):
    return (
        render_template(
            "survey/form.html",
            campaign=campaign,
            role=role,
            token=token,
            area=area,
            values=values,
            errors=errors or {},
            error_targets=error_targets(errors or {}),
            csrf_token=generate_csrf(),
            empty_compass=compass_for(campaign, []),
            minutes=answer_minutes(campaign.instrument),
            role_names=labels.ROLE_NAMES,
            voice=survey_texts(campaign),
            comment_labels=[
                ("good", _("What is good here?")),
                ("improve", _("What could be better?")),
            ],
        ),
        status,
    )


def _not_open(campaign: Campaign, status: str):
    """Says at once that the survey is not open, and where to go instead: the Kommune's
    current round, or this survey's public results."""
    message = CampaignNotOpen(campaign.instrument.audience, status).message
    code = 409 if status == "not_yet_open" else 410
    current = current_round(campaign, today()) if status == "closed" else None
    page = render_template(
        "survey/message.html",
        campaign=campaign,
        message=message,
        current=current,
        results=campaign.public_results and status == "closed",
        voice=survey_texts(campaign),
    )
    return page, code
