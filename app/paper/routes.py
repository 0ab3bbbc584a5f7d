"""Download the paper questionnaire of a survey, blank or for one Quartier."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _

from app.core.downloads import file_response
from app.i18n import current_locale
from app.paper.questionnaire import MAX_SHEETS, questionnaire_pdf
from app.survey.lookup import area_or_404, campaign_or_404

bp = Blueprint("paper", __name__, url_prefix="/paper")


def _sheets() -> int:
    raw = request.args.get("sheets", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_SHEETS:
        abort(400, description=_("Please ask for 1 to %(max)d sheets.", max=MAX_SHEETS))
    return int(raw)


def _pdf(data: bytes, filename: str) -> Response:
    return file_response(data, filename, "application/pdf", inline=True)


@bp.get("/<token>.pdf")
def survey_pdf(token: str):
    campaign, _role = campaign_or_404(token)
    data = questionnaire_pdf(campaign, lang=current_locale(), sheets=_sheets())
    return _pdf(data, f"fragebogen-{campaign.round_label}.pdf")


@bp.get("/<token>/<area_code>.pdf")
def area_pdf(token: str, area_code: str):
    campaign, _role = campaign_or_404(token)
    area = area_or_404(campaign, area_code)
    data = questionnaire_pdf(campaign, lang=current_locale(), area=area, sheets=_sheets())
    return _pdf(data, f"fragebogen-{campaign.round_label}-{area.code}.pdf".replace(" ", "_"))
