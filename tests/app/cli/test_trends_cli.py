"""``flask indicators trend|change|dynamics`` on Köln's and Berlin's stored years."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.support.data import berlin_indices
from tests.support.stored import store_berlin_two_years, store_koeln


def test_trend_and_change_of_koeln_as_csv(app, runner, tmp_path):
    with app.app_context():
        store_koeln(tmp_path, planted=("101", 2009, 3.0))
    out = tmp_path / "ew.csv"
    result = runner.invoke(args=["indicators", "trend", "--kommune", "Köln", "--indicator", "EW",
                                 "--kommune-value", "sum", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Areas: 86, years: 8; values flagged for checking: " in result.output
    table = pd.read_csv(out, dtype={"area_code": str})
    assert list(table.columns) == ["area_code", *map(str, range(2005, 2013))]
    line = pd.read_csv(tmp_path / "ew.kommune.csv")
    assert line["kommune"].iloc[-1] == pytest.approx(table["2012"].sum())
    jumps = pd.read_csv(tmp_path / "ew.jumps.csv", dtype={"area_code": str})
    assert {("101", 2009), ("101", 2010)} <= set(
        zip(jumps["area_code"], jumps["year"], strict=True)
    )
    change = tmp_path / "anteil.csv"
    result = runner.invoke(args=["indicators", "change", "--kommune", "Köln", "--indicator",
                                 "Anteil_unter_6", "--from", "2005", "--to", "2012",
                                 "-o", str(change), "--excel"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(change, sep=";", decimal=",", dtype={"area_code": str}, encoding="utf-8-sig")
    assert len(rows) == 86 and "change_pp" in rows
    assert rows["area_code"].str.fullmatch(r'="\d+"').all()  # Excel keeps the codes as text
    wrong = runner.invoke(args=["indicators", "change", "--kommune", "Köln", "--indicator", "EW",
                                "--from", "2005", "--to", "2020", "-o", str(change)])  # fmt: skip
    assert wrong.exit_code == 1 and "EW has no values for 2020" in wrong.output


@pytest.mark.slow
def test_dynamics_of_berlin_from_the_stored_years(app, runner, tmp_path):
    with app.app_context():
        store_berlin_two_years(tmp_path)
    saved = runner.invoke(args=["indicators", "index", "--kommune", "Berlin", "--year", "2020",
                                "--indicators", "S1,S3,S4", "--min-population", "300",
                                "--save", "MSS 2021"])  # fmt: skip
    assert saved.exit_code == 0, saved.output
    out = tmp_path / "dynamik.csv"
    result = runner.invoke(args=["indicators", "dynamics", "--kommune", "Berlin",
                                 "--indicators", "S1,S3,S4", "--from", "2018", "--to", "2020",
                                 "--population", "EW", "--min-population", "300",
                                 "--status-version", "MSS 2021", "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("536 areas in the dynamics index")
    table = pd.read_csv(out, dtype={"area_code": str}, keep_default_na=False)
    merged = table.merge(berlin_indices(), left_on="area_code", right_on="PLR_ID")
    valid = merged[merged["KOM"] == "gültig"]
    assert len(valid) == 536 and (valid["status_dynamics_code"] == valid["SDI"]).all()
