"""The round table's "waiting for review" is counted by the database, one row per group.

While an event runs, a Quartier's comments pile up unreviewed; each refresh of the live view
used to read every one of them as a row to count them (issue 10 §3, bench/README.md, branch
f10-live). The count keeps the rule of the rows: only groups of at least k count.
"""

from __future__ import annotations

from app.core.extensions import db
from app.models import Campaign
from app.services.comments import waiting_for_review
from app.services.queries import unreviewed_comments_frame
from app.services.score_counts import unreviewed_counts_frame
from tests.support.sql import statements
from tests.support.workspace import answer, show_comments


def test_unreviewed_comments_are_counted_per_group_as_the_rows_are(app, survey):
    api = app.test_client()
    here, there = survey.area_codes[0], survey.area_codes[1]
    answer(api, survey, 6, "resident", area=here)
    answer(api, survey, 4, "expert", area=here)  # fewer than k = 5: not waiting, not shown
    answer(api, survey, 5, "resident", area=there)
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        counted = unreviewed_counts_frame([campaign.id], [here])
        rows = unreviewed_comments_frame([campaign.id], [here])
        by_rows = rows.groupby(["round", "area_code", "role"]).size().to_dict()
        assert counted.set_index(["round", "area_code", "role"])["count"].to_dict() == by_rows
        assert by_rows == {("2026", here, "resident"): 12, ("2026", here, "expert"): 8}
        assert len(unreviewed_counts_frame([campaign.id])) == 3
        assert waiting_for_review(campaign, here) == 12
        assert waiting_for_review(campaign, there) == 10
    show_comments(app)
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        assert unreviewed_counts_frame([campaign.id]).empty
        assert waiting_for_review(campaign, here) == 0


def test_the_waiting_count_reads_no_comment_rows(app, survey):
    answer(app.test_client(), survey, 6, "resident")
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        code = survey.area_codes[0]
        with statements(app) as seen:
            assert waiting_for_review(campaign, code) == 12
    reading = [s for s in seen if "comment" in s.lower()]
    # One grouped count, not the comments themselves (their kind, theme or text).
    assert len(reading) == 1 and "count(" in reading[0].lower(), reading
    assert "comment.kind" not in reading[0] and "comment.text" not in reading[0], reading
