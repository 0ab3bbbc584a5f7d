"""Alembic migrations build exactly the models' schema on an empty database, and undo it."""

from __future__ import annotations

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.core.extensions import db
from tests.support.app import make_app


def _schema_diff(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": False}
        )
        return compare_metadata(context, db.metadata)


def _tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_of_an_empty_database_matches_the_models_and_downgrade_removes_it(
    empty_database_url, tmp_path
):
    app = make_app(empty_database_url, tmp_path)
    try:
        assert _tables(app) == set()
        with app.app_context():
            flask_migrate.upgrade()
        assert _tables(app) == set(db.metadata.tables)
        assert _schema_diff(app) == []

        with app.app_context():
            flask_migrate.downgrade(revision="base")
        assert _tables(app) == set()

        # And up again: a downgrade leaves nothing behind that blocks the next upgrade.
        with app.app_context():
            flask_migrate.upgrade()
        assert _schema_diff(app) == []
    finally:
        with app.app_context():
            db.engine.dispose()


def test_migrated_database_takes_a_survey_answer(empty_database_url, tmp_path):
    """The migrated schema (constraints, defaults) works for the real write path."""
    from tests.support.factories import answer_payload, make_survey

    app = make_app(empty_database_url, tmp_path)
    try:
        with app.app_context():
            flask_migrate.upgrade()
            info = make_survey()
        response = app.test_client().post("/api/v1/responses", json=answer_payload(info))
        assert response.status_code == 201, response.get_json()
    finally:
        with app.app_context():
            db.engine.dispose()
