"""Berlin's published tables through the one indicator reader, and tables read as they are."""

import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.readers.errors import InputFileError
from analysis.readers.indicator_file import read_indicator_file
from analysis.readers.indicators import read_table


def test_berlin_indicator_file_keeps_keys_and_maps_sentinels(berlin):
    path = berlin / "mss_2021_index_indikatoren.csv"
    found = read_indicator_file(path, key_column="PLR_ID", columns=["S1", "S3", "S4"])
    values = found.values
    assert len(values) == 542 * 3 and set(values["indicator"]) == {"S1", "S3", "S4"}
    first = values[values["area_code"] == "01100101"].set_index("indicator")
    assert first["value"].to_dict() == {"S1": 4.22594, "S3": 8.04329, "S4": 19.39799}
    assert set(values["year"]) == {2020}  # ZEIT 202012
    assert values.loc[values["area_code"] == "03300515", "value"].isna().all()  # -9999
    table = found.table()
    assert list(table.columns) == ["area_code", "S1", "S3", "S4"] and len(table) == 542
    assert table["area_code"].iloc[0] == "01100101"


def test_berlin_z_file_with_bom_semicolon_crlf_and_german_headers(berlin):
    path = berlin / "mss_2021_index-indikatoren_z-werte_plr.csv"
    # "Status-summe" is a hyphenation artefact of the published header: read as one word
    found = read_indicator_file(path, key_column="PLR-ID", columns=["zS1", "Statussumme"])
    first = found.table().iloc[0]
    assert first.tolist() == ["01100101", -0.25, -0.97]
    assert read_table(path, id_column="PLR-ID")["PLR-Name"].iloc[0] == "Stülerstraße"


def test_a_table_of_several_years_needs_a_year(tmp_path):
    path = tmp_path / "years.csv"
    path.write_text("code;SGB2_2023;SGB2_2024;EW\n1 a;10,5;11;900\n15 b;x;9,25;800\n")
    found = read_indicator_file(path, key_column="code")
    with pytest.raises(InputFileError, match="several years of 'SGB2'; choose one"):
        found.table()
    expected = pd.DataFrame(
        {"area_code": ["1 a", "15 b"], "SGB2": [11.0, 9.25], "EW": [900.0, 800.0]}
    )
    pdt.assert_frame_equal(found.table(2024), expected)


def test_read_table_keeps_codes_as_text_and_numbers_as_float(berlin):
    table = read_table(berlin / "mss_2021_index_indikatoren.csv", id_column="PLR_ID")
    assert table["PLR_ID"].iloc[0] == "01100101"
    assert table["BEZ_ID"].iloc[0] == "01"
    assert table["EW"].dtype == "float64"
    assert table["PLR_NAME"].iloc[0] == "Stülerstraße"
    assert pd.isna(table.loc[table["PLR_ID"] == "03300515", "S1"]).all()


def test_cp1252_and_lost_leading_zeros(tmp_path):
    path = tmp_path / "kreis.csv"
    path.write_bytes("Gebiet;Name;SGB2\r\n1100101;Köln-Süd;4,22\r\n".encode("cp1252"))
    table = read_table(path, id_column="Gebiet", key_width=8)
    assert table.iloc[0].tolist() == ["01100101", "Köln-Süd", 4.22]


def test_unknown_extension_missing_id_and_ragged_rows_are_refused(tmp_path):
    odd = tmp_path / "table.ods"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(InputFileError, match="only CSV and XLSX"):
        read_table(odd, id_column="id")
    path = tmp_path / "t.csv"
    path.write_text("id,S1\n1,2\n1,3\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"no id column 'ID' \(columns: id, S1\)"):
        read_table(path, id_column="ID")
    ragged = tmp_path / "r.csv"
    ragged.write_text("id,S1\n1,2\n3\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="row 3"):
        read_table(ragged, id_column="id")
