"""``run_on_driver``: a statement on the driver's own cursor, still heard and still SQLAlchemy's
errors (the answer path's statements run this way, app/services/answer_store.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import exc, insert, text

from app.core.database import DriverText, run_on_driver, write_connection
from app.core.extensions import db
from app.models import Comment, IndexVersion
from tests.support.app import make_app
from tests.support.sql import statements


def placeholder(app) -> str:
    return "?" if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else "%s"


def test_a_statement_on_the_driver_runs_in_the_transaction_and_is_heard(app):
    sql = f"SELECT count(*) FROM kommune WHERE name = {placeholder(app)}"
    with statements(app) as seen, app.app_context(), write_connection() as connection:
        assert run_on_driver(connection, sql, ("Musterstadt",)).fetchone() == (0,)
    assert seen[-1] == sql  # after SQLite's BEGIN IMMEDIATE, sent through the engine


def test_many_rows_go_to_the_drivers_executemany(app):
    mark = placeholder(app)
    with app.app_context():
        with write_connection() as connection:
            sql = f"INSERT INTO kommune (name) VALUES ({mark})"
            run_on_driver(connection, sql, [("A-Dorf",), ("B-Dorf",)], many=True)
        with write_connection() as connection:
            sql = f"SELECT name FROM kommune WHERE name LIKE {mark} ORDER BY name"
            found = run_on_driver(connection, sql, ("%-Dorf",)).fetchall()
            assert [row[0] for row in found] == ["A-Dorf", "B-Dorf"]


def test_a_driver_error_is_raised_as_sqlalchemys_own_and_rolls_back(app):
    """The app's error handlers know SQLAlchemy's classes (OperationalError answers 503)."""
    mark = placeholder(app)
    with app.app_context():
        with pytest.raises(exc.DBAPIError) as raised, write_connection() as connection:
            run_on_driver(connection, f"INSERT INTO kommune (name) VALUES ({mark})", ("C-Dorf",))
            run_on_driver(connection, "SELECT * FROM no_such_table", ())
        backend = app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0]
        wanted = exc.OperationalError if backend == "sqlite" else exc.ProgrammingError
        assert type(raised.value) is wanted
        assert "no_such_table" in str(raised.value.orig)
        with write_connection() as connection:
            sql = f"SELECT count(*) FROM kommune WHERE name = {mark}"
            assert run_on_driver(connection, sql, ("C-Dorf",)).fetchone() == (0,)


def test_a_connection_postgresql_lost_is_thrown_away_and_the_next_one_works(postgres_url, tmp_path):
    """As with ``connection.execute``: the connection is invalidated (not rolled back and
    reused), and the error says so."""
    app = make_app(postgres_url, tmp_path)
    with app.app_context():
        with pytest.raises(exc.OperationalError) as raised, write_connection() as connection:
            pid = run_on_driver(connection, "SELECT pg_backend_pid()", {}).fetchone()[0]
            with db.engine.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            try:
                run_on_driver(connection, "SELECT 1", {})
            finally:
                invalidated = connection.invalidated
        assert invalidated
        assert raised.value.connection_invalidated
        with write_connection() as connection:
            assert run_on_driver(connection, "SELECT 1", {}).fetchone() == (1,)
        db.engine.dispose()


def test_an_insert_fills_fixed_defaults_and_refuses_computed_ones_at_once():
    """A default computed per row (a timestamp) cannot be filled once: refused when the
    statement is built, at import, not by the first answer."""
    comments = DriverText(insert(Comment.__table__), ("response_id", "theme_id", "kind", "text"))
    assert comments.defaults == {"review": "new"}
    with pytest.raises(ValueError, match="index_version.created_at: not given and no fixed"):
        DriverText(insert(IndexVersion.__table__), ("kommune_id", "name"))
