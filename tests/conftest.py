"""Fixtures: the app on SQLite and on a real PostgreSQL, a client, a CLI runner, a campaign.

Helpers live in ``tests/support/``; the run's set-up (catalogues, no skips in CI) in
``tests/support/session.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid

import pytest
from sqlalchemy import text

from app.core.extensions import db
from tests.support.app import make_app, served
from tests.support.browser import launch
from tests.support.postgres import TemporaryPostgres

pytest_plugins = ["tests.support.session"]

BACKENDS = os.environ.get("QK_TEST_BACKENDS", "sqlite,postgresql").split(",")


@pytest.fixture(scope="session")
def postgres_url():
    """URL of a PostgreSQL database for this session (QK_TEST_POSTGRES_URL, or a fresh server)."""
    if os.environ.get("QK_TEST_POSTGRES_URL"):
        yield os.environ["QK_TEST_POSTGRES_URL"]
        return
    server = TemporaryPostgres()
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    """A database URL for one test, on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(params=BACKENDS)
def empty_database_url(request, tmp_path):
    """A URL of a brand-new, empty database (no create_all) on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    server_url = make_url(request.getfixturevalue("postgres_url"))
    name = f"qk_empty_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def live_url(app):
    """Base URL of the test app served by waitress in a background thread."""
    with served(app) as url:
        yield url


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def survey(app):
    """An open campaign for three Quartiere of 'Teststadt' with the Place Standard instrument."""
    from tests.support.factories import make_survey

    with app.app_context():
        return make_survey()


@pytest.fixture
def today():
    return dt.date.today()


@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the whole module (starting it is the slow part)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
