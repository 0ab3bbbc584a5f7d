"""JSON nested 100,000 levels deep is a clear 400 naming the problem, never a RecursionError 500.

The attack (issue 8 §5): an answer file (planner upload) or an API body of nested brackets.
"""

from __future__ import annotations

import doctest
import io
import json
import time

import pytest

from app.core import clients, ratelimit, safejson, serverlog
from tests.support.factories import answer_payload, count_rows
from tests.support.workspace import csrf_of, login, make_user

DEEP = 100_000
BOMBS = {
    "arrays": b"[" * DEEP + b"]" * DEEP,
    # Kept under werkzeug's 500 KB in-memory limit for test uploads (it leaks a temp file above).
    "objects": b'{"":' * DEEP + b"1" + b"}" * DEEP,
    "unclosed": b"[" * DEEP,
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_the_api_refuses_deep_nesting_with_a_sentence(app, client, survey, name):
    reply = client.post(
        "/api/v1/responses?lang=en",
        data=BOMBS[name],
        content_type="application/json",
    )
    assert reply.status_code == 400
    body = reply.get_json()
    assert "nested more than 32 levels deep" in body["message"]
    assert body["errors"][0]["field"] == "body"
    with app.app_context():
        assert count_rows() == (0, 0, 0)


def test_deep_nesting_inside_a_real_answer_is_refused_too(app, client, survey):
    payload = json.dumps(answer_payload(survey)).encode()
    bomb = payload[:-1] + b', "extra": ' + b"[" * 200 + b"]" * 200 + b"}"
    reply = client.post("/api/v1/responses", data=bomb, content_type="application/json")
    assert reply.status_code == 400
    assert "32 Ebenen" in reply.get_json()["message"]


def test_brackets_inside_text_are_only_text(app, client, survey):
    payload = answer_payload(survey)
    payload["comments"] = {"nature": {"good": "[" * 500 + '{"\\"' + "}" * 500}}
    reply = client.post("/api/v1/responses", json=payload)
    assert reply.status_code == 201
    with app.app_context():
        assert count_rows() == (1, 14, 1)


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_an_answer_file_nested_deep_is_a_400_naming_file_and_problem(app, client, survey, name):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    login(client, "plan@example.org")
    url = f"/planner/surveys/{survey.campaign_id}/answer-files"
    reply = client.post(
        url,
        data={"csrf_token": csrf_of(client, url), "file": (io.BytesIO(BOMBS[name]), "walk.json")},
        content_type="multipart/form-data",
    )
    assert reply.status_code == 400
    page = reply.get_data(as_text=True)
    assert "walk.json: Diese Datei ist mehr als 32 Ebenen tief verschachtelt" in page
    with app.app_context():
        assert count_rows() == (0, 0, 0)


def test_the_depth_check_is_cheap_for_the_largest_allowed_upload():
    five_megabytes = b"[" * (5 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(safejson.TooDeep):
        safejson.loads(five_megabytes)
    assert time.perf_counter() - start < 2.0


def test_escaped_quotes_without_end_cost_no_quadratic_scan():
    """'"\\"\\"\\"…' never closes a string: a scan that retried at every quote took minutes."""
    for body in (b'"\\' * (2 * 1024 * 1024), b'["\\' * (1024 * 1024) + b"\\"):
        start = time.perf_counter()
        with pytest.raises(ValueError):
            safejson.loads(body)
        assert time.perf_counter() - start < 2.0


def test_an_api_body_over_one_megabyte_is_refused_unread(app, client, survey):
    payload = answer_payload(survey)
    payload["padding"] = "x" * (1024 * 1024)
    reply = client.post("/api/v1/responses?lang=en", json=payload)
    assert reply.status_code == 413
    assert reply.get_json()["message"] == "The upload is too large."
    with app.app_context():
        assert count_rows() == (0, 0, 0)


def test_shallow_json_parses_as_before():
    assert safejson.loads('\ufeff{"a": [1, {"b": "]]]"}]}'.encode()) == {"a": [1, {"b": "]]]"}]}
    with pytest.raises(ValueError):
        safejson.loads(b"{not json")
    with pytest.raises(ValueError):
        safejson.loads(b"\xff\xfe")


@pytest.mark.parametrize("module", [safejson, clients, serverlog, ratelimit])
def test_the_examples_in_the_docstrings_hold(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
