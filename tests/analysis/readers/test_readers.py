"""Content checks and our own readers (analysis.readers): what passes, what is refused and why."""

from __future__ import annotations

import io
import json
import sqlite3
import struct
import zipfile

import geopandas as gpd
import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from shapely.geometry import box

from analysis.readers.areas import area_fields, read_areas
from analysis.readers.errors import N_, InputFileError
from analysis.readers.indicator_file import read_indicator_file
from analysis.readers.indicators import table_columns
from tests.support import hostile_files as hostile

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}


def _geojson(tmp_path, data, name="areas.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def _collection(features, crs=None):
    data = {"type": "FeatureCollection", "features": features}
    if crs is not None:
        data["crs"] = crs
    return data


def test_geojson_fields_like_gdal_made_them(tmp_path):
    feature = {
        "type": "Feature", "id": "A-1", "geometry": SQUARE,
        "properties": {"code": "1 a", "name": "Altstadt", "tags": {"kind": "Quartier"}},
    }  # fmt: skip
    path = _geojson(tmp_path, _collection([feature]))
    assert area_fields(path) == ["code", "name", "tags", "id"]
    areas = read_areas(path, id_field="id", name_field="tags")
    assert areas.loc[0, "code"] == "A-1" and json.loads(areas.loc[0, "name"]) == {
        "kind": "Quartier"
    }


@pytest.mark.parametrize(
    ("crs", "expected"),
    [
        (None, "EPSG:4326"),
        ({"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "OGC:CRS84"),
        ({"type": "name", "properties": {"name": "EPSG:4326"}}, "EPSG:4326"),
        ({"type": "EPSG", "properties": {"code": 4326}}, "EPSG:4326"),
    ],
)
def test_geojson_crs_member_forms(tmp_path, crs, expected):
    feature = {"type": "Feature", "properties": {"c": "1", "n": "A"}, "geometry": SQUARE}
    from analysis.readers.areas import inspect_areas

    _, _, source_crs = inspect_areas(
        _geojson(tmp_path, _collection([feature], crs)), id_field="c", name_field="n"
    )
    assert source_crs == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"type": "FeatureCollection", "features": [NaN]}', "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"type": "Topology"}', "holds no FeatureCollection, Feature or geometry"),
        ('{"type": "FeatureCollection", "features": [1]}', "feature number 1 is not a GeoJSON"),
        (
            json.dumps(
                _collection(
                    [
                        {
                            "type": "Feature",
                            "properties": {},
                            "geometry": {"type": "Polygon", "coordinates": [[[0, 0]]]},
                        }
                    ]
                )
            ),
            "geometry of feature number 1 is not valid GeoJSON",
        ),  # fmt: skip
        (
            json.dumps(_collection([], {"type": "link", "properties": {"href": "http://x/"}})),
            "remove the 'crs' member",
        ),
        (
            json.dumps(
                _collection([{"type": "Feature", "properties": {}, "geometry": None}] * 20_001)
            ),
            "more than 20000 features",
        ),  # fmt: skip
    ],
)
def test_geojson_refusals(tmp_path, content, message):
    with pytest.raises(InputFileError, match=message):
        area_fields(_geojson(tmp_path, content))


def test_files_over_the_size_limit_are_refused_unread(tmp_path):
    for name in ("big.geojson", "big.gpkg", "big.zip", "big.csv"):
        with (tmp_path / name).open("wb") as stream:
            stream.truncate(32 * 1024 * 1024 + 1)  # sparse: nothing is written
        reader = table_columns if name.endswith(".csv") else area_fields
        with pytest.raises(InputFileError, match="the file is larger than 32 MB"):
            reader(tmp_path / name)


def _gpkg(tmp_path, name="areas.gpkg"):
    frame = gpd.GeoDataFrame(
        {"code": ["1 a", "1 b"], "name": ["Altstadt", "Nord"]},
        geometry=[box(0, 0, 1000, 1000), None],
        crs="EPSG:25832",
    )
    path = tmp_path / name
    frame.to_file(path, driver="GPKG", layer="areas")
    return path


def _patch(path, offset: int, data: bytes) -> None:
    with path.open("r+b") as stream:
        stream.seek(offset)
        stream.write(data)


def test_geopackage_read_without_gdal_keeps_codes_crs_and_empty_geometries(tmp_path):
    path = _gpkg(tmp_path)
    _patch(path, 68, b"GP11")  # the older application id of GeoPackage 1.1
    from analysis.readers.areas import inspect_areas

    areas, problems, crs = inspect_areas(path, id_field="code", name_field="name")
    assert crs == "EPSG:25832" and areas["code"].tolist() == ["1 a"]
    assert [str(p) for p in problems] == ["feature '1 b' has no geometry."]
    _patch(path, 68, b"\0\0\0\0")
    with pytest.raises(InputFileError, match="application id is not GPKG"):
        area_fields(path)


def test_geopackage_styles_registered_in_gpkg_contents_are_welcome(tmp_path):
    path = _gpkg(tmp_path)
    connection = sqlite3.connect(path)
    with connection:  # what QGIS writes when a layer's style is saved in the GeoPackage
        connection.execute("CREATE TABLE layer_styles (id INTEGER PRIMARY KEY, styleQML TEXT)")
        connection.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier) "
            "VALUES ('layer_styles', 'attributes', 'layer_styles')"
        )
    connection.close()
    assert area_fields(path) == ["code", "name"]


def _zip(path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _shapefile_parts(tmp_path) -> dict[str, bytes]:
    frame = gpd.GeoDataFrame({"code": ["1"]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:25832")
    frame.to_file(tmp_path / "part.shp")
    return {f"areas.{s}": (tmp_path / f"part.{s}").read_bytes() for s in ("shp", "shx", "dbf")}


def test_zipped_shapefile_layout_rules(tmp_path):
    parts = _shapefile_parts(tmp_path)
    mac = _zip(tmp_path / "mac.zip", {**parts, "__MACOSX/._areas.shp": b"\0" * 10})
    assert area_fields(mac) == ["code"]  # macOS's resource forks are never unpacked
    cases = {
        "folder.zip": ({f"areas/{k}": v for k, v in parts.items()}, "in a folder"),
        "two.zip": ({**parts, "other.shp": parts["areas.shp"]}, "more than one Shapefile"),
        "nodbf.zip": (
            {k: v for k, v in parts.items() if not k.endswith("dbf")},
            ".dbf file is missing",
        ),
        "extra.zip": ({**parts, "areas.shp.xml": b"<metadata/>"}, "'areas.shp.xml', which"),
    }
    for name, (members, message) in cases.items():
        with pytest.raises(InputFileError, match=message):
            area_fields(_zip(tmp_path / name, members))
    bzip = _zip(tmp_path / "bzip.zip", parts, zipfile.ZIP_BZIP2)
    with pytest.raises(InputFileError, match="packed in an unusual way"):
        area_fields(bzip)


def test_zip_members_that_lie_about_their_size_are_refused(tmp_path):
    parts = _shapefile_parts(tmp_path)
    path = _zip(tmp_path / "lying.zip", parts)
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")  # the central directory's entry of the first member
    struct.pack_into("<I", data, central + 24, 10)  # its unpacked size: 10 bytes
    path.write_bytes(bytes(data))
    with pytest.raises(InputFileError, match="cannot be unpacked|not a valid"):
        area_fields(path)


def test_shp_whose_header_lies_about_its_length_is_refused(tmp_path):
    parts = _shapefile_parts(tmp_path)
    shp = bytearray(parts["areas.shp"])
    struct.pack_into(">i", shp, 24, len(shp))  # in 16-bit words it should be half of that
    with pytest.raises(InputFileError, match=r"\.shp file is not a valid \.shp file"):
        area_fields(_zip(tmp_path / "bad.zip", {**parts, "areas.shp": bytes(shp)}))


def _xlsx(tmp_path, extra: dict[str, bytes] | None = None, name="t.xlsx"):
    workbook = Workbook()
    workbook.active.append(["Gebiet", "SGB2"])
    workbook.active.append(["1 a", 12.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / name
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as archive:
        for info in source.infolist():
            archive.writestr(info.filename, (extra or {}).pop(info.filename, source.read(info)))
        for member, data in (extra or {}).items():
            archive.writestr(member, data)
    return path


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"xl/vbaProject.bin": b"macro"}, "'xl/vbaProject.bin', which is not part of an Excel"),
        ({"../evil.xml": b"<x/>"}, "'../evil.xml', which is not part of an Excel"),
        ({"payload.exe": b"MZ"}, "'payload.exe', which is not part of an Excel"),
        (
            {
                "xl/sharedStrings.xml": b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa">]>'
                b"<sst>&a;</sst>"
            },
            "'xl/sharedStrings.xml' declares a document type",
        ),  # fmt: skip
    ],
)
def test_xlsx_packages_hold_workbook_parts_only(tmp_path, extra, message):
    with pytest.raises(InputFileError, match=message):
        table_columns(_xlsx(tmp_path, extra))


def test_xlsx_formatting_far_right_is_not_a_column_but_rows_are_bounded(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Gebiet", "SGB2"])
    sheet.append(["1 a", 12.5])
    sheet.cell(row=1, column=16_000).font = Font(bold=True)  # a styled, empty cell
    workbook.save(tmp_path / "styled.xlsx")
    assert table_columns(tmp_path / "styled.xlsx") == ["Gebiet", "SGB2"]
    sheet.cell(row=300_001, column=1, value="x")
    workbook.save(tmp_path / "tall.xlsx")
    with pytest.raises(InputFileError, match="more than 300000 rows"):
        table_columns(tmp_path / "tall.xlsx")


def test_csv_cells_rows_and_csv_errors_are_named(tmp_path):
    path = tmp_path / "cells.csv"
    path.write_text("Gebiet;SGB2\n1 a;" + "9" * 20_000 + "\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"row 2, column 'SGB2': a cell is longer than 10000"):
        read_indicator_file(path, key_column="Gebiet")
    path.write_text("Gebiet;SGB2\n" + "1 a;1\n" * 300_000, encoding="utf-8")
    with pytest.raises(InputFileError, match="more than 300000 rows"):
        table_columns(path)
    path.write_bytes(b"\xef\xbb\xbfGebiet;SGB2\n1 a;\xff\n")
    with pytest.raises(InputFileError, match="says it is UTF-8 but is not"):
        table_columns(path)
    path.write_bytes(hostile.long_cell_csv())
    with pytest.raises(InputFileError, match="row 3: a cell is longer than 10000 characters"):
        table_columns(path)


def test_errors_are_templates_that_travel_and_translate():
    error = InputFileError(
        "/srv/uploads/7-abc/upload.csv", N_("'%(text)s' is not a number."), row=12345,
        column="S1", more=2, text="viel",
    )  # fmt: skip
    copy = InputFileError.from_plain(json.loads(json.dumps(error.to_plain())))
    english = "file 'upload.csv', row 12345, column 'S1': 'viel' is not a number."
    assert str(copy) == str(error) == english + " (and 2 more problems)"
    german = {
        "file '%(file)s', row %(row)s, column '%(column)s': %(message)s":
            "Datei „%(file)s“, Zeile %(row)s, Spalte „%(column)s“: %(message)s",
        "'%(text)s' is not a number.": "„%(text)s“ ist keine Zahl.",
    }  # fmt: skip
    plural = {2: "%(text)s (und %(count)s weitere Probleme)"}
    text = copy.describe(german.get, lambda n: f"{n:,}".replace(",", "."), "Werte 2024.csv",
                         lambda singular, several, n: plural[n])  # fmt: skip
    assert text == (
        "Datei „Werte 2024.csv“, Zeile 12.345, Spalte „S1“: „viel“ ist keine Zahl. "
        "(und 2 weitere Probleme)"
    )
