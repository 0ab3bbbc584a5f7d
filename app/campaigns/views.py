"""Planner pages of a survey: the list, set-up, links and QR posters, bursts of answers."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.campaigns.forms import CampaignForm
from app.core.access import current_account, load_campaign, load_kommune, staff, visible_kommunen
from app.core.downloads import file_response
from app.core.i18n import localized
from app.models import Campaign, Kommune
from app.services import bursts, campaigns
from app.services.aggregates import snapshot
from app.services.comments import review_counts
from app.services.instruments import stored_instruments
from app.services.posters import campaign_posters
from app.services.submissions import today


def public_url(endpoint: str, **values) -> str:
    """An absolute link for posters and hand-outs (QK_BASE_URL if configured)."""
    base = current_app.config.get("QK_BASE_URL")
    if base:
        return str(base).rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@staff("planner")
def home():
    kommunen = visible_kommunen(current_account())
    surveys = {k.id: campaigns.campaigns_of([k.id]) for k in kommunen}
    return render_template(
        "campaigns/home.html", kommunen=kommunen, campaigns=surveys, today=today()
    )


def _campaign_form(kommune: Kommune, campaign: Campaign | None) -> CampaignForm:
    form = CampaignForm(obj=campaign) if campaign else CampaignForm()
    form.instrument_id.choices = [
        (i.id, _("%(title)s (scale %(low)d–%(high)d)", title=localized(i.title) or i.slug,
                 low=i.scale_min, high=i.scale_max))
        for i in stored_instruments()
    ]  # fmt: skip
    # Retired areas are not offered, but a survey that has one keeps it.
    chosen = {a.id for a in campaign.areas} if campaign else set()
    form.area_ids.choices = [
        (a.id, f"{a.code} {a.name}") for a in kommune.areas if not a.retired or a.id in chosen
    ]
    if campaign is None and not form.is_submitted():
        form.min_group_size.data = current_app.config["QK_DEFAULT_MIN_GROUP_SIZE"]
    if campaign is not None and not form.is_submitted():
        form.area_ids.data = [a.id for a in campaign.areas]
        form.role_choices.data = list(campaign.enabled_roles)
    return form


def _save(form: CampaignForm, kommune: Kommune, campaign: Campaign | None):
    try:
        saved = campaigns.save_campaign(
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
            privacy=(form.privacy_body.data or "", form.privacy_url.data or ""),
        )
    except campaigns.CampaignError as exc:
        return None, str(exc)
    return saved, None


@load_kommune("planner")
def campaign_new(kommune):
    form = _campaign_form(kommune, None)
    error = None
    if not kommune.areas:
        error = _("This Kommune has no Quartiere yet. Please upload the areas first.")
    elif form.validate_on_submit():
        campaign, error = _save(form, kommune, None)
        if campaign is not None:
            flash(_("The survey has been created."))
            return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))
    return render_template("campaigns/form.html", form=form, kommune=kommune, error=error)


@load_campaign("planner")
def campaign_edit(campaign):
    form = _campaign_form(campaign.kommune, campaign)
    error = None
    if form.validate_on_submit():
        saved, error = _save(form, campaign.kommune, campaign)
        if saved is not None:
            flash(_("The survey has been saved."))
            return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))
    return render_template(
        "campaigns/form.html",
        form=form,
        kommune=campaign.kommune,
        campaign=campaign,
        error=error,
    )


@load_campaign("planner")
def campaign(campaign):
    links = {
        role: public_url("survey.choose_area", token=campaign.token_for(role))
        for role in campaign.enabled_roles
    }
    return render_template(
        "campaigns/campaign.html",
        campaign=campaign,
        links=links,
        answers=campaigns.answer_count(campaign),
        snapshot=snapshot(campaign),
        to_review=review_counts(campaign)["new"],
    )


@load_campaign("planner")
def posters(campaign):
    def link(area) -> str:
        token = campaign.resident_token
        return public_url("survey.answer", token=token, area_code=area.code)

    try:
        data = campaign_posters(campaign, link)
    except LookupError:
        # Posters invite residents; a survey without them has no link to print.
        abort(409, description=_("This survey has no resident link, so there are no posters."))
    return file_response(data, f"qr-posters-{campaign.id}.pdf", "application/pdf")


@load_campaign("planner")
def bursts_page(campaign):
    min_run = bursts.min_run_from(request.args.get("min"))
    return render_template(
        "campaigns/bursts.html",
        campaign=campaign,
        bursts=bursts.find_bursts(campaign, min_run),
        history=bursts.history(campaign),
        min_run=min_run,
        min_run_range=bursts.MIN_RUN_RANGE,
    )


@load_campaign("planner")
def burst_set_aside(campaign):
    form = request.form
    first, last = bursts.answer_id(form.get("first")), bursts.answer_id(form.get("last"))
    try:
        record = bursts.set_aside(campaign, first, last, form.get("reason", ""), current_account())
    except bursts.BurstError as exc:
        flash(str(exc))
    else:
        flash(_("%(n)d answers are set aside. They count nowhere now.", n=record.answers))
    return _back_to_bursts(campaign.id)


@load_campaign("planner")
def burst_restore(campaign):
    record_id = bursts.answer_id(request.form.get("record"))
    try:
        record = bursts.restore(campaign, record_id, current_account())
    except bursts.BurstError as exc:
        flash(str(exc))
    else:
        flash(_("%(n)d answers count again.", n=record.answers))
    return _back_to_bursts(campaign.id)


def _back_to_bursts(campaign_id: int):
    min_run = bursts.min_run_from(request.form.get("min"))
    url = url_for("campaigns.bursts_page", campaign_id=campaign_id, min=min_run)
    return redirect(url, code=303)
