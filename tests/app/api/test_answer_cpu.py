"""What an answer no longer pays for (issue 10 §3, CPU per answer): the mechanisms, not times.

The answer API runs on one Core connection without the ORM session, opens no cookie session
(so no user is loaded and no cookie set), and its quick schema check does not try the options
of a score one by one. The statements per answer are counted in
``tests/app/services/test_answer_cost.py``.
"""

from __future__ import annotations

import fastjsonschema
import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.core.extensions import login_manager
from app.services.answer_schema import first_fit, submission_schema
from tests.support.factories import answer_payload, count_rows
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
