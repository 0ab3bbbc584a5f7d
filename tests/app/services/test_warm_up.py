"""A fresh server process computes the results planners open first before they ask: the first
download then reads and computes no piece again and is the same file (issue 10 §3)."""

from __future__ import annotations

import datetime as dt
import io
import logging
import threading
import zipfile

import pytest
from sqlalchemy import update

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign, Response
from app.services import exports, result_cache, warm_up
from tests.support.bulk_answers import add_random_answers
from tests.support.factories import make_survey
from tests.support.sql import statements
from tests.support.workspace import add_outlines, answer, login, make_user

SECRET = "Der Park ist schön."


def _planner(app, survey):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
        add_outlines()
        add_random_answers(survey.campaign_id, 120, seed=3)
    client = app.test_client()
    assert login(client, "plan@example.org").status_code == 302
    return client


def _xlsx(client, campaign_id: int) -> bytes:
    reply = client.get(f"/planner/surveys/{campaign_id}/download/results.xlsx")
    assert reply.status_code == 200
    return reply.data


def _sheets(xlsx: bytes) -> dict[str, bytes]:
    """The workbook's parts (the archive's own times differ by the second they were written)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _kept(app, kind: str) -> dict:
    with app.app_context():
        return dict(app.extensions["qk_result_cache"].entries.get(kind, {}))


def _survey(app, suffix: str, last_day: dt.date | None = None, **dates) -> int:
    """Another survey (of another Kommune) with answers, the last of them on ``last_day``."""
    with app.app_context():
        campaign_id = make_survey(suffix=suffix, **dates).campaign_id
        add_random_answers(campaign_id, 20, seed=campaign_id * 101)
        if last_day is not None:
            with write_transaction():
                db.session.execute(update(Response).where(Response.campaign_id == campaign_id)
                                   .values(submitted_on=last_day))  # fmt: skip
    return campaign_id


def test_after_warming_the_first_download_computes_nothing_and_is_the_same_file(app, survey):
    client = _planner(app, survey)
    assert warm_up.warm_up(app) == [survey.campaign_id]
    assert {code for _ids, code in _kept(app, "area_pieces")} == set(survey.area_codes)
    with statements(app) as seen:
        warmed = _xlsx(client, survey.campaign_id)
    assert not [s for s in seen if "FROM rating" in s], seen
    assert len(_kept(app, "exports")) == 1  # the download found the warmed results
    with app.app_context():
        result_cache.clear()
    assert _sheets(_xlsx(client, survey.campaign_id)) == _sheets(warmed)


def test_warming_also_keeps_the_results_page(app, survey):
    client = _planner(app, survey)
    warm_up.warm_up(app)
    with statements(app) as seen:
        page = client.get(f"/planner/surveys/{survey.campaign_id}/results")
    assert page.status_code == 200
    assert not [s for s in seen if "FROM rating" in s], seen


def test_open_and_recently_answered_surveys_are_warmed_the_latest_first(app, survey, today):
    with app.app_context():
        add_random_answers(survey.campaign_id, 20, seed=1)  # open, answered in May
    old = today - dt.timedelta(days=warm_up.RECENT_DAYS + 1)
    closed = today - dt.timedelta(days=40)
    recent = _survey(app, "-recent", today - dt.timedelta(days=3), closes=closed)
    _survey(app, "-old", old, opens=today - dt.timedelta(days=60), closes=closed)  # long ago
    with app.app_context():
        make_survey(suffix="-empty")  # open, no answers
        assert warm_up.surveys_to_warm(today) == [recent, survey.campaign_id]
        assert warm_up.surveys_to_warm(today, limit=1) == [recent]
    assert warm_up.warm_up(app) == [recent, survey.campaign_id]


def test_only_as_many_surveys_as_the_cache_keeps_whole(app, survey, today):
    ids = [_survey(app, f"-{n}") for n in range(result_cache.SIZES["exports"] + 1)]
    with app.app_context():
        assert warm_up.surveys_to_warm(today) == ids[::-1][: result_cache.SIZES["exports"]]


def test_a_failing_survey_is_logged_without_its_data_and_the_others_are_warmed(
    app, survey, caplog, monkeypatch
):
    with app.app_context():
        add_random_answers(survey.campaign_id, 20, seed=1)
    other = _survey(app, "-other")
    keep = exports.keep_results

    def broken(campaign: Campaign) -> None:
        if campaign.id == other:
            raise ValueError(SECRET)
        keep(campaign)

    monkeypatch.setattr(exports, "keep_results", broken)
    with caplog.at_level(logging.ERROR):
        assert warm_up.warm_up(app) == [survey.campaign_id]
    assert f"survey {other} failed (ValueError)" in caplog.text
    assert SECRET not in caplog.text
    assert len(_kept(app, "exports")) == 1


def test_a_broken_database_is_logged_and_not_raised(app, caplog, monkeypatch):
    def broken(day, limit=None):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(warm_up, "surveys_to_warm", broken)
    with caplog.at_level(logging.ERROR):
        assert warm_up.warm_up(app) == []
    assert "the surveys to warm failed (RuntimeError)" in caplog.text
    assert SECRET not in caplog.text


def test_the_switch_and_the_thread(app, survey):
    assert warm_up.start_warm_up(app) is None  # tests keep it off
    with app.app_context():
        add_random_answers(survey.campaign_id, 20, seed=1)
    app.config["QK_WARM_RESULTS"] = False
    app.testing = False
    assert warm_up.start_warm_up(app) is None
    app.config["QK_WARM_RESULTS"] = None  # the default: on outside tests
    thread = warm_up.start_warm_up(app)
    assert thread is not None and thread.daemon
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert len(_kept(app, "exports")) == 1
    with app.app_context():
        assert db.engine.pool.checkedout() == 0  # the thread's session gave its connection back


def test_answers_are_stored_while_warming(app, survey, monkeypatch):
    """Warming holds no write lock: an answer is stored while a survey is being warmed."""
    with app.app_context():
        add_random_answers(survey.campaign_id, 20, seed=1)
    inside, stored, waited = threading.Event(), threading.Event(), []
    keep = exports.keep_results

    def slow(campaign: Campaign) -> None:
        keep(campaign)
        inside.set()  # the warming thread is between two reads of the survey
        waited.append(stored.wait(timeout=10))  # False: the answer waited for this thread

    monkeypatch.setattr(exports, "keep_results", slow)
    app.config["QK_WARM_RESULTS"] = True
    thread = warm_up.start_warm_up(app)
    assert inside.wait(timeout=60)
    try:
        answer(app.test_client(), survey, 1)  # asserts that it was stored (201)
    finally:
        stored.set()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert waited == [True]


@pytest.fixture(autouse=True)
def _no_leftover_thread():
    yield
    leftover = [t for t in threading.enumerate() if t.name == "qk-warm-results"]
    for thread in leftover:
        thread.join(timeout=60)
