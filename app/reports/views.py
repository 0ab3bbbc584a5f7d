"""Planner results per survey: overview, compasses, quadrant, downloads, deleting raw answers."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from analysis.report.document import report_css as report_css_text
from app.core.access import load_campaign
from app.core.downloads import file_response
from app.reports.forms import ConfirmForm
from app.services import campaigns, exports, report_scope, results


@load_campaign("planner")
def results_page(campaign):
    overview = results.overview(campaign)
    return render_template(
        "reports/results.html", campaign=campaign, downloads=exports.download_groups(), **overview
    )


@load_campaign("planner")
def download(campaign, name: str):
    try:
        built = exports.download(campaign, name)
    except LookupError:
        abort(404)
    except exports.ExportRefused as exc:
        abort(409, description=exc.message)
    return file_response(built.data, built.name, built.mimetype)


def _choice_page(campaign, message: str | None, status: int = 200):
    return render_template(
        "reports/report_choice.html", campaign=campaign, message=message,
        choices=report_scope.choices(campaign), budget=report_scope.profile_budget(),
        chosen=request.args,
    ), status  # fmt: skip


@load_campaign("planner")
def report(campaign):
    css = url_for("reports.report_css", campaign_id=campaign.id)
    try:
        return exports.report_page(campaign, css, report_scope.report_scope(campaign, _args()))
    except report_scope.ReportScopeError as exc:
        return _choice_page(campaign, exc.message, 409)
    except exports.ExportRefused as exc:
        abort(409, description=exc.message)


@load_campaign("planner")
def report_pdf(campaign):
    try:
        built = exports.report_pdf(campaign, report_scope.report_scope(campaign, _args()))
    except report_scope.ReportScopeError as exc:
        return _choice_page(campaign, exc.message, 409)
    except exports.ExportRefused as exc:
        abort(409, description=exc.message)
    return file_response(built.data, built.name, built.mimetype)


@load_campaign("planner")
def report_choice(campaign):
    return _choice_page(campaign, None)


def _args() -> dict[str, list[str]]:
    return request.args.to_dict(flat=False)


@load_campaign("planner")
def report_css(campaign):
    return Response(report_css_text(), mimetype="text/css")


@load_campaign("planner")
def purge(campaign):
    form = ConfirmForm()
    if form.validate_on_submit():
        campaigns.purge_raw_answers(campaign)
        flash(_("The raw answers and comments have been deleted. Aggregated results are kept."))
        return redirect(url_for("campaigns.campaign", campaign_id=campaign.id))
    return render_template(
        "reports/purge.html",
        campaign=campaign,
        form=form,
        answers=campaigns.answer_count(campaign),
    )
