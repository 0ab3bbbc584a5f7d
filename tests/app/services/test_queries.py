"""Query functions: the analysis contract's columns and dtypes, straight from the database."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pandas.testing as pdt
from sqlalchemy import select, text

from app.core.database import write_transaction
from app.core.extensions import db
from app.core.links import campaign_for_token
from app.models import Area, Campaign, Comment, Indicator, IndicatorValue, Kommune
from app.services.campaign_data import campaign_data
from app.services.queries import (
    areas_frame,
    comments_frame,
    indicators_frame,
    ratings_frame,
    themes_frame,
    unreviewed_comments_frame,
)
from app.services.submissions import submit
from tests.support.bulk_answers import add_random_answers
from tests.support.factories import answer_payload, make_survey
from tests.support.workspace import show_comments


def _answer(info, count: int, **overrides) -> None:
    campaign, role = campaign_for_token(overrides.pop("token", info.resident))
    for _ in range(count):
        submit(campaign, role, answer_payload(info, **overrides))


def test_ratings_and_comments_have_the_contract_shape(app, survey):
    with app.app_context():
        _answer(survey, 2)
        _answer(survey, 1, token=survey.expert, area="15 b", comments={})
        show_comments(app)
        ratings = ratings_frame([survey.campaign_id])
        comments = comments_frame([survey.campaign_id])

    assert list(ratings.columns) == ["response_id", "round", "area_code", "role", "theme", "score"]
    assert ratings.dtypes.astype(str).tolist() == ["int64", "str", "str", "str", "str", "float64"]
    assert len(ratings) == 3 * len(survey.themes)
    first = ratings[ratings["response_id"] == ratings["response_id"].min()]
    assert first["theme"].tolist() == list(survey.themes)  # instrument order
    assert first["score"].isna().tolist() == [t == "safety" for t in survey.themes]  # can't say
    assert first.set_index("theme").loc["moving", "score"] == 1.0
    assert set(ratings["round"]) == {"2026"}
    by_role = ratings.groupby("role")["area_code"].agg(set).to_dict()
    assert by_role == {"resident": {"1 a"}, "expert": {"15 b"}}

    assert list(comments.columns) == [
        "response_id", "round", "area_code", "role", "theme", "kind", "text",
    ]  # fmt: skip
    assert comments.dtypes.astype(str).tolist() == ["int64", *["str"] * 6]
    assert sorted(comments["kind"]) == ["good", "good", "improve", "improve"]
    assert set(comments["text"]) == {"Der Park ist schön.", "Mehr Bänke."}


def test_comments_frame_gives_only_reviewed_comments_and_redacted_text(app, survey):
    with app.app_context():
        _answer(survey, 3)
        ids = db.session.scalars(select(Comment.id).order_by(Comment.id)).all()
        with write_transaction():
            for comment_id, review in zip(ids, ("shown", "hidden", "redacted"), strict=False):
                comment = db.session.get(Comment, comment_id)
                comment.review = review
                comment.redacted_text = "[geschwärzt]" if review == "redacted" else None
        comments = comments_frame([survey.campaign_id])
        pending = unreviewed_comments_frame([survey.campaign_id])
    assert comments["text"].tolist() == ["Der Park ist schön.", "[geschwärzt]"]
    assert len(pending) == len(ids) - 3 and "text" not in pending.columns


def test_empty_frames_keep_their_dtypes(app, survey):
    with app.app_context():
        ratings = ratings_frame([survey.campaign_id])
        comments = comments_frame([])
    assert ratings.empty and comments.empty
    assert ratings.dtypes.astype(str).tolist() == ["int64", "str", "str", "str", "str", "float64"]
    assert comments["response_id"].dtype == "int64"


def test_areas_indicators_and_themes_frames(app, survey):
    with app.app_context():
        kommune = db.session.get(Campaign, survey.campaign_id).kommune
        with write_transaction():
            area = db.session.scalar(db.select(Area).filter_by(kommune_id=kommune.id, code="1 a"))
            area.geometry = (
                '{"type": "Polygon", "coordinates": [[[7,51],[7.1,51],[7,51.1],[7,51]]]}'
            )
            area.area_km2 = 38.9
            sgb2 = Indicator(kommune=kommune, key="sgb2_quote", name={"de": "SGB II-Quote"})
            db.session.add(sgb2)
            sgb2.values.append(IndicatorValue(area=area, year=2024, value=12.5))
        areas = areas_frame(kommune)
        some = areas_frame(kommune, codes=["15 b", "1 a"])
        indicators = indicators_frame(kommune)
        none = indicators_frame(kommune, keys=["nef_u15"])
        themes = themes_frame(db.session.get(Campaign, survey.campaign_id).instrument, "en")
        themes_de = themes_frame(db.session.get(Campaign, survey.campaign_id).instrument, "de")

    assert isinstance(areas, gpd.GeoDataFrame) and areas.crs == "EPSG:4326"
    assert list(areas.columns) == ["code", "name", "population", "area_km2", "geometry"]
    assert areas.dtypes.astype(str).tolist()[:4] == ["str", "str", "Int64", "float64"]
    assert areas["code"].tolist() == ["01100101", "1 a", "15 b", "99"]
    a = areas.set_index("code")
    assert a.loc["1 a", "geometry"].geom_type == "Polygon" and a.loc["15 b", "geometry"] is None
    assert a.loc["1 a", "population"] == 4200 and pd.isna(a.loc["15 b", "area_km2"])
    assert some["code"].tolist() == ["1 a", "15 b"]

    expected = pd.DataFrame(
        {"area_code": ["1 a"], "indicator": ["sgb2_quote"], "year": [2024], "value": [12.5]}
    ).astype({"area_code": "str", "indicator": "str", "year": "Int64"})
    pdt.assert_frame_equal(indicators, expected)
    assert none.empty and none.dtypes.astype(str).tolist() == ["str", "str", "Int64", "float64"]

    assert list(themes.columns) == ["slug", "position", "title", "scale_min", "scale_max"]
    assert (themes["scale_min"] == 1).all() and (themes["scale_max"] == 7).all()
    assert themes["slug"].tolist() == list(survey.themes)
    assert themes["position"].is_monotonic_increasing and themes["position"].dtype == "int64"
    assert themes.loc[0, "title"] == "Moving around"
    assert themes_de.loc[0, "title"] == "Fuß- und Radwege"


def test_campaign_data_brings_earlier_rounds_and_only_the_campaigns_areas(app, survey):
    with app.app_context():
        current = db.session.get(Campaign, survey.campaign_id)
        with write_transaction():
            earlier = Campaign(
                kommune=current.kommune,
                instrument=current.instrument,
                title="Quartierscheck 2024",
                round_label="2024",
                min_group_size=3,
            )
            earlier.areas = list(current.areas)
            other_town = Kommune(name="Anderswo")
            db.session.add_all([earlier, other_town])
        _answer(survey, 1)
        old = campaign_for_token(earlier.resident_token)[0]
        submit(old, "resident", answer_payload(survey, token=earlier.resident_token))
        show_comments(app)
        data = campaign_data(current, lang="de")
        data_old = campaign_data(old, include_comments=False)

    assert data.title == "Quartierscheck Teststadt" and data.kommune == "Teststadt"
    assert data.k == 5 and data_old.k == 3
    assert data.round == "2026" and data.previous_round == "2024"
    assert sorted(data.ratings["round"].unique()) == ["2024", "2026"]
    assert data.areas["code"].tolist() == ["01100101", "1 a", "15 b"]  # not "99"
    assert set(data.comments["round"]) == {"2024", "2026"}
    assert data_old.round == "2024" and data_old.previous_round is None
    assert set(data_old.ratings["round"]) == {"2024"}  # later rounds stay out
    assert data_old.comments.empty and data_old.include_comments is False
    assert data.themes.loc[0, "title"] == "Fuß- und Radwege"


def test_large_reads_in_chunks_give_the_same_frame(app, survey, monkeypatch):
    with app.app_context():
        _answer(survey, 3)
        _answer(survey, 1, token=survey.expert, area="15 b")
        show_comments(app)
        whole = ratings_frame([survey.campaign_id])
        monkeypatch.setattr("app.services.queries.CHUNK_ROWS", 5)
        chunked = ratings_frame([survey.campaign_id])
        comments = comments_frame([survey.campaign_id])
    assert len(whole) == 4 * len(survey.themes)
    pdt.assert_frame_equal(chunked, whole)
    assert len(comments) == 8 and comments.dtypes.astype(str).tolist() == ["int64", *["str"] * 6]


def test_ratings_are_the_joined_rows_of_every_round_and_quartier_asked_for(app, survey):
    """Read as numbers and labelled afterwards: the same frame as the rows joined in SQL."""
    with app.app_context():
        other = make_survey(suffix="-2").campaign_id
        with write_transaction():
            db.session.get(Campaign, other).round_label = "Frühjahr 2027"
        add_random_answers(survey.campaign_id, 30, seed=1, set_aside=4)
        add_random_answers(other, 30, seed=2)
        ids, codes = [survey.campaign_id, other], ["1 a", "15 b"]
        found = ratings_frame(ids, codes)
        joined = pd.read_sql(text(
            "SELECT response.id, campaign.round_label, area.code, response.role, theme.slug, "
            "rating.score FROM rating JOIN response ON rating.response_id = response.id "
            "JOIN campaign ON response.campaign_id = campaign.id "
            "JOIN area ON response.area_id = area.id JOIN theme ON rating.theme_id = theme.id "
            "WHERE response.set_aside_id IS NULL AND area.code IN ('1 a', '15 b') "
            "AND response.campaign_id IN (:a, :b) ORDER BY rating.id"
        ), db.session.connection(), params={"a": ids[0], "b": ids[1]})  # fmt: skip
    joined.columns = list(found.columns)
    expected = joined.astype(found.dtypes.astype(str).to_dict())
    assert set(found["round"]) == {"2026", "Frühjahr 2027"}
    assert set(found["area_code"]) == set(codes)
    pdt.assert_frame_equal(found, expected)
