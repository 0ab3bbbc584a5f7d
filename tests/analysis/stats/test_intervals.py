"""The scale, score counts, medians and their intervals, each on data with a known answer."""

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from analysis.stats.intervals import (
    _POISSON_TABLE,
    _poisson_weights,
    bootstrap_medians,
    bootstrap_pooled_medians,
    median_from_counts,
    median_interval,
    percentile_interval,
)
from analysis.stats.scale import Scale, band_limits, scale_of
from analysis.stats.scores import count_scores

# --- the scale ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "low_band", "high_band", "thresholds"),
    [
        (1, 7, 2, 6, (3.5, 4.5)),
        (1, 3, 1, 3, (1.5, 2.5)),
        (1, 5, 1, 5, (2.5, 3.5)),
        (1, 8, 2, 7, (4.0, 5.0)),
        (0, 10, 2, 8, (4.5, 5.5)),
    ],
)
def test_bands_and_thresholds_are_rules_on_the_scale(low, high, low_band, high_band, thresholds):
    scale = Scale(low, high)
    assert (scale.low_band_max, scale.high_band_min) == (low_band, high_band)
    assert scale.thresholds() == thresholds
    assert scale.low_band_max < scale.high_band_min  # the bands never overlap
    vector = band_limits(np.array([low]), np.array([high]))
    assert (int(vector[0][0]), int(vector[1][0])) == (low_band, high_band)


def test_scale_refuses_what_is_not_a_scale():
    with pytest.raises(ValueError, match="below its maximum"):
        Scale(3, 3)
    with pytest.raises(ValueError, match="whole numbers"):
        Scale(1, 7.5)
    with pytest.raises(ValueError, match="margin"):
        Scale(1, 3).thresholds(1.0)
    assert Scale(1, 7).thresholds(0) == (4.0, 4.0)
    with pytest.raises(ValueError, match="margin"):  # 1-2: the default would be the ends
        Scale(1, 2).thresholds()
    assert Scale(1, 2).thresholds(0.25) == (1.25, 1.75)
    themes = pd.DataFrame({"slug": ["a", "b"], "scale_min": [1, 1], "scale_max": [3, 7]})
    with pytest.raises(ValueError, match="several scales .1–3, 1–7."):
        scale_of(themes)
    with pytest.raises(ValueError, match="name no scale"):
        scale_of(pd.DataFrame({"slug": ["a"]}), default=None)
    assert scale_of(None, (0, 4)) == Scale(0, 4)


# --- medians and their intervals ------------------------------------------------------------


def test_counting_scores_per_group_and_person():
    ratings = pd.DataFrame(
        {
            "response_id": [1, 1, 2, 2, 3, 4],
            "area_code": pd.Categorical(
                ["B", "B", "A", "A", "A", None], categories=["A", "B", "C"]
            ),
            "role": "resident",
            "score": [1.0, 3.0, 2.0, np.nan, 3.0, 1.0],
        }
    )
    counts = count_scores(ratings, ["area_code", "role"], Scale(1, 3))
    assert counts.keys.values.tolist() == [["A", "resident"], ["B", "resident"]]  # no C, no None
    assert counts.counts.tolist() == [[0, 1, 1], [1, 0, 1]]
    assert counts.people.tolist() == [2, 1]
    assert counts.person_counts.sum() == 4  # the score without an area belongs to no group
    with pytest.raises(ValueError, match="outside the scale 1–3 or are not whole numbers"):
        count_scores(ratings.assign(score=2.5), ["area_code"], Scale(1, 3))


def test_median_from_counts_equals_numpy_median():
    rng = np.random.default_rng(1)
    values = np.arange(1.0, 8.0)
    for _ in range(50):
        scores = rng.integers(1, 8, rng.integers(1, 30))
        counts = np.bincount(scores - 1, minlength=7)
        assert median_from_counts(counts, values) == np.median(scores)


@pytest.mark.parametrize("n", [6, 7, 10, 11, 25, 60, 200])
def test_exact_median_interval_is_the_tightest_with_at_least_95_percent_coverage(n):
    # n distinct scores 1..n: the interval is [l, n + 1 - l] with the binomial rank l
    low, high = median_interval(np.ones((1, n), dtype=int), np.arange(1.0, n + 1))
    rank = int(low[0])
    assert high[0] == n + 1 - rank
    assert 1 - 2 * stats.binom.cdf(rank - 1, n, 0.5) >= 0.95  # covers at least 95 %
    assert 1 - 2 * stats.binom.cdf(rank, n, 0.5) < 0.95  # one step tighter would not
    if n == 10:
        assert (low[0], high[0]) == (2.0, 9.0)


def test_median_interval_needs_six_scores_at_95_percent():
    counts = np.array([[5, 0, 0], [6, 0, 0], [0, 0, 0]])
    low, high = median_interval(counts, np.array([1.0, 2, 3]))
    assert math.isnan(low[0]) and math.isnan(high[0])  # 5 scores: 2/32 > 5 % at best
    assert (low[1], high[1]) == (1.0, 1.0) and math.isnan(low[2])
    low90, _ = median_interval(counts, np.array([1.0, 2, 3]), level=0.9)
    assert low90[0] == 1.0  # at 90 %, five scores suffice


def test_bootstrap_medians_match_the_exact_bootstrap_distribution():
    # the bootstrap distribution of the median of 1, 2, 3: enumerate all 27 resamples
    exact = pd.Series([np.median(s) for s in itertools.product([1, 2, 3], repeat=3)])
    expected = exact.value_counts(normalize=True).sort_index()
    drawn = bootstrap_medians(np.array([[1, 1, 1]]), np.array([1.0, 2, 3]), 100_000,
                              np.random.default_rng(3))[:, 0]  # fmt: skip
    observed = pd.Series(drawn).value_counts(normalize=True).sort_index()
    pd.testing.assert_index_equal(observed.index, expected.index.astype(float))
    np.testing.assert_allclose(observed.to_numpy(), expected.to_numpy(), atol=0.005)
    # even n: four scores 1 1 3 3 -> medians 1, 2 (two 1s and two 3s drawn) or 3
    even = bootstrap_medians(np.array([[2, 0, 2]]), np.array([1.0, 2, 3]), 100_000,
                             np.random.default_rng(4))[:, 0]  # fmt: skip
    assert (even == 2).mean() == pytest.approx(6 / 16, abs=0.005)
    assert np.isnan(
        bootstrap_medians(np.zeros((1, 3)), np.arange(3.0), 5, np.random.default_rng())
    )[:, 0].all()


def test_the_poisson_table_is_poisson_one():
    values, counts = np.unique(_POISSON_TABLE, return_counts=True)
    np.testing.assert_allclose(counts / counts.sum(), stats.poisson.pmf(values, 1), atol=1e-4)
    assert _POISSON_TABLE.mean() == pytest.approx(1, abs=1e-4)
    assert _POISSON_TABLE.var() == pytest.approx(1, abs=1e-3)


def test_pooled_bootstrap_resamples_people_not_scores():
    # Both groups have 140 ones and 140 sevens. In X every person gives seven of each; in Y
    # ten people give only ones, ten only sevens. Resampling people makes Y's median far less
    # certain: a bootstrap over single scores could not tell the two apart.
    mixed = np.tile([7, 0, 0, 0, 0, 0, 7], (20, 1))
    split = np.vstack([np.tile([14, 0, 0, 0, 0, 0, 0], (10, 1)),
                       np.tile([0, 0, 0, 0, 0, 0, 14], (10, 1))])  # fmt: skip
    people = np.vstack([mixed, split])
    group = np.repeat([0, 1], 20)
    boot = bootstrap_pooled_medians(people, group, 2, np.arange(1.0, 8), 2000,
                                    np.random.default_rng(5))  # fmt: skip
    assert set(np.unique(boot[:, 0])) == {4.0}
    assert {1.0, 7.0} <= set(np.unique(boot[:, 1]))
    low, high = percentile_interval(boot)
    assert (low[0], high[0]) == (4.0, 4.0) and (low[1], high[1]) == (1.0, 7.0)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), st.lists(st.integers(0, 4), min_size=3, max_size=3)),
             min_size=1, max_size=25),
    st.integers(0, 2**32 - 1),
)  # fmt: skip
def test_pooled_bootstrap_is_the_median_of_each_replicates_resampled_scores(people, seed):
    # The replicate, rebuilt score by score: each person's scores repeated by their Poisson
    # weight (drawn from the same seed, group after group), then the plain median. The fast
    # path (weights times count vectors) must give exactly that, replicate for replicate.
    groups = np.array([g for g, _ in people])
    counts = np.array([c for _, c in people])
    values = np.array([1.0, 2.0, 3.0])
    fast = bootstrap_pooled_medians(counts, groups, 3, values, 40, np.random.default_rng(seed))
    rng = np.random.default_rng(seed)
    for g in range(3):
        members = counts[groups == g]
        if len(members) == 0:
            assert np.isnan(fast[:, g]).all()
            continue
        weights = _poisson_weights(40, len(members), rng)
        for r in range(40):
            scores = [
                v
                for w, c in zip(weights[r], members, strict=True)
                for v, n in zip(values, c, strict=True)
                for _ in range(int(w) * n)
            ]
            expected = np.median(scores) if scores else np.nan
            np.testing.assert_equal(fast[r, g], expected)


def test_percentile_interval_refuses_mostly_undefined_replicates():
    samples = np.column_stack([np.arange(100.0), np.r_[np.full(10, np.nan), np.arange(90.0)]])
    low, high = percentile_interval(samples)
    assert low[0] == pytest.approx(2.475) and math.isnan(low[1]) and math.isnan(high[1])
