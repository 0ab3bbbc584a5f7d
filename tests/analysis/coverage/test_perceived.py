"""Perceived versus measured: coverage against the theme's median rating per area."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.coverage import QUADRANTS, perceived_vs_measured
from analysis.stats.aggregate import aggregate_ratings


def ratings(scores: dict[tuple[str, str], list[int]]) -> pd.DataFrame:
    rows = []
    for (area, role), values in scores.items():
        for k, score in enumerate(values):
            rows.append((f"{area}-{role}-{k}", "2025", area, role, "play", score))
            rows.append((f"{area}-{role}-{k}", "2025", area, role, "work", 7))
    return pd.DataFrame(
        rows, columns=["response_id", "round", "area_code", "role", "theme", "score"]
    )


COVERAGE = pd.DataFrame(
    {
        "area_code": ["A", "B", "C", "D", "E", "F"],
        "share_within": [0.3, 0.3, 0.9, 0.9, 0.2, 0.95],
        "nearest_m": [800.0, 750.0, 150.0, 200.0, 900.0, 100.0],
    }
)


def test_quadrants_from_real_aggregates():
    medians = aggregate_ratings(
        ratings(
            {
                ("A", "resident"): [1, 2, 2, 3, 2],  # thin, rated low: confirmed gap
                ("B", "resident"): [6, 5, 6, 7, 6],  # thin, rated well: unnoticed gap
                ("C", "resident"): [2, 1, 2, 3, 1],  # covered, rated low: unseen offers
                ("D", "resident"): [6, 6, 5, 7, 6],  # covered, rated well: matched
                ("E", "resident"): [1, 2, 1],  # three people: suppressed at k = 5
                ("F", "resident"): [3, 3, 4, 4, 3, 4],  # median 3.5 on the threshold: unclear
                ("A", "expert"): [5, 6, 6, 5, 6],
            }
        ),
        k=5,
    )
    q = perceived_vs_measured(COVERAGE, medians, theme="play", thin=0.5)
    residents = q[q["role"] == "resident"].set_index("area_code")["quadrant"].to_dict()
    assert residents == {
        "A": "confirmed_gap",
        "B": "unnoticed_gap",
        "C": "unseen_offers",
        "D": "matched",
        "E": "insufficient_data",
        "F": "unclear",
    }
    experts = q[q["role"] == "expert"].set_index("area_code")["quadrant"]
    assert experts["A"] == "unnoticed_gap"
    assert (experts.drop("A") == "insufficient_data").all()
    assert set(q["quadrant"]) <= set(QUADRANTS)
    assert q.attrs["params"]["rating_threshold"] == 3.5  # the validation's lower threshold
    reasons = q[q["role"] == "resident"].set_index("area_code")["reason"].to_dict()
    assert reasons["E"] == "too_few_answers" and reasons["F"] == "interval_spans_threshold"
    assert reasons["A"] == ""


def test_lower_is_better_measures_and_the_default_cut_at_the_median():
    medians = pd.DataFrame(
        {"area_code": list("ABCDEF"), "role": "resident", "theme": "play",
         "median": [2.0, 6.0, 2.0, 6.0, 2.0, 6.0], "suppressed": False}
    )  # fmt: skip
    q = perceived_vs_measured(
        COVERAGE, medians, theme="play", measure="nearest_m", roles=["resident"]
    )
    # median of nearest_m is 475 m: A, B, E farther (thin)
    assert q.attrs["params"]["thin_cut"] == 475.0
    assert q["thin"].tolist() == [True, True, False, False, True, False]
    assert q["quadrant"].tolist() == [
        "confirmed_gap", "unnoticed_gap", "unseen_offers", "matched", "confirmed_gap", "matched",
    ]  # fmt: skip


def test_an_interval_that_spans_the_threshold_is_unclear():
    """The interval columns are where issue 13's per-area intervals plug in."""
    medians = pd.DataFrame(
        {"area_code": list("ABCD"), "role": "resident", "theme": "play",
         "median": [2.0, 2.0, 6.0, 6.0], "ci_low": [1.0, 1.5, 3.0, 5.0],
         "ci_high": [3.0, 4.5, 7.0, 7.0], "suppressed": False}
    )  # fmt: skip
    q = perceived_vs_measured(
        COVERAGE.iloc[:4],
        medians,
        theme="play",
        thin=0.5,
        roles=["resident"],
        interval=("ci_low", "ci_high"),
    )
    assert q["quadrant"].tolist() == ["confirmed_gap", "unclear", "unclear", "matched"]
    assert q[["low", "high"]].values.tolist() == [[1.0, 3.0], [1.5, 4.5], [3.0, 7.0], [5.0, 7.0]]


def test_other_scales_move_the_threshold():
    medians = pd.DataFrame(
        {"area_code": ["A", "B"], "role": "resident", "theme": "play", "median": [1.0, 3.0]}
    )
    q = perceived_vs_measured(
        COVERAGE.iloc[:2], medians, theme="play", thin=0.5, roles=["resident"], scale=(1, 3)
    )
    assert q["quadrant"].tolist() == ["confirmed_gap", "unnoticed_gap"]


def test_missing_columns_are_clear_errors():
    medians = pd.DataFrame({"area_code": ["A"], "role": ["resident"], "theme": ["play"]})
    with pytest.raises(ValueError, match="the theme medians have no column 'median'"):
        perceived_vs_measured(COVERAGE, medians, theme="play")
    with pytest.raises(ValueError, match="needs the columns 'area_code' and 'per_1000'"):
        perceived_vs_measured(
            COVERAGE, medians.assign(median=np.nan), theme="play", measure="per_1000"
        )


def test_the_validation_theme_scores_decide_as_the_validation_does():
    """Same interval, same k, same threshold: a theme the validation calls unclear stays so."""
    from analysis.stats.validate import validate_needs

    scores = {
        ("A", "resident"): [1, 2, 2, 3, 2] * 3,  # 15 people, interval below 3.5
        ("B", "resident"): [6, 5, 6, 7, 6] * 3,
        ("C", "resident"): [1, 2, 5, 6, 2, 5, 6] * 2,  # 14 people, interval spans 3.5
        ("D", "resident"): [2, 2, 2, 2, 2, 2, 2],  # 7 people: published, too few for an interval
        ("E", "resident"): [1, 1, 1],  # 3 people: suppressed at k = 5
    }
    index = pd.DataFrame({"area_code": list("ABCDE"), "index": 0.0, "class": 2})
    theme_scores = validate_needs(index, ratings(scores), replicates=50).theme_scores
    q = perceived_vs_measured(COVERAGE.iloc[:5], theme_scores, theme="play", thin=0.5,
                              roles=["resident"], interval=("low", "high"))  # fmt: skip
    got = q.set_index("area_code")[["quadrant", "reason"]].apply(tuple, axis=1).to_dict()
    assert got == {
        "A": ("confirmed_gap", ""),
        "B": ("unnoticed_gap", ""),
        "C": ("unclear", "interval_spans_threshold"),
        "D": ("unclear", "too_few_answers"),
        "E": ("insufficient_data", "too_few_answers"),
    }
    validation = theme_scores[theme_scores["theme"] == "play"].set_index("area_code")
    assert validation.loc["C", "reason"] == "interval_spans_threshold"
    assert validation.loc["D", "reason"] == "too_few_answers"
