"""Paper questionnaires: the printable PDF of a survey, blank or for one Quartier."""

from __future__ import annotations

from flask import Response, abort, request
from flask_babel import gettext as _

from app.core.downloads import file_response
from app.core.i18n import current_locale
from app.core.links import survey_link
from app.services.audience import not_in_survey
from app.services.questionnaire import MAX_SHEETS, questionnaire_pdf


def _sheets() -> int:
    raw = request.args.get("sheets", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_SHEETS:
        abort(400, description=_("Please ask for 1 to %(max)d sheets.", max=MAX_SHEETS))
    return int(raw)


def _pdf(data: bytes, filename: str) -> Response:
    return file_response(data, filename, "application/pdf", inline=True)


@survey_link()
def survey_pdf(campaign, role, token: str):
    data = questionnaire_pdf(campaign, lang=current_locale(), sheets=_sheets())
    return _pdf(data, f"fragebogen-{campaign.round_label}.pdf")


@survey_link(area=not_in_survey)
def area_pdf(campaign, role, area, token: str):
    data = questionnaire_pdf(campaign, lang=current_locale(), area=area, sheets=_sheets())
    return _pdf(data, f"fragebogen-{campaign.round_label}-{area.code}.pdf".replace(" ", "_"))
