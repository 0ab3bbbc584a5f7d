"""Validation of the index against ratings: categories, correlation, gaps and domains."""

import math

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.validate import DEFAULT_THEME_DOMAINS, validate_needs


def index_table(rows) -> pd.DataFrame:
    """rows: (area, index, class, label); the shape of IndexResult.table."""
    frame = pd.DataFrame(rows, columns=["PLR_ID", "index", "class", "class_label"])
    return frame.astype({"index": "float64", "class": "Int64", "class_label": "str"})


def ratings_for(plan, role="resident") -> pd.DataFrame:
    """plan: {area: [score per respondent]}; every respondent rates work and play alike."""
    rows = [
        (f"{role[0]}-{area}-{i}", "2024", area, role, theme, float(score))
        for area, scores in plan.items()
        for i, score in enumerate(scores)
        for theme in ("work", "play")
    ]
    return pd.DataFrame(
        rows, columns=["response_id", "round", "area_code", "role", "theme", "score"]
    )


INDEX = index_table(
    [
        ("A", 2.0, 4, "sehr niedrig"),
        ("B", 1.2, 3, "niedrig"),
        ("C", -1.5, 1, "hoch"),
        ("D", 0.0, 2, "mittel"),
        ("E", 0.1, 2, "mittel"),
        ("F", np.nan, None, None),
        ("G", 1.1, 3, "niedrig"),
    ]
)
RESIDENTS = ratings_for(
    {
        "A": [1, 2, 2, 3, 2],  # median 2
        "B": [6, 6, 7, 5, 6],  # median 6
        "C": [3, 3, 2, 4, 3],  # median 3
        "D": [5, 5, 4, 6, 5],  # median 5
        "E": [1, 1, 1],  # only 3 respondents
        "F": [2, 2, 2, 2, 2],
        "G": [4, 4, 4, 4, 4],
    }
)


def test_categories_follow_the_documented_rules():
    result = validate_needs(INDEX, RESIDENTS, id_column="PLR_ID")
    areas = result.areas.set_index("area_code")
    assert areas["category"].to_dict() == {
        "A": "confirmed", "B": "resource", "C": "hidden", "D": "inconspicuous",
        "E": "insufficient_data", "F": "insufficient_data", "G": "inconspicuous",
    }  # fmt: skip
    assert list(result.areas.columns) == [
        "area_code", "index", "class", "class_label", "resident_n", "resident_median",
        "median_play", "median_work", "category",
    ]  # fmt: skip
    assert areas.loc["A", "resident_n"] == 5 and areas.loc["A", "resident_median"] == 2.0
    assert pd.isna(areas.loc["E", "resident_n"]) and math.isnan(areas.loc["E", "median_work"])
    assert result.areas["resident_n"].dtype == "Int64"
    # with classes 4 only as "need", the resource area B becomes inconspicuous
    strict = validate_needs(INDEX, RESIDENTS, id_column="PLR_ID", need_classes=(4,))
    assert strict.areas.set_index("area_code").loc["B", "category"] == "inconspicuous"


def test_need_and_low_ratings_give_negative_rho():
    index = index_table([(c, float(i), 2, "mittel") for i, c in enumerate("PQRST")])
    ratings = ratings_for({c: [7 - i] * 5 for i, c in enumerate("PQRST")})
    result = validate_needs(index, ratings, id_column="PLR_ID")
    assert result.correlation["rho"] == pytest.approx(-1.0)
    assert result.correlation["n"] == 5 and result.correlation["p_value"] < 0.05
    few = validate_needs(index.head(2), ratings, id_column="PLR_ID")
    assert math.isnan(few.correlation["rho"]) and few.correlation["n"] == 2


def test_gaps_only_where_both_groups_are_large_enough():
    experts = ratings_for({"A": [4, 4, 4, 5, 4], "B": [3, 3, 3, 3]}, role="expert")
    result = validate_needs(INDEX, pd.concat([RESIDENTS, experts]), id_column="PLR_ID")
    expected = pd.DataFrame(
        {
            "area_code": ["A", "A", "all", "all"],
            "theme": ["play", "work", "play", "work"],
            # The all-areas row pools only published groups: E's 3 residents and B's 4
            # experts stay out, so no total minus published parts reveals them.
            "resident_n": pd.array([5, 5, 30, 30], dtype="Int64"),
            "expert_n": pd.array([5, 5, 5, 5], dtype="Int64"),
            "resident_median": [2.0, 2.0, 4.0, 4.0],
            "expert_median": [4.0, 4.0, 4.0, 4.0],
            "gap": [2.0, 2.0, 0.0, 0.0],
        }
    )
    pdt.assert_frame_equal(result.gaps, expected, check_dtype=False)


def test_domains_use_the_latest_year():
    index = index_table([(c, float(i), 2, "mittel") for i, c in enumerate("PQRST")])
    ratings = ratings_for({c: [7 - i] * 5 for i, c in enumerate("PQRST")})
    indicators = pd.DataFrame(
        {
            "area_code": list("PQRST") * 2,
            "indicator": "S1",
            "year": pd.array([2022] * 5 + [2023] * 5, dtype="Int64"),
            "value": [5.0, 4, 3, 2, 1] + [1.0, 2, 3, 4, 5],
        }
    )
    result = validate_needs(
        index, ratings, id_column="PLR_ID", theme_domains={"work": ["S1", "nope"]},
        indicators=indicators,
    )  # fmt: skip
    row = result.domains.iloc[0]
    assert len(result.domains) == 1
    assert (row["theme"], row["indicator"], row["year"], row["n"]) == ("work", "S1", 2023, 5)
    assert row["rho"] == pytest.approx(-1.0)
    assert list(result.domains.columns) == ["theme", "indicator", "year", "rho", "p_value", "n"]
    assert validate_needs(index, ratings, id_column="PLR_ID").domains.empty
    assert "work" in DEFAULT_THEME_DOMAINS


def test_input_checks():
    with pytest.raises(ValueError, match="no column 'area_code'"):
        validate_needs(INDEX, RESIDENTS)
    two_rounds = pd.concat([RESIDENTS, RESIDENTS.assign(round="2025")])
    with pytest.raises(ValueError, match="several rounds"):
        validate_needs(INDEX, two_rounds, id_column="PLR_ID")


def test_all_areas_row_leaves_out_suppressed_theme_groups():
    # In A two of six residents skipped "play": the play group of A (4) is suppressed while A's
    # residents as a whole (6) are shown. Pooling A's play ratings into the all-areas row would
    # let "all minus B" reveal the suppressed group's size.
    residents = ratings_for({"A": [2] * 6, "B": [5] * 5})
    skipped = (residents["area_code"] == "A") & (residents["theme"] == "play")
    residents = residents[~(skipped & residents["response_id"].isin(["r-A-0", "r-A-1"]))]
    experts = ratings_for({"A": [4] * 5, "B": [4] * 5}, role="expert")
    result = validate_needs(INDEX, pd.concat([residents, experts]), id_column="PLR_ID")
    gaps = result.gaps.set_index(["area_code", "theme"])
    assert ("A", "play") not in gaps.index and gaps.loc[("A", "work"), "resident_n"] == 6
    assert gaps.loc[("all", "play"), "resident_n"] == gaps.loc[("B", "play"), "resident_n"] == 5
    assert gaps.loc[("all", "work"), "resident_n"] == 11


def test_precomputed_aggregates_give_the_same_result():
    from analysis.aggregate import aggregate_ratings, overall_scores

    experts = ratings_for({"A": [4, 4, 4, 5, 4], "B": [3, 3, 3, 3]}, role="expert")
    ratings = pd.concat([RESIDENTS, experts]).astype({"area_code": "category"})
    plain = validate_needs(INDEX, ratings, id_column="PLR_ID")
    given = validate_needs(
        INDEX,
        ratings,
        id_column="PLR_ID",
        aggregates=aggregate_ratings(ratings, k=5, by=("area_code", "role", "theme")),
        overall=overall_scores(ratings, k=5, by=("area_code", "role")),
    )
    pdt.assert_frame_equal(plain.areas, given.areas)
    pdt.assert_frame_equal(plain.gaps, given.gaps)
    with pytest.raises(ValueError, match="smaller k"):
        validate_needs(
            INDEX,
            ratings,
            id_column="PLR_ID",
            k=6,
            overall=overall_scores(ratings, k=5, by=("area_code", "role")),
        )
