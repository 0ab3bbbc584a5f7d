"""Needs validation: categories only where the intervals clear the thresholds, associations with
intervals and honest p-values, BH-adjusted tests, sensitivity, any scale."""

import math

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from scipy import stats

from analysis.stats.aggregate import aggregate_ratings, overall_scores
from analysis.stats.validate import validate_needs
from tests.support.texts import german_texts
from tests.support.validation import five_areas, index_table, ratings_for

DE = german_texts().validation


INDEX = index_table(
    [
        ("A", 2.0, 4, "sehr niedrig"),
        ("B", 1.2, 3, "niedrig"),
        ("C", -1.5, 1, "hoch"),
        ("D", 0.0, 2, "mittel"),
        ("E", 0.1, 2, "mittel"),
        ("F", np.nan, None, None),
        ("G", 1.1, 3, "niedrig"),
        ("H", 1.6, 4, "sehr niedrig"),
        ("I", -0.2, 2, "mittel"),
    ]
)
RESIDENTS = ratings_for(
    {
        "A": [2] * 12,  # need, rated low: confirmed
        "B": [6] * 12,  # need, rated high: resource
        "C": [3] * 12,  # no need, rated low: hidden
        "D": [5] * 12,  # no need, not low: inconspicuous
        "E": [1, 1, 1],  # 3 respondents: suppressed at k = 5
        "F": [2] * 12,  # no index
        "G": [4] * 12,  # need, between the thresholds: inconspicuous
        "H": [3] * 6 + [4] * 6,  # median 3.5, exactly on the threshold
        "I": [1] * 7,  # published (k = 5), but fewer than 10 answers
    }
)


def test_categories_only_where_the_interval_clears_the_threshold():
    result = validate_needs(INDEX, RESIDENTS, id_column="PLR_ID")
    areas = result.areas.set_index("area_code")
    assert areas[["category", "reason"]].to_dict("index") == {
        "A": {"category": "confirmed", "reason": ""},
        "B": {"category": "resource", "reason": ""},
        "C": {"category": "hidden", "reason": ""},
        "D": {"category": "inconspicuous", "reason": ""},
        "E": {"category": "unclear", "reason": "too_few_answers"},
        "F": {"category": "unclear", "reason": "no_index"},
        "G": {"category": "inconspicuous", "reason": ""},
        "H": {"category": "unclear", "reason": "interval_spans_threshold"},
        "I": {"category": "unclear", "reason": "too_few_answers"},
    }
    assert list(result.areas.columns) == [
        "area_code", "index", "class", "class_label", "resident_n", "resident_median",
        "resident_low", "resident_high", "expert_n", "expert_median", "expert_low",
        "expert_high", "median_play", "median_work", "category", "reason", "expert_category",
        "expert_reason",
    ]  # fmt: skip
    assert (areas.loc["A", "resident_low"], areas.loc["A", "resident_high"]) == (2.0, 2.0)
    assert areas.loc["H", "resident_median"] == 3.5
    assert areas.loc["H", "resident_low"] <= 3.5 <= areas.loc["H", "resident_high"]
    assert areas.loc["I", "resident_n"] == 7 and math.isnan(areas.loc["I", "resident_low"])
    assert pd.isna(areas.loc["E", "resident_n"]) and math.isnan(areas.loc["E", "median_work"])
    assert result.areas["resident_n"].dtype == "Int64"
    assert (areas["expert_reason"] == "too_few_answers").sum() == 8  # no experts at all
    assert result.params["thresholds"] == [3.5, 4.5] and result.params["scale"] == [1, 7]
    # with class 4 only as "need", the resource area B becomes inconspicuous
    strict = validate_needs(INDEX, RESIDENTS, id_column="PLR_ID", need_classes=(4,))
    assert strict.areas.set_index("area_code").loc["B", "category"] == "inconspicuous"
    # a wider margin (one step: 3 and 5) leaves C's 3 on the threshold, so C is unclear
    wide = validate_needs(INDEX, RESIDENTS, id_column="PLR_ID", margin=1.0)
    assert wide.areas.set_index("area_code").loc["C", "reason"] == "interval_spans_threshold"
    assert wide.params["thresholds"] == [3.0, 5.0]


def test_theme_scores_carry_exact_intervals_and_categories():
    plan = {"A": [1, 2, 2, 2, 2, 3, 3, 3, 3, 4], "B": [3, 3, 3, 3, 3, 6]}
    experts = ratings_for({"A": [5] * 12}, role="expert", themes=("play",))
    result = validate_needs(INDEX, pd.concat([ratings_for(plan), experts]), id_column="PLR_ID")
    themes = result.theme_scores.set_index(["area_code", "role", "theme"])
    # ten scores 1 2 2 2 2 3 3 3 3 4: the 95 % interval runs from the 2nd to the 9th score
    a = themes.loc[("A", "resident", "work")]
    assert (a["n"], a["median"], a["low"], a["high"]) == (10, 2.5, 2.0, 3.0)
    assert (a["category"], a["reason"]) == ("confirmed", "")
    b = themes.loc[("B", "resident", "play")]  # six scores: published, but below ten
    assert (b["n"], b["median"], b["category"], b["reason"]) == (
        6,
        3.0,
        "unclear",
        "too_few_answers",
    )
    e = themes.loc[("A", "expert", "play")]
    assert (e["low"], e["high"], e["category"]) == (5.0, 5.0, "resource")  # A: need, rated 5
    assert list(result.theme_scores.columns) == [
        "area_code", "role", "theme", "n", "median", "low", "high", "category", "reason",
    ]  # fmt: skip


def test_suppressed_theme_groups_keep_a_row_without_numbers():
    # five residents, two of whom say "can't say" to play: play is not published at k = 5
    ratings = ratings_for({"A": [2] * 5})
    skipped = (ratings["theme"] == "play") & ratings["response_id"].isin(["r-A-0", "r-A-1"])
    ratings.loc[skipped, "score"] = np.nan
    result = validate_needs(INDEX, ratings, id_column="PLR_ID", min_answers=5)
    play = result.theme_scores.set_index(["theme"]).loc["play"]
    assert pd.isna(play["n"]) and math.isnan(play["median"]) and math.isnan(play["low"])
    assert (play["category"], play["reason"]) == ("unclear", "too_few_answers")
    assert result.theme_scores.set_index("theme").loc["work", "n"] == 5


def test_perfect_agreement_gives_rho_and_tau_of_minus_one_with_exact_p():
    index, ratings = five_areas()
    result = validate_needs(index, ratings, id_column="PLR_ID")
    a = result.association
    assert (a["rho"], a["tau_b"]) == (pytest.approx(-1.0), pytest.approx(-1.0))
    # every resample of perfectly ordered areas is perfectly ordered again
    assert a["rho_low"] == pytest.approx(-1.0) and a["rho_high"] == pytest.approx(-1.0)
    assert a["tau_low"] == pytest.approx(-1.0) and a["tau_high"] == pytest.approx(-1.0)
    # exact: 2 of the 5! = 120 orderings are as extreme (rho = -1 or +1)
    assert a["p_method"] == "exact" and a["rho_p"] == pytest.approx(2 / 120)
    assert (a["n_areas"], a["n_respondents"], a["replicates"]) == (5, 25, 1000)
    assert a["mde_rho"] == pytest.approx(math.tanh((1.959964 + 0.841621) / math.sqrt(2)), 1e-5)
    few = validate_needs(index.head(2), ratings, id_column="PLR_ID", texts=DE)
    assert math.isnan(few.association["rho"]) and few.association["n_areas"] == 2
    assert (
        few.association["p_method"] == ""
        and "Zu wenige Quartiere mit Index und genug Antworten (2)" in few.summary
    )


def test_p_values_suit_the_number_of_areas():
    rng = np.random.default_rng(7)
    for n, method in ((8, "exact"), (20, "permutation"), (45, "asymptotic")):
        x = rng.normal(size=n)
        y = np.round(3 - 0.6 * x + rng.normal(size=n))
        index = index_table([(f"a{i:02d}", v, 2, "mittel") for i, v in enumerate(x)])
        ratings = ratings_for({f"a{i:02d}": [int(np.clip(v, 1, 7))] * 5 for i, v in enumerate(y)})
        a = validate_needs(index, ratings, id_column="PLR_ID", replicates=200).association
        medians = np.clip(y, 1, 7)
        assert a["p_method"] == method
        assert a["rho"] == pytest.approx(stats.spearmanr(x, medians).statistic)
        assert a["tau_b"] == pytest.approx(stats.kendalltau(x, medians).statistic)
        # a permutation test and the large-sample approximation agree where both are good
        assert a["rho_p"] == pytest.approx(stats.spearmanr(x, medians).pvalue, abs=0.03)


def test_summary_names_what_the_areas_can_show():
    rng = np.random.default_rng(3)
    codes = [f"a{i:02d}" for i in range(12)]
    index = index_table([(c, float(i), 2, "mittel") for i, c in enumerate(codes)])
    ratings = ratings_for({c: list(rng.integers(2, 7, 12)) for c in codes})
    result = validate_needs(index, ratings, id_column="PLR_ID", texts=DE)
    assert result.summary.startswith(
        "Mit 12 Quartieren lässt sich nur ein sehr starker Zusammenhang sicher erkennen "
        "(ab etwa ρ = 0,73)."
    )
    english = validate_needs(index, ratings, id_column="PLR_ID").summary
    assert english.startswith("With 12 areas only a very strong association can be detected")
    assert "144 Antwortende" in result.summary and "144 respondents" in english


def test_three_point_scale_everyone_answers_three():
    index = index_table([("A", 2.0, 4, "sehr niedrig"), ("B", -0.5, 2, "mittel")])
    ratings = ratings_for({"A": [3] * 12, "B": [3] * 12})
    result = validate_needs(index, ratings, id_column="PLR_ID", scale=(1, 3))
    areas = result.areas.set_index("area_code")
    assert result.params["thresholds"] == [1.5, 2.5]
    assert areas["category"].to_dict() == {"A": "resource", "B": "inconspicuous"}
    assert "confirmed" not in set(result.theme_scores["category"])
    # read on 1-7 the same 3s would be low and confirm the need: the scale matters
    assert (
        validate_needs(index, ratings, id_column="PLR_ID").areas["category"].iloc[0] == "confirmed"
    )
    # the scale can also come with the ratings
    carried = validate_needs(index, ratings.assign(scale_min=1, scale_max=3), id_column="PLR_ID")
    assert carried.params["scale"] == [1, 3]


def test_precomputed_aggregates_give_the_same_result():
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
    pdt.assert_frame_equal(plain.theme_scores, given.theme_scores)
    assert plain.association == given.association
    with pytest.raises(ValueError, match="smaller k"):
        validate_needs(
            INDEX,
            ratings,
            id_column="PLR_ID",
            k=6,
            overall=overall_scores(ratings, k=5, by=("area_code", "role")),
        )


def test_same_seed_same_result_other_seed_other_replicates():
    one = validate_needs(INDEX, RESIDENTS, id_column="PLR_ID", seed=1).association
    assert one == validate_needs(INDEX, RESIDENTS, id_column="PLR_ID", seed=1).association
    fewer = validate_needs(INDEX, RESIDENTS, id_column="PLR_ID", replicates=300)
    assert fewer.association["replicates"] == 300 and fewer.params["replicates"] == 300


@pytest.mark.parametrize(
    "scores",
    [
        {},  # no answers at all
        {"A": [np.nan] * 8},  # only "can't say"
        {"Z": [3] * 12},  # answers only from an area without index
    ],
)
def test_nothing_to_judge_gives_unclear_everywhere_not_an_error(scores):
    ratings = ratings_for(scores).astype({"score": "float64"})
    if ratings.empty:
        ratings = ratings.astype({"response_id": "str"})
    result = validate_needs(INDEX, ratings, id_column="PLR_ID", shrinkage=True, texts=DE)
    assert (result.areas["category"] == "unclear").all()
    assert result.association["n_areas"] == 0 and math.isnan(result.association["rho"])
    assert result.summary.startswith("Zu wenige Quartiere mit Index und genug Antworten (0)")
    assert result.tests.empty


def test_input_checks():
    with pytest.raises(ValueError, match="no column 'area_code'"):
        validate_needs(INDEX, RESIDENTS)
    two_rounds = pd.concat([RESIDENTS, RESIDENTS.assign(round="2025")])
    with pytest.raises(ValueError, match="several rounds"):
        validate_needs(INDEX, two_rounds, id_column="PLR_ID")
    with pytest.raises(ValueError, match="outside the scale 1–3"):
        validate_needs(INDEX, RESIDENTS, id_column="PLR_ID", scale=(1, 3))
    with pytest.raises(ValueError, match="several scales"):
        mixed = RESIDENTS.assign(scale_min=1, scale_max=np.where(RESIDENTS.index % 2, 3, 7))
        validate_needs(INDEX, mixed, id_column="PLR_ID")
    with pytest.raises(ValueError, match="margin"):
        validate_needs(INDEX, RESIDENTS, id_column="PLR_ID", margin=3)
    with pytest.raises(TypeError):
        validate_needs(INDEX.to_dict(), RESIDENTS, id_column="PLR_ID")
