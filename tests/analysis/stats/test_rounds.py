"""Survey rounds over time: medians with change and n, suppression kept; participation per 1,000."""

import numpy as np
import pandas as pd
import pytest

from analysis.stats.rounds import participation, rounds_over_time


def test_medians_across_rounds_with_change_and_n(aggregated):
    table = rounds_over_time(aggregated).set_index(["area_code", "round"])
    assert table.loc[("1 a", "2025"), "median"] == 5.5
    assert table.loc[("1 a", "2025"), "n"] == 6
    assert table.loc[("1 a", "2025"), "change"] == 2.5
    assert table.loc[("1 a", "2027"), "change"] == -2.5
    assert table.loc[("1 a", "2027"), "previous_round"] == "2025"
    assert np.isnan(table.loc[("1 a", "2023"), "change"])


def test_suppressed_groups_stay_suppressed_and_no_change_reveals_them(aggregated):
    table = rounds_over_time(aggregated).set_index(["area_code", "round"])
    hidden = table.loc[("2", "2025")]
    assert hidden["suppressed"] and np.isnan(hidden["median"]) and pd.isna(hidden["n"])
    assert np.isnan(hidden["change"])
    after = table.loc[("2", "2027")]
    # the change from a hidden median would give it away: median 6 minus change = hidden one
    assert after["previous_round"] == "2025" and np.isnan(after["change"])
    assert after["median"] == 6.0


def test_rounds_follow_the_given_order_not_the_text_order(aggregated):
    renamed = aggregated.replace({"round": {"2023": "Frühjahr", "2025": "Herbst",
                                            "2027": "Winter"}})  # fmt: skip
    order = ["Winter", "Frühjahr", "Herbst"]  # deliberately not alphabetical
    table = rounds_over_time(renamed, rounds=order)
    assert list(dict.fromkeys(table["round"])) == order
    with pytest.raises(ValueError, match="round 'Herbst' is not in the given order"):
        rounds_over_time(renamed, rounds=["Winter", "Frühjahr"])
    with pytest.raises(ValueError, match="no column 'round'"):
        rounds_over_time(aggregated.drop(columns="round"))


def test_participation_per_1000_residents_suppressed_below_k():
    responses = pd.DataFrame({"area_code": ["1 a", "2", "1 a", "2", "3"],
                              "round": ["2023", "2023", "2025", "2025", "2025"],
                              "n_respondents": [48, 4, 60, 12, 7]})  # fmt: skip
    population = pd.DataFrame({"area_code": ["1 a", "2", "1 a", "2"],
                               "round": ["2023", "2023", "2025", "2025"],
                               "population": [6000, 2000, 6000, 2400]})  # fmt: skip
    table = participation(responses, population, k=5).set_index(["area_code", "round"])
    assert table.loc[("1 a", "2023"), "per_1000"] == 8.0
    assert table.loc[("2", "2025"), "per_1000"] == 5.0
    small = table.loc[("2", "2023")]
    assert small["suppressed"] and pd.isna(small["n_respondents"]) and np.isnan(small["per_1000"])
    no_population = table.loc[("3", "2025")]
    assert not no_population["suppressed"] and np.isnan(no_population["per_1000"])
    assert table.loc[("3", "2025"), "n_respondents"] == 7
    one_number = participation(responses, population[population["round"] == "2025"].drop(
        columns="round"), k=5, per=100)  # fmt: skip
    assert one_number.set_index(["area_code", "round"]).loc[("1 a", "2023"), "per_100"] == 0.8
    with pytest.raises(ValueError, match="more than one number"):
        participation(responses, population.drop(columns="round"))
