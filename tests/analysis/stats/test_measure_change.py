"""A measure's change against the rest of the Kommune, and whether two intervals overlap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.stats.measure_change import against_the_rest, intervals_overlap


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
