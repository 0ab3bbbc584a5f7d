"""Fixtures of the tests in this folder."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, Kommune, User
from tests.support.abuse import app_with
from tests.support.app import make_app, served
from tests.support.factories import answer_payload, make_survey
from tests.support.hostile_text import (
    XSS_COMMENT,
    XSS_NAME,
    add_indicator,
    rename_area,
)
from tests.support.security import ALLOWED, EMAIL, MODERATOR, OTHER, PLANNER, SECRET
from tests.support.workspace import (
    add_outlines,
    answer,
    login,
    make_user,
    show_comments,
)


@pytest.fixture
def planner_account(app):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])


@pytest.fixture
def survey_in():
    """Make the standard test survey inside another app."""
    from tests.support.factories import make_survey

    def make(app):
        with app.app_context():
            return make_survey()

    return make


@pytest.fixture
def configured(app):
    """The app with one extra origin configured as a single string (as from the environment)."""
    app.config["QK_ALLOWED_ORIGINS"] = ALLOWED
    return app


@pytest.fixture
def proxied(database_url, tmp_path):
    """An app behind one named proxy, so that each thread can be a client of its own."""
    with app_with(database_url, tmp_path, QK_PROXY_FIX=1) as app:
        with app.app_context():
            make_user(EMAIL, "planner", ["Teststadt"])
        yield app


UPLOAD_PLANNER = "planung@stadt.example"


class Listener:
    """A local TCP server that records every connection made to it."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections += 1
            connection.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.server.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def planner(app, client, survey):
    """A logged-in planner of Teststadt, an admin of all Kommunen, sessions signed by SECRET.

    Returns the Kommune's id and what must never appear in an answer: the admin's e-mail
    address, both password hashes and the secret key.
    """
    app.config["SECRET_KEY"] = SECRET
    (Path(app.instance_path) / "secret_key").write_text(SECRET + "\n", encoding="utf-8")
    with app.app_context():
        make_user(UPLOAD_PLANNER, "planner", ["Teststadt"])
        make_user(OTHER, "admin", [])
        hashes = tuple(db.session.scalars(select(User.password_hash)))
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Teststadt"))
    login(client, UPLOAD_PLANNER)
    return kommune_id, (OTHER, *hashes, SECRET)


@pytest.fixture
def target_db(app, tmp_path):
    """The SQLite file a VRT would read: the app's own, or (on PostgreSQL) one with accounts.

    On PostgreSQL the stand-in is held open in WAL mode for the whole test, as the app holds
    its own SQLite file.
    """
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            yield Path(db.engine.url.database)
            return
        hashes = [(u.email, u.password_hash) for u in db.session.scalars(select(User))]
    path = tmp_path / "accounts.sqlite3"
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE user_account (email TEXT, password_hash TEXT)")
        connection.executemany("INSERT INTO user_account VALUES (?, ?)", hashes)
    yield path
    connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Teststadt with a hostile area name and comment, answers, an indicator and two staff."""
    folder = tmp_path_factory.mktemp("xss")
    app = make_app(f"sqlite:///{folder / 'xss.sqlite3'}", folder, QK_LIVE_REFRESH_SECONDS=1)
    with app.app_context():
        db.create_all()
        info = make_survey()
        closed = make_survey(closes=dt.date(2020, 1, 31), suffix=" zu")
        add_outlines()
        rename_area("1 a", XSS_NAME)
        add_indicator()
        db.session.get(Campaign, info.campaign_id).public_results = True
        db.session.commit()
        kommune_id = db.session.get(Campaign, info.campaign_id).kommune_id
        make_user(PLANNER, "planner", ["Teststadt"])
        make_user(MODERATOR, "moderator", ["Teststadt"])
    client = app.test_client()
    answer(client, info, 5)
    answer(client, info, 5, role="expert")
    thanks = answer_payload(info, comments={"nature": {"good": XSS_COMMENT, "improve": ""}})
    assert client.post("/api/v1/responses", json=thanks).status_code == 201
    show_comments(app)
    with served(app) as base:
        yield {
            "base": base,
            "info": info,
            "closed": closed,
            "kommune": kommune_id,
            "thanks": f"/s/{info.resident}/thanks/{thanks['uuid']}",
        }
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def waitress_log(caplog):
    caplog.set_level(logging.DEBUG, logger="waitress")
    return caplog
