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


def test_a_crosswalk_saved_as_a_file_is_carried_into_the_database(empty_database_url, tmp_path):
    """Before 0010 a Kommune's crosswalk was a file in one machine's instance folder."""
    import json

    from sqlalchemy import text

    from analysis.readers.crosswalks import Crosswalk
    from app.models import Kommune
    from app.services.crosswalks import saved_crosswalk

    app = make_app(empty_database_url, tmp_path)
    folder = tmp_path / "crosswalks"
    folder.mkdir()
    links = Crosswalk({"11": ("1 a",), "12": ("1 a",)}, {("11", "1 a"): 300.0}).to_plain()
    (folder / "1.json").write_text(json.dumps(links), "utf-8")
    (folder / "7.json").write_text(json.dumps(links), "utf-8")  # no such Kommune: left out
    try:
        with app.app_context():
            flask_migrate.upgrade(revision="0009_room_street")
            with db.engine.begin() as connection:
                connection.execute(text("INSERT INTO kommune (id, name) VALUES (1, 'Altstadt')"))
            flask_migrate.upgrade()
            found = saved_crosswalk(db.session.get(Kommune, 1))
            assert found.links == {"11": ("1 a",), "12": ("1 a",)}
            assert found.population == {("11", "1 a"): 300.0}
            count = db.session.execute(text("SELECT COUNT(*) FROM saved_crosswalk")).scalar()
            assert count == 1
    finally:
        with app.app_context():
            db.engine.dispose()
