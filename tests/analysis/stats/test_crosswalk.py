"""Carrying earlier years to redrawn areas: splits, merges and Berlin's Planungsräume."""

import numpy as np
import pandas as pd
import pytest

from analysis.stats.crosswalk import carry_to_new_areas
from tests.support.data import berlin_mss


def _long(mss: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frames = [
        mss[["PLR_ID"]].assign(indicator=c, year=2020, value=mss[c].astype("float64"))
        for c in columns
    ]
    return pd.concat(frames, ignore_index=True).rename(columns={"PLR_ID": "area_code"})


def test_berlin_planungsraeume_merged_into_prognoseraeume_weighted_by_residents():
    # A redrawing that merges areas: each PLR goes wholly into its Prognoseraum (the first four
    # digits of its code), with all its residents. Carried values must equal a groupby.
    mss = berlin_mss()
    mss = mss[mss["S3"].notna()]
    crosswalk = pd.DataFrame({"old_code": mss["PLR_ID"], "new_code": mss["PLR_ID"].str[:4],
                              "population": mss["EW"]})  # fmt: skip
    carried = carry_to_new_areas(_long(mss, ["EW", "S3"]), crosswalk,
                                 {"EW": "count", "S3": "share"})  # fmt: skip
    wide = carried.pivot(index="area_code", columns="indicator", values="value")
    assert len(wide) == 58  # Berlin's 58 Prognoseräume
    groups = mss.assign(pgr=mss["PLR_ID"].str[:4], ew_s3=mss["EW"] * mss["S3"]).groupby("pgr")
    np.testing.assert_allclose(wide["EW"], groups["EW"].sum())
    np.testing.assert_allclose(wide["S3"], groups["ew_s3"].sum() / groups["EW"].sum())
    first = carried[carried["area_code"] == "0110"]["carried_from"].iloc[0]
    assert first.split(", ") == sorted(mss.loc[mss["PLR_ID"].str[:4] == "0110", "PLR_ID"])


def test_a_split_area_shares_its_count_by_residents_and_keeps_its_share():
    old = pd.DataFrame({"area_code": "A", "indicator": ["kids", "kids", "S3", "S3"],
                        "year": [2019, 2020] * 2, "value": [500.0, 600, 12.0, 14.0]})  # fmt: skip
    crosswalk = pd.DataFrame({"old_code": ["A", "A"], "new_code": ["A1", "A2"],
                              "population": [3000, 2000]})  # fmt: skip
    carried = carry_to_new_areas(old, crosswalk, {"kids": "count", "S3": "share"})
    table = carried.set_index(["area_code", "indicator", "year"])["value"]
    assert table[("A1", "kids", 2019)] == 300 and table[("A2", "kids", 2019)] == 200
    assert table[("A1", "kids", 2020)] + table[("A2", "kids", 2020)] == 600
    assert table[("A1", "S3", 2020)] == 14.0 and table[("A2", "S3", 2020)] == 14.0
    assert set(carried["carried_from"]) == {"A"}


def test_a_missing_part_makes_the_carried_value_missing():
    old = pd.DataFrame({"area_code": ["A", "B"], "indicator": "S3", "year": 2019,
                        "value": [10.0, np.nan]})  # fmt: skip
    crosswalk = pd.DataFrame({"old_code": ["A", "B"], "new_code": ["X", "X"],
                              "population": [1000, 10]})  # fmt: skip
    carried = carry_to_new_areas(old, crosswalk, {"S3": "share"})
    assert np.isnan(carried["value"].item()) and carried["carried_from"].item() == "A, B"


@pytest.mark.parametrize(
    ("crosswalk", "units", "message"),
    [
        ({"old_code": ["A"], "new_code": ["X"], "population": [10]}, {"S3": "share"},
         "the area B is not in the crosswalk"),
        ({"old_code": ["A", "B"], "new_code": ["X", "X"], "population": [10, 10]}, {},
         "say whether S3 is a 'share' or a 'count'"),
        ({"old_code": ["A", "B"], "new_code": ["X", "X"], "population": [10, 10]},
         {"S3": "percent"}, "must be 'share' or 'count'"),
        ({"old_code": ["A", "B"], "new_code": ["X", "X"], "population": [10, -1]},
         {"S3": "share"}, "population of at least 0"),
        ({"old_code": ["A", "B"], "new_code": ["X", "X"], "population": [10, 0]},
         {"S3": "share"}, "every old area needs residents"),
        ({"old_code": ["A"], "new_code": ["X"]}, {"S3": "share"}, "no column 'population'"),
    ],
)  # fmt: skip
def test_clear_errors(crosswalk, units, message):
    old = pd.DataFrame({"area_code": ["A", "B"], "indicator": "S3", "year": 2019,
                        "value": [10.0, 12.0]})  # fmt: skip
    with pytest.raises(ValueError, match=message):
        carry_to_new_areas(old, pd.DataFrame(crosswalk), units)
