"""The report's chapter on measures: what runs in the survey's Quartiere and what changed."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from analysis.report.sections import ReportSection
from app.models import Campaign
from app.services import measures
from app.services.measure_evaluation import evaluate

#: After the Quartiere's profiles and the Sozialatlas, before methods.
ORDER = 60
#: Measures a report tells about: decided ones (a proposal is not yet a measure).
DECIDED = ("planned", "running", "done", "stopped")


def measures_section(campaign: Campaign, lang: str) -> ReportSection | None:
    """The chapter "Measures" of ``campaign``'s report: each decided measure of its Kommune
    in one of its Quartiere, with its state and evaluation; None when there is none.

    Examples
    --------
    With a database session (see the tests)::

        measures_section(campaign, "de").html  # '<h3>Jugendtreff …</h3>…<table …'
    """
    codes = {a.code for a in campaign.areas}
    shown = [
        m for m in measures.measures_of(campaign.kommune, statuses=DECIDED)
        if codes & {a.code for a in m.areas}
    ]  # fmt: skip
    if not shown:
        return None
    with force_locale(lang):
        parts = [{"measure": m, "evaluation": evaluate(m)} for m in reversed(shown)]
        html = render_template(
            "measures/_report.html", parts=parts, report=True, statuses=measures.status_titles()
        )
        title = _("Measures")
    return ReportSection(key="measures", title=title, html=html, order=ORDER)
