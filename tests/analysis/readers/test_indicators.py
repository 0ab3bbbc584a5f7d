"""Reading messy indicator tables: encodings, separators, keys, sentinels, layouts."""

import pandas as pd
import pandas.testing as pdt
import pytest
from openpyxl import Workbook

from analysis.readers.errors import InputFileError
from analysis.readers.indicators import read_indicator_table, read_table


def tidy(area, indicator, year, value) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": pd.Series(area, dtype="str"),
            "indicator": pd.Series(indicator, dtype="str"),
            "year": pd.array(year, dtype="Int64"),
            "value": pd.Series(value, dtype="float64"),
        }
    )


def test_berlin_indicator_file_keeps_keys_and_maps_sentinels(berlin):
    path = berlin / "mss_2021_index_indikatoren.csv"
    result = read_indicator_table(path, id_column="PLR_ID", value_columns=["S1", "S3", "S4"])
    assert len(result) == 542 * 3
    pdt.assert_frame_equal(
        result.head(3),
        tidy(["01100101"] * 3, ["S1", "S3", "S4"], [2020] * 3, [4.22594, 8.04329, 19.39799]),
    )
    invalid = result[result["area_code"] == "03300515"]
    assert invalid["value"].isna().all()


def test_read_table_keeps_codes_as_text_and_numbers_as_float(berlin):
    table = read_table(berlin / "mss_2021_index_indikatoren.csv", id_column="PLR_ID")
    assert table["PLR_ID"].iloc[0] == "01100101"
    assert table["BEZ_ID"].iloc[0] == "01"
    assert table["EW"].dtype == "float64"
    assert table["PLR_NAME"].iloc[0] == "Stülerstraße"
    assert pd.isna(table.loc[table["PLR_ID"] == "03300515", "S1"]).all()


def test_berlin_z_file_with_bom_semicolon_crlf_and_german_headers(berlin):
    path = berlin / "mss_2021_index-indikatoren_z-werte_plr.csv"
    result = read_indicator_table(path, id_column="PLR-ID", value_columns=["zS1", "Status-summe"])
    pdt.assert_frame_equal(
        result.head(2), tidy(["01100101"] * 2, ["zS1", "Status-summe"], [None] * 2, [-0.25, -0.97])
    )
    table = read_table(path, id_column="PLR-ID")
    assert "Zuordnung Klasse Status-Index" in table.columns  # trailing space stripped
    assert table["PLR-Name"].iloc[0] == "Stülerstraße"


def test_cp1252_decimal_comma_and_lost_leading_zeros(tmp_path):
    path = tmp_path / "kreis.csv"
    text = (
        "Gebiet;Name;Jahr;SGB2;Alleinerz\r\n"
        "1100101;Köln-Süd;2023;4,22;-\r\n1100102;Düren;2023;1.234,5;.\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    result = read_indicator_table(path, id_column="Gebiet", key_width=8)
    expected = tidy(
        ["01100101", "01100101", "01100102", "01100102"],
        ["SGB2", "Alleinerz", "SGB2", "Alleinerz"],
        [2023] * 4,
        [4.22, float("nan"), 1234.5, float("nan")],
    )
    pdt.assert_frame_equal(result, expected)
    assert read_table(path, id_column="Gebiet")["Name"].tolist() == ["Köln-Süd", "Düren"]


def test_tab_separated_wide_by_year_headers(tmp_path):
    path = tmp_path / "years.tsv"
    path.write_text("code\tSGB2_2023\tSGB2_2024\n1 a\t10.5\t11\n15 b\tx\t9.25\n", encoding="utf-8")
    result = read_indicator_table(path, id_column="code")
    expected = tidy(
        ["1 a", "1 a", "15 b", "15 b"],
        ["SGB2"] * 4,
        [2023, 2024, 2023, 2024],
        [10.5, 11.0, float("nan"), 9.25],
    )
    pdt.assert_frame_equal(result, expected)


def test_xlsx_with_numeric_keys(tmp_path):
    path = tmp_path / "indikatoren.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Sozialraum", "Jahr", "SGB2", "NEF"])
    sheet.append([1100101, 2022, 12.5, "-9999"])
    sheet.append([1100102, 2022, 7, 3.25])
    workbook.save(path)
    result = read_indicator_table(path, id_column="Sozialraum", key_width=8)
    expected = tidy(
        ["01100101", "01100101", "01100102", "01100102"],
        ["SGB2", "NEF", "SGB2", "NEF"],
        [2022] * 4,
        [12.5, float("nan"), 7.0, 3.25],
    )
    pdt.assert_frame_equal(result, expected)


def test_long_layout_is_detected_by_german_names(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(
        "Gebiet,Indikator,Jahr,Wert\n001,SGB2,2023,10.5\n001,SGB2,2024,11\n002,SGB2,2024,-9999\n",
        encoding="utf-8",
    )
    result = read_indicator_table(path, id_column="Gebiet")
    expected = tidy(
        ["001", "001", "002"], ["SGB2"] * 3, [2023, 2024, 2024], [10.5, 11.0, float("nan")]
    )
    pdt.assert_frame_equal(result, expected)


def test_long_layout_with_explicit_columns(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("a;k;v\nX;S1;1,5\n", encoding="utf-8")
    result = read_indicator_table(
        path, id_column="a", layout="long", long_columns=("a", "k", None, "v")
    )
    pdt.assert_frame_equal(result, tidy(["X"], ["S1"], [None], [1.5]))


def test_bad_value_is_reported_with_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id;S1;S3\n01;1,0;2,0\n02;3,0;n/a\n03;4,0;5,0\n", encoding="utf-8")
    with pytest.raises(
        InputFileError, match=r"bad\.csv', row 3, column 'S3': 'n/a' is not a number"
    ):
        read_indicator_table(path, id_column="id")


def test_unknown_extension_missing_id_and_duplicates_are_refused(tmp_path):
    odd = tmp_path / "table.ods"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(InputFileError, match="only CSV and XLSX"):
        read_table(odd, id_column="id")
    path = tmp_path / "t.csv"
    path.write_text("id,S1\n1,2\n1,3\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"no id column 'ID' \(columns: id, S1\)"):
        read_table(path, id_column="ID")
    with pytest.raises(InputFileError, match="more than one value"):
        read_indicator_table(path, id_column="id")
    ragged = tmp_path / "r.csv"
    ragged.write_text("id,S1\n1,2\n3\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="row 3"):
        read_table(ragged, id_column="id")
