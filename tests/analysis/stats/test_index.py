"""Social index: the Berlin MSS 2021 reference, classes, variants and input checks."""

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.stats.index import dynamics_index, social_index
from analysis.stats.index_classes import (
    DYNAMICS_LABELS_DE,
    SD_LABELS_DE,
    classify_quantiles,
    classify_sd,
)
from analysis.stats.index_inputs import IndexInputError


def _match_rate(ours: pd.Series, published: pd.Series) -> float:
    return float((ours.round(2) == published).mean())


def test_berlin_status_index_reproduces_official_values(mss, official):
    # Berlin excludes areas under 300 residents and flagged outliers (KOM "ungültig ...");
    # their indicators are -9999 in the file, so the minimum population and the
    # missing-value rule alone reproduce the official set of 536 areas.
    result = social_index(
        mss,
        id_column="PLR_ID",
        indicators=["S1", "S3", "S4"],
        population_column="EW",
        min_population=300,
    )
    table = result.table
    assert list(table.columns) == [
        "PLR_ID", "z_S1", "z_S3", "z_S4", "sum", "index", "class", "class_label",
        "excluded_reason",
    ]  # fmt: skip
    assert len(table) == 542
    assert result.params["n_included"] == 536 and result.params["n_excluded"] == 6
    assert table.set_index("PLR_ID").loc["03300515", "excluded_reason"] == (
        "population 38 below 300"
    )
    assert table.set_index("PLR_ID").loc["10100205", "excluded_reason"] == "missing S1, S3, S4"

    merged = table.merge(official, on="PLR_ID")
    included = merged[merged["excluded_reason"] == ""]
    rates = {
        "z_S1": _match_rate(included["z_S1"], included["zS1"]),
        "z_S3": _match_rate(included["z_S3"], included["zS3"]),
        "z_S4": _match_rate(included["z_S4"], included["zS4"]),
        "sum": _match_rate(included["sum"], included["Status-summe"]),
        "index": _match_rate(
            included["index"], included["Status-Index (standardisierte Statussumme)"]
        ),
    }
    print("match rates (2 decimals):", rates)  # all 1.0 with ddof=0
    assert min(rates.values()) >= 0.98
    assert (merged["class"].astype("float64") == merged["SI_N"]).mean() >= 0.98 * 536 / 542
    assert (included["class"].astype("float64") == included["SI_N"]).mean() >= 0.98
    assert merged.loc[merged["excluded_reason"] != "", "SI_N"].isna().all()  # -9999 there
    assert (included["class_label"] == included["Zuordnung Klasse Status-Index"]).mean() >= 0.98


def test_excluding_by_the_kom_note_gives_the_same_result(mss):
    notes = mss.loc[mss["KOM"] != "gültig", ["PLR_ID", "KOM"]]
    by_note = social_index(
        mss,
        id_column="PLR_ID",
        indicators=["S1", "S3", "S4"],
        exclude=dict(zip(notes["PLR_ID"], notes["KOM"], strict=True)),
    )
    by_rule = social_index(
        mss, id_column="PLR_ID", indicators=["S1", "S3", "S4"], population_column="EW",
        min_population=300,
    )  # fmt: skip
    cols = ["PLR_ID", "sum", "index", "class"]
    pdt.assert_frame_equal(by_note.table[cols], by_rule.table[cols])
    assert by_note.params["exclusions"]["10100205"] == "ungültig (Ausreißer)"


def test_berlin_dynamics_index(mss, official):
    result = dynamics_index(mss, id_column="PLR_ID", population_column="EW", min_population=300)
    merged = result.table.merge(official, on="PLR_ID")
    included = merged[merged["excluded_reason"] == ""]
    name = "Dynamik-Index (standardisierte Dynamik-summe)"
    assert _match_rate(included["index"], included[name]) >= 0.98
    official_class = included["DI_N"].map({1: 1, 3: 2, 5: 3})
    assert (included["class"].astype("float64") == official_class).mean() >= 0.98
    assert set(included["class_label"]) == set(DYNAMICS_LABELS_DE)


def test_classify_sd_boundaries():
    values = pd.Series([-1.5, -1.0, 0.0, 1.0, 1.01, 1.5, 1.51, np.nan])
    result = classify_sd(values)
    expected = pd.DataFrame(
        {
            "class": pd.array([1, 2, 2, 2, 3, 3, 4, None], dtype="Int64"),
            "class_label": pd.Series(
                ["hoch", "mittel", "mittel", "mittel", "niedrig", "niedrig", "sehr niedrig", None],
                dtype="str",
            ),
        }
    )
    pdt.assert_frame_equal(result, expected)
    dyn = classify_sd(pd.Series([-1.01, -1.0, 1.0, 1.01]), thresholds=(-1, 1))
    assert dyn["class_label"].tolist() == ["positiv", "stabil", "stabil", "negativ"]
    with pytest.raises(ValueError, match="strictly increasing"):
        classify_sd(values, thresholds=(1, 0))
    with pytest.raises(ValueError, match="4 names"):
        classify_sd(values, labels=["a", "b"])
    with pytest.raises(TypeError):
        classify_sd([1, 2])


def test_classify_quantiles_keeps_ties_together():
    result = classify_quantiles(pd.Series([4.0, 1.0, 2.0, 3.0, 3.0, np.nan, 8.0, 9.0]), k=4)
    expected = pd.Series([3, 1, 1, 2, 2, None, 3, 4], dtype="Int64", name="class")
    pdt.assert_series_equal(result["class"], expected)
    assert result["class_label"].iloc[0] == "Q3"


SMALL = pd.DataFrame(
    {
        "code": ["1 a", "1 b", "2", "3", "4", "5"],
        "EW": [5000, 120, 3000, 4000, 2500, 3500],
        "SGB2": [10.0, 30.0, 20.0, 5.0, np.nan, 15.0],
        "Dichte": [100.0, 50.0, 300.0, 200.0, 150.0, 100.0],
    }
)


def test_small_table_exclusions_directions_and_weights():
    result = social_index(
        SMALL, id_column="code", indicators=["SGB2", "Dichte"], weights={"SGB2": 2},
        directions={"Dichte": -1}, population_column="EW", min_population=300,
        exclude={"3": "Neubaugebiet"},
    )  # fmt: skip
    table = result.table.set_index("code")
    assert table["excluded_reason"].to_dict() == {
        "1 a": "", "1 b": "population 120 below 300", "2": "", "3": "Neubaugebiet",
        "4": "missing SGB2", "5": "",
    }  # fmt: skip
    inc = SMALL.set_index("code").loc[["1 a", "2", "5"]]
    z_sgb2 = (inc["SGB2"] - inc["SGB2"].mean()) / inc["SGB2"].std(ddof=0)
    z_dichte = -(inc["Dichte"] - inc["Dichte"].mean()) / inc["Dichte"].std(ddof=0)
    total = 2 * z_sgb2 + z_dichte
    pdt.assert_series_equal(table.loc[inc.index, "sum"], total, check_names=False)
    expected_index = (total - total.mean()) / total.std(ddof=0)
    pdt.assert_series_equal(table.loc[inc.index, "index"], expected_index, check_names=False)
    assert table.loc[["1 b", "3", "4"], ["z_SGB2", "sum", "index"]].isna().all().all()
    assert table.loc[["1 b", "3", "4"], "class"].isna().all()
    assert result.params["weights"] == {"SGB2": 2.0, "Dichte": 1.0}
    assert result.params["exclusions"]["3"] == "Neubaugebiet"
    assert result.params["mean"]["SGB2"] == pytest.approx(15.0)


def test_minmax_scales_to_0_100_and_uses_quantile_classes():
    result = social_index(
        SMALL, id_column="code", indicators=["SGB2", "Dichte"], directions={"Dichte": -1},
        method="minmax",
    )  # fmt: skip
    table = result.table.set_index("code")
    # SGB2 over included (1a,1b,2,3,5): min 5, max 30; Dichte reversed: min 50, max 300
    assert table.loc["1 b", "z_SGB2"] == 1.0 and table.loc["1 b", "z_Dichte"] == 1.0
    assert table.loc["1 b", "index"] == 100.0
    assert table.loc["3", "index"] == pytest.approx(100 * (0 + 0.4) / 2)
    assert result.params["classes"] == "quantile"
    assert table["class"].max() == 4
    fixed = social_index(
        SMALL, id_column="code", indicators=["SGB2"], method="minmax", thresholds=(25, 50, 75)
    )
    assert fixed.params["classes"] == "sd"
    assert fixed.table.set_index("code").loc["1 b", "class_label"] == SD_LABELS_DE[3]


def test_quantile_classes_for_z_index():
    result = social_index(SMALL, id_column="code", indicators=["Dichte"], classes="quantile")
    # ranks (min) 2, 1, 6, 5, 4, 2 of 6 -> floor((rank - 1) * 4 / 6) + 1
    assert result.table["class_label"].tolist() == ["Q1", "Q1", "Q4", "Q3", "Q3", "Q1"]


def test_input_checks():
    assert issubclass(IndexInputError, ValueError)  # the CLI catches ValueError
    with pytest.raises(IndexInputError, match="no column 'S9'"):
        social_index(SMALL, id_column="code", indicators=["SGB2", "S9"])
    with pytest.raises(ValueError, match="one value per indicator"):
        social_index(SMALL, id_column="code", indicators=["SGB2", "Dichte"], weights=[1.0])
    with pytest.raises(ValueError, match="at least 3 areas"):
        social_index(SMALL, id_column="code", indicators=["SGB2"], min_population=4000,
                     population_column="EW")  # fmt: skip
    with pytest.raises(ValueError, match=r"\+1 or -1"):
        social_index(SMALL, id_column="code", indicators=["SGB2"], directions={"SGB2": 2})
    with pytest.raises(ValueError, match="not in the table"):
        social_index(SMALL, id_column="code", indicators=["SGB2"], exclude={"99": "x"})
    with pytest.raises(ValueError, match="not numeric"):
        social_index(SMALL.astype({"EW": "str"}), id_column="code", indicators=["EW"])
    with pytest.raises(TypeError):
        social_index(SMALL.to_dict(), id_column="code", indicators=["SGB2"])
