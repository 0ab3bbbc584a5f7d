"""Measures: the planner's list, form, page with history and evaluation; a moderator's proposal;
the public list."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.access import current_account, load_campaign, load_kommune, load_measure
from app.core.downloads import file_response
from app.measures.forms import measure_from_form
from app.models.measures import MEASURE_STATUSES
from app.services import measure_exports, measure_pages, measures
from app.services.measure_input import MeasureError, read_measure


@load_kommune("planner")
def index(kommune):
    status = request.args.get("status", "")
    area = request.args.get("area", "")
    return render_template(
        "measures/index.html",
        kommune=kommune,
        measures=measures.measures_of(kommune, status=status, area_code=area),
        status=status,
        area=area,
        statuses=measures.status_titles(),
        public=measures.is_public(kommune),
    )


def _form(kommune, measure, values, errors, status=200):
    page = measure_pages.form_context(kommune, measure, values)
    html = render_template("measures/form.html", errors=errors, statuses=MEASURE_STATUSES, **page)
    return html, status


@load_kommune("planner")
def create(kommune):
    if request.method == "GET":
        return _form(kommune, None, measure_pages.prefill(kommune, request.args), [])
    values = measure_from_form(request.form)
    try:
        chosen = read_measure(kommune, values, [s for s, _t in measures.theme_choices(kommune)])
        measure = measures.create_measure(kommune, chosen, current_account())
    except MeasureError as exc:
        return _form(kommune, None, values, [str(exc)], 422)
    flash(_("The measure has been saved."))
    return redirect(url_for("measures.detail", measure_id=measure.id))


@load_measure("planner")
def edit(measure):
    kommune = measure.kommune
    if request.method == "GET":
        return _form(kommune, measure, measure_pages.current_values(measure), [])
    values = measure_from_form(request.form)
    try:
        chosen = read_measure(kommune, values, [s for s, _t in measures.theme_choices(kommune)])
        changed = measures.update_measure(measure, chosen, current_account())
    except MeasureError as exc:
        return _form(kommune, measure, values, [str(exc)], 422)
    flash(_("The changes have been saved.") if changed else _("Nothing was changed."))
    return redirect(url_for("measures.detail", measure_id=measure.id))


@load_measure("planner")
def detail(measure):
    return render_template("measures/detail.html", **measure_pages.detail_context(measure))


@load_measure("planner")
def add_note(measure):
    try:
        measures.add_note(
            measure, request.form.get("noted_on", ""), request.form.get("text", ""),
            current_account(),
        )  # fmt: skip
    except MeasureError as exc:
        flash(str(exc))
    else:
        flash(_("The note has been added."))
    return redirect(url_for("measures.detail", measure_id=measure.id) + "#notes")


@load_kommune("planner")
def download_csv(kommune):
    return file_response(*measure_exports.export(kommune, "csv"))


@load_kommune("planner")
def download_xlsx(kommune):
    return file_response(*measure_exports.export(kommune, "xlsx"))


@load_kommune("planner")
def publish(kommune):
    public = request.form.get("public") == "1"
    measures.set_public(kommune, public)
    flash(_("The list of measures is public.") if public else _("The list is no longer public."))
    return redirect(url_for("measures.index", kommune_id=kommune.id))


@load_campaign("moderator", area=True)
def propose(campaign, area):
    try:
        measures.propose(
            campaign, area, measure_pages.record_of(campaign, area),
            request.form.get("title", ""), current_account(),
        )  # fmt: skip
    except MeasureError as exc:
        flash(str(exc))
    else:
        flash(_("The proposal has been saved; a planner will decide on it."))
    return redirect(url_for("moderator.table", campaign_id=campaign.id, area_code=area.code))


def public_list(kommune_id):
    page = measure_pages.public_context(kommune_id)
    if page is None:
        abort(404)
    return render_template("measures/public.html", **page)
