"""Public survey links to campaigns and areas, or a 404 page that says what went wrong."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _

from app.models import Area, Campaign
from app.survey import services


def campaign_or_404(token: str) -> tuple[Campaign, str]:
    """The campaign and role of a public link token; 404 with a sentence if there is none."""
    found = services.campaign_for_token(token)
    if found is None:
        abort(
            404,
            description=_(
                "This survey link is not valid. Please check the address or the QR code."
            ),
        )
    return found


def area_or_404(campaign: Campaign, code: str) -> Area:
    """The campaign's area with the town's code; 404 with a sentence if it is not in the survey."""
    area = services.find_area(campaign, code)
    if area is None:
        abort(
            404,
            description=_(
                "This Quartier is not part of the survey. Please choose it from the list."
            ),
        )
    return area
