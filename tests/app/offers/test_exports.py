"""Exports of one category: CSV, XLSX and a GeoPackage with offers, coverage and white spots."""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from app.services.offer_catalogue import category_by_slug
from app.services.offer_exports import offer_file
from app.services.offers import save_offer
from tests.support.offers import two_quartiere
from tests.support.workbook import read_excel_csv
from tests.support.workspace import login, make_user


def test_csv_xlsx_and_geopackage_layers(app, client, tmp_path):
    with app.app_context(), app.test_request_context():
        kommune = two_quartiere()
        kita = category_by_slug(kommune, "kita")
        save_offer(kita, {"name": "=Kita West", "lat": "50.935", "lon": "6.955", "capacity": "40"})
        data, name, _ = offer_file(kommune, kita, "gpkg")
        assert name == "angebote-kita.gpkg"
        path = tmp_path / name
        path.write_bytes(data)
        assert [layer for layer, _ in pyogrio.list_layers(path)] == [
            "offers", "coverage", "white_spots"]  # fmt: skip
        coverage = gpd.read_file(path, layer="coverage")
        assert coverage[["area_code", "offers", "capacity"]].values.tolist() == [
            ["1", 1, 40.0], ["2", 0, 0.0]]  # fmt: skip
        assert set(coverage["distance_method"]) == {"Luftlinie × 1,3 (Umwegfaktor)"}
        offers = gpd.read_file(path, layer="offers")
        assert offers["name"].tolist() == ["'=Kita West"]  # neutralised for spreadsheets
        csv, _, mimetype = offer_file(kommune, kita, "csv")
        table = pd.read_csv(io.BytesIO(csv), dtype={"area_code": str})
        assert mimetype == "text/csv" and table["offers"].tolist() == [1, 0]
        xlsx, _, _ = offer_file(kommune, kita, "xlsx")
        assert pd.read_excel(io.BytesIO(xlsx), sheet_name="kita")["offers"].tolist() == [1, 0]
        make_user("plan@example.org", "planner", ["Kompassstadt"])
        kommune_id = kommune.id
    login(client, "plan@example.org")
    reply = client.get(f"/planner/kommune/{kommune_id}/offers/download?category=kita&format=gpkg")
    assert reply.status_code == 200 and reply.data[:15] == b"SQLite format 3"


def test_the_coverage_csv_for_german_excel_keeps_codes_and_numbers(app, client):
    with app.app_context(), app.test_request_context():
        kommune = two_quartiere(codes=("0101", "0102"))
        kita = category_by_slug(kommune, "kita")
        save_offer(kita, {"name": "Kita West", "lat": "50.935", "lon": "6.955", "capacity": "40"})
        machine, _, _ = offer_file(kommune, kita, "csv")
        data, name, mimetype = offer_file(kommune, kita, "csv-excel")
    assert name == "angebote-kita-excel.csv" and mimetype == "text/csv"
    assert data.startswith(b"\xef\xbb\xbfarea_code;") and b"\r\n" in data
    excel = read_excel_csv(io.BytesIO(data))
    plain = pd.read_csv(io.BytesIO(machine), dtype={"area_code": str})
    assert excel["area_code"].tolist() == ["0101", "0102"]  # codes stay text, zeros kept
    assert b'"=""0101"""' in data  # Excel's formula for text
    for column in ("offers", "capacity", "share_within", "nearest_m"):
        assert excel[column].tolist() == pytest.approx(plain[column].tolist()), column
    assert 0 < excel.loc[0, "share_within"] < 1 and b"0," in data  # a decimal comma
