"""Planner page of unusual bursts of answers per survey, where a burst can be set aside."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.auth.access import campaign_for, require, staff
from app.planner import bursts
from app.planner.routes import bp


@bp.get("/surveys/<int:campaign_id>/bursts")
@staff("planner")
def bursts_page(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    min_run = bursts.min_run_from(request.args.get("min"))
    return render_template(
        "planner/bursts.html",
        campaign=campaign,
        bursts=bursts.find_bursts(campaign, min_run),
        history=bursts.history(campaign),
        min_run=min_run,
        min_run_range=bursts.MIN_RUN_RANGE,
    )


@bp.post("/surveys/<int:campaign_id>/bursts/set-aside")
@staff("planner")
def burst_set_aside(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    form = request.form
    try:
        record = bursts.set_aside(
            campaign,
            _number(form.get("first")),
            _number(form.get("last")),
            form.get("reason", ""),
            require("planner"),
        )
    except bursts.BurstError as exc:
        flash(str(exc))
    else:
        flash(_("%(n)d answers are set aside. They count nowhere now.", n=record.answers))
    return _back(campaign.id)


@bp.post("/surveys/<int:campaign_id>/bursts/restore")
@staff("planner")
def burst_restore(campaign_id: int):
    campaign = campaign_for("planner", campaign_id)
    try:
        record = bursts.restore(campaign, _number(request.form.get("record")), require("planner"))
    except bursts.BurstError as exc:
        flash(str(exc))
    else:
        flash(_("%(n)d answers count again.", n=record.answers))
    return _back(campaign.id)


def _number(raw: str | None) -> int:
    return int(raw) if raw and raw.strip().isdigit() else -1


def _back(campaign_id: int):
    min_run = bursts.min_run_from(request.form.get("min"))
    return redirect(url_for("planner.bursts_page", campaign_id=campaign_id, min=min_run), code=303)
