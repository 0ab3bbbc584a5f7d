"""Needs validation with options: hypothesis tests against indicators (BH-adjusted), the
sensitivity of verdicts to the index configuration, and shrinkage of small areas."""

import math

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from scipy import stats

from analysis.stats.index import social_index
from analysis.stats.validate import validate_needs
from tests.support.texts import german_texts
from tests.support.validation import five_areas, index_table, indicator_rows, ratings_for

DE = german_texts().validation


def test_hypothesis_tests_use_the_latest_year_and_bh_q_values():
    rng = np.random.default_rng(11)
    codes = [f"a{i:02d}" for i in range(15)]
    need = rng.normal(size=15)
    index = index_table([(c, v, 2, "mittel") for c, v in zip(codes, need, strict=True)])
    scores = np.clip(np.rint(4 - need[:, None] + rng.normal(0, 1, (15, 12))), 1, 7)
    ratings = ratings_for(dict(zip(codes, scores, strict=True)), themes=("work", "play", "social"))
    indicators = pd.concat(
        [
            indicator_rows(dict(zip(codes, -need, strict=True)), "S1", 2022),  # old year
            indicator_rows(dict(zip(codes, need + rng.normal(0, 0.3, 15), strict=True)), "S1"),
            indicator_rows(dict(zip(codes, rng.normal(size=15), strict=True)), "noise"),
            indicator_rows(dict.fromkeys(codes, 1.0), "flat"),
        ]
    )
    pairs = {"work": ["S1", "noise", "flat", "missing"], "play": ["S1", "noise"], "x": ["S1"]}
    result = validate_needs(
        index, ratings, id_column="PLR_ID", indicators=indicators, hypotheses=pairs
    )
    tests = result.tests.set_index(["theme", "indicator"])
    assert list(tests.index) == [("work", "S1"), ("work", "noise"), ("work", "flat"),
                                 ("play", "S1"), ("play", "noise")]  # fmt: skip
    assert (tests["year"] == [2023, 2023, 2023, 2023, 2023]).all()
    assert tests.loc[("work", "S1"), "rho"] < -0.5  # the 2023 values, not the reversed 2022 ones
    assert (tests["n_areas"] == 15).all() and (
        tests["p_method"].iloc[[0, 1, 3, 4]] == "permutation"
    ).all()
    assert math.isnan(tests.loc[("work", "flat"), "p_value"])  # a constant indicator: no test
    defined = tests["p_value"].notna()
    expected = stats.false_discovery_control(tests.loc[defined, "p_value"], method="bh")
    np.testing.assert_allclose(tests.loc[defined, "q_value"], expected)
    assert math.isnan(tests.loc[("work", "flat"), "q_value"])
    s1 = tests.loc[("work", "S1")]
    assert s1["rho_low"] <= s1["rho"] <= s1["rho_high"] and s1["rho_high"] < 0
    assert s1["rationale"] == ""  # own pairs without rationale


def test_default_hypotheses_come_from_the_catalogue_with_rationales():
    index, ratings = five_areas()
    indicators = indicator_rows({c: float(i) for i, c in enumerate("PQRST")}, "S1")
    result = validate_needs(index, ratings, id_column="PLR_ID", indicators=indicators, texts=DE)
    row = result.tests.iloc[0]
    assert (row["theme"], row["indicator"]) == ("work", "S1") and len(result.tests) == 1
    assert row["rationale"].startswith("Berliner MSS-Indikator") and row["rho"] == pytest.approx(-1)
    english = validate_needs(index, ratings, indicators=indicators, id_column="PLR_ID")
    assert english.tests.iloc[0]["rationale"].startswith("Berlin MSS")
    assert {"theme": "play", "indicator": "nef_u15"} in result.params["hypotheses"]
    assert validate_needs(index, ratings, id_column="PLR_ID").tests.empty


def test_sensitivity_names_the_fragile_verdicts():
    codes = list("abcdefgh")
    wide = pd.DataFrame({"area_code": codes, "S1": [1.0, 2, 3, 4, 5, 6, 12.4, 14]})
    inputs = {"table": wide, "id_column": "area_code", "indicators": ["S1"]}
    base = social_index(**inputs).table
    # index: g = 1.448 (class 3, 0.05 below the 1.5 threshold), h = 1.806 (class 4)
    ratings = ratings_for({c: [2] * 12 for c in codes})
    result = validate_needs(base, ratings, index_inputs=inputs)
    table = result.sensitivity.set_index("area_code")
    assert list(table.index[table["fragile"]]) == ["g"]
    g = table.loc["g"]
    assert (g["class"], g["class_thresholds_down"], g["class_thresholds_up"]) == (3, 4, 3)
    assert g["category"] == g["category_thresholds_down"] == "confirmed"  # need either way
    assert set(table.columns) == {
        "class", "category", "class_thresholds_down", "category_thresholds_down",
        "class_thresholds_up", "category_thresholds_up", "class_other_ddof",
        "category_other_ddof", "fragile",
    }  # fmt: skip
    assert result.params["sensitivity"]["other_ddof"] == {"ddof": 1}
    assert table.loc["f", "category"] == "hidden"
    # an area just above a class boundary loses its need, and its category changes with it
    wide.loc[6, "S1"] = 10.0  # g = 1.069: class 3, but class 2 once the threshold is 1.1
    base = social_index(**inputs).table
    table = validate_needs(base, ratings, index_inputs=inputs).sensitivity.set_index("area_code")
    g = table.loc["g"]
    assert (g["category"], g["category_thresholds_up"], g["fragile"]) == (
        "confirmed",
        "hidden",
        True,
    )
    quantiles = {**inputs, "classes": "quantile"}
    none = validate_needs(social_index(**quantiles).table, ratings, index_inputs=quantiles)
    assert not none.sensitivity["fragile"].any() and none.params["sensitivity"] == {}


def test_shrinkage_pulls_small_areas_toward_the_kommune_and_is_labelled():
    codes = [f"a{i}" for i in range(6)]
    plan = {c: [4, 5] * 20 for c in codes[:4]}
    plan["a4"] = [1, 2, 7, 2, 7, 1, 7, 2, 1, 7, 2, 7]  # few, scattered answers
    plan["a5"] = [2] * 40
    index = index_table([(c, float(i), 2, "mittel") for i, c in enumerate(codes)])
    result = validate_needs(index, ratings_for(plan), id_column="PLR_ID", shrinkage=True)
    areas = result.areas.set_index("area_code")
    assert areas.columns[7:9].tolist() == ["resident_median_eb", "resident_eb_weight"]
    assert areas.loc["a5", "resident_eb_weight"] == pytest.approx(1.0)  # no noise: kept
    assert 0 < areas.loc["a4", "resident_eb_weight"] < 1
    target = 4.5  # the pooled median of all published residents' scores
    raw, eb = areas.loc["a4", "resident_median"], areas.loc["a4", "resident_median_eb"]
    assert abs(eb - target) < abs(raw - target)
    plain = validate_needs(index, ratings_for(plan), id_column="PLR_ID")
    assert "resident_median_eb" not in plain.areas.columns
    pdt.assert_series_equal(plain.areas["category"], result.areas["category"])
