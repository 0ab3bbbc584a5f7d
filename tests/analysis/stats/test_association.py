"""Associations, their sentences, verdicts, shrinkage and hypotheses, each on data with a
known answer."""

import itertools
import json
import math
from importlib import resources

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.readers.catalogue import load_catalogue
from analysis.stats.association import (
    associate,
    benjamini_hochberg,
    kendall_tau_b,
    mde_rho,
    spearman_rho,
)
from analysis.stats.hypotheses import load_hypotheses
from analysis.stats.shrinkage import shrink
from analysis.stats.texts import association_sentence
from analysis.stats.verdicts import verdicts
from tests.support.texts import german_texts

PLACE_STANDARD_THEMES = {
    "moving", "transport", "traffic", "streets", "nature", "play", "facilities", "work",
    "housing", "social", "identity", "safety", "maintenance", "influence",
}  # fmt: skip


# --- associations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "continuous"), [(5, False), (30, False), (250, False), (30, True), (100, True)]
)
def test_rank_correlations_equal_scipy_with_ties(n, continuous):
    # whole-number y: tau-b by levels; continuous y (more than 64 values): scipy per row
    rng = np.random.default_rng(n)
    x = rng.integers(0, 6, (4, n)).astype(float)
    y = np.round(x / 2 + rng.integers(0, 3, (4, n)))
    x[:, :2], y[:, :2] = [0, 5], [0, 9]  # never constant
    if continuous:
        x, y = x + rng.normal(0, 0.01, x.shape), y + rng.normal(0, 1, y.shape)
    rho, tau = spearman_rho(x, y), kendall_tau_b(x, y)
    for i in range(4):
        assert rho[i] == pytest.approx(stats.spearmanr(x[i], y[i]).statistic)
        assert tau[i] == pytest.approx(stats.kendalltau(x[i], y[i]).statistic)
    assert math.isnan(spearman_rho(np.ones(5), np.arange(5.0)))
    assert math.isnan(kendall_tau_b(np.arange(5.0), np.ones(5)))
    with_gap = kendall_tau_b(
        np.array([[1.0, 2, 3, 4], [1, 2, 3, 4]]), np.array([[1, 2, np.nan, 4], [1, 2, 2, 4]])
    )
    assert math.isnan(with_gap[0]) and with_gap[1] == pytest.approx(
        stats.kendalltau([1, 2, 3, 4], [1, 2, 2, 4]).statistic
    )


def test_minimum_detectable_effect_shrinks_with_the_number_of_areas():
    values = [mde_rho(n) for n in (4, 7, 12, 30, 100, 542)]
    assert values == sorted(values, reverse=True)
    assert [round(v, 2) for v in values[2:]] == [0.73, 0.49, 0.28, 0.12]
    assert math.isnan(mde_rho(3))


def test_permutation_p_values_are_exact_for_few_areas():
    x = np.array([1.0, 2, 3, 4, 5, 6])
    y = np.array([2.0, 1, 4, 3, 6, 5])
    out = associate(x, y, None, n_respondents=60, rng=np.random.default_rng(0), replicates=200)
    rho = spearman_rho(x, y)
    null = np.array([spearman_rho(x, np.array(p)) for p in itertools.permutations(y)])
    assert out["p_method"] == "exact"
    assert out["rho_p"] == pytest.approx(
        min(1, 2 * min((null >= rho - 1e-12).mean(), (null <= rho + 1e-12).mean()))
    )


def test_two_stage_bootstrap_is_wider_than_resampling_areas_alone():
    rng = np.random.default_rng(8)
    x = np.arange(15.0)
    y = 5 - x / 5 + rng.normal(0, 0.5, 15)
    noisy = y + rng.normal(0, 1.5, (1000, 15))  # few answers per area: noisy area scores
    both = associate(x, y, noisy, n_respondents=300, rng=np.random.default_rng(1))
    areas = associate(x, y, None, n_respondents=300, rng=np.random.default_rng(1))
    assert both["rho"] == areas["rho"]
    assert both["rho_high"] - both["rho_low"] > areas["rho_high"] - areas["rho_low"]
    assert both["tau_high"] - both["tau_low"] > areas["tau_high"] - areas["tau_low"]


def test_benjamini_hochberg_equals_scipy_and_ignores_missing_tests():
    p = np.array([0.001, 0.2, np.nan, 0.03, 0.04, 0.5, np.nan, 0.012])
    q = benjamini_hochberg(p)
    defined = np.isfinite(p)
    np.testing.assert_allclose(q[defined], stats.false_discovery_control(p[defined]))
    assert np.isnan(q[~defined]).all()
    # by hand: sorted p 0.001 0.012 0.03 0.04 0.2 0.5 (m = 6); p * m / rank = 0.006 0.036
    # 0.06 0.06 0.24 0.5, then the running minimum from the largest p down
    np.testing.assert_allclose(q[defined], [0.006, 0.24, 0.06, 0.06, 0.5, 0.036])
    assert np.isnan(benjamini_hochberg(np.array([np.nan]))).all()


# --- sentences --------------------------------------------------------------------------------


def found(rho, low, high, n=30):
    return {"n_areas": n, "mde_rho": mde_rho(n), "rho": rho, "rho_low": low, "rho_high": high,
            "level": 0.95, "n_respondents": 2150}  # fmt: skip


def test_sentences_say_what_was_found_and_what_the_areas_can_show():
    german = german_texts().validation
    agree = association_sentence(found(-0.6, -0.8, -0.3), german)
    # 0.49 is "moderate"; from "strong" on the sentence says "nur", below "schon"
    assert agree.startswith(
        "Mit 30 Quartieren lässt sich schon ein mittelstarker Zusammenhang sicher erkennen "
        "(ab etwa ρ = 0,49)."
    )
    assert "Statistik und Wahrnehmung stimmen überein" in agree
    assert "95 %-Intervall -0,80 bis -0,30; 2.150 Antwortende" in agree
    assert "widersprechen sich" in association_sentence(found(0.5, 0.2, 0.7), german)
    assert "nicht gesichert" in association_sentence(found(-0.2, -0.5, 0.1), german)
    assert "zu wenige Quartiere für ein Intervall" in association_sentence(
        found(-0.2, math.nan, math.nan, n=5), german
    )
    english = association_sentence(found(-0.6, -0.8, -0.3))
    assert "(from about ρ = 0.49)" in english and "2,150 respondents" in english
    assert association_sentence(found(math.nan, math.nan, math.nan, n=3), german) == (
        "Zu wenige Quartiere mit Index und genug Antworten (3), um einen Zusammenhang zu prüfen."
    )


# --- verdicts and shrinkage -----------------------------------------------------------------


def test_every_row_of_the_verdict_table():
    need = pd.Series([True, False, True, True, False, True, False, None, True], dtype="boolean")
    low = np.array([2.0, 2.0, 5.0, 4.0, 4.0, 3.0, 3.0, 2.0, np.nan])
    high = np.array([3.0, 3.0, 6.0, 4.0, 7.0, 4.0, 3.5, 2.0, np.nan])
    out = verdicts(need, low, high, np.array([True] * 9), (3.5, 4.5))
    assert out.values.tolist() == [
        ["confirmed", ""],
        ["hidden", ""],
        ["resource", ""],
        ["inconspicuous", ""],
        ["inconspicuous", ""],
        ["unclear", "interval_spans_threshold"],
        ["unclear", "interval_spans_threshold"],  # touching the threshold decides nothing
        ["unclear", "no_index"],
        ["unclear", "too_few_answers"],
    ]
    few = verdicts(need[:1], low[:1], high[:1], np.array([False]), (3.5, 4.5))
    assert few.values.tolist() == [["unclear", "too_few_answers"]]
    # need and an interval reaching across the upper threshold: resource or not is open
    assert verdicts(need[:1], np.array([4.0]), np.array([5.0]), np.array([True]), (3.5, 4.5))[
        "reason"
    ].tolist() == ["interval_spans_threshold"]


def test_shrinkage_without_between_area_spread_pulls_everything_to_the_target():
    shrunk, weight = shrink(np.array([4.0, 4.5, 3.5]), np.array([1.0, 1.0, 1.0]), 4.0)
    assert weight.tolist() == [0.0, 0.0, 0.0] and shrunk.tolist() == [4.0, 4.0, 4.0]
    shrunk, weight = shrink(np.array([4.0, np.nan]), np.array([0.1, 0.1]), 4.0)
    assert np.isnan(shrunk).all()  # fewer than two areas: nothing to estimate from


# --- the hypotheses ---------------------------------------------------------------------------


def test_packaged_hypotheses_name_real_themes_and_catalogue_indicators_with_reasons():
    raw = json.loads(resources.files("analysis").joinpath("data/hypotheses.json").read_text())
    assert {"de", "en"} <= set(raw["description"])
    pairs = load_hypotheses()
    assert len(pairs) == len(raw["hypotheses"]) == 15
    assert set(pairs["theme"]) <= PLACE_STANDARD_THEMES
    assert set(pairs["indicator"]) <= set(load_catalogue()["key"])
    for entry in raw["hypotheses"]:
        assert entry["rationale"]["de"].strip() and entry["rationale"]["en"].strip()
    assert (load_hypotheses(lang="en")["rationale"] != pairs["rationale"]).all()


def test_own_hypotheses_in_every_shape(tmp_path):
    records = [{"theme": "safety", "indicator": "sgb2_quote", "rationale": "Eigene These."}]
    path = tmp_path / "thesen.json"
    path.write_text(json.dumps({"hypotheses": records}), encoding="utf-8")
    for given in (records, pd.DataFrame(records), path, str(path)):
        assert load_hypotheses(given).values.tolist() == [["safety", "sgb2_quote", "Eigene These."]]
    assert load_hypotheses({}).empty and load_hypotheses([]).empty
    with pytest.raises(ValueError, match="theme and an indicator"):
        load_hypotheses([{"theme": "safety"}])
