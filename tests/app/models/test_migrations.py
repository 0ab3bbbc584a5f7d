"""Alembic migrations build exactly the models' schema on an empty database, and undo it."""

from __future__ import annotations

import flask_migrate
import pytest
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


def test_the_childrens_instrument_stored_before_0015_speaks_to_children(
    empty_database_url, tmp_path
):
    """0015 gives instruments their audience: the shipped children's one becomes "children",
    every other stays "adults"; the database then takes a child's age band, and no other."""
    import datetime as dt

    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from app.models import Response
    from tests.support.factories import make_survey

    app = make_app(empty_database_url, tmp_path)
    insert = text(
        "INSERT INTO instrument (slug, title, description, scale_labels, scale_min, scale_max) "
        "VALUES (:slug, '{}', '{}', '{}', 1, 3)"
    )
    try:
        with app.app_context():
            flask_migrate.upgrade(revision="0014_offers")
            with db.engine.begin() as connection:
                connection.execute(insert, {"slug": "place-standard-kinder"})
                connection.execute(insert, {"slug": "stadtraummonitor"})
            flask_migrate.upgrade()
            rows = db.session.execute(text("SELECT slug, audience FROM instrument")).all()
            assert dict(rows) == {"place-standard-kinder": "children", "stadtraummonitor": "adults"}
            info = make_survey()
            for band, allowed in (("8_9", True), ("10_12", True), ("7_8", False)):
                db.session.add(
                    Response(uuid=band, campaign_id=info.campaign_id, area_id=1, role="resident",
                             age_band=band, submitted_on=dt.date(2026, 11, 30))
                )  # fmt: skip
                try:
                    db.session.commit()
                except IntegrityError:
                    db.session.rollback()
                    assert not allowed, band
                else:
                    assert allowed, band
            with pytest.raises(IntegrityError):
                db.session.execute(text("UPDATE instrument SET audience = 'kids'"))
                db.session.commit()
            db.session.rollback()
    finally:
        with app.app_context():
            db.engine.dispose()
