"""A database that cannot be reached answers 503 with Retry-After, never 500 (issue 10 §1).

The offline queue keeps an answer and sends it again after a 503; after a 500 it would count
a failure. Both backends, with a real database that is not there: SQLite in a folder that does
not exist, PostgreSQL on a port nobody listens on, and a real PostgreSQL server stopped and
started again while the app runs.
"""

from __future__ import annotations

import uuid

import pytest

from app.core.extensions import db
from tests.conftest import BACKENDS
from tests.support.app import make_app
from tests.support.factories import answer_payload, make_survey
from tests.support.postgres import TemporaryPostgres, _free_port

URL = "/api/v1/responses"
MESSAGE_DE = "Die Umfrage kann gerade keine Antworten speichern."


def unreachable_url(backend: str, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'no-such-folder' / 'gone.sqlite3'}"
    return f"postgresql+psycopg://qk@127.0.0.1:{_free_port()}/quartierskompass"


def assert_unavailable(reply, json: bool) -> None:
    assert reply.status_code == 503
    assert reply.headers["Retry-After"] == "30"
    if json:
        assert reply.get_json()["message"].startswith(MESSAGE_DE)
    else:
        assert MESSAGE_DE in reply.get_data(as_text=True)
    assert "Traceback" not in reply.get_data(as_text=True)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_unreachable_database_answers_503_with_retry_after(backend, tmp_path):
    app = make_app(unreachable_url(backend, tmp_path), tmp_path)
    client = app.test_client()
    body = {"token": "AbCdEfGhIjKlMnOp", "area": "1 a", "uuid": str(uuid.uuid4())}
    body["ratings"] = {"moving": 4}
    assert_unavailable(client.post(URL, json=body), json=True)
    assert_unavailable(client.get("/s/AbCdEfGhIjKlMnOp"), json=False)
    form = {"uuid": body["uuid"], "score-moving": "4", "csrf_token": "x"}
    assert_unavailable(client.post("/s/AbCdEfGhIjKlMnOp/1%20a", data=form), json=False)
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("backend", [b for b in BACKENDS if b == "postgresql"])
def test_answers_wait_while_postgresql_is_stopped_and_arrive_after_it_is_back(backend, tmp_path):
    server = TemporaryPostgres()
    url = server.start()
    try:
        app = make_app(url, tmp_path)
        with app.app_context():
            db.create_all()
            survey = make_survey()
        client = app.test_client()
        assert client.post(URL, json=answer_payload(survey)).status_code == 201
        waiting = answer_payload(survey)
        server.halt()
        assert_unavailable(client.post(URL, json=waiting), json=True)
        assert_unavailable(client.post(URL, json=waiting), json=True)
        server.resume()
        # The pool's old connections died with the server; at most one more 503, then stored.
        replies = [client.post(URL, json=waiting).status_code for _ in range(2)]
        assert replies in ([201, 200], [503, 201])
        with app.app_context():
            db.engine.dispose()
    finally:
        server.stop()
