"""The database itself refuses what must never be stored, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.extensions import db
from app.models import Area, Campaign, Comment, Kommune, Rating, Response, Theme
from tests.support.factories import make_survey


def new_response(info, **fields) -> Response:
    campaign = db.session.get(Campaign, info.campaign_id)
    values = {
        "uuid": str(uuid.uuid4()),
        "campaign_id": campaign.id,
        "area_id": campaign.areas[0].id,
        "role": "resident",
        "submitted_on": dt.date.today(),
        **fields,
    }
    return Response(**values)


def refused(*objects) -> bool:
    db.session.add_all(objects)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return True
    return False


def theme(slug: str = "moving") -> Theme:
    return db.session.scalar(select(Theme).where(Theme.slug == slug))


def test_rating_scores_are_kept_inside_the_scale(app, survey):
    with app.app_context():
        moving = theme()
        for score, bad in ((0, True), (8, True), (1, False), (7, False), (None, False)):
            response = new_response(survey)
            response.ratings.append(
                Rating(theme_id=moving.id, score=score, scale_min=1, scale_max=7)
            )
            assert refused(response) is bad, score


def test_a_rating_cannot_claim_another_scale_than_its_theme(app, survey):
    with app.app_context():
        response = new_response(survey)
        response.ratings.append(Rating(theme_id=theme().id, score=9, scale_min=1, scale_max=10))
        assert refused(response)


def test_one_rating_per_theme_and_response(app, survey):
    with app.app_context():
        moving = theme()
        response = new_response(survey)
        for score in (2, 3):
            response.ratings.append(
                Rating(theme_id=moving.id, score=score, scale_min=1, scale_max=7)
            )
        assert refused(response)


def test_comment_length_and_kind(app, survey):
    with app.app_context():
        nature = theme("nature")
        for kind, text, bad in (
            ("good", "x" * 2000, False),
            ("good", "x" * 2001, True),
            ("good", "", True),
            ("bad", "Hm.", True),
        ):
            response = new_response(survey)
            response.comments.append(Comment(theme_id=nature.id, kind=kind, text=text))
            assert refused(response) is bad, (kind, len(text))


def test_uuid_is_unique(app, survey):
    with app.app_context():
        first = new_response(survey)
        assert not refused(first)
        assert refused(new_response(survey, uuid=first.uuid))


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"role": "group", "group_code": "T1", "group_size": 5}, False),
        ({"role": "group", "group_code": None, "group_size": 5}, True),
        ({"role": "group", "group_code": "T1", "group_size": 1}, True),
        ({"role": "resident", "group_code": "T1", "group_size": 5}, True),
        ({"role": "visitor"}, True),
        ({"age_band": "31_40"}, True),
        ({"gender": "female", "age_band": "80_plus", "years_in_area": "10_plus"}, False),
    ],
)
def test_response_roles_groups_and_demographics(app, survey, fields, bad):
    with app.app_context():
        assert refused(new_response(survey, **fields)) is bad


def test_area_codes_are_text_and_unique_within_their_kommune(app, survey):
    with app.app_context():
        town = db.session.scalar(select(Kommune).where(Kommune.name == "Teststadt"))
        codes = {area.code for area in town.areas}
        assert {"1 a", "01100101", "15 b", "99"} == codes  # leading zero and space survive
        assert refused(Area(kommune=town, code="1 a", name="Doppelt"))
        other = make_survey(kommune="Anderstadt")  # the same codes in another Kommune are fine
        assert other.area_codes == ("1 a", "01100101", "15 b")


def test_campaign_dates_and_k(app, survey):
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.opens_on, campaign.closes_on = dt.date(2026, 5, 2), dt.date(2026, 5, 1)
        assert refused(campaign)
        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.min_group_size = 0
        assert refused(campaign)
        campaign = db.session.get(Campaign, survey.campaign_id)
        assert campaign.status_on(dt.date.today()) == "open"
        campaign.closes_on = dt.date(2020, 1, 1)
        assert campaign.status_on(dt.date(2020, 1, 1)) == "open"  # the closing day still counts
        assert campaign.status_on(dt.date(2020, 1, 2)) == "closed"


def test_public_tokens_are_distinct_and_unguessable(app, survey):
    tokens = {survey.resident, survey.expert, survey.group}
    assert len(tokens) == 3
    assert all(len(token) >= 16 for token in tokens)
