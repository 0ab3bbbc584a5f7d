"""Planner pages: the survey list, survey set-up, links and QR posters."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.access import campaign_for, kommune_for, require, staff, visible_kommunen
from app.core.downloads import file_response
from app.extensions import db
from app.models import Campaign, Instrument, Kommune
from app.planner import services
from app.planner.forms import CampaignForm
from app.planner.posters import Poster, posters_pdf

bp = Blueprint("planner", __name__, url_prefix="/planner")
ROLE_NAMES = {"resident": "Residents", "expert": "Professionals", "group": "Groups"}


def public_url(endpoint: str, **values) -> str:
    """An absolute link for posters and hand-outs (QK_BASE_URL if configured)."""
    base = current_app.config.get("QK_BASE_URL")
    if base:
        return str(base).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@bp.get("/")
@staff("planner")
def home():
    user = require("planner")
    kommunen = visible_kommunen(user)
    campaigns = {
        k.id: list(
            db.session.scalars(
                select(Campaign)
                .where(Campaign.kommune_id == k.id)
                .order_by(Campaign.round_label.desc(), Campaign.title)
            )
        )
        for k in kommunen
    }
    return render_template("planner/home.html", kommunen=kommunen, campaigns=campaigns)


def _campaign_form(kommune: Kommune, campaign: Campaign | None) -> CampaignForm:
    form = CampaignForm(obj=campaign) if campaign else CampaignForm()
    form.instrument_id.choices = [
        (i.id, str(i.title.get("de") or i.slug))
        for i in db.session.scalars(select(Instrument).order_by(Instrument.slug))
    ]
    form.area_ids.choices = [(a.id, f"{a.code} {a.name}") for a in kommune.areas]
    if campaign is not None and not form.is_submitted():
        form.area_ids.data = [a.id for a in campaign.areas]
        form.role_choices.data = list(campaign.enabled_roles)
    return form


def _save(form: CampaignForm, kommune: Kommune, campaign: Campaign | None):
    try:
        saved = services.save_campaign(
            campaign,
            kommune,
            title=form.title.data,
            round_label=form.round_label.data,
            instrument_id=form.instrument_id.data,
            area_ids=form.area_ids.data or [],
            opens_on=form.opens_on.data,
            closes_on=form.closes_on.data,
            min_group_size=form.min_group_size.data,
            public_results=form.public_results.data,
            roles=form.role_choices.data or [],
        )
    except services.PlannerError as exc:
        return None, str(exc)
    return saved, None


@bp.route("/kommune/<int:kommune_id>/surveys/new", methods=["GET", "POST"])
@staff("planner")
def campaign_new(kommune_id: int):
    kommune = kommune_for("planner", kommune_id)
    form = _campaign_form(kommune, None)
    error = None
    if not kommune.areas:
        error = _("This Kommune has no Quartiere yet. Please upload the areas first.")
    elif form.validate_on_submit():
        campaign, error = _save(form, kommune, None)
        if campaign is not None:
            flash(_("The survey has been created."))
            return redirect(url_for("planner.campaign", campaign_id=campaign.id))
    return render_template("planner/campaign_form.html", form=form, kommune=kommune, error=error)


@bp.route("/surveys/<int:campaign_id>/edit", methods=["GET", "POST"])
@staff("planner")
def campaign_edit(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    form = _campaign_form(campaign.kommune, campaign)
    error = None
    if form.validate_on_submit():
        saved, error = _save(form, campaign.kommune, campaign)
        if saved is not None:
            flash(_("The survey has been saved."))
            return redirect(url_for("planner.campaign", campaign_id=campaign.id))
    return render_template(
        "planner/campaign_form.html",
        form=form,
        kommune=campaign.kommune,
        campaign=campaign,
        error=error,
    )


@bp.get("/surveys/<int:campaign_id>")
@staff("planner")
def campaign(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    links = {
        role: public_url("survey.choose_area", token=campaign.token_for(role))
        for role in campaign.enabled_roles
    }
    return render_template(
        "planner/campaign.html",
        campaign=campaign,
        links=links,
        answers=services.answer_count(campaign),
        snapshot=services.snapshot(campaign),
    )


@bp.get("/surveys/<int:campaign_id>/posters.pdf")
@staff("planner")
def posters(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    if "resident" not in campaign.enabled_roles:
        # Posters invite residents; a survey without them has no link to print.
        abort(409, description=_("This survey has no resident link, so there are no posters."))
    sheets = [
        Poster(
            area_name=area.name,
            area_code=area.code,
            url=public_url("survey.answer", token=campaign.resident_token, area_code=area.code),
            title=campaign.title,
            call=_("Rate your Quartier: scan the code with your phone."),
            privacy=_(
                "Anonymous: we do not store your name, IP address or device. "
                "Results are only shown for groups of at least %(k)d people.",
                k=campaign.min_group_size,
            ),
        )
        for area in campaign.areas
    ]
    return file_response(posters_pdf(sheets), f"qr-posters-{campaign.id}.pdf", "application/pdf")


@bp.app_template_filter("num")
def number(value: float | None, decimals: int = 1) -> str:
    """A number in the reader's locale (decimal comma in German); "–" when missing."""
    from flask_babel import format_decimal

    if value is None or value != value:
        return "–"
    return format_decimal(value, format="#,##0." + "0" * decimals if decimals else "#,##0")
