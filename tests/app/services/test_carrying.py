"""Carrying earlier years to redrawn areas through a crosswalk file, stored with provenance."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Indicator, IndicatorValue, Kommune
from app.services import carrying
from app.services.indicators import IndicatorError
from tests.support.indicator_files import import_indicators
from tests.support.workspace import login, make_user

OLD = "Gebiet;EW;Quote\nA;1000;10\nB;3000;20\n"
CROSSWALK = "old_code;new_code;population\nA;X;1000\nB;X;1000\nB;Y;2000\n"


def _neustadt(tmp_path) -> tuple:
    with write_transaction():
        town = Kommune(name="Neustadt")
        db.session.add_all([town, Area(kommune=town, code="X", name="Nord", population=2000),
                            Area(kommune=town, code="Y", name="Süd", population=2000)])  # fmt: skip
    old, cw = tmp_path / "alt_2019.csv", tmp_path / "schluessel.csv"
    old.write_text(OLD, encoding="utf-8")
    cw.write_text(CROSSWALK, encoding="utf-8")
    return old, cw


def _stored() -> dict:
    rows = db.session.execute(
        select(Area.code, Indicator.key, IndicatorValue.year, IndicatorValue.value,
               IndicatorValue.carried_from)
        .join(IndicatorValue, IndicatorValue.area_id == Area.id)
        .join(Indicator, IndicatorValue.indicator_id == Indicator.id)
    )  # fmt: skip
    return {(code, key, year): (value, source) for code, key, year, value, source in rows}


def test_counts_split_and_shares_weighted_by_residents_and_marked_as_carried(app, tmp_path):
    with app.test_request_context():
        old, cw = _neustadt(tmp_path)
        real = tmp_path / "echt.csv"
        real.write_text("Gebiet;Quote\nY;25\n", encoding="utf-8")
        import_indicators(real, "Neustadt", "Gebiet", year=2019)
        done = carrying.carry(old, cw, "Neustadt", "Gebiet", year=2019, counts=["EW"])
        stored = _stored()
    assert stored[("X", "EW", 2019)] == (2000.0, "A, B")  # 1000 + half of B's 3000
    assert stored[("Y", "EW", 2019)] == (2000.0, "B")
    assert stored[("X", "Quote", 2019)] == (15.0, "A, B")  # weighted by 1000 and 1000
    assert stored[("Y", "Quote", 2019)] == (25.0, None)  # the imported value is kept
    assert (done.stored.created, done.kept, done.gaps) == (3, 1, 0)
    # A later import of real values replaces the carried one and clears its mark.
    real.write_text("Gebiet;EW\nX;2100\n", encoding="utf-8")
    with app.test_request_context():
        import_indicators(real, "Neustadt", "Gebiet", year=2019)
        assert _stored()[("X", "EW", 2019)] == (2100.0, None)


def test_an_old_area_missing_in_the_crosswalk_stores_nothing(app, tmp_path):
    with app.test_request_context():
        old, cw = _neustadt(tmp_path)
        cw.write_text("old_code;new_code;population\nA;X;1000\n", encoding="utf-8")
        with pytest.raises(IndicatorError, match="B"):
            carrying.carry(old, cw, "Neustadt", "Gebiet", year=2019, counts=["EW"])
        cw.write_text("old_code;neu;EW\nA;X;1\n", encoding="utf-8")
        with pytest.raises(IndicatorError, match="old_code, new_code, population"):
            carrying.carry(old, cw, "Neustadt", "Gebiet", year=2019)
        assert _stored() == {}


def test_carried_values_are_marked_on_the_time_series_page_and_the_cli_carries(
    app, client, runner, tmp_path
):
    with app.test_request_context():
        old, cw = _neustadt(tmp_path)
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Neustadt"))
        make_user("plan@example.org", "planner", ["Neustadt"])
    result = runner.invoke(args=["indicators", "carry", str(old), "--crosswalk", str(cw),
                                 "--kommune", "Neustadt", "--id", "Gebiet", "--year", "2019",
                                 "--counts", "EW"], env={"LANGUAGE": "en"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("4 carried values added")
    login(client, "plan@example.org")
    page = client.get(f"/planner/kommune/{kommune_id}/trends?indicator=EW&how=sum")
    html = page.get_data(as_text=True)
    assert html.count('class="n carried"') == 2
    assert "aus den früheren Gebieten A, B übertragen" in html


def test_a_cell_that_is_no_number_is_read_as_missing_and_counted(app, runner, tmp_path):
    """The values file is read as the import reads it: one bad cell never stops the file."""
    with app.test_request_context():
        old, cw = _neustadt(tmp_path)
    old.write_text("Gebiet;EW;Quote\nA;1000;viel\nB;3000;20\n", encoding="utf-8")
    result = runner.invoke(args=["indicators", "carry", str(old), "--crosswalk", str(cw),
                                 "--kommune", "Neustadt", "--id", "Gebiet", "--year", "2019",
                                 "--counts", "EW"], env={"LANGUAGE": "en"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 cell of the file is no number; it was read as missing." in result.output
    assert result.output.startswith("3 carried values added")
    with app.app_context():
        stored = _stored()
    assert stored[("X", "EW", 2019)] == (2000.0, "A, B")
    assert ("X", "Quote", 2019) not in stored  # A's share is missing: X stays a gap
    assert stored[("Y", "Quote", 2019)] == (20.0, "B")
