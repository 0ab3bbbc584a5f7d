"""An indicator file from the raw file to values: encodings, separators, sheets, the column
report and years, on the small tables of tests/data/german_tables."""

from __future__ import annotations

import math

import pytest
from openpyxl import Workbook

from analysis.readers.errors import InputFileError
from analysis.readers.indicator_file import read_indicator_file
from analysis.readers.tables import read_rows
from tests.support.german_tables import DATA, rows_of

PROFILE = DATA / "profil_titel_fussnoten.csv"


def _kinds(found):
    return {line.column: line.kind for line in found.columns}


def _value(found, code, key, year=None):
    rows = found.values[(found.values["area_code"] == code) & (found.values["indicator"] == key)]
    if year is not None:
        rows = rows[rows["year"] == year]
    assert len(rows) == 1, rows
    return rows["value"].iloc[0]


def _profile_is_read(found):
    assert found.header[:3] == ["Sozialraum", "Name", "Einwohnerzahl"]
    assert [s.row for s in found.skipped] == [1, 2, 12, 13]
    assert _value(found, "4", "Einwohnerzahl") == 1499  # "1 499": space between thousands
    assert _value(found, "15 b", "Einwohnerzahl") == 10020  # "10.020": dot between thousands
    assert _value(found, "1 a", "Anteil_mit_Migrationshintergrund_in_pct") == 23.4  # "23,4 %"
    assert _value(found, "2", "SGB_II_Quote_in_pct") == 14.6  # "14,6¹"
    assert math.isnan(_value(found, "4", "SGB_II_Quote_in_pct"))  # "x": not applicable
    assert _value(found, "1 b", "Wohnungen_mit_Bindungsauslauf_bis_2019") == 0  # "–": nothing
    assert found.names["15 b"] == "Am Hang"


@pytest.mark.parametrize(
    ("encoding", "separator"),
    [("utf-8", ";"), ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-16", ";"), ("utf-16-le", "\t"),
     ("utf-8", ",")],
)  # fmt: skip
def test_a_profile_table_in_every_encoding_and_separator(tmp_path, encoding, separator):
    rows = rows_of(PROFILE)
    text = "\r\n".join(separator.join(f'"{c}"' if separator in c else c for c in row)
                       for row in rows)  # fmt: skip
    path = tmp_path / "profil.csv"
    path.write_bytes(text.encode(encoding))
    found = read_indicator_file(path)
    _profile_is_read(found)
    assert found.source == "profil.csv" and found.layout == "wide"


def test_xlsx_with_a_chosen_sheet(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Inhalt"
    workbook.active.append(["Dieses Heft enthält Tabellen zu den Sozialräumen"])
    sheet = workbook.create_sheet("Tabelle 3")
    for row in rows_of(PROFILE):
        sheet.append(row)
    path = tmp_path / "profil.xlsx"
    workbook.save(path)
    _profile_is_read(read_indicator_file(path, sheet="Tabelle 3"))
    _profile_is_read(read_indicator_file(path, sheet=1))
    with pytest.raises(InputFileError, match="no sheet 'Tabelle 9'.*Inhalt, Tabelle 3"):
        read_indicator_file(path, sheet="Tabelle 9")


def test_raw_rows_keep_titles_notes_and_ragged_rows():
    rows = read_rows(PROFILE)
    assert rows.rows[0][0] == "Sozialraumprofil Musterstadt" and rows.lines[:3] == [1, 2, 4]
    assert rows.rows[-1][0] == "¹ vorläufiger Wert"


def test_one_bad_cell_is_reported_and_left_empty_never_stops_the_file():
    found = read_indicator_file(DATA / "zahlen.csv")
    mixed = next(line for line in found.columns if line.column == "Gemischt")
    assert mixed.kind == "indicator" and mixed.unreadable == 2  # "viel", "3.5" (decimal comma)
    problem = mixed.examples[0]
    assert (problem.row, problem.column, problem.text) == (3, "Gemischt", "viel")
    assert math.isnan(_value(found, "B", "Gemischt"))
    assert _value(found, "A", "Leerzeichen") == 1499 and _value(found, "C", "Punkt") == 1e7
    assert _value(found, "A", "Prozent") == 43 and _value(found, "D", "Prozent") == 0.25
    assert math.isnan(_value(found, "A", "Sentinel")) and math.isnan(_value(found, "C", "Sentinel"))
    assert _value(found, "A", "Zeichen") == 0 and math.isnan(_value(found, "B", "Zeichen"))


def test_the_meaning_of_symbols_is_configurable(tmp_path):
    path = tmp_path / "strich.csv"
    path.write_text("Code;Wert\n1;-\n2;17\n3;5\n", encoding="utf-8")
    assert _value(read_indicator_file(path), "1", "Wert") == 0  # Destatis: "-" is nothing
    found = read_indicator_file(path, missing=["-", "17"])
    assert math.isnan(_value(found, "1", "Wert")) and math.isnan(_value(found, "2", "Wert"))
    assert _value(found, "3", "Wert") == 5


def test_every_column_is_reported_and_only_chosen_ones_imported():
    found = read_indicator_file(PROFILE, columns=["Einwohnerzahl", "SGB_II_Quote_in_pct"])
    kinds = _kinds(found)
    assert kinds == {
        "Sozialraum": "key", "Name": "names", "Einwohnerzahl": "indicator",
        "Anteil mit Migrationshintergrund in %": "not_chosen", "SGB-II-Quote in %": "indicator",
        "Wohnungen mit Bindungsauslauf bis 2019": "not_chosen",
    }  # fmt: skip
    assert set(found.values["indicator"]) == {"Einwohnerzahl", "SGB_II_Quote_in_pct"}
    quote = next(line for line in found.columns if line.key == "SGB_II_Quote_in_pct")
    assert (quote.name, quote.unit, quote.values_read) == ("SGB-II-Quote in %", "%", 4)


def test_a_long_header_gets_a_short_key_and_keeps_its_name(tmp_path):
    header = (
        "Anteil der Haushalte mit Kindern unter 18 Jahren, in denen nur ein Elternteil lebt, " * 2
    )
    path = tmp_path / "lang.csv"
    path.write_text(f"Code;{header}\n1;12,5\n", encoding="utf-8")
    (line,) = read_indicator_file(path).indicators
    assert len(line.key) <= 80 and line.name == header.strip()


def test_years_in_headers_before_after_dates_and_not_a_year():
    found = read_indicator_file(DATA / "jahre_breit.csv")
    years = {line.column: (line.key, line.years) for line in found.indicators}
    assert years["SGB2_2023"] == ("SGB2", (2023,))
    assert years["2018_Anteil"] == years["2019_Anteil"][:1] + ((2018,),)
    assert years["Anzahl_2019"] == ("Anzahl", (2019,))
    assert years["EW (Dez 2013)"] == ("EW", (2013,))
    assert years["Wohnungen mit Bindungsauslauf bis 2019"][1] == ()
    assert _value(found, "1", "Anteil", 2019) == 13.1 and _value(found, "1", "Anzahl", 2019) == 1360


def test_bare_years_need_a_name_and_then_are_one_indicator():
    unnamed = read_indicator_file(DATA / "jahre_nackt.csv")
    assert set(_kinds(unnamed).values()) == {"key", "bare_year"} and unnamed.values.empty
    named = read_indicator_file(DATA / "jahre_nackt.csv", bare_year_name="Arbeitslosenquote")
    assert {line.key for line in named.indicators} == {"Arbeitslosenquote"}
    assert _value(named, "2", "Arbeitslosenquote", 2012) == 5.9


def test_a_year_column_and_a_long_table_with_a_category():
    found = read_indicator_file(DATA / "jahr_spalte.csv")
    assert _kinds(found)["Jahr"] == "year"
    assert _value(found, "1", "Einwohner", 2020) == 2150
    long = read_indicator_file(DATA / "lang_kategorie.csv", key_column="Raum")
    assert long.layout == "long"
    assert _value(long, "1", "Einwohner_unter_6", 2020) == 118
    assert 10 not in set(long.values["row"])  # "20x0" is no year: reported, not stored
    assert any(p.row == 10 and p.text == "20x0" for p in long.problems)


def test_a_prefix_namespaces_every_key():
    found = read_indicator_file(DATA / "ortsteile.csv", prefix="OT_")
    assert set(found.values["indicator"]) == {"OT_Einwohner", "OT_Kinder_unter_6",
                                              "OT_SGB_II_Quote"}  # fmt: skip


def test_a_key_column_that_is_not_there_is_named():
    with pytest.raises(InputFileError, match="no column 'Gebiet'; the columns are: Ortsteil"):
        read_indicator_file(DATA / "ortsteile.csv", key_column="Gebiet")
