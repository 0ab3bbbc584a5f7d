"""Public results: the aggregated compass per Quartier, with the same suppression as exports."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import gettext as _

from app.services import results


def campaign(campaign_id: int):
    survey = results.public_campaign(campaign_id)
    if survey is None:
        abort(404, description=_("There are no public results for this survey."))
    return render_template(
        "results/campaign.html", campaign=survey, areas=results.public_areas(survey)
    )
