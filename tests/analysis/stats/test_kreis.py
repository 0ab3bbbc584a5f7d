"""The Kreis: Berlin's 12 Bezirke and Köln's 9 Stadtbezirke as the Kommunen of a Kreis."""

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import cdist

from analysis.stats.index import social_index
from analysis.stats.kreis import kreis_aggregates, kreis_index
from analysis.stats.similarity import similar_areas
from analysis.stats.variance import variance_decomposition
from tests.support.data import SHARES, berlin_indices


def test_berlin_bezirke_aggregates_equal_an_independent_groupby(berlin_table):
    table = kreis_aggregates(berlin_table, kommune_column="BEZ_ID", population_column="EW",
                             shares=SHARES, kreis_name="Berlin")  # fmt: skip
    assert table["BEZ_ID"].tolist() == ["Berlin", *[f"{i:02d}" for i in range(1, 13)]]
    assert table.loc[0, "EW"] == berlin_table["EW"].sum() and table.loc[0, "n_areas"] == 542
    for _, row in table.iloc[1:].iterrows():
        areas = berlin_table[berlin_table["BEZ_ID"] == row["BEZ_ID"]]
        assert row["EW"] == areas["EW"].sum() and row["n_areas"] == len(areas)
        for share in SHARES:
            valid = areas[share].notna()
            expected = np.average(areas.loc[valid, share], weights=areas.loc[valid, "EW"])
            assert row[share] == pytest.approx(expected, rel=1e-12)
    valid = berlin_table["S3"].notna()
    kreis = np.average(berlin_table.loc[valid, "S3"], weights=berlin_table.loc[valid, "EW"])
    assert table.loc[0, "S3"] == pytest.approx(kreis, rel=1e-12)


def test_koeln_bezirke_aggregates_equal_the_published_bezirk_rows(koeln_2012):
    stadtteile = koeln_2012.xs("stadtteil", level="level").reset_index()
    table = kreis_aggregates(stadtteile, kommune_column="bezirk", population_column="EW",
                             counts=["unter 6"], shares=["Anteil unter 6"],
                             kreis_name="000")  # fmt: skip
    published = koeln_2012.reset_index().set_index("area_code")
    assert table["bezirk"].tolist() == ["000", *[f"00{i}" for i in range(1, 10)]]
    for _, row in table.iterrows():  # the city (000) and the 9 Bezirke, as the file has them
        assert row["EW"] == published.loc[row["bezirk"], "EW"]
        assert row["unter 6"] == published.loc[row["bezirk"], "unter 6"]
        assert row["Anteil unter 6"] == pytest.approx(
            published.loc[row["bezirk"], "Anteil unter 6"]
        )


def test_a_missing_count_leaves_the_kommune_sum_missing():
    t = pd.DataFrame({"k": ["A", "A", "B"], "EW": [10, 20, 30], "kids": [1.0, np.nan, 3.0]})
    table = kreis_aggregates(t, kommune_column="k", population_column="EW", counts=["kids"])
    assert np.isnan(table.loc[0, "kids"]) and np.isnan(table.loc[1, "kids"])
    assert table.loc[2, "kids"] == 3.0
    with pytest.raises(ValueError, match="EW is given twice"):
        kreis_aggregates(t, kommune_column="k", population_column="EW", counts=["EW"])
    with pytest.raises(ValueError, match="at least one count or share"):
        kreis_aggregates(t, kommune_column="k", population_column="EW")


@pytest.mark.parametrize("share", SHARES)
def test_within_and_between_add_up_to_the_total_variance_in_berlin(berlin_table, share):
    parts = variance_decomposition(berlin_table, group_column="BEZ_ID", value_column=share,
                                   weight_column="EW")  # fmt: skip
    assert parts.between + parts.within == pytest.approx(parts.total, rel=1e-12)
    valid = berlin_table[share].notna()
    x, w = berlin_table.loc[valid, share], berlin_table.loc[valid, "EW"]
    assert parts.total == pytest.approx(np.average((x - np.average(x, weights=w)) ** 2, weights=w))
    assert parts.n_left_out == 6 and len(parts.groups) == 12
    # measured: about a quarter lies between the Bezirke, three quarters within them
    assert 0.2 < parts.share_between < 0.35
    print(f"{share}: share of the variance between Bezirke {parts.share_between:.2f}")


def test_within_and_between_in_koeln_and_unweighted(koeln_2012):
    stadtteile = koeln_2012.xs("stadtteil", level="level").reset_index()
    options = {"group_column": "bezirk", "value_column": "Anteil unter 6"}
    weighted = variance_decomposition(stadtteile, weight_column="EW", **options)
    plain = variance_decomposition(stadtteile, **options)
    for parts in (weighted, plain):
        assert parts.between + parts.within == pytest.approx(parts.total, rel=1e-12)
    assert plain.total == pytest.approx(np.var(stadtteile["Anteil unter 6"]))
    assert weighted.total != pytest.approx(plain.total)


def test_similar_areas_across_berlin_equal_a_brute_force_distance(berlin_table):
    result = similar_areas(berlin_table, id_column="PLR_ID", area="01100101", indicators=SHARES,
                           n=10, keep=["BEZ_ID"])  # fmt: skip
    complete = berlin_table.dropna(subset=SHARES).reset_index(drop=True)
    z = (complete[SHARES] - complete[SHARES].mean()) / complete[SHARES].std(ddof=0)
    me = complete.index[complete["PLR_ID"] == "01100101"][0]
    distance = cdist(z.loc[[me]].to_numpy(), z.to_numpy())[0]
    expected = complete.assign(d=distance).drop(index=me).sort_values(["d", "PLR_ID"]).head(10)
    assert result["PLR_ID"].tolist() == expected["PLR_ID"].tolist()
    np.testing.assert_allclose(result["distance"], expected["d"])
    assert result["distance"].is_monotonic_increasing
    assert result.columns.tolist() == ["PLR_ID", "BEZ_ID", "distance", *SHARES]
    assert result["BEZ_ID"].nunique() > 1  # similar areas are found across the Bezirke
    assert len(result.attrs["left_out"]) == 6


def test_similar_areas_errors(berlin_table):
    with pytest.raises(ValueError, match="area 99999999 is not in the table"):
        similar_areas(berlin_table, id_column="PLR_ID", area="99999999", indicators=SHARES)
    with pytest.raises(ValueError, match="lacks a value"):
        similar_areas(berlin_table, id_column="PLR_ID", area="10100205", indicators=SHARES)


def test_kreis_index_next_to_each_bezirks_own_index(berlin_table):
    options = {"indicators": SHARES, "population_column": "EW", "min_population": 300}
    result = kreis_index(berlin_table, kommune_column="BEZ_ID", id_column="PLR_ID", **options)
    table = result.table.merge(berlin_indices()[["PLR_ID", "SI_N"]], on="PLR_ID")
    included = table[table["excluded_reason"] == ""]
    assert len(included) == 536  # over the whole "Kreis" this is Berlin's own status index
    assert (included["class_kreis"].astype("int64") == included["SI_N"]).all()
    mitte = berlin_table[berlin_table["BEZ_ID"] == "01"]
    own = social_index(mitte, id_column="PLR_ID", **options).table.set_index("PLR_ID")
    ours = result.table.set_index("PLR_ID").loc[own.index]
    np.testing.assert_allclose(ours["index_kommune"], own["index"])
    assert (ours["class_kommune"].fillna(0) == own["class"].fillna(0)).all()
    changed = (included["class_kreis"] != included["class_kommune"]).sum()
    assert changed > 0  # standardising within a Bezirk is not the same as over the Kreis
    assert set(result.params["kommunen"]) == {f"{i:02d}" for i in range(1, 13)}


def test_a_kommune_too_small_for_its_own_index_keeps_the_kreis_index():
    t = pd.DataFrame({"id": list("abcdef"), "k": ["A"] * 4 + ["B"] * 2,
                      "S3": [1.0, 2, 3, 9, 4, 5]})  # fmt: skip
    result = kreis_index(t, kommune_column="k", id_column="id", indicators=["S3"])
    b = result.table[result.table["k"] == "B"]
    assert b["index_kreis"].notna().all() and b["index_kommune"].isna().all()
    assert "at least 3 areas" in result.params["kommunen"]["B"]["error"]
