"""The aggregates from the database's score counts are the tables of the raw ratings, exactly.

The oracle is the direct pandas computation on every counted rating
(``tests.support.aggregate_oracle``), on the demo, a Berlin-sized city and random campaigns.
"""

from __future__ import annotations

import pandas.testing as pdt
import pytest
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign, Kommune
from app.services import aggregates, live
from app.services.comments import waiting_for_review
from app.services.demo import load_demo
from app.services.instruments import load_place_standard
from app.services.queries import comments_frame, ratings_frame
from tests.support.aggregate_oracle import direct_aggregates
from tests.support.bulk_answers import add_random_answers
from tests.support.sql import statements
from tests.support.workspace import answer, show_comments

BY = ["round", "area_code", "role"]


def _city(areas: int, k: int = 5) -> Campaign:
    """A Kommune with ``areas`` Quartiere and a survey over all of them."""
    with write_transaction():
        town = Kommune(name=f"Stadt {areas} {k}")
        town_areas = [
            Area(kommune=town, code=f"{i:03d} {i % 7}", name=f"Q{i}") for i in range(areas)
        ]
        campaign = Campaign(kommune=town, instrument=load_place_standard(), title="Check",
                            round_label="2026", min_group_size=k)  # fmt: skip
        campaign.areas = town_areas
        db.session.add_all([town, campaign])
    return campaign


def _assert_same_as_raw(campaign: Campaign) -> aggregates.Aggregates:
    ratings = ratings_frame([campaign.id])
    k, scale = campaign.min_group_size, aggregates.instrument_scale(campaign)
    found = aggregates.computed(campaign)
    assert not found.aggregated.empty
    pdt.assert_frame_equal(found.aggregated, direct_aggregates(ratings, k, [*BY, "theme"], scale))
    pdt.assert_frame_equal(found.overall, direct_aggregates(ratings, k, BY, scale))
    return found


def test_the_demo_gives_the_tables_of_its_raw_ratings(app):
    with app.app_context():
        load_demo()
        for campaign in db.session.scalars(select(Campaign)):
            if ratings_frame([campaign.id]).empty:
                continue
            _assert_same_as_raw(campaign)


def test_a_berlin_sized_city_gives_the_tables_of_its_raw_ratings(app):
    # 542 Planungsräume and 10,000 answers: many groups below k, most above
    with app.app_context():
        campaign = _city(542)
        add_random_answers(campaign.id, 10_000, seed=542, set_aside=40)
        found = _assert_same_as_raw(campaign)
        assert found.aggregated["suppressed"].any() and not found.aggregated["suppressed"].all()


@pytest.mark.parametrize("seed", range(6))
def test_random_campaigns_give_the_tables_of_their_raw_ratings(app, seed):
    with app.app_context():
        campaign = _city(3 + seed, k=1 + seed)
        add_random_answers(campaign.id, 8 * (seed + 1), seed=seed, cant_say=0.3,
                           set_aside=seed % 3)  # fmt: skip
        _assert_same_as_raw(campaign)


def test_one_quartiers_aggregates_are_its_rows_of_the_whole_table(app):
    with app.app_context():
        campaign = _city(12)
        add_random_answers(campaign.id, 400, seed=7)
        whole = aggregates.computed(campaign)
        one = aggregates.computed(campaign, ["003 3"])
        for table in ("aggregated", "overall"):
            full = getattr(whole, table)
            mine = full[full["area_code"] == "003 3"].reset_index(drop=True)
            pdt.assert_frame_equal(getattr(one, table), mine)


def test_set_aside_answers_count_nowhere(app):
    with app.app_context():
        campaign = _city(1, k=1)
        add_random_answers(campaign.id, 5, seed=3, set_aside=7)
        overall = aggregates.computed(campaign).overall
        counted = ratings_frame([campaign.id])["response_id"].nunique()
        assert overall["n_respondents"].sum() == counted == 5


def test_comments_of_small_groups_stay_hidden_with_database_counts(app, survey):
    api = app.test_client()
    answer(api, survey, 5, "resident")
    answer(api, survey, 4, "expert")  # fewer than k = 5: their 8 comments stay hidden
    code = survey.area_codes[0]
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        assert waiting_for_review(campaign, code) == 10
    show_comments(app)
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        shown = aggregates.shown_comments(campaign, code)
        every = comments_frame([campaign.id], [code])
        assert (every["role"] == "expert").sum() == 8
        assert set(shown["role"]) == {"resident"} and len(shown) == 10


def test_aggregates_read_counts_not_every_rating(app):
    with app.app_context():
        campaign = _city(4)
        add_random_answers(campaign.id, 200, seed=11)
    with statements(app) as seen, app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.title == "Check"))
        aggregates.computed(campaign)
        aggregates.shown_comments(campaign, "001 1")
    on_ratings = [s for s in seen if "FROM rating" in s]
    assert len(on_ratings) == 3  # scores per theme, people; people of one Quartier
    assert all("GROUP BY" in s for s in on_ratings)


def test_a_live_refresh_leaves_the_overall_table_uncomputed_until_read(app):
    # The round table shows themes only: its refresh after a new answer skips the second
    # aggregation (issue 10 §3); the results page, which reads it, gets the same table.
    with app.app_context():
        campaign = _city(3)
        add_random_answers(campaign.id, 120, seed=5)
    with app.test_request_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.title == "Check"))
        area = next(a for a in campaign.areas if a.code == "001 1")
        shown = live.live_context(campaign, area)
        assert shown["themes"] and any(t["resident"]["median"] is not None for t in shown["themes"])
        kept = aggregates.aggregates(campaign, ["001 1"])
        assert callable(kept.overall_source)
        whole = aggregates.computed(campaign).overall
        mine = whole[whole["area_code"] == "001 1"].reset_index(drop=True)
        pdt.assert_frame_equal(kept.overall, mine)
        assert not callable(kept.overall_source)
