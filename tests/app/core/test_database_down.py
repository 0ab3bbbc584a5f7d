"""A database that cannot be reached answers 503 with Retry-After, never 500 (issue 10 §1).

The offline queue keeps an answer and sends it again after a 503; after a 500 it would count
a failure. Both backends, with a real database that is not there: SQLite in a folder that does
not exist, PostgreSQL on a port nobody listens on; and a real database that goes away while
the app runs (PostgreSQL stopped, SQLite's folder moved away) and comes back.
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


class Outage:
    """A real database that goes away and comes back: PostgreSQL stopped and started again,
    or SQLite's folder unmounted (moved away) and back."""

    def __init__(self, backend: str, tmp_path):
        self.backend, self.folder = backend, tmp_path / "data"
        self.server = TemporaryPostgres() if backend == "postgresql" else None

    def start(self) -> str:
        if self.server is not None:
            return self.server.start()
        self.folder.mkdir()
        return f"sqlite:///{self.folder / 'answers.sqlite3'}"

    def halt(self, app) -> None:
        if self.server is not None:
            self.server.halt()
            return
        self.folder.rename(self.folder.with_name("unmounted"))
        with app.app_context():
            db.engine.dispose()  # open files would outlive the unmount

    def resume(self) -> None:
        if self.server is not None:
            self.server.resume()
        else:
            self.folder.with_name("unmounted").rename(self.folder)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


@pytest.mark.parametrize("backend", BACKENDS)
def test_answers_wait_while_the_database_is_away_and_arrive_after_it_is_back(backend, tmp_path):
    outage = Outage(backend, tmp_path)
    url = outage.start()
    try:
        app = make_app(url, tmp_path)
        with app.app_context():
            db.create_all()
            survey = make_survey()
        client = app.test_client()
        assert client.post(URL, json=answer_payload(survey)).status_code == 201
        waiting = answer_payload(survey)
        outage.halt(app)
        assert_unavailable(client.post(URL, json=waiting), json=True)
        assert_unavailable(client.post(URL, json=waiting), json=True)
        outage.resume()
        # The pool's old connections died with the server; at most one more 503, then stored.
        replies = [client.post(URL, json=waiting).status_code for _ in range(2)]
        assert replies in ([201, 200], [503, 201])
        with app.app_context():
            db.engine.dispose()
    finally:
        outage.stop()
