"""Indicators over time from the stored years: Köln's 86 Stadtteile, 2005–2012."""

from __future__ import annotations

import numpy as np
import pytest

from app.services import time_series
from app.services.index_settings import IndexSettingsError
from tests.support.data import koeln_population
from tests.support.stored import store_koeln

YEARS = list(range(2005, 2013))


def _raw():
    long = koeln_population()
    return long[long["level"] == "stadtteil"]


def _wide(indicator: str):
    rows = _raw()
    return rows[rows["indicator"] == indicator].pivot(
        index="area_code", columns="year", values="value"
    )


def test_series_table_and_kommune_line_from_the_stored_years(app, tmp_path):
    with app.test_request_context():
        koeln = store_koeln(tmp_path)
        people = time_series.series(koeln, "EW", how="sum")
        share = time_series.series(koeln, "Anteil_unter_6", how="weighted:EW")
    expected = _wide("EW")
    assert people.table.shape == (86, 8) and list(people.table.columns) == YEARS
    np.testing.assert_allclose(people.table.loc[expected.index].to_numpy(), expected.to_numpy())
    np.testing.assert_allclose(people.trend["kommune"].to_numpy(), expected.sum().to_numpy())
    assert (people.trend["n"] == 86).all()
    # The Kommune's share is the residents-weighted one: all children under 6 / all residents.
    under6 = _wide("unter 6").sum()
    np.testing.assert_allclose(
        share.trend["kommune"].to_numpy(), (100 * under6 / expected.sum()).to_numpy()
    )
    assert share.trend.loc[2012, "min"] == _wide("Anteil unter 6")[2012].min()


def test_change_between_two_years_in_points_and_percent_with_direction(app, tmp_path):
    with app.test_request_context():
        koeln = store_koeln(tmp_path)
        points = time_series.change(koeln, "Anteil_unter_6", 2005, 2012, tolerance=0.1)
        people = time_series.change(koeln, "EW", 2005, 2012)
        with pytest.raises(IndexSettingsError, match="2013"):
            time_series.change(koeln, "EW", 2005, 2013)
        with pytest.raises(IndexSettingsError, match="zwei verschiedene Jahre"):
            time_series.change(koeln, "EW", 2012, 2012)
    share = _wide("Anteil unter 6")
    points = points.set_index("area_code").loc[share.index]
    np.testing.assert_allclose(points["change_pp"], share[2012] - share[2005])
    # more children under 6 is not more need by default (higher_is_more_need): "worse"
    grew = (share[2012] - share[2005]) > 0.1
    assert (points.loc[grew, "direction"] == "worse").all()
    assert (points.loc[(share[2012] - share[2005]).abs() <= 0.1, "direction"] == "unchanged").all()
    ew = _wide("EW")
    people = people.set_index("area_code").loc[ew.index]
    np.testing.assert_allclose(people["change_pct"], 100 * (ew[2012] - ew[2005]) / ew[2005])
    assert "change_pp" not in people and people["name"].str.startswith("Stadtteil").all()


def test_a_planted_jump_is_flagged_for_checking_and_kept(app, tmp_path):
    code = "101"
    with app.test_request_context():
        clean = store_koeln(tmp_path)
        before = time_series.series(clean, "EW", how="sum").jumps
        planted = store_koeln(tmp_path, planted=(code, 2009, 3.0), name="Köln (Tippfehler)")
        after = time_series.series(planted, "EW", how="sum")
    assert not (before["area_code"] == code).any()
    flagged = after.jumps[after.jumps["area_code"] == code]
    assert flagged["year"].tolist() == [2009, 2010]  # up by a factor 3 and back down
    assert set(flagged["jump_reason"]) == {"sd, relative"}
    # The typing error widens the spread of the changes; it adds no other flag.
    others = after.jumps[after.jumps["area_code"] != code]
    pairs = set(zip(before["area_code"], before["year"], strict=True))
    assert set(zip(others["area_code"], others["year"], strict=True)) <= pairs
    # never dropped: the flagged value stays in the table and in the Kommune's line
    assert after.table.loc[code, 2009] == pytest.approx(3 * _wide("EW").loc[code, 2009])
    assert after.trend.loc[2009, "kommune"] == pytest.approx(
        _wide("EW")[2009].sum() + 2 * _wide("EW").loc[code, 2009]
    )


def test_the_chart_of_a_quartier_is_an_svg_image(app, tmp_path):
    with app.test_request_context():
        koeln = store_koeln(tmp_path)
        data = time_series.series(koeln, "Anteil_unter_6")
        url = time_series.chart_url(koeln, data, "101")
    assert url.startswith("data:image/svg+xml;base64,")
