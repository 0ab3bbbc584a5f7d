"""Fixtures: the app on SQLite and on a real PostgreSQL, a client, a CLI runner, a campaign."""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import text

from app import create_app
from app.core.extensions import db
from tests.postgres import TemporaryPostgres

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = os.environ.get("QK_TEST_BACKENDS", "sqlite,postgresql").split(",")


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """Compile the .po catalogues, as `make` does, so tests see the real translations."""
    for po_path in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog)


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


def make_app(database_url: str, instance: Path, **extra):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": True,
        **extra,
    }
    app = create_app(config)
    app.instance_path = str(instance)
    return app


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


@contextmanager
def served(app, threads: int = 8, **adjustments) -> Iterator[str]:
    """Serve ``app`` with waitress (as `make run` does) on a free port; yields the base URL.

    ``adjustments`` are waitress options, e.g. ``trusted_proxy`` for a test behind a proxy.
    """
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=threads, **adjustments)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop_server(server, thread)


def stop_server(server, thread: threading.Thread) -> None:
    """Stop a waitress server started in ``thread`` without racing its own threads.

    Workers finish first: a worker still completing a request wakes the loop through the
    trigger, and a trigger closed under it makes waitress log an error naming the client's
    address (or write into whatever file reused the descriptor). The trigger that carries the
    closing step to the loop is only taken out of the loop there, and closed here once the loop
    has ended, because handing the step over may still be writing to it.
    """
    from waitress import wasyncore

    server.task_dispatcher.shutdown()

    def close_all() -> None:  # runs in the server's own loop thread
        server.trigger.del_channel()
        for channel in list(server._map.values()):
            wasyncore.dispatcher.close(channel)  # the server's own close() would shut the trigger

    server.trigger.pull_trigger(close_all)
    thread.join(timeout=10)
    server.trigger.close()


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
    from tests.factories import make_survey

    with app.app_context():
        return make_survey()


@pytest.fixture
def today():
    return dt.date.today()
