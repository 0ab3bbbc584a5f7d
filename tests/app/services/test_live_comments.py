"""The live view's comments: per theme in the instrument's order, each kind grouped with its
count, read in one pass over the Quartier's comments (issue 10 §3)."""

from __future__ import annotations

from app.core.extensions import db
from app.models import Campaign
from app.services import live
from tests.support.factories import answer_payload
from tests.support.workspace import show_comments


def _post(client, survey, comments: dict) -> None:
    payload = answer_payload(survey, token=survey.resident, area="1 a")
    payload["comments"] = comments
    assert client.post("/api/v1/responses", json=payload).status_code == 201


def test_comments_come_per_theme_in_instrument_order_with_counts(app, client, survey):
    for _ in range(3):
        _post(client, survey, {"safety": {"improve": "Mehr Licht!"}, "nature": {"good": "Park"}})
    _post(client, survey, {"safety": {"improve": "mehr licht"}, "moving": {"improve": "Radweg"}})
    _post(client, survey, {"nature": {"good": "Bäume", "improve": "Bänke"}})
    show_comments(app)
    with app.test_request_context("/"):
        campaign = db.session.get(Campaign, survey.campaign_id)
        area = next(a for a in campaign.areas if a.code == "1 a")
        shown = live._comments(campaign, area, None)
        order = [t.slug for t in campaign.instrument.themes]
        titles = {t.slug: live.localized(t.title) for t in campaign.instrument.themes}
    expected = {
        "moving": ([], [("Radweg", 1)]),
        "nature": ([("Park", 3), ("Bäume", 1)], [("Bänke", 1)]),
        "safety": ([], [("Mehr Licht!", 4)]),
    }
    slugs = sorted(expected, key=order.index)
    assert [row["title"] for row in shown] == [titles[s] for s in slugs]
    assert [(row["good"], row["improve"]) for row in shown] == [expected[s] for s in slugs]
