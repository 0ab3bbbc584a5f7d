"""Exports: formula neutralisation, German Excel CSV, XLSX, GeoPackage and KomMonitor GeoJSON."""

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.exports.gis import kommonitor_geojson, write_geopackage, write_kommonitor_geojson
from analysis.exports.tables import neutralise_cell, neutralise_frame, write_csv, write_xlsx
from tests.support.output import grid_areas


@pytest.mark.parametrize(
    "text", ["=1+1", "+49 30", "-2", "@SUM(A1)", "\tTab", "\rCR", '=HYPERLINK("x")']
)
def test_dangerous_strings_get_an_apostrophe(text):
    assert neutralise_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Grünfläche", "", "a=b", -3.5, -2, None, np.nan])
def test_harmless_values_and_numbers_stay(value):
    result = neutralise_cell(value)
    assert result is value or (isinstance(value, float) and np.isnan(result))


def test_neutralise_frame_touches_text_only():
    frame = pd.DataFrame(
        {
            "text": pd.Series(["=cmd", "ok", None], dtype="str"),
            "mixed": pd.Series(["-x", 1, None], dtype=object),
            "number": [-1.5, 2.0, np.nan],
            "=head": [1, 2, 3],
        }
    )
    out = neutralise_frame(frame)
    assert out["text"].tolist()[:2] == ["'=cmd", "ok"] and pd.isna(out["text"].iloc[2])
    assert out["mixed"].tolist() == ["'-x", 1, None]
    assert out["number"].iloc[0] == -1.5
    assert "'=head" in out.columns
    assert frame["text"].iloc[0] == "=cmd"  # input unchanged


def sample_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": ["01", "02"],
            "Name": ["Kiez Süd", "=WEBSERVICE(1)"],
            "median": [3.5, np.nan],
            "n": pd.array([12, pd.NA], dtype="Int64"),
            "index": [-1.25, 2.0],
        }
    )


def test_write_csv_is_utf8_with_bom_and_neutralised(tmp_path):
    path = write_csv(sample_frame(), tmp_path / "a.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines == [
        "area_code,Name,median,n,index",
        "01,Kiez Süd,3.5,12,-1.25",
        "02,'=WEBSERVICE(1),,,2.0",
    ]


def test_write_csv_for_german_excel(tmp_path):
    path = write_csv(
        sample_frame(), tmp_path / "a.csv", excel_decimal=",", text_columns=["area_code"]
    )
    text = path.read_bytes().decode("utf-8-sig")
    assert text.split("\r\n")[:3] == [
        "area_code;Name;median;n;index",
        '"=""01""";Kiez Süd;3,5;12;-1,25',
        '"=""02""";\'=WEBSERVICE(1);;;2,0',
    ]
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"area_code": str})
    assert back["median"].iloc[0] == 3.5 and back["area_code"].tolist() == ['="01"', '="02"']


def test_write_csv_for_english_excel_and_hostile_codes(tmp_path):
    frame = pd.DataFrame({"code": ['=1+1"', None], "x": [1.5, 2.0]})
    path = write_csv(frame, tmp_path / "a.csv", excel_decimal=".", text_columns=["code"])
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    # the code stays inside a string literal (quotes doubled): Excel shows it, never runs it
    assert lines[:3] == ["code,x", '"=""=1+1""""""",1.5', ",2.0"]
    assert pd.read_csv(path, dtype=str)["code"].iloc[0] == '="=1+1"""'


def test_write_xlsx_sheets_header_and_typed_cells(tmp_path):
    long_name = "Bewertungen nach Gebiet und Rolle und Thema"
    path = write_xlsx({"Index": sample_frame(), long_name: sample_frame()}, tmp_path / "r.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Index", long_name[:31]]
    sheet = book["Index"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "area_code" and sheet["A1"].font.bold
    assert sheet["A2"].value == "01" and sheet["A2"].data_type == "s"
    assert sheet["C2"].value == 3.5 and sheet["D2"].value == 12
    assert sheet["E2"].value == -1.25
    assert sheet["B3"].value == "'=WEBSERVICE(1)" and sheet["B3"].data_type == "s"
    assert sheet["C3"].value is None and sheet["D3"].value is None
    assert 8 <= sheet.column_dimensions["B"].width <= 60


def test_write_xlsx_makes_sheet_names_valid_and_unique(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    path = write_xlsx({"a/b": frame, "a_b": frame, "x" * 40: frame}, tmp_path / "r.xlsx")
    names = load_workbook(path).sheetnames
    assert names[0] == "a_b" and names[1] == "a_b (2)" and len(names[2]) == 31
    with pytest.raises(ValueError):
        write_xlsx({}, tmp_path / "e.xlsx")
    with pytest.raises(TypeError):
        write_xlsx({"a": [1]}, tmp_path / "e.xlsx")


def test_write_geopackage_layers_read_back(tmp_path):
    areas = grid_areas(3, crs="EPSG:25833")
    areas["note"] = ["ok", "=1", None]
    areas["median"] = [3.5, np.nan, 4.0]
    points = gpd.GeoDataFrame(
        {"code": ["01"]}, geometry=areas.representative_point().iloc[:1], crs=areas.crs
    )
    path = write_geopackage({"areas": areas, "points": points}, tmp_path / "r.gpkg")
    write_geopackage({"areas": areas, "points": points}, path)  # overwrite works
    back = gpd.read_file(path, layer="areas")
    assert back.crs.to_epsg() == 25833
    assert back["code"].tolist() == ["01", "02", "03"]
    assert back["note"].tolist()[:2] == ["ok", "'=1"]
    assert np.isnan(back["median"].iloc[1])
    assert gpd.list_layers(path)["name"].tolist() == ["areas", "points"]


def test_kommonitor_geojson_has_id_name_and_date_columns():
    areas = grid_areas(3, crs="EPSG:25833")
    values = pd.DataFrame(
        {
            "code": ["01", "01", "02", "02", "99"],
            "date": ["2023-12-31", pd.Timestamp("2024-12-31"), "2023-12-31", "2024-12-31", "2024"],
            "value": [3.14159, 4.0, np.nan, 5.5, 1.0],
        }
    )
    collection = kommonitor_geojson(areas, values)
    assert collection["type"] == "FeatureCollection"
    props = [f["properties"] for f in collection["features"]]
    assert props[0] == {
        "ID": "01",
        "NAME": "Kiez Ä0",
        "DATE_2023-12-31": 3.14,
        "DATE_2024-01-01": None,
        "DATE_2024-12-31": 4.0,
    }
    assert props[1]["DATE_2023-12-31"] is None
    assert all(value is None for key, value in props[2].items() if key.startswith("DATE_"))
    x, y = collection["features"][0]["geometry"]["coordinates"][0][0]
    assert 13 < x < 14 and 52 < y < 53  # reprojected to WGS84 (lon, lat)


def test_write_kommonitor_geojson_is_valid_json_with_null(tmp_path):
    areas = grid_areas(2)
    values = pd.DataFrame({"code": ["01"], "date": ["2024-12-31"], "value": [np.nan]})
    path = write_kommonitor_geojson(areas, values, tmp_path / "k.geojson")
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text
    data = json.loads(text)
    assert data["features"][0]["properties"]["DATE_2024-12-31"] is None
    back = gpd.read_file(path)
    assert back.crs.to_epsg() == 4326 and back["ID"].tolist() == ["01", "02"]


def test_kommonitor_geojson_checks_columns():
    with pytest.raises(ValueError, match="values is missing"):
        kommonitor_geojson(grid_areas(1), pd.DataFrame({"code": ["01"]}))
    with pytest.raises(TypeError):
        kommonitor_geojson(pd.DataFrame(), pd.DataFrame())
