"""Public results: only when switched on, aggregated, with the same small-group suppression."""

from __future__ import annotations

from app.core.extensions import db
from app.models import Campaign
from tests.support.workspace import answer


def test_public_results_are_off_by_default(app, client, survey):
    assert client.get(f"/results/{survey.campaign_id}").status_code == 404


def test_public_results_show_aggregates_with_suppression(app, client, survey):
    with app.app_context():
        db.session.get(Campaign, survey.campaign_id).public_results = True
        db.session.commit()
    answer(client, survey, 5, area="1 a")
    answer(client, survey, 3, area="15 b")
    page = client.get(f"/results/{survey.campaign_id}").get_data(as_text=True)
    altstadt = page[page.index('data-area="1 a"') : page.index('data-area="15 b"')]
    nordstadt = page[page.index('data-area="15 b"') :]
    assert "5 Bewohner:innen haben geantwortet" in altstadt
    assert "<polyline" in altstadt
    assert "Noch nicht genug Antworten" in nordstadt
    assert "<polyline" not in nordstadt.split("</section>")[0]
    assert "Park resident" not in page  # no comments in public results
