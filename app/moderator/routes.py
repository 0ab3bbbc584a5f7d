"""Round-table pages for moderators: live view, validation record, a group's agreed ratings."""

from __future__ import annotations

import uuid as uuidlib

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.access import campaign_area, campaign_for, require, staff, visible_kommunen
from app.extensions import db
from app.i18n import localized
from app.models import Campaign
from app.models.roundtable import NEED_VERDICTS, QUESTIONS
from app.moderator import live, records
from app.moderator.forms import group_from_form, record_from_form
from app.survey import services as survey_services

bp = Blueprint("moderator", __name__, url_prefix="/moderator")


@bp.get("/")
@staff("moderator")
def home():
    user = require("moderator")
    ids = [k.id for k in visible_kommunen(user)]
    campaigns = db.session.scalars(
        select(Campaign)
        .where(Campaign.kommune_id.in_(ids))
        .order_by(Campaign.round_label.desc(), Campaign.title)
    )
    return render_template("moderator/home.html", campaigns=list(campaigns))


def _comparison(campaign: Campaign):
    """The Quartier or earlier round to overlay, from ``?compare=area:<code>|round:<id>``."""
    raw = request.args.get("compare", "")
    kind, _sep, value = raw.partition(":")
    if kind == "area":
        return next((a for a in campaign.areas if a.code == value), None), None
    if kind == "round" and value.isdigit():
        other = next((c for c in live.compare_choices(campaign) if c.id == int(value)), None)
        return None, other
    return None, None


@bp.get("/surveys/<int:campaign_id>/areas/<area_code>")
@staff("moderator")
def table(campaign_id: int, area_code: str):
    campaign = campaign_for("moderator", campaign_id)
    area = campaign_area(campaign, area_code)
    compare_area, compare_campaign = _comparison(campaign)
    return render_template(
        "moderator/table.html",
        campaign=campaign,
        area=area,
        live=live.live_context(campaign, area, compare_area, compare_campaign),
        compare=request.args.get("compare", ""),
        rounds=live.compare_choices(campaign),
        record=records.record_for(campaign, area),
        previous=records.previous_record(campaign, area),
        questions=QUESTIONS,
        verdicts=NEED_VERDICTS,
        question_titles=records.question_titles(),
        verdict_titles=records.verdict_titles(),
        themes=[(t.slug, localized(t.title)) for t in campaign.instrument.themes],
    )


@bp.get("/surveys/<int:campaign_id>/areas/<area_code>/live")
@staff("moderator")
def live_fragment(campaign_id: int, area_code: str):
    campaign = campaign_for("moderator", campaign_id)
    area = campaign_area(campaign, area_code)
    compare_area, compare_campaign = _comparison(campaign)
    context = live.live_context(campaign, area, compare_area, compare_campaign)
    response = render_template("moderator/_live.html", campaign=campaign, area=area, live=context)
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/surveys/<int:campaign_id>/areas/<area_code>/record")
@staff("moderator")
def save_record(campaign_id: int, area_code: str):
    campaign = campaign_for("moderator", campaign_id)
    area = campaign_area(campaign, area_code)
    answers, needs = record_from_form(request.form, campaign)
    try:
        records.save_record(campaign, area, answers, needs)
    except records.RecordError as exc:
        flash(str(exc))
    else:
        flash(_("The round table's record has been saved."))
    return redirect(url_for("moderator.table", campaign_id=campaign.id, area_code=area.code))


@bp.route("/surveys/<int:campaign_id>/areas/<area_code>/group", methods=["GET", "POST"])
@staff("moderator")
def group(campaign_id: int, area_code: str):
    campaign = campaign_for("moderator", campaign_id)
    area = campaign_area(campaign, area_code)
    if "group" not in campaign.enabled_roles:
        # Like the switched-off group link: this survey takes no group ratings at all.
        abort(404, description=_("This survey does not use moderated groups."))
    errors: dict[str, str] = {}
    values = request.form if request.method == "POST" else {"uuid": str(uuidlib.uuid4())}
    if request.method == "POST":
        raw = group_from_form(request.form, campaign, area.code)
        try:
            survey_services.submit(campaign, "group", raw, channel="paper")
        except survey_services.SubmissionRejected as exc:
            errors = {e.field: e.message for e in exc.errors}
        except survey_services.CampaignNotOpen as exc:
            abort(409, description=exc.message)
        else:
            flash(_("The group's ratings have been saved."))
            return redirect(
                url_for("moderator.table", campaign_id=campaign.id, area_code=area.code)
            )
    instrument = campaign.instrument
    return render_template(
        "moderator/group.html",
        campaign=campaign,
        area=area,
        values=values,
        errors=errors,
        themes=[(t.slug, localized(t.title)) for t in instrument.themes],
        scale=range(instrument.scale_min, instrument.scale_max + 1),
    ), (422 if errors else 200)
