"""A measure's change against the rest of the Kommune, and whether two intervals overlap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.measure_change import (
    against_the_rest,
    change_interval,
    intervals_overlap,
    kommune_mean,
)


def test_the_rest_leaves_out_the_measures_areas_and_areas_without_both_values():
    start = pd.Series({"a": 10.0, "b": 8.0, "c": 6.0, "d": 5.0, "e": np.nan})
    end = pd.Series({"a": 7.0, "b": 9.0, "c": 4.0, "d": 8.0, "e": 3.0, "f": 1.0})
    table = against_the_rest(start, end, ["a", "b"])
    # rest: c (-2) and d (+3); e has no start, f no start
    assert table["rest_areas"].tolist() == [2, 2]
    assert table["rest_change"].tolist() == [0.5, 0.5]
    assert table["change"].tolist() == [-3.0, 1.0]
    assert table["difference"].tolist() == [-3.5, 0.5]


def test_missing_values_stay_missing():
    table = against_the_rest(pd.Series({"a": np.nan, "b": 1.0}), pd.Series({"b": 2.0}), ["a"])
    assert np.isnan(table.loc[0, "change"]) and np.isnan(table.loc[0, "difference"])
    alone = against_the_rest(pd.Series({"a": 1.0}), pd.Series({"a": 2.0}), ["a"])
    assert alone.loc[0, "rest_areas"] == 0 and np.isnan(alone.loc[0, "rest_change"])


def test_bad_input_is_refused():
    with pytest.raises(TypeError):
        against_the_rest([1.0], pd.Series({"a": 1.0}), ["a"])
    with pytest.raises(ValueError, match="more than one value"):
        against_the_rest(pd.Series([1.0, 2.0], index=["a", "a"]), pd.Series({"a": 1.0}), ["a"])


def test_intervals_that_touch_overlap_and_unknown_ones_are_nan():
    got = intervals_overlap([3.0, 3.0, 3.0], [4.0, 4.0, np.nan], [4.0, 4.5, 1.0], [5.0, 5.0, 2.0])
    assert got[:2].tolist() == [1.0, 0.0] and np.isnan(got[2])


def test_the_rest_is_weighted_by_population_where_every_area_has_one():
    start = pd.Series({"m": 5.0, "a": 10.0, "b": 10.0, "c": 10.0})
    end = pd.Series({"m": 5.0, "a": 12.0, "b": 9.0, "c": np.nan})
    # a: +2 with 100 people, b: -1 with 300 (c has no end value and does not count):
    # (100 * 2 + 300 * -1) / 400 = -0.25, where the plain mean would be +0.5
    weighted = against_the_rest(start, end, ["m"], pd.Series({"a": 100, "b": 300, "m": 9}))
    assert weighted.loc[0, "rest_change"] == -0.25 and weighted.loc[0, "rest_weighted"]
    assert weighted.loc[0, "difference"] == 0.25
    # one of the two without a population: the plain mean, and it says so
    partly = against_the_rest(start, end, ["m"], pd.Series({"a": 100, "b": np.nan}))
    assert partly.loc[0, "rest_change"] == 0.5 and not partly.loc[0, "rest_weighted"]
    assert kommune_mean(pd.Series({"a": 1.0}), pd.Series({"a": 0})) == (1.0, False)


def test_the_change_interval_by_hand():
    values = np.array([1.0, 2.0, 3.0])
    # the same scores in every resample: no doubt about the change of +1
    sure = change_interval(np.array([[0, 9, 0]]), np.array([[0, 0, 9]]), values)
    assert sure == (1.0, 1.0)
    # before: five 1s, five 3s. The median of ten draws is 1 or 3 with probability
    # (1 - C(10,5)/2**10) / 2 = 0.377 each, 2 with 0.246; after: ten 2s. So the change is
    # -1, 0 or +1 with 0.377, 0.246, 0.377: the 95 % interval runs from -1 to +1
    spread = change_interval(np.array([[5, 0, 5]]), np.array([[0, 10, 0]]), values,
                             rng=np.random.default_rng(7))  # fmt: skip
    assert spread == (-1.0, 1.0)
    # two areas: the sure one (+1) weighted 3 to 1 against the spread one: the mean change
    # lies in 3/4 + [-1, 1]/4, i.e. [0.5, 1.0]
    both = change_interval(np.array([[0, 9, 0], [5, 0, 5]]), np.array([[0, 0, 9], [0, 10, 0]]),
                           values, np.array([3.0, 1.0]), rng=np.random.default_rng(7))  # fmt: skip
    assert both == (0.5, 1.0)
    # an area without scores in a round: no interval, never a made-up one
    lost = change_interval(np.array([[0, 0, 0]]), np.array([[0, 10, 0]]), values)
    assert np.isnan(lost).all()
    with pytest.raises(ValueError, match="both be"):
        change_interval(np.array([1, 2, 3]), np.array([1, 2, 3]), values)
