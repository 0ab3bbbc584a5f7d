"""Finding the table in a sheet: titles, a header over two rows, hyphenation, notes below."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from analysis.readers.sheet import clean_header, column_letter, find_table
from tests.support.german_tables import table_of


def _skipped(table):
    return [(s.row, s.text, str(s.why)) for s in table.skipped]


def test_a_profile_table_with_titles_a_two_row_header_and_notes():
    table = table_of("profil_titel_fussnoten.csv")
    assert table.header == [
        "Sozialraum",
        "Name",
        "Einwohnerzahl",
        "Anteil mit Migrationshintergrund in %",
        "SGB-II-Quote in %",
        "Wohnungen mit Bindungsauslauf bis 2019",
    ]
    assert table.header_lines == [4, 5]
    assert table.lines == [6, 7, 8, 9, 10]
    assert table.rows[0] == ["1 a", "Altstadt", "1.748", "23,4 %", "12,1", "35"]
    assert table.rows[-1] == ["15 b", "Am Hang", "10.020", "9,9 %", "4,2", "/"]
    assert _skipped(table) == [
        (1, "Sozialraumprofil Musterstadt", "title above the table"),
        (2, "Tabelle 3: Bevölkerung und Transferbezug nach Sozialräumen", "title above the table"),
        (12, "Quelle: Einwohnermelderegister der Stadt, Stand 31.12.2021", "note below the table"),
        (13, "¹ vorläufiger Wert", "note below the table"),
    ]
    assert table.renamed == [
        ("Sozial- / raum", "Sozialraum"),
        ("Einwohner- / zahl", "Einwohnerzahl"),
        ("Anteil mit Migrations- / hintergrund in %", "Anteil mit Migrationshintergrund in %"),
        ("SGB-II-Quote / in %", "SGB-II-Quote in %"),
    ]
    assert table.column("Einwohnerzahl") == ["1.748", "912", "2.305", "1 499", "10.020"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Migrations-hintergrund", "Migrationshintergrund"),
        ("Migrations-\nhintergrund", "Migrationshintergrund"),
        ("Migrations- hintergrund", "Migrationshintergrund"),
        ("Migrations\u00adhintergrund", "Migrationshintergrund"),
        ("Status-summe", "Statussumme"),
        ("SGB-II-Quote", "SGB-II-Quote"),
        ("Kfz-Bestand", "Kfz-Bestand"),
        ("U-Bahn-Haltestellen", "U-Bahn-Haltestellen"),
        ("15-Jährige", "15-Jährige"),
        ("unter 15-jährige", "unter 15-jährige"),
        ("Ein- und Ausgänge", "Ein- und Ausgänge"),
        ("Kinder- oder Jugendhilfe", "Kinder- oder Jugendhilfe"),
        ("Zuordnung  Klasse\tStatus-Index ", "Zuordnung Klasse Status-Index"),
    ],
)
def test_hyphenation_artefacts_are_joined_and_real_hyphens_kept(text, name):
    assert clean_header(text) == name


def test_a_group_heading_spans_the_columns_the_row_below_names():
    table = find_table([
        ["Code", "Name", "Einwohner", "", "", "SGB II", ""],
        ["", "", "insgesamt", "unter 18", "Anteil", "Anzahl", "Quote"],
        ["1", "Altstadt", "100", "20", "20,0", "7", "7,0"],
    ])  # fmt: skip
    assert table.header == [
        "Code", "Name", "Einwohner insgesamt", "Einwohner unter 18", "Einwohner Anteil",
        "SGB II Anzahl", "SGB II Quote",
    ]  # fmt: skip


def test_a_name_standing_over_an_empty_cell_does_not_spread_to_the_right():
    table = find_table(
        [["Code", "Name", "", "SGB II"], ["", "", "EW", "Quote"], ["1", "A", "5", "2"]]
    )
    assert table.header == ["Code", "Name", "EW", "SGB II Quote"]


def test_a_title_in_the_first_column_right_above_the_header_stays_a_title():
    table = find_table([["Einwohner nach Sozialraum"], ["Raum", "EW"], ["1", "100"]])
    assert table.header == ["Raum", "EW"]
    assert table.header_lines == [2]
    assert _skipped(table) == [(1, "Einwohner nach Sozialraum", "title above the table")]


def test_a_group_heading_alone_in_its_row_is_a_header_row():
    table = find_table([["", "Einwohner", ""], ["Raum", "insgesamt", "unter 18"], ["1", "9", "2"]])
    assert table.header == ["Raum", "Einwohner insgesamt", "Einwohner unter 18"]


def test_bare_years_in_the_header_are_not_data_and_symbols_are():
    table = find_table(
        [["Raum", "2011", "2012"], ["Altstadt", ".", "x"], ["Neustadt", "4,1", "4,3"]]
    )
    assert table.header == ["Raum", "2011", "2012"]
    assert table.rows == [["Altstadt", ".", "x"], ["Neustadt", "4,1", "4,3"]]


def test_a_repeated_header_inside_the_data_is_left_out_and_reported():
    table = find_table([["Raum", "EW"], ["1", "100"], ["Raum", "EW"], ["2", "200"]])
    assert table.rows == [["1", "100"], ["2", "200"]]
    assert table.lines == [2, 4]
    assert _skipped(table) == [(3, "Raum | EW", "repeats the header")]


def test_unnamed_and_twice_named_columns_get_names_and_are_reported():
    table = find_table([["Raum", "EW", "EW", ""], ["1", "100", "200", "7"]])
    assert table.header == ["Raum", "EW", "EW (2)", "D"]
    assert table.renamed == [("EW", "EW (2)"), ("", "D")]


def test_empty_columns_at_the_end_and_empty_rows_are_dropped():
    table = find_table(
        [["Raum", "EW", "", ""], ["", "", "", ""], ["1", "100", "", ""], [], ["2", "5"]]
    )
    assert table.header == ["Raum", "EW"]
    assert table.rows == [["1", "100"], ["2", "5"]]
    assert table.lines == [3, 5]
    assert table.skipped == []


def test_a_last_area_row_with_one_short_cell_is_data_not_a_note():
    table = find_table([["Raum", "EW"], ["1", "100"], ["2", ""]])
    assert table.rows == [["1", "100"], ["2", ""]]


def test_a_note_word_must_be_a_whole_word():
    rows = [
        ["Raum", "EW"],
        ["Quellenviertel", "100"],
        ["Standort Nord", "5"],
        ["Quellen: Melderegister"],
        ["Stand: 31.12.2021"],
        ["* geschätzt"],
        ["1) vorläufig"],
    ]
    table = find_table(rows)
    assert table.rows == [["Quellenviertel", "100"], ["Standort Nord", "5"]]
    assert [s.row for s in table.skipped] == [4, 5, 6, 7]


def test_the_caller_can_say_where_the_header_is():
    rows = [["Stadt Musterstadt", "Stand 2021"], ["Raum", "EW"], ["1", "100"]]
    assert find_table(rows).header == ["Stadt Musterstadt Raum", "Stand 2021 EW"]  # the guess
    table = find_table(rows, header_at=2, header_rows=1)
    assert table.header == ["Raum", "EW"]
    assert _skipped(table) == [(1, "Stadt Musterstadt | Stand 2021", "title above the table")]


def test_row_numbers_of_the_file_are_kept():
    table = find_table([["Raum", "EW"], ["1", "100"]], lines=[7, 9])
    assert table.header_lines == [7] and table.lines == [9]
    with pytest.raises(ValueError, match="one row number per row"):
        find_table([["Raum"]], lines=[1, 2])
    with pytest.raises(ValueError, match="header_rows"):
        find_table([["Raum"]], header_rows=3)


def test_merged_header_cells_of_a_workbook(tmp_path):
    # Excel keeps a merged cell's text in its first cell only; openpyxl reads the rest as None.
    book = Workbook()
    sheet = book.active
    sheet.append(["Bevölkerung nach Stadtteilen 2021"])
    sheet.append(["Stadtteil", "Einwohner", None, "Anteil Migrations-"])
    sheet.append([None, "insgesamt", "unter 18", "hintergrund"])
    sheet.append(["101", 27515, 3120, "31,4"])
    sheet.merge_cells("B2:C2")
    sheet.merge_cells("A2:A3")
    book.save(tmp_path / "t.xlsx")
    values = load_workbook(tmp_path / "t.xlsx", read_only=True).active.iter_rows(values_only=True)
    rows = [["" if v is None else str(v) for v in row] for row in values]
    table = find_table(rows)
    assert table.header == [
        "Stadtteil", "Einwohner insgesamt", "Einwohner unter 18", "Anteil Migrationshintergrund"
    ]  # fmt: skip
    assert table.rows == [["101", "27515", "3120", "31,4"]]
    assert _skipped(table) == [(1, "Bevölkerung nach Stadtteilen 2021", "title above the table")]


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]
