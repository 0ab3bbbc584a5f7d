"""A survey's results from one piece per Quartier equal the results computed at once, and a
Quartier's interval does not move when another Quartier gets an answer (issue 10 §3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.stats.area_pieces import combine, result_piece, round_scores, split
from analysis.stats.scale import Scale
from analysis.stats.validate import validate_needs
from tests.support.synthetic import synthetic_campaign

SCALE = Scale(1, 7)
REPLICATES = 200


@pytest.fixture(scope="module")
def data():
    return synthetic_campaign(8, 900, seed=4)


def _index(data) -> pd.DataFrame:
    codes = data.areas["code"].astype(str)
    return pd.DataFrame({"area_code": codes, "index": np.linspace(-1, 1, len(codes)),
                         "class": np.arange(len(codes)) % 4 + 1})  # fmt: skip


def _pieces(ratings: pd.DataFrame) -> list:
    return [
        result_piece(part, current="2024", scale=SCALE, replicates=REPLICATES, seed=3)
        for _code, part in ratings.groupby("area_code", sort=False)
    ]


def _by_key(scores) -> pd.DataFrame:
    """Each group's counts and bootstrap medians, one row per group, sorted by its key."""
    keys = scores.overall.keys
    frame = keys.assign(counts=[tuple(c) for c in scores.overall.counts],
                        people=scores.overall.people,
                        boot=[tuple(b) for b in scores.boot.T])  # fmt: skip
    return frame.sort_values(list(keys.columns), ignore_index=True)


def _themes(scores) -> pd.DataFrame:
    """Each theme group's counts, sorted by its key."""
    keys = scores.themes.keys
    frame = keys.assign(counts=[tuple(c) for c in scores.themes.counts])
    return frame.sort_values(list(keys.columns), ignore_index=True)


def test_pieces_per_quartier_combine_to_the_whole_survey(data):
    whole = result_piece(data.ratings, current="2024", scale=SCALE, replicates=REPLICATES, seed=3)
    combined = combine(_pieces(data.ratings))
    for name in ("counts", "people"):
        keys = [c for c in getattr(whole, name).columns if c not in ("count", "n_respondents",
                                                                     "n_scorers")]  # fmt: skip
        pdt.assert_frame_equal(
            getattr(combined, name).sort_values(keys, ignore_index=True),
            getattr(whole, name).sort_values(keys, ignore_index=True),
        )
    pdt.assert_frame_equal(_by_key(combined.now), _by_key(whole.now))
    pdt.assert_frame_equal(_themes(combined.now), _themes(whole.now))
    assert np.isfinite(combined.now.boot).any()


def test_the_validation_from_combined_pieces_equals_the_one_from_scratch(data):
    now = data.ratings[data.ratings["round"] == "2024"]
    kwargs = {"k": 5, "scale": SCALE, "replicates": REPLICATES, "seed": 3}
    scratch = validate_needs(_index(data), now, **kwargs)
    pieced = validate_needs(_index(data), now, scores=combine(_pieces(data.ratings)).now, **kwargs)
    pdt.assert_frame_equal(pieced.areas, scratch.areas)
    pdt.assert_frame_equal(pieced.theme_scores, scratch.theme_scores)
    assert pieced.association == scratch.association
    assert scratch.areas["resident_low"].notna().sum() >= 3  # intervals were there to compare


def test_a_quartiers_bootstrap_stays_when_another_quartier_gets_answers(data):
    now = data.ratings[data.ratings["round"] == "2024"]
    first, other = sorted(now["area_code"].unique())[:2]
    # The new answers go to the Quartier whose groups come first: with one generator for all
    # groups in turn, every later group's draws would shift.
    extra = now[now["area_code"] == first].head(40).assign(response_id=lambda f: f["response_id"]
                                                           .astype(str) + "-new")  # fmt: skip
    before = round_scores(now, SCALE, replicates=REPLICATES, seed=3)
    after = round_scores(pd.concat([extra, now]), SCALE, replicates=REPLICATES, seed=3)
    old, new = _by_key(before), _by_key(after)
    kept = old["area_code"] == other
    assert kept.any()
    pdt.assert_frame_equal(new[kept.to_numpy()], old[kept])
    changed = (old["area_code"] == first).to_numpy()
    assert (new.loc[changed, "people"] > old.loc[changed, "people"]).any()


def test_an_unchanged_quartiers_interval_is_identical_after_another_ones_answer(data):
    now = data.ratings[data.ratings["round"] == "2024"]
    first = sorted(now["area_code"].unique())[0]
    extra = now[now["area_code"] == first].head(30).assign(response_id=lambda f: f["response_id"]
                                                           .astype(str) + "-new")  # fmt: skip
    # Few replicates: their percentiles fall between the few values a median takes, so a
    # different draw shows in the interval.
    kwargs = {"k": 5, "scale": SCALE, "replicates": 30, "seed": 3}
    before = validate_needs(_index(data), now, **kwargs).areas.set_index("area_code")
    after = validate_needs(_index(data), pd.concat([now, extra]), **kwargs).areas
    after = after.set_index("area_code")
    others = [c for c in before.index if c != first and pd.notna(before.loc[c, "resident_low"])]
    assert others
    columns = ["resident_n", "resident_median", "resident_low", "resident_high"]
    pdt.assert_frame_equal(after.loc[others, columns], before.loc[others, columns])


def test_scores_bootstrapped_with_other_replicates_are_refused(data):
    now = data.ratings[data.ratings["round"] == "2024"]
    scores = round_scores(now, SCALE, replicates=50, seed=3)
    with pytest.raises(ValueError, match="bootstrapped 50 times, not 200"):
        validate_needs(_index(data), now, scale=SCALE, replicates=200, scores=scores)


def test_a_piece_of_all_quartiere_splits_into_the_pieces_of_each(data):
    whole = result_piece(data.ratings, current="2024", scale=SCALE, replicates=REPLICATES, seed=3)
    codes = sorted(data.ratings["area_code"].unique())
    parts = split(whole, [*codes, "no answers"])
    alone = dict(zip(codes, _pieces(data.ratings.sort_values("area_code", kind="stable")),
                     strict=True))  # fmt: skip
    for code in codes:
        for name in ("counts", "people"):
            pdt.assert_frame_equal(getattr(parts[code], name), getattr(alone[code], name))
        pdt.assert_frame_equal(_by_key(parts[code].now), _by_key(alone[code].now))
        pdt.assert_frame_equal(_themes(parts[code].now), _themes(alone[code].now))
    assert parts["no answers"].counts.empty and parts["no answers"].now.boot.shape[1] == 0
