"""The column report: what every column became (key, unit, years, values) or why not."""

from __future__ import annotations

import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.readers.columns import guess_unit, report_columns, short_key
from analysis.readers.numbers import read_numbers
from analysis.readers.sheet import find_table
from analysis.readers.wide import wide_values
from tests.support.german_tables import table_of


def _by_name(reports):
    return {r.name: r for r in reports}


def test_the_profile_table_column_by_column():
    table = table_of("profil_titel_fussnoten.csv")
    reports = _by_name(report_columns(table, key_column="Sozialraum", name_column="Name"))
    assert (reports["Sozialraum"].kind, str(reports["Sozialraum"].reason)) == (
        "key", "the key column (area codes)",
    )  # fmt: skip
    assert (reports["Name"].kind, str(reports["Name"].reason)) == ("names", "area names")
    ew = reports["Einwohnerzahl"]
    assert (ew.kind, ew.key, ew.unit, ew.years) == ("indicator", "Einwohnerzahl", None, ())
    assert ew.numbers.values == [1748.0, 912.0, 2305.0, 1499.0, 10020.0]
    assert ew.numbers.format.decided_by == "file"  # its cells alone leave "1.748" open
    share = reports["Anteil mit Migrationshintergrund in %"]
    assert (share.key, share.unit, share.unit_from) == (
        "Anteil_mit_Migrationshintergrund_in_pct", "%", "header",
    )  # fmt: skip
    assert share.numbers.values == [23.4, 18.0, None, 31.2, 9.9]
    assert share.values_read == 4 and share.numbers.counts["unknown"] == 1
    sgb = reports["SGB-II-Quote in %"]
    assert (sgb.key, sgb.numbers.values) == ("SGB_II_Quote_in_pct", [12.1, 9.8, 14.6, None, 4.2])
    flats = reports["Wohnungen mit Bindungsauslauf bis 2019"]
    assert (flats.key, flats.years, flats.year_rule) == (
        "Wohnungen_mit_Bindungsauslauf_bis_2019", (), "not_a_year",
    )  # fmt: skip
    assert flats.numbers.values == [35.0, 0.0, 12.0, 7.0, None]  # – is exactly 0
    values = wide_values(table, list(reports.values()))
    assert values.loc[values["area_code"] == "1 a", "value"].tolist() == [1748.0, 23.4, 12.1, 35.0]
    assert values.loc[values["area_code"] == "1 a", "row"].tolist() == [6, 6, 6, 6]


def test_columns_that_are_not_indicators_say_why():
    table = find_table([
        ["Code", "Bezirk", "Name", "Hinweis", "Leer", "Gesperrt", "EW"],
        ["1", "01", "Altstadt", "geschätzt", "", "-9999", "100"],
        ["2", "01", "Neustadt", "vorläufig", "", ".", "200"],
        ["3", "02", "Nordstadt", "12", "", "-9999", "300"],
    ])  # fmt: skip
    reports = _by_name(report_columns(table, key_column="Code"))
    said = {n: (r.kind, str(r.reason) if r.reason else None) for n, r in reports.items()}
    assert said == {  # more than half of the filled cells must be numbers or symbols
        "Code": ("key", "the key column (area codes)"),
        "Bezirk": ("codes", "codes, not numbers (such as '01')"),
        "Name": ("text", "text: 3 of 3 cells are not numbers (such as 'Altstadt')"),
        "Hinweis": ("text", "text: 2 of 3 cells are not numbers (such as 'geschätzt')"),
        "Leer": ("empty", "no values"),
        "Gesperrt": ("empty", "no values: every filled cell marks a missing value "
                              "(such as '-9999')"),
        "EW": ("indicator", None),
    }  # fmt: skip


def test_a_mostly_numeric_column_keeps_its_numbers_and_lists_the_rest():
    cells = ["12", "13", "14", "viel", "k.A.", "15", "n/a", "16", "?", "17"]
    table = find_table([["Code", "Wert"], *[[str(i), c] for i, c in enumerate(cells)]])
    wert = _by_name(report_columns(table, key_column="Code"))["Wert"]
    assert wert.kind == "indicator"
    assert wert.values_read == 6
    assert [(p.row, p.text) for p in wert.problems] == [(5, "viel"), (8, "n/a"), (10, "?")]
    assert [p.text for p in wert.examples] == ["viel", "n/a", "?"]


def test_percent_cells_make_a_percent_indicator():
    table = find_table([["Code", "Quote"], ["1", "43,00%"], ["2", "7,50%"], ["3", "–"]])
    quote = _by_name(report_columns(table, key_column="Code"))["Quote"]
    assert (quote.kind, quote.unit, quote.unit_from) == ("indicator", "%", "cells")
    assert quote.numbers.values == [43.0, 7.5, 0.0]


def test_codes_with_letters_or_leading_zeros_are_codes_numbers_with_footnotes_are_not():
    table = find_table([
        ["Code", "Sozialraum", "Karte", "Wert"],
        ["1", "1 a", "STGT03", "12 a"], ["2", "1 b", "STGT04", "13"], ["3", "2", "STGT05", "14"],
    ])  # fmt: skip
    reports = _by_name(report_columns(table, key_column="Code"))
    assert [reports[n].kind for n in ("Sozialraum", "Karte", "Wert")] == [
        "codes",
        "codes",
        "indicator",
    ]
    assert reports["Wert"].numbers.values == [12.0, 13.0, 14.0]


def test_long_headers_get_short_unique_keys_and_keep_their_name():
    first = "Anteil der Haushalte mit Kindern unter 18 Jahren an allen Haushalten mit Kindern " * 2
    second = first + "(Alleinerziehende, ohne Lebenspartnerschaften)"
    table = find_table([["Code", first, second], ["1", "3,5", "4,5"]])
    reports = report_columns(table, key_column="Code")[1:]
    assert [len(r.key) <= 80 for r in reports] == [True, True]
    assert reports[0].key != reports[1].key
    assert reports[1].key.endswith("_2")
    assert [r.indicator_name for r in reports] == [first.strip(), second.strip()]


def test_two_columns_with_the_same_name_and_year_get_two_keys():
    table = find_table(
        [["Code", "Anzahl_2019", "Anzahl 2019", "Anzahl_2020"], ["1", "3", "4", "5"]]
    )
    reports = report_columns(table, key_column="Code")[1:]
    assert [(r.key, r.years) for r in reports] == [
        ("Anzahl", (2019,)), ("Anzahl_2019", (2019,)), ("Anzahl", (2020,))
    ]  # fmt: skip
    values = wide_values(table, report_columns(table, key_column="Code"))
    assert not values.duplicated(["area_code", "indicator", "year"]).any()


def test_short_keys():
    assert short_key("Anteil_in_%") == "Anteil_in_pct"
    assert short_key("Kosten je EW in €") == "Kosten_je_EW_in_EUR"
    assert short_key("Ältere (65+) – Anteil") == "Aeltere_65_Anteil"
    assert short_key("–") == "column"
    assert short_key("Anteil in %", taken={"Anteil_in_pct"}) == "Anteil_in_pct_2"
    assert short_key("x" * 100, taken={"x" * 80}) == "x" * 78 + "_2"


@pytest.mark.parametrize(
    ("header", "cells", "unit"),
    [
        ("Arbeitslose je 1.000 EW", ["41,3"], ("je 1.000", "header")),
        ("Ärzte pro 100000 Einwohner", ["3"], ("je 100.000", "header")),
        ("Einwohner je km²", ["3"], ("je km²", "header")),
        ("SGB-II-Quote in %", ["4"], ("%", "header")),
        ("Anteil (v. H.)", ["4"], ("%", "header")),
        ("Kosten in €", ["4"], ("€", "header")),
        ("Anzahl Kinder", ["4"], ("Anzahl", "header")),
        ("Kosten", ["4 €", "5 €"], ("€", "cells")),
        ("Anteil Ältere", ["12,5", "0,5"], ("%", "share")),
        ("Anteil Ältere", ["0,25", "0,5"], (None, "")),  # a share written as 0.25
        ("EW", ["1.748"], (None, "")),
    ],
)
def test_units_from_header_or_cells(header, cells, unit):
    assert guess_unit(header, read_numbers(cells)) == unit


def test_years_in_headers_make_one_indicator_over_years():
    table = table_of("jahre_breit.csv")
    reports = report_columns(table, key_column="Sozialraum")
    assert [(r.name, r.key, r.years) for r in reports[1:]] == [
        ("SGB2_2023", "SGB2", (2023,)),
        ("2018_Anteil", "Anteil", (2018,)),
        ("2019_Anteil", "Anteil", (2019,)),
        ("Anzahl_2019", "Anzahl", (2019,)),
        ("EW (Dez 2013)", "EW", (2013,)),
        ("Einwohner Stand 31.12.2019", "Einwohner", (2019,)),
        ("Wohnungen mit Bindungsauslauf bis 2019", "Wohnungen_mit_Bindungsauslauf_bis_2019", ()),
        ("Veränderung 2015–2019", "Veraenderung_2015_2019", ()),
    ]
    values = wide_values(table, reports)
    first = values[values["area_code"] == "1"]
    assert list(zip(first["indicator"], first["year"], first["value"], strict=True)) == [
        ("SGB2", 2023, 554.0), ("Anteil", 2018, 12.5), ("Anteil", 2019, 13.1),
        ("Anzahl", 2019, 1360.0), ("EW", 2013, 2101.0), ("Einwohner", 2019, 2230.0),
        ("Wohnungen_mit_Bindungsauslauf_bis_2019", pd.NA, 40.0),
        ("Veraenderung_2015_2019", pd.NA, 3.2),
    ]  # fmt: skip


def test_bare_years_need_the_indicators_name():
    table = table_of("jahre_nackt.csv")
    unnamed = report_columns(table, key_column="Sozialraum")
    assert {(r.kind, str(r.reason)) for r in unnamed[1:]} == {
        ("bare_year", "a year without a name: name the indicator these years belong to")
    }
    assert wide_values(table, unnamed).empty
    named = report_columns(table, key_column="Sozialraum", bare_year_name="SGB-II-Quote")
    assert {(r.kind, r.key, r.unit) for r in named[1:]} == {("indicator", "SGB_II_Quote", "%")}
    values = wide_values(table, named)
    expected = pd.DataFrame({
        "area_code": ["1", "2"] * 3, "indicator": "SGB_II_Quote",
        "year": pd.array([2011, 2011, 2012, 2012, 2013, 2013], dtype="Int64"),
        "value": [4.1, 6.2, 4.3, 5.9, 4.0, None], "row": [2, 3] * 3,
    })  # fmt: skip
    pdt.assert_frame_equal(values, expected)


def test_a_year_column_gives_each_row_its_year_and_a_repeated_row_is_left_empty():
    table = table_of("jahr_spalte.csv")
    reports = _by_name(report_columns(table, key_column="Sozialraum"))
    assert reports["Jahr"].kind == "year"
    rate = reports["Arbeitslose je 1.000 EW"]
    assert (rate.key, rate.unit, rate.years) == (
        "Arbeitslose_je_1_000_EW",
        "je 1.000",
        (2019, 2020),
    )
    assert [(p.row, str(p.why)) for p in reports["Sozialraum"].problems] == [
        (5, "the code '2' appears again in row 6 (a name on two levels, or a row twice); both "
            "rows are left empty."),
        (6, "the code '2' appears again in row 5 (a name on two levels, or a row twice); both "
            "rows are left empty."),
    ]  # fmt: skip
    values = wide_values(table, list(reports.values()))
    ew = values[values["indicator"] == "Einwohner"]
    assert ew["year"].tolist() == [2019, 2019, 2020, 2020, 2020]
    assert ew["value"].tolist()[:3] == [2101.0, 1530.0, 2150.0]
    assert ew["value"].iloc[3:].isna().all()


def test_a_bad_year_cell_is_reported_on_the_year_column():
    table = find_table(
        [["Jahr", "Code", "EW"], ["2019", "1", "5"], ["20x9", "1", "6"], ["2020", "1", "7"]]
    )
    reports = _by_name(report_columns(table, key_column="Code"))
    assert [(p.row, str(p.why)) for p in reports["Jahr"].problems] == [(3, "'20x9' is not a year.")]
    assert reports["EW"].years == (2019, 2020)


def test_the_key_column_must_exist():
    with pytest.raises(ValueError, match="no column 'PLR'"):
        report_columns(find_table([["Code", "EW"], ["1", "2"]]), key_column="PLR")


def test_a_row_without_a_code_is_named_and_left_out():
    table = find_table([["Code", "Name", "EW"], ["1", "Altstadt", "5"], ["", "Summe", "5"]])
    reports = report_columns(table, key_column="Code", name_column="Name")
    assert [(p.row, str(p.why)) for p in reports[0].problems] == [(3, "the area code is empty.")]
    assert wide_values(table, reports)["row"].tolist() == [2]
    with pytest.raises(ValueError, match="no column 'Bezeichnung'"):
        report_columns(table, key_column="Code", name_column="Bezeichnung")
