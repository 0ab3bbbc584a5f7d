"""The report's extension point: providers asked, empty chapters left out, order kept."""

from __future__ import annotations

import pytest

from analysis.report.sections import ReportSection
from app.core.extensions import db
from app.models import Campaign
from app.services.report_sections import report_sections
from tests.support.factories import make_survey


def test_providers_are_asked_in_the_callers_language_and_sorted_by_order(app):
    with app.app_context():
        campaign = db.session.get(Campaign, make_survey().campaign_id)
        _check_providers(campaign)


def _check_providers(campaign):
    asked = []

    def later(c, lang):
        asked.append((c.id, lang))
        return ReportSection("funds", "Fonds", "<p>1</p>", order=90)

    def earlier(c, lang):
        return ReportSection("atlas", "Sozialatlas", "<p>2</p>", order=10)

    def silent(c, lang):
        return None

    found = report_sections(campaign, "de", providers=[later, silent, earlier])
    assert [s.key for s in found] == ["atlas", "funds"]
    assert asked == [(campaign.id, "de")]


def test_a_chapter_key_must_be_a_plain_name():
    with pytest.raises(ValueError):
        ReportSection("<script>", "x", "")
