"""The fast XLSX writer: typed cells, escaping and the workbook's parts read back by openpyxl."""

import datetime as dt
import zipfile

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from analysis.exports.tables import write_xlsx
from analysis.exports.xlsx import sheet_title, write_workbook


def test_cells_keep_their_types_and_text_its_characters(tmp_path):
    frame = pd.DataFrame(
        {
            "text": pd.Series(["a & b <c>", " lead", "x\ry", "bell\x07", None], dtype="str"),
            "mixed": pd.Series([1, "two", dt.date(2024, 1, 2), True, np.nan], dtype=object),
            "float": [1.5, np.nan, np.inf, -0.25, 1e-05],
            "count": pd.array([3, None, 5, 6, 2**40], dtype="Int64"),
            "flag": pd.array([True, False, None, True, False], dtype="boolean"),
            "when": pd.to_datetime(["2024-01-02 03:04", None, "2020-02-29 00:00", None, None]),
            "theme": pd.Categorical(["play", "work", "play", None, "play"]),
        }
    )
    path = write_workbook({"Daten": frame}, tmp_path / "t.xlsx")
    rows = list(load_workbook(path)["Daten"].iter_rows(values_only=True))
    assert rows[0] == tuple(frame.columns)
    assert [r[0] for r in rows[1:]] == ["a & b <c>", " lead", "x\ry", "bell_x0007_", None]
    assert [r[1] for r in rows[1:]] == [1, "two", dt.datetime(2024, 1, 2), True, None]
    assert [r[2] for r in rows[1:]] == [1.5, None, None, -0.25, 1e-05]
    assert [r[3] for r in rows[1:]] == [3, None, 5, 6, 2**40]
    assert [r[4] for r in rows[1:]] == [True, False, None, True, False]
    assert rows[1][5] == dt.datetime(2024, 1, 2, 3, 4) and rows[2][5] is None
    assert [r[6] for r in rows[1:]] == ["play", "work", "play", None, "play"]


def test_workbook_parts_and_header(tmp_path):
    frame = pd.DataFrame({"=Summe": ["=1+1", "@A1"], "n": [1, 2]})
    path = write_xlsx({"Index & Co": frame, "leer": pd.DataFrame()}, tmp_path / "t.xlsx")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert archive.testzip() is None
    assert {"[Content_Types].xml", "xl/workbook.xml", "xl/styles.xml"} <= names
    book = load_workbook(path)
    assert book.sheetnames == ["Index & Co", "leer"]
    sheet = book["Index & Co"]
    assert [c.value for c in sheet[1]] == ["'=Summe", "n"] and sheet["A1"].font.bold
    assert [sheet["A2"].value, sheet["A3"].value] == ["'=1+1", "'@A1"]
    assert sheet.freeze_panes == "A2" and sheet.max_row == 3
    assert list(book["leer"].iter_rows(values_only=True)) == []


def test_sheet_titles_are_valid_and_unique():
    used: set[str] = set()
    titles = [sheet_title(n, used) for n in ("a/b", "A_B", "x" * 40, "x" * 40, "'")]
    assert titles[:2] == ["a_b", "A_B (2)"]
    assert titles[2] == "x" * 31 and titles[3] == "x" * 27 + " (2)" and titles[4] == "Tabelle"


def test_columns_get_the_number_formats_asked_for(tmp_path):
    frame = pd.DataFrame({"code": ["0101", "0102"], "median": [3.5, 4.0], "z": [-1.234, 0.5],
                          "share": [0.25, 0.07],
                          "n": pd.array([12, None], dtype="Int64")})  # fmt: skip
    other = pd.DataFrame({"p": [0.0123]})
    formats = {"Werte": ["@", "0.0", "0.00", "0 %", None], "Tests": ["0.000"]}
    book = load_workbook(write_workbook({"Werte": frame, "Tests": other}, tmp_path / "f.xlsx",
                                        formats))  # fmt: skip
    sheet = book["Werte"]
    rows = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert [c.number_format for c in rows] == ["@", "0.0", "0.00", "0 %", "General"]
    assert [c.value for c in rows] == ["0101", 3.5, -1.234, 0.25, 12]  # the values unchanged
    assert [c.data_type for c in rows] == ["s", "n", "n", "n", "n"]
    assert book["Tests"]["A2"].number_format == "0.000"
    assert sheet["A1"].font.b and sheet["A1"].number_format == "General"  # the header as before
    dates = load_workbook(write_workbook({"d": pd.DataFrame({"t": [dt.date(2024, 5, 1)]})},
                                         tmp_path / "d.xlsx", {"d": ["0.0"]}))  # fmt: skip
    assert dates["d"]["A2"].is_date  # a date column keeps its date format
