"""Finer units to coarser areas: counts summed, shares weighted by residents, gaps named."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.readers.aggregate import aggregate, find_prefix, prefix_links
from analysis.readers.columns import report_columns
from analysis.readers.crosswalks import read_crosswalk
from analysis.readers.errors import InputFileError
from analysis.readers.wide import wide_values
from tests.support.german_tables import table_of


def _values(name: str, key: str) -> pd.DataFrame:
    table = table_of(name)
    return wide_values(table, report_columns(table, key_column=key))


def _frame(rows):
    frame = pd.DataFrame(rows, columns=["area_code", "indicator", "year", "value", "parts"])
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    return frame


def test_planungsraeume_to_prognoseraeume_by_a_four_character_prefix():
    long = _values("planungsraeume.csv", "PLR")
    links = prefix_links(long["area_code"], 4)
    result = aggregate(long, links, source="planungsraeume.csv", shares=["Quote"], weight="EW")
    # 0110: EW 1.000 + 3.000; Kinder 100 + 200; Quote (1000·10 + 3000·20) / 4000 = 17.5.
    # 0120: EW 500 + 1.500; Kinder 50 + – (nothing, 0); Quote only 01200302's 30,0 (". " unknown).
    pdt.assert_frame_equal(result.values, _frame([
        ("0110", "EW", None, 4000.0, "01100101, 01100102"),
        ("0110", "Kinder", None, 300.0, "01100101, 01100102"),
        ("0110", "Quote", None, 17.5, "01100101, 01100102"),
        ("0120", "EW", None, 2000.0, "01200301, 01200302"),
        ("0120", "Kinder", None, 50.0, "01200301, 01200302"),
        ("0120", "Quote", None, 30.0, "01200302"),
    ]))  # fmt: skip
    assert [str(p) for p in result.problems] == [
        "Quote of area '0120' in – is averaged without 01200301 (no value or no residents)."
    ]


def test_ortsteile_to_stadtteile_through_a_crosswalk_with_residents_per_link():
    long = _values("ortsteile.csv", "Ortsteil")
    crosswalk = read_crosswalk(table_of("ortsteile_crosswalk.csv"))
    result = aggregate(long, crosswalk.links, source="ortsteile.csv", shares=["SGB_II_Quote"],
                       weight="Einwohner", link_population=crosswalk.population)  # fmt: skip
    # Ortsteil 20 (200 EW, 16 Kinder) lies 150 : 50 in Stadtteile 2 and 3.
    pdt.assert_frame_equal(result.values, _frame([
        ("1", "Einwohner", None, 500.0, "11, 12"),
        ("1", "Kinder_unter_6", None, 30.0, "11, 12"),
        ("1", "SGB_II_Quote", None, 14.0, "11, 12"),  # (300·10 + 200·20) / 500
        ("2", "Einwohner", None, 150.0, "20"),
        ("2", "Kinder_unter_6", None, 12.0, "20"),
        ("2", "SGB_II_Quote", None, 5.0, "20"),
        ("3", "Einwohner", None, 50.0, "20"),
        ("3", "Kinder_unter_6", None, 4.0, "20"),
        ("3", "SGB_II_Quote", None, 5.0, "20"),
    ]))  # fmt: skip
    assert result.problems == []


def test_a_count_with_a_missing_part_stays_empty_and_names_the_part():
    long = pd.DataFrame({"area_code": ["11", "12", "21"], "indicator": "EW", "year": 2020,
                         "value": [300.0, None, 50.0]})  # fmt: skip
    result = aggregate(long, {"11": ("1",), "12": ("1",), "21": ("2",)}, source="t.csv")
    assert result.values["value"].tolist()[1] == 50.0
    assert pd.isna(result.values["value"].iloc[0])
    assert [str(p) for p in result.problems] == [
        "EW of area '1' in 2020 is left empty: no value for 12."
    ]


def test_a_share_without_any_usable_part_stays_empty_and_says_so():
    long = pd.DataFrame({"area_code": ["11", "11", "21", "21"], "indicator": ["EW", "Q", "EW", "Q"],
                         "year": 2020, "value": [0.0, 5.0, 10.0, 7.0]})  # fmt: skip
    result = aggregate(
        long, {"11": ("1",), "21": ("2",)}, source="t.csv", shares=["Q"], weight="EW"
    )
    shares = result.values[result.values["indicator"] == "Q"].set_index("area_code")["value"]
    assert pd.isna(shares["1"]) and shares["2"] == 7.0
    assert [str(p) for p in result.problems] == [
        "Q of area '1' in 2020 is left empty: no value or no residents for 11."
    ]


def test_years_are_kept_apart_and_weighted_by_the_same_years_residents():
    long = pd.DataFrame({
        "area_code": ["11", "12"] * 4, "indicator": ["EW"] * 4 + ["Q"] * 4,
        "year": [2019, 2019, 2020, 2020] * 2,
        "value": [100.0, 300.0, 300.0, 100.0, 10.0, 20.0, 10.0, 20.0],
    })  # fmt: skip
    result = aggregate(
        long, prefix_links(["11", "12"], 1), source="t.csv", shares=["Q"], weight="EW"
    )
    shares = result.values[result.values["indicator"] == "Q"]
    assert shares["year"].tolist() == [2019, 2020]
    assert shares["value"].tolist() == [17.5, 12.5]


def test_rows_without_an_area_are_named_and_left_out():
    long = pd.DataFrame({"area_code": ["11", "000"], "indicator": "EW", "year": 2020,
                         "value": [300.0, 9000.0]})  # fmt: skip
    result = aggregate(long, {"11": ("1",)}, source="t.csv")
    assert result.values["value"].tolist() == [300.0]
    assert [str(p) for p in result.problems] == ["'000' belongs to no area and is left out."]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"shares": ["Q"]}, "file 't.csv': shares (Q) are averaged weighted by residents: name "
                            "the column that holds them."),
        ({"shares": ["Q"], "weight": "Einwohner"}, "file 't.csv': there is no column "
                                                   "'Einwohner' among the values."),
        ({"shares": ["Anteil"], "weight": "EW"}, "file 't.csv': there is no column 'Anteil' "
                                                 "among the values."),
        ({"shares": ["EW"], "weight": "EW"}, "file 't.csv': the population column 'EW' cannot "
                                             "be a share itself."),
    ],
)  # fmt: skip
def test_choices_that_do_not_fit_are_refused_with_a_sentence(options, message):
    long = pd.DataFrame({"area_code": ["11"] * 2, "indicator": ["EW", "Q"], "year": 2020,
                         "value": [300.0, 5.0]})  # fmt: skip
    with pytest.raises(InputFileError) as caught:
        aggregate(long, {"11": ("1",)}, source="t.csv", **options)
    assert str(caught.value) == message


def test_a_count_cannot_be_split_over_several_areas_without_residents_per_link():
    long = pd.DataFrame({"area_code": ["20"], "indicator": ["Kinder"], "year": 2020,
                         "value": [16.0]})  # fmt: skip
    with pytest.raises(InputFileError, match="'20' goes to several areas: its count Kinder"):
        aggregate(long, {"20": ("2", "3")}, source="t.csv")


def test_a_share_of_a_part_linked_to_several_areas_goes_to_each():
    long = pd.DataFrame({"area_code": ["20", "20"], "indicator": ["EW", "Q"], "year": 2020,
                         "value": [200.0, 5.0]})  # fmt: skip
    population = {("20", "2"): 150.0, ("20", "3"): 50.0}
    result = aggregate(long, {"20": ("2", "3")}, source="t.csv", shares=["Q"], weight="EW",
                       link_population=population)  # fmt: skip
    assert result.values[["area_code", "indicator", "value"]].values.tolist() == [
        ["2", "EW", 150.0], ["2", "Q", 5.0], ["3", "EW", 50.0], ["3", "Q", 5.0]
    ]  # fmt: skip


def test_the_prefix_that_fits_is_found():
    codes = ["01100101", "01100102", "01200308", "09900101"]
    assert find_prefix(codes, {"0110", "0120"}) == (4, 3)
    assert find_prefix(codes, {"01", "02"}) == (2, 3)
    assert find_prefix(codes, {"X"}) is None
    with pytest.raises(ValueError, match="at least 1"):
        prefix_links(codes, 0)
