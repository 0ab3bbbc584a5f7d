"""Public results: the aggregated compass per Quartier, with the same suppression as exports."""

from __future__ import annotations

from flask import Response, abort, render_template, url_for
from flask_babel import gettext as _

from analysis.report.document import report_css as report_css_text
from app.services import exports, results
from app.services.report_scope import ReportScopeError


def _public(campaign_id: int):
    survey = results.public_campaign(campaign_id)
    if survey is None:
        abort(404, description=_("There are no public results for this survey."))
    return survey


def campaign(campaign_id: int):
    survey = _public(campaign_id)
    return render_template(
        "results/campaign.html", campaign=survey, areas=results.public_areas(survey)
    )


def report(campaign_id: int):
    survey = _public(campaign_id)
    try:
        return exports.report_page(survey, url_for("results.report_css", campaign_id=survey.id))
    except exports.ExportRefused as exc:
        abort(409, description=exc.message)
    except ReportScopeError:
        abort(409, description=_("This report is too large for a web page; the planning office "
                                 "can publish it as a PDF."))  # fmt: skip


def report_css(campaign_id: int):
    _public(campaign_id)
    return Response(report_css_text(), mimetype="text/css")
