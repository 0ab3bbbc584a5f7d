"""Statistics from score counts equal the statistics of the raw ratings, exactly."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.stats.aggregate import aggregate_counts, aggregate_ratings, overall_scores
from analysis.stats.score_counts import count_people, count_scores, score_statistics
from tests.support.aggregate_oracle import direct_aggregates

BY = ["round", "area_code", "role"]
SCALES = st.sampled_from([(1, 7), (1, 3), (0, 10)])


@st.composite
def campaigns(draw) -> tuple[pd.DataFrame, tuple[int, int]]:
    """Random raw ratings: people in areas and roles who score some themes (or can't say)."""
    low, high = draw(SCALES)
    scores = st.one_of(st.none(), st.integers(low, high))
    people = draw(st.integers(0, 60))
    rows = []
    for person in range(people):
        area = draw(st.sampled_from(["1 a", "15 b", "Z"]))
        role = draw(st.sampled_from(["resident", "expert"]))
        themes = draw(st.sets(st.sampled_from(["play", "safety", "work"]), min_size=1))
        for theme in sorted(themes):
            rows.append((person, "2026", area, role, theme, draw(scores)))
    frame = pd.DataFrame(rows, columns=["response_id", *BY, "theme", "score"])
    return frame.astype({"score": "float64", "response_id": "int64"}), (low, high)


def _python_counts(ratings: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Counts as SQL's GROUP BY gives them, made without pandas' group-by."""
    counted = Counter(
        (*key, None if np.isnan(score) else score)
        for *key, score in ratings[[*by, "score"]].itertuples(index=False)
    )
    rows = [(*key, np.nan if s is None else s, n) for (*key, s), n in counted.items()]
    rows.reverse()  # the database gives no order
    return pd.DataFrame(rows, columns=[*by, "score", "count"])


@settings(max_examples=150, deadline=None)
@given(campaigns(), st.integers(1, 6))
def test_counts_give_the_tables_of_the_raw_ratings(campaign, k):
    ratings, scale = campaign
    for by, aggregate in ((BY + ["theme"], aggregate_ratings), (BY, overall_scores)):
        expected = direct_aggregates(ratings, k, by, scale=scale)
        pdt.assert_frame_equal(aggregate(ratings, k=k, by=by, scale=scale), expected)
        people = count_people(ratings, by)
        counts = _python_counts(ratings, BY + ["theme"])
        from_counts = aggregate_counts(counts, k=k, by=by, scale=scale, people=people)
        pdt.assert_frame_equal(from_counts, expected, check_index_type=False)


def test_statistics_of_hand_counted_scores():
    # scores 1, 2, 2, 6, 7, 7, 7 and two "can't say": median 6, q1 2, q3 7, mean 32/7
    counts = pd.DataFrame(
        {"theme": "play", "score": [7.0, 1.0, np.nan, 2.0, 6.0], "count": [3, 1, 2, 2, 1]}
    )
    row = score_statistics(counts, ["theme"]).iloc[0]
    assert (row["n_respondents"], row["n"], row["n_cant_say"]) == (9, 7, 2)
    assert (row["median"], row["q1"], row["q3"]) == (6.0, 2.0, 7.0)
    assert row["mean"] == pytest.approx(32 / 7)
    assert (row["share_low"], row["share_high"]) == (3 / 7, 4 / 7)


def test_a_group_of_only_cant_say_has_counts_and_no_statistics():
    counts = pd.DataFrame({"theme": ["a", "b"], "score": [np.nan, 3.0], "count": [5, 5]})
    result = aggregate_counts(counts, k=5, by=["theme"])
    only_na = result.iloc[0]
    assert bool(only_na["suppressed"]) and pd.isna(only_na["median"])
    assert not result.iloc[1]["suppressed"] and result.iloc[1]["median"] == 3.0


def test_counts_refuse_scores_outside_the_scale():
    counts = pd.DataFrame({"theme": "a", "score": [3.0, 9.0], "count": [4, 2]})
    with pytest.raises(ValueError, match="2 score"):
        score_statistics(counts, ["theme"], scale=(1, 7))


def test_overall_counts_need_the_people_table():
    counts = count_scores(
        pd.DataFrame({"area": "A", "theme": ["x"], "score": [3.0]}), ["area", "theme"]
    )
    with pytest.raises(ValueError, match="people"):
        aggregate_counts(counts, k=1, by=["area"])
