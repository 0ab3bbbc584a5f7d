"""Need-based funds: exact to the cent, monotone in need, excluded areas get 0 (Hypothesis)."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.stats.allocation import allocate, compare_allocations
from tests.support.data import berlin_indices

FACTORS = [1, 1.5, 2, 3]


@st.composite
def scenarios(draw):
    """Areas with populations (some equal on purpose), classes 1-4, a budget and a base."""
    n = draw(st.integers(min_value=1, max_value=40))
    pool = draw(st.lists(st.integers(0, 20_000), min_size=1, max_size=5))
    populations = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    classes = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    budget_cents = draw(st.integers(0, 10**11))  # up to a billion euros
    base_cents = draw(st.integers(0, budget_cents // n))
    if sum(populations) == 0:
        base_cents = budget_cents // n if budget_cents % n == 0 else 0
        budget_cents = base_cents * n
    table = pd.DataFrame({"area_code": [f"{i:03d}" for i in range(n)], "kids": populations,
                          "class": classes})  # fmt: skip
    return table, Decimal(budget_cents) / 100, Decimal(base_cents) / 100


def _allocate(table, budget, base=0, **options):
    return allocate(table, budget=budget, base=base, population_column="kids",
                    class_column="class", class_factors=FACTORS, **options)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_the_amounts_add_up_to_the_budget_to_the_cent(scenario):
    table, budget, base = scenario
    result = _allocate(table, budget, base).table
    assert result["amount_cents"].sum() == int(budget * 100)
    assert (result["amount_cents"] >= int(base * 100)).all()
    # and each area is within a cent of its exact share
    rest = Fraction(int(budget * 100) - int(base * 100) * len(table))
    weights = [Fraction(p) * Fraction(str(FACTORS[c - 1])) for p, c in zip(
        table["kids"], table["class"], strict=True)]  # fmt: skip
    total = sum(weights)
    for share, weight in zip(result["share_cents"], weights, strict=True):
        exact = rest * weight / total if total else 0
        assert abs(share - exact) < 1


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_at_equal_population_more_need_never_gets_less(scenario):
    table, budget, base = scenario
    result = _allocate(table, budget, base).table
    for _, same_population in result.groupby("kids"):
        per_class = same_population.groupby("class")["amount_cents"].agg(["min", "max"])
        # the least any area of a class gets is at least the most of any class below it
        assert (per_class["min"].to_numpy()[1:] >= per_class["max"].to_numpy()[:-1]).all()


@settings(max_examples=200, deadline=None)
@given(scenarios(), st.data())
def test_excluded_areas_get_nothing_and_the_rest_still_adds_up(scenario, data):
    table, budget, _ = scenario
    codes = data.draw(st.sets(st.sampled_from(table["area_code"].tolist())))
    kept = table[~table["area_code"].isin(codes)]
    if codes == set(table["area_code"]) or kept["kids"].sum() == 0:
        budget = Decimal(0)
    result = _allocate(table, budget, exclude={c: "Förderung schon bewilligt" for c in codes})
    table = result.table.set_index("area_code")
    assert (table.loc[sorted(codes), "amount_cents"] == 0).all()
    assert (table.loc[sorted(codes), "excluded_reason"] == "Förderung schon bewilligt").all()
    assert table["amount_cents"].sum() == int(budget * 100)


@settings(max_examples=100, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_the_row_order_does_not_change_anything(scenario, random):
    table, budget, base = scenario
    shuffled = table.sample(frac=1, random_state=random.randint(0, 2**32 - 1))
    first = _allocate(table, budget, base).table.set_index("area_code")["amount_cents"]
    second = _allocate(shuffled, budget, base).table.set_index("area_code")["amount_cents"]
    pd.testing.assert_series_equal(first.sort_index(), second.sort_index())


def test_ties_go_by_area_code():
    table = pd.DataFrame({"area_code": ["b", "a", "c"], "kids": [1, 1, 1], "class": [1, 1, 1]})
    result = _allocate(table, "1.00").table.set_index("area_code")["amount_cents"]
    assert result.to_dict() == {"b": 33, "a": 34, "c": 33}


def test_berlin_one_million_by_residents_and_status_class():
    # The 536 Planungsräume with a status class; the 6 without one are excluded with a reason.
    areas = berlin_indices()[["PLR_ID", "EW", "SI_N"]]
    result = allocate(areas, id_column="PLR_ID", budget=1_000_000, base=500, population_column="EW",
                      class_column="SI_N", class_factors=FACTORS)  # fmt: skip
    table = result.table
    assert table["amount_cents"].sum() == 100_000_000
    assert (table["excluded_reason"] != "").sum() == 6
    assert (table.loc[table["SI_N"].isna(), "amount_cents"] == 0).all()
    per_resident = table["share_cents"] / table["EW"]
    by_class = per_resident[table["excluded_reason"] == ""].groupby(table["SI_N"]).mean()
    assert list(by_class / by_class[1]) == pytest.approx(FACTORS, rel=1e-3)
    assert result.params["budget"] == "1000000.00" and result.params["n_included"] == 536
    assert result.params["class_factors"] == [[1, 1.0], [2, 1.5], [3, 2.0], [4, 3.0]]
    assert result.params["exclusions"]["03300515"] == "no class"


def test_parameters_are_kept_and_rules_exclude_with_reasons():
    needs = ["bestätigt", "unklar", "unklar", "nicht bestätigt"]
    table = pd.DataFrame({"area_code": ["1 a", "1 b", "2", "3"], "kids": [400, 90, None, 600],
                          "need": needs})  # fmt: skip
    factors = {"nicht bestätigt": 1, "unklar": 1.5, "bestätigt": 2}
    result = allocate(table, budget="10000", base="100.50", population_column="kids",
                      class_column="need", class_factors=factors, min_population=100)  # fmt: skip
    reasons = result.table.set_index("area_code")["excluded_reason"]
    assert reasons.to_dict() == {"1 a": "", "1 b": "population 90 below 100",
                                 "2": "population missing", "3": ""}  # fmt: skip
    # 979,900 cents after the bases, by 400 x 2 : 600 x 1; the one cent left goes to "1 a"
    assert result.table["amount_cents"].tolist() == [10_050 + 559_943, 0, 0, 10_050 + 419_957]
    assert result.params["base_cents"] == 10_050 and result.params["min_population"] == 100
    assert result.params["tie_break"].startswith("larger remainder first")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"budget": 100, "base": 60}, "smaller than the base amounts"),
        ({"budget": "100.005"}, "in whole cents"),
        ({"budget": -1}, "at least 0"),
        ({"budget": "viel"}, "must be a number"),
        ({"budget": float("inf")}, "finite number"),
        ({"budget": 100, "class_factors": [2, 1]}, "must not fall"),
        ({"budget": 100, "class_factors": [1, -1]}, "must not be negative"),
        ({"budget": 100, "class_factors": [1]}, "class 2 of area b has no factor"),
        ({"budget": 100, "exclude": {"z": "?"}}, "area z to exclude is not in the table"),
    ],
)
def test_clear_errors(options, message):
    table = pd.DataFrame({"area_code": ["a", "b"], "kids": [10, 10], "class": [1, 2]})
    options = {"class_factors": FACTORS, "base": 0, **options}
    with pytest.raises(ValueError, match=message):
        allocate(table, population_column="kids", class_column="class", **options)


def test_numpy_and_decimal_numbers_are_taken_exactly():
    table = pd.DataFrame({"area_code": ["a", "b"], "kids": [10, 30], "class": [1, 1]})
    for budget in (np.int64(1000), np.float64(1000.0), Decimal("1000.00"), "1000", 1000.0):
        result = _allocate(table, budget, base=np.float64(0.1))
        assert result.table["amount_cents"].tolist() == [25_005, 74_995]
    with pytest.raises(ValueError, match="'kids' must hold numbers"):
        _allocate(table.assign(kids=["10", "30"]), 1000)


def test_no_target_population_cannot_share_a_budget():
    table = pd.DataFrame({"area_code": ["a", "b"], "kids": [0, 0], "class": [1, 2]})
    with pytest.raises(ValueError, match="no target population"):
        _allocate(table, 100)
    assert _allocate(table, 100, base=50).table["amount_cents"].tolist() == [5000, 5000]


def test_scenarios_side_by_side():
    table = pd.DataFrame({"area_code": ["1", "2", "3"], "kids": [100, 100, 100],
                          "class": [1, 2, 4]})  # fmt: skip
    flat = _allocate(table, 3000)
    steep = allocate(table, budget=3000, population_column="kids", class_column="class",
                     class_factors=[1, 1, 1, 4])  # fmt: skip
    diff = compare_allocations(flat, steep)
    assert diff["area_code"].tolist() == ["2", "1", "3"]  # largest loss first
    assert diff["outcome"].tolist() == ["loses", "loses", "gains"]
    assert diff["difference_cents"].sum() == 0
    only_two = _allocate(table.iloc[:2], 3000)
    assert compare_allocations(only_two, steep).set_index("area_code").loc["3", "first_cents"] == 0


NEED = {"not_confirmed": 1, "unclear": 1.5, "confirmed": 2}


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_factors_per_verdict_are_exact_to_the_cent_and_monotone_in_need(scenario):
    table, budget, base = scenario
    verdicts = table["class"].map({1: "not_confirmed", 2: "unclear", 3: "confirmed", 4: None})
    table = table.assign(verdict=verdicts)
    judged = table["verdict"].notna()
    if not judged.any() or table.loc[judged, "kids"].sum() == 0:
        budget = base = Decimal(0)
    elif budget - base * int(judged.sum()) < 0:
        base = Decimal(0)
    result = allocate(table, budget=budget, base=base, population_column="kids",
                      class_column="verdict", class_factors=NEED).table  # fmt: skip
    assert result["amount_cents"].sum() == int(budget * 100)
    assert (result.loc[~judged.to_numpy(), "amount_cents"] == 0).all()
    assert set(result.loc[~judged.to_numpy(), "excluded_reason"]) <= {"no class"}
    rank = result["verdict"].map({v: i for i, v in enumerate(NEED)})
    for _, same_population in result[judged.to_numpy()].groupby("kids"):
        per_need = same_population.groupby(rank)["amount_cents"].agg(["min", "max"])
        assert (per_need["min"].to_numpy()[1:] >= per_need["max"].to_numpy()[:-1]).all()


def test_factors_per_verdict_may_not_fall_as_the_need_rises():
    table = pd.DataFrame({"area_code": ["1"], "kids": [10], "verdict": ["unclear"]})
    falling = {"not_confirmed": 1, "unclear": 2, "confirmed": 1.5}
    with pytest.raises(ValueError, match="must not fall"):
        allocate(table, budget=10, population_column="kids", class_column="verdict",
                 class_factors=falling)  # fmt: skip
