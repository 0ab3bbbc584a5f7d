"""Years in headers and cells, a year column, and long tables with a category."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.readers.long import detect_long, read_long
from analysis.readers.sheet import find_table
from analysis.readers.years import HeaderYear, find_year_column, read_years, split_year, year_of
from tests.support.german_tables import table_of


@pytest.mark.parametrize(
    ("header", "name", "year", "rule"),
    [
        ("SGB2_2023", "SGB2", 2023, "after"),
        ("Anzahl_2019", "Anzahl", 2019, "after"),
        ("Anzahl 0-6 Jahre 2019", "Anzahl 0-6 Jahre", 2019, "after"),
        ("SGB-II-Quote 2019 in %", "SGB-II-Quote in %", 2019, "after"),
        ("Ärzte 2019 je 100.000 EW", "Ärzte je 100.000 EW", 2019, "after"),
        ("2018_Anteil", "Anteil", 2018, "before"),
        ("2019 Anzahl", "Anzahl", 2019, "before"),
        ("2011", "", 2011, "bare"),
        ("31.12.2011", "", 2011, "bare"),
        ("EW (Dez 2013)", "EW", 2013, "date"),
        ("Arbeitslose (Juni 2020)", "Arbeitslose", 2020, "date"),
        ("EW (31.12.2019)", "EW", 2019, "date"),
        ("EW [2019]", "EW", 2019, "date"),
        ("Einwohner Stand 31.12.2019", "Einwohner", 2019, "date"),
        ("Einwohner, Stand: Dez. 2019", "Einwohner", 2019, "date"),
        ("EW 31.12.2020", "EW", 2020, "date"),  # Berlin's z-value table
        ("Wohnungen mit Bindungsauslauf bis 2019", None, None, "not_a_year"),
        ("Zuzüge seit 2015", None, None, "not_a_year"),
        ("Gebäude Baujahr vor 1949", None, None, "not_a_year"),
        ("Geburtsjahr 1990", None, None, "not_a_year"),
        ("Veränderung 2015–2019", None, None, "not_a_year"),
        ("Veränderung 2015-2019", None, None, "not_a_year"),
        ("Anteil 2015/16", None, None, "not_a_year"),
        ("Veränderung 2015 zu 2019", None, None, "not_a_year"),
        ("SGB2", "SGB2", None, "none"),
        ("Bevölkerung 2019 gesamt", "Bevölkerung 2019 gesamt", None, "none"),
        ("Summe_12345", "Summe_12345", None, "none"),
    ],
)
def test_years_in_headers(header, name, year, rule):
    assert split_year(header) == HeaderYear(header if name is None else name, year, rule)


@pytest.mark.parametrize(
    ("text", "year"),
    [("2019", 2019), ("202012", 2020), ("20191231", 2019), ("2019-12-31", 2019),
     ("31.12.2019", 2019), ("Dez 2013", 2013), ("Dezember 2013", 2013), ("1899", None),
     ("20x0", None), ("", None)],
)  # fmt: skip
def test_years_in_cells(text, year):
    assert year_of(text) == year


def test_a_year_column_is_found_by_name_and_survives_a_bad_cell():
    header = ["Jahr", "Code", "Baujahr"]
    assert find_year_column(header, [["2019", "20x0", "2020"], ["1"], ["1960"]]) == "Jahr"
    assert find_year_column(header, [["20x0", "x", "2020"], ["1"], ["1960"]]) is None
    assert find_year_column(["Code", "Wert"], [["2019"], ["2020"]]) is None  # not named so
    years, problems = read_years(["2019", "20x0"], column="Jahr", rows=[2, 3])
    assert years == [2019, None]
    assert [(p.row, p.column, str(p.why)) for p in problems] == [
        (3, "Jahr", "'20x0' is not a year.")
    ]


def test_a_long_table_with_a_category_column():
    table = table_of("lang_kategorie.csv")
    layout = detect_long(table, area_column="Raum")
    assert (layout.indicator, layout.value, layout.year, layout.category) == (
        "Merkmal", "Wert", "Jahr", "Altersgruppe",
    )  # fmt: skip
    assert layout.unused == ()
    long = read_long(table, layout)
    expected = pd.DataFrame({
        "area_code": ["1", "1", "1", "2", "2", "2", "2", "1"],
        "indicator": ["Einwohner"] * 4 + ["SGB II"] * 4,
        "category": ["unter 6", "6 bis unter 18", "unter 6", "unter 6"] + ["insgesamt"] * 4,
        "key": ["Einwohner_unter_6", "Einwohner_6_bis_unter_18", "Einwohner_unter_6",
                "Einwohner_unter_6"] + ["SGB_II_insgesamt"] * 4,
        "year": pd.array([2019, 2019, 2020, 2019, 2019, 2020, 2020, None], dtype="Int64"),
        "value": [120.0, 310.0, 118.0, 95.0, 1204.0, None, None, 300.0],
        "row": [2, 3, 4, 5, 6, 7, 8, 10],
    })  # fmt: skip
    pdt.assert_frame_equal(long.values, expected)
    assert [(p.row, p.column, str(p.why)) for p in long.problems] == [
        (10, "Jahr", "'20x0' is not a year."),
        (9, "Raum", "the area code is empty."),
        (7, "Wert", "area '2' has another value for 'SGB II insgesamt' in 2020 (row 8); both "
                    "are left empty."),
        (8, "Wert", "area '2' has another value for 'SGB II insgesamt' in 2020 (row 7); both "
                    "are left empty."),
    ]  # fmt: skip
    assert long.numbers.format.decimal == ","  # 1.204 and 1.180: German unless told otherwise
    summary = long.indicators.set_index("key")
    assert summary.loc["Einwohner_unter_6", "years"] == (2019, 2020)
    assert summary.loc["SGB_II_insgesamt", "values_read"] == 2


def test_a_long_tables_value_column_follows_the_callers_decimal():
    table = table_of("lang_kategorie.csv")
    long = read_long(table, detect_long(table, area_column="Raum"), decimal=".")
    assert long.values.loc[long.values["row"] == 6, "value"].item() == 1.204


def test_a_wide_table_is_not_long():
    table = find_table([["Code", "Anzahl", "Anteil"], ["1", "3", "4"]])
    assert detect_long(table, area_column="Code") is None
