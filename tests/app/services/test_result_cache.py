"""Results kept while nothing changed: the next download is only written, and any change the
files show (an answer, k, the validation settings) gives fresh numbers."""

from __future__ import annotations

import io

import pandas as pd
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign, Kommune
from app.services import result_cache, validation_settings
from app.services.exports import download
from tests.support.sql import statements
from tests.support.workspace import answer, demo_with_index, login


def _csv(app, campaign_id: int) -> str:
    with app.test_request_context():
        campaign = db.session.get(Campaign, campaign_id)
        return download(campaign, "aggregated_ratings.csv").data.decode("utf-8")


def _respondents(csv: str) -> set[int]:
    """The residents' shown respondent counts of the aggregated ratings CSV."""
    table = pd.read_csv(io.StringIO(csv))
    shown = table[(table["role"] == "resident") & table["n_respondents"].notna()]
    return set(shown["n_respondents"].astype(int))


def test_the_next_download_reads_no_rating_and_is_the_same_file(app, survey):
    answer(app.test_client(), survey, 6)
    first = _csv(app, survey.campaign_id)
    with statements(app) as seen:
        again = _csv(app, survey.campaign_id)
    assert not [s for s in seen if "FROM rating" in s], seen
    with app.app_context():
        result_cache.clear()
    assert again == first == _csv(app, survey.campaign_id)


def test_an_answer_or_a_new_k_gives_fresh_numbers(app, survey):
    api = app.test_client()
    answer(api, survey, 5)
    before = _csv(app, survey.campaign_id)
    answer(api, survey, 1)
    after = _csv(app, survey.campaign_id)
    assert _respondents(before) == {5} and _respondents(after) == {6}
    with app.app_context(), write_transaction():
        campaign = db.session.scalar(select(Campaign).where(Campaign.id == survey.campaign_id))
        campaign.min_group_size = 7  # six answers: now every group is hidden
    assert _respondents(_csv(app, survey.campaign_id)) == set()  # all suppressed now


def test_two_apps_never_share_an_entry(app, survey):
    with app.app_context():
        result_cache.cached("demo", (1,), lambda: "this app")
        assert result_cache.cached("demo", (1,), lambda: "other") == "this app"
    from tests.support.app import make_app

    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path)
    with other.app_context():
        assert result_cache.cached("demo", (1,), lambda: "other") == "other"


def test_new_validation_settings_give_a_fresh_results_page_and_download(app, client):
    # Both are computed (and kept) first; a planner then saves another margin and fewer
    # hypotheses: the next page and the next file show the new thresholds and tests, without
    # anything else having changed (no answer, no k).
    with app.app_context():
        campaign_id = demo_with_index()
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Musterstadt"))
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    page = f"/planner/surveys/{campaign_id}/results"
    tests = f"/planner/surveys/{campaign_id}/download/validation_tests.csv"
    assert "Schwellen 3,50 und 4,50" in client.get(page).get_data(as_text=True)
    assert len(pd.read_csv(io.BytesIO(client.get(tests).data), encoding="utf-8-sig")) > 1
    with app.app_context():
        kommune = db.session.get(Kommune, kommune_id)
        validation_settings.save(kommune, "0,25", ["play|nef_u15"])
    assert "Schwellen 3,75 und 4,25" in client.get(page).get_data(as_text=True)
    table = pd.read_csv(io.BytesIO(client.get(tests).data), encoding="utf-8-sig")
    assert table[["theme", "indicator"]].values.tolist() == [["play", "nef_u15"]]
    with app.app_context():
        validation_settings.reset(db.session.get(Kommune, kommune_id))
    assert "Schwellen 3,50 und 4,50" in client.get(page).get_data(as_text=True)
