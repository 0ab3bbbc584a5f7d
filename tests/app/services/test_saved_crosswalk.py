"""A Kommune's saved crosswalk lives in the database: every app process sees the same one."""

from __future__ import annotations

from analysis.readers.crosswalks import Crosswalk
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Kommune
from app.services.crosswalks import save_crosswalk, saved_crosswalk
from tests.support.abuse import app_with


def test_a_crosswalk_saved_by_one_process_is_read_by_another(database_url, tmp_path):
    first = Crosswalk({"11": ("1 a",), "12": ("1 a",)}, {("11", "1 a"): 300.0})
    second = Crosswalk({"20": ("15 b",)})
    with (
        app_with(database_url, tmp_path / "one") as one,
        app_with(database_url, tmp_path / "two") as two,
    ):
        with one.app_context():
            with write_transaction():
                db.session.add(Kommune(name="Musterstadt"))
            kommune = db.session.query(Kommune).one()
            assert saved_crosswalk(kommune) is None
            assert save_crosswalk(kommune, first) == 2
        with two.app_context():
            kommune = db.session.query(Kommune).one()
            found = saved_crosswalk(kommune)
            assert found.links == first.links and found.population == first.population
            assert save_crosswalk(kommune, second) == 1  # replaces: one per Kommune
        with one.app_context():
            kommune = db.session.query(Kommune).one()
            assert saved_crosswalk(kommune).links == {"20": ("15 b",)}
    assert not (tmp_path / "one" / "crosswalks").exists()
