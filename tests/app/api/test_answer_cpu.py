"""What an answer no longer pays for (issue 10 §3, CPU per answer): the mechanisms, not times.

The answer API runs on one Core connection without the ORM session, opens no cookie session
(so no user is loaded and no cookie set), its quick schema check does not try the options of a
score one by one, and a shallow body is parsed without the bracket scan. The statements per
answer are counted in ``tests/app/services/test_answer_cost.py``.
"""

from __future__ import annotations

import json

import fastjsonschema
import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.core import safejson
from app.core.extensions import db, login_manager
from app.models import Rating, Theme
from app.services.answer_schema import first_fit, submission_schema
from tests.support.factories import answer_payload, count_rows
from tests.support.sql import statements
from tests.support.workspace import login, make_user

URL = "/api/v1/responses"


def test_an_answer_is_stored_without_the_orm_session(app, client, survey):
    begun: list[Session] = []

    def record(session, _transaction, _connection) -> None:
        begun.append(session)

    event.listen(Session, "after_begin", record)
    try:
        assert client.post(URL, json=answer_payload(survey)).status_code == 201
    finally:
        event.remove(Session, "after_begin", record)
    assert begun == []
    with app.app_context():
        assert count_rows() == (1, 14, 2)


def test_the_api_neither_reads_nor_sets_the_cookie_session(app, client, survey, monkeypatch):
    with app.app_context():
        make_user("planung@teststadt.example", "planner", ["Teststadt"])
    assert login(client, "planung@teststadt.example").status_code == 302
    loaded: list[str] = []
    loader = login_manager._user_callback
    monkeypatch.setattr(login_manager, "_user_callback", lambda ident: loaded.append(ident))

    reply = client.post(URL, json=answer_payload(survey))

    assert reply.status_code == 201
    assert "Set-Cookie" not in reply.headers
    assert "Cookie" not in reply.headers.get("Vary", "")
    assert loaded == []
    # The same client's staff page still has its session (and loads its user).
    monkeypatch.setattr(login_manager, "_user_callback", loader)
    page = client.get("/planner/")
    assert page.status_code == 200 and "Cookie" in page.headers["Vary"]


SCORES = [None, "na", 1, 7, -1000, 1000, 1001, -1001, 5.5, "5", "NA", True, [], {}]


@pytest.mark.parametrize("score", SCORES, ids=repr)
def test_the_quick_check_says_what_the_schema_says_without_trying_options(score):
    schema = submission_schema()
    quick = first_fit(schema)
    assert "oneOf" in repr(schema) and "oneOf" not in repr(quick)
    body = {"token": "t", "area": "1 a", "uuid": "0" * 8 + "-0000-4000-8000-" + "0" * 12}
    body["ratings"] = {"moving": score}
    fits = Draft202012Validator(schema).is_valid(body)
    try:
        fastjsonschema.compile(quick, use_default=False, formats={"uuid": lambda v: True})(body)
    except fastjsonschema.JsonSchemaValueException:
        assert not fits
    else:
        assert fits


@pytest.mark.parametrize("scores", [[1, None, 7, "na", 4], ["na", None, "na", None, "na"]])
def test_scores_and_cant_say_are_stored_as_sent_in_one_statement(app, client, survey, scores):
    """PostgreSQL stores the ratings and comments from arrays (``unnest``) in the statement
    of the response, SQLite with one executemany each: alike."""
    themes = survey.themes[: len(scores)]
    body = answer_payload(survey, ratings=dict(zip(themes, scores, strict=True)))
    body["comments"] = {themes[0]: {"good": "Ruhig."}}
    with statements(app) as seen:
        assert client.post(URL, json=body).status_code == 201
    assert sum("INSERT INTO rating" in s for s in seen) == 1
    assert sum("INSERT INTO comment" in s for s in seen) == 1
    with app.app_context():
        stored = dict(db.session.execute(select(Theme.slug, Rating.score).join(Rating.theme)).all())
    assert stored == {t: None if s == "na" else s for t, s in zip(themes, scores, strict=True)}


def test_an_answer_is_parsed_without_the_depth_scan_and_deep_bodies_still_are_scanned(
    survey, monkeypatch
):
    scanned: list[int] = []
    real_depth = safejson.depth
    monkeypatch.setattr(safejson, "depth", lambda raw: scanned.append(len(raw)) or real_depth(raw))
    answer = json.dumps(answer_payload(survey)).encode()
    assert safejson.loads(answer)["uuid"] and scanned == []
    with pytest.raises(safejson.TooDeep):
        safejson.loads(b"[" * (safejson.MAX_DEPTH + 1) + b"]" * (safejson.MAX_DEPTH + 1))
    assert scanned == [2 * (safejson.MAX_DEPTH + 1)]


def test_an_answer_takes_its_pooled_connection_without_a_ping(app, client, survey, monkeypatch):
    with app.app_context():
        dialect = db.engine.dialect
    pings: list[object] = []
    ping = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda connection: pings.append(1) or ping(connection))
    for _ in range(3):
        assert client.post(URL, json=answer_payload(survey)).status_code == 201
    assert pings == []
