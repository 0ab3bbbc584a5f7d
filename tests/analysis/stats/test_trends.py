"""Time series per area, change between two years and implausible jumps – on Köln 2005-2012."""

import io

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from babel.numbers import format_decimal

from analysis.figures.style import save_figure
from analysis.figures.trend import TrendTexts, trend_figure
from analysis.stats.change import change_between
from analysis.stats.jumps import flag_jumps
from analysis.stats.trends import area_band, area_series, check_long, kommune_series, trend


def _published(koeln, code: str, indicator: str) -> pd.Series:
    rows = koeln[(koeln["area_code"] == code) & (koeln["indicator"] == indicator)]
    return rows.set_index("year")["value"]


def test_koeln_series_cover_86_stadtteile_and_8_years(stadtteile):
    wide = area_series(stadtteile, "EW")
    assert wide.shape == (86, 8)
    assert list(wide.columns) == list(range(2005, 2013))
    assert wide.notna().all().all()
    assert wide.loc["101", 2005] == 27_732  # Altstadt/Süd: "…,2005,101,Altstadt/Süd,…,27732.0"


def test_kommune_sum_of_stadtteile_equals_the_citys_own_row(koeln, stadtteile):
    # The file publishes the city total (raum_id 000) independently of the Stadtteil rows.
    ours = kommune_series(stadtteile, "EW", "sum")
    pdt.assert_series_equal(ours, _published(koeln, "000", "EW"), check_names=False)


def test_kommune_weighted_share_equals_the_citys_published_share(koeln, stadtteile):
    ours = kommune_series(stadtteile, "Anteil unter 6", "weighted", weight="EW")
    city = _published(koeln, "000", "Anteil unter 6")
    np.testing.assert_allclose(ours.to_numpy(), city.to_numpy(), rtol=1e-12)
    unweighted = kommune_series(stadtteile, "Anteil unter 6", "mean")
    assert not np.allclose(unweighted.to_numpy(), city.to_numpy(), rtol=1e-3)


def test_a_missing_count_makes_the_sum_missing_not_smaller(stadtteile):
    gap = stadtteile.copy()
    gap.loc[(gap["area_code"] == "101") & (gap["indicator"] == "EW") & (gap["year"] == 2008),
            "value"] = np.nan  # fmt: skip
    sums = kommune_series(gap, "EW", "sum")
    assert np.isnan(sums[2008])
    assert sums.drop(2008).notna().all()


def test_band_and_trend_per_year(stadtteile):
    band = area_band(stadtteile, "Anteil unter 6")
    values_2012 = area_series(stadtteile, "Anteil unter 6")[2012]
    assert band.loc[2012, "n"] == 86
    assert band.loc[2012, "min"] == values_2012.min()
    assert band.loc[2012, "max"] == values_2012.max()
    assert band.loc[2012, "q1"] == pytest.approx(np.quantile(values_2012, 0.25))
    assert band.loc[2012, "q3"] == pytest.approx(np.quantile(values_2012, 0.75))
    table = trend(stadtteile, "Anteil unter 6", "weighted", weight="EW")
    assert list(table.columns) == ["kommune", "n", "min", "q1", "median", "q3", "max"]
    assert ((table["min"] <= table["kommune"]) & (table["kommune"] <= table["max"])).all()


def test_change_between_two_years_on_koeln(stadtteile):
    share = change_between(stadtteile, "Anteil unter 6", 2005, 2012, unit="share", tolerance=0.1)
    wide = area_series(stadtteile, "Anteil unter 6")
    row = share.set_index("area_code").loc["101"]
    assert row["change_pp"] == pytest.approx(wide.loc["101", 2012] - wide.loc["101", 2005])
    assert set(share["direction"]) <= {"better", "worse", "unchanged"}
    small = (share["change"].abs() <= 0.1) == (share["direction"] == "unchanged")
    assert small.all()
    # more small children is more need here (direction +1): a rise is "worse"
    assert (share.loc[share["change"] > 0.1, "direction"] == "worse").all()
    counts = change_between(stadtteile, "EW", 2005, 2012, unit="count", direction=-1)
    ew = area_series(stadtteile, "EW")
    expected = 100 * (ew[2012] - ew[2005]) / ew[2005]
    np.testing.assert_allclose(counts.set_index("area_code")["change_pct"], expected.to_numpy())
    assert (counts.loc[counts["change"] > 0, "direction"] == "better").all()
    assert "change_pp" not in counts.columns and "change_pct" not in share.columns


def test_change_keeps_areas_missing_a_year_without_direction():
    f = pd.DataFrame({"area_code": ["1", "1", "2"], "indicator": "X", "year": [2019, 2021, 2021],
                      "value": [5.0, 4.0, 3.0]})  # fmt: skip
    table = change_between(f, "X", 2019, 2021, unit="share").set_index("area_code")
    assert table.loc["1", "direction"] == "better"
    assert np.isnan(table.loc["2", "change"]) and pd.isna(table.loc["2", "direction"])
    zero = pd.DataFrame({"area_code": "1", "indicator": "X", "year": [1, 2], "value": [0.0, 3.0]})
    assert np.isnan(change_between(zero, "X", 1, 2, unit="count")["change_pct"][0])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda f: change_between(f, "X", 2019, 2030, unit="share"), "no values for X in 2030"),
        (lambda f: change_between(f, "X", 2019, 2021, unit="euro"), "unit must be one of"),
        (lambda f: change_between(f, "Y", 2019, 2021, unit="share"), "no values for the indicator"),
        (lambda f: kommune_series(f, "X", "weighted"), "a weight is needed"),
        (lambda f: flag_jumps(f, sd=None, relative=None), "at least one rule"),
        (lambda f: check_long(f.drop(columns="year")), "no column 'year'"),
        (lambda f: check_long(pd.concat([f, f])), "has two values for X in 2019"),
        (lambda f: check_long(f.assign(year=2019.5)), "whole-number year"),
        (lambda f: check_long(f.assign(value="7,5")), "must hold numbers"),
        (lambda f: check_long(f.assign(area_code=[None, "1"])), "every row needs its area code"),
    ],
)
def test_clear_errors(call, message):
    f = pd.DataFrame({"area_code": ["1", "1"], "indicator": "X", "year": [2019, 2021],
                      "value": [5.0, 4.0]})  # fmt: skip
    with pytest.raises(ValueError, match=message):
        call(f)


def test_a_planted_jump_in_koeln_is_flagged_and_kept(stadtteile):
    rules = {"sd": 5.0, "relative": 0.5}
    clean = flag_jumps(stadtteile, **rules)
    planted = stadtteile.copy()
    where = (planted["area_code"] == "502") & (planted["indicator"] == "EW")
    where &= planted["year"] == 2009
    real = planted.loc[where, "value"].item()
    planted.loc[where, "value"] = real * 10  # a typo: one digit too many
    flagged = flag_jumps(planted, **rules)

    assert len(flagged) == len(stadtteile)  # nothing dropped
    jumps = flagged[flagged["jump"]].set_index(["area_code", "indicator", "year"])
    assert jumps.loc[("502", "EW", 2009), "value"] == real * 10  # kept as it is
    assert jumps.loc[("502", "EW", 2009), "jump_reason"] == "sd, relative"
    assert jumps.loc[("502", "EW", 2009), "year_from"] == 2008
    assert jumps.loc[("502", "EW", 2010), "jump_reason"] == "sd, relative"  # and back down
    was = clean.set_index(["area_code", "indicator", "year"])
    assert not was.loc[("502", "EW", 2009), "jump"] and not was.loc[("502", "EW", 2010), "jump"]
    assert set(jumps.index) - set(was[was["jump"]].index) == {("502", "EW", 2009),
                                                                ("502", "EW", 2010)}  # fmt: skip


def test_jump_rules_separately_and_gaps_in_years():
    rows = [("a", 2019, 100.0), ("a", 2020, 100.0), ("a", 2022, 400.0)]
    rows += [(str(i), year, 100.0 + i) for i in range(6) for year in (2019, 2020, 2022)]
    f = pd.DataFrame(rows, columns=["area_code", "year", "value"]).assign(indicator="X")
    only_relative = flag_jumps(f, sd=None, relative=1.0)
    row = only_relative.set_index(["area_code", "year"]).loc[("a", 2022)]
    assert row["year_from"] == 2020 and row["jump_reason"] == "relative"  # 2021 is bridged
    only_sd = flag_jumps(f, sd=2.0, relative=None)
    assert only_sd.loc[only_sd["jump"], "area_code"].tolist() == ["a"]
    assert only_sd.loc[only_sd["jump"], "jump_reason"].tolist() == ["sd"]
    too_few = flag_jumps(f[f["area_code"].isin(["a", "0"])], sd=2.0, relative=None)
    assert too_few["change_z"].isna().all() and not too_few["jump"].any()


def test_trend_figure_draws_area_kommune_and_band_in_german_numbers(stadtteile):
    table = trend(stadtteile, "Anteil unter 6", "weighted", weight="EW")
    values = area_series(stadtteile, "Anteil unter 6").loc["101"]
    texts = TrendTexts("Anteil unter 6 Jahren", "Altstadt/Süd", "Köln", "alle Stadtteile",
                       "mittlere Hälfte", "%")  # fmt: skip
    german = lambda v: format_decimal(v, format="#,##0.0", locale="de")  # noqa: E731
    fig = trend_figure(values, table, texts=texts, number_format=german)
    ax = fig.axes[0]
    kommune, area = ax.get_lines()
    np.testing.assert_allclose(area.get_ydata(), values.to_numpy())
    np.testing.assert_allclose(kommune.get_ydata(), table["kommune"].to_numpy())
    assert list(area.get_xdata()) == list(range(2005, 2013))
    assert len(ax.collections) == 2  # min-max band and quartile band
    fig.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert ticks and all("," in t for t in ticks)
    years = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "2010" in years  # years are not formatted as numbers ("2.010")
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["alle Stadtteile", "mittlere Hälfte", "Köln", "Altstadt/Süd"]
    buffer = io.BytesIO()
    save_figure(fig, buffer, format="png", dpi=72)
    assert buffer.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
