"""The dynamics index from stored years and the status/dynamics class: Berlin MSS 2021, 536/536.

What the Berlin test proves, exactly: the published 2021 tables hold the status indicators of
2020 (S1, S3, S4) and their changes over two years (D1, D3, D4), but not the 2018 values. The
test stores two years per area in a long frame – 2020 = S, 2018 = S - D (what the 2018 value
must have been for Berlin's change to be D) – and computes the dynamics index from those
stored years alone. Matching all 536 published classes proves the long-frame path (change
between two stored years -> z -> sum -> z -> classes, minimum population from the stored
residents) is Berlin's method. It does not prove that Berlin's own 2018 table held exactly
S - D; that table is not in the published files.
"""

import numpy as np
import pandas as pd
import pytest

from analysis.stats.dynamics import changes_between, dynamics_from_years, status_dynamics
from analysis.stats.index import dynamics_index, social_index
from analysis.stats.index_inputs import IndexInputError
from tests.support.data import berlin_indices, berlin_mss

OFFICIAL_DYNAMICS = {1: 1, 3: 2, 5: 3}  # DI_N numbers positiv/stabil/negativ 1, 3, 5


def test_berlin_dynamics_classes_536_of_536_from_stored_years(dynamics):
    official = berlin_indices()
    merged = dynamics.table.merge(official, left_on="area_code", right_on="PLR_ID")
    assert len(merged) == 542
    included = merged[merged["excluded_reason"] == ""]
    assert len(included) == 536 and dynamics.params["n_included"] == 536
    assert (included["DI_N"].map(OFFICIAL_DYNAMICS) == included["class"].astype("int64")).all()
    assert set(included["class_label"]) == {"positiv", "stabil", "negativ"}
    excluded = merged[merged["excluded_reason"] != ""]
    assert excluded["DI_N"].isna().all()  # -9999 in the official file: no class there either
    small = excluded.set_index("area_code")["excluded_reason"]
    assert small["03300515"] == "population 38 below 300"
    assert dynamics.params["start"] == 2018 and dynamics.params["end"] == 2020


def test_stored_years_give_the_same_index_as_the_published_changes(dynamics):
    mss = berlin_mss()
    direct = dynamics_index(mss, id_column="PLR_ID", population_column="EW", min_population=300)
    np.testing.assert_allclose(
        dynamics.table["index"].to_numpy(), direct.table["index"].to_numpy(), atol=1e-9
    )


def test_combined_status_dynamics_class_matches_berlins_sdi(dynamics):
    mss = berlin_mss()
    status = social_index(mss, id_column="PLR_ID", indicators=["S1", "S3", "S4"],
                          population_column="EW", min_population=300).table  # fmt: skip
    combined = status_dynamics(status["class"], dynamics.table["class"])
    combined["PLR_ID"] = status["PLR_ID"]
    merged = combined.merge(berlin_indices(), on="PLR_ID")
    valid = merged[merged["KOM"] == "gültig"]
    assert len(valid) == 536
    assert (valid["code"] == valid["SDI"]).all()  # "2+/-", "4-", ...
    assert sorted(set(valid["class"].astype("int64"))) == list(range(1, 13))
    berlin_number = 10 * valid["SI_N"] + valid["DI_N"]  # Berlin's SDI_N, e.g. 23
    assert (berlin_number == valid["SDI_N"]).all()
    expected = (valid["SI_N"] - 1) * 3 + valid["DI_N"].map(OFFICIAL_DYNAMICS)
    assert (valid["class"].astype("int64") == expected).all()
    assert merged.loc[merged["KOM"] != "gültig", "code"].isna().all()
    row = valid.set_index("PLR_ID").loc["01100101"]  # Stülerstraße: mittel, negativ
    assert (row["code"], row["class_label"]) == ("2-", "mittel, negativ")


def test_changes_between_leaves_missing_years_missing():
    f = pd.DataFrame({"area_code": ["a", "a", "b"], "indicator": "S1", "year": [2018, 2020, 2020],
                      "value": [4.0, 5.5, 7.0]})  # fmt: skip
    table = changes_between(f, ["S1"], 2018, 2020, names={"S1": "D1"}).set_index("area_code")
    assert table.loc["a", "D1"] == 1.5 and np.isnan(table.loc["b", "D1"])
    with pytest.raises(ValueError, match="no values for S1 in 2016"):
        changes_between(f, ["S1"], 2016, 2020)
    with pytest.raises(ValueError, match="start year must come before"):
        changes_between(f, ["S1"], 2020, 2018)


def test_dynamics_from_years_excludes_areas_without_both_years():
    years = {"a": (1.0, 1.2), "b": (2.0, 2.1), "c": (3.0, 2.0), "d": (1.0, 4.0), "e": (2.0, None)}
    rows = [
        (code, y, v) for code, (v18, v20) in years.items() for y, v in ((2018, v18), (2020, v20))
    ]
    f = pd.DataFrame(rows, columns=["area_code", "year", "value"]).assign(indicator="X")
    result = dynamics_from_years(f, indicators=["X"], start=2018, end=2020).table
    reasons = result.set_index("area_code")["excluded_reason"]
    assert reasons["e"] == "missing X" and (reasons.drop("e") == "").all()
    residents_2018_only = f[f["year"] == 2018].assign(indicator="EW", value=1000.0)
    with pytest.raises(IndexInputError, match="no values for EW in 2020"):
        dynamics_from_years(pd.concat([f, residents_2018_only]), indicators=["X"],
                            start=2018, end=2020, population="EW")  # fmt: skip


def test_status_dynamics_checks_its_classes():
    with pytest.raises(ValueError, match="dynamics classes 1..3"):
        status_dynamics(pd.Series([1]), pd.Series([5]))  # Berlin's 1/3/5 must be mapped first
    result = status_dynamics(pd.Series([1, None]), pd.Series([1, 2]))
    assert result["code"].tolist()[0] == "1+" and result["class"].isna().tolist() == [False, True]
