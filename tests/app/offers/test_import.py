"""Offers from CSV and GeoJSON: mapping, rejected rows, outside, duplicates – nothing silent."""

from __future__ import annotations

import json

import pytest
from pyproj import Transformer

from analysis.coverage.files import read_offer_file
from app.core.extensions import db
from app.models import Offer
from app.services.offer_catalogue import category_by_slug
from app.services.offers import (
    OfferError,
    delete_offer,
    guess_mapping,
    plan_offers,
    save_offer,
    store_offers,
    stored_offers,
)
from tests.support.offers import two_quartiere

CSV = """Name;Breite;Länge;Plätze;Träger
Kita West;50,935;6,955;40;Stadt
Kita Ost;50,935;6,965;;AWO
Kita Ost;50,93501;6,96501;25;AWO
Kita Bonn;50,73;7,10;30;Stadt
Kita ohne Ort;;6,95;20;Stadt
Kita kaputt;50,935;6,955;-3;Stadt
"""


def _kita(kommune):
    return category_by_slug(kommune, "kita")


def test_a_csv_with_latitude_and_longitude_is_planned_and_stored(app, tmp_path):
    path = tmp_path / "kitas.csv"
    path.write_text(CSV, encoding="cp1252")
    with app.app_context():
        kommune = two_quartiere()
        found = read_offer_file(path)
        mapping = guess_mapping(found)
        assert mapping == {"name": "Name", "lat": "Breite", "lon": "Länge", "x": "", "y": "",
                           "capacity": "Plätze", "provider": "Träger", "valid_from": "",
                           "valid_to": ""}  # fmt: skip
        plan = plan_offers(kommune, _kita(kommune), found, mapping)
        # Lines 6 and 7 of the file: no latitude; a negative number of places.
        assert plan.rejected[["row", "problem"]].values.tolist() == [
            [6, "coordinates"], [7, "capacity"]]  # fmt: skip
        # The second "Kita Ost" is 1.3 m from the first: reported, stored once.
        assert plan.duplicates[["row", "duplicate_of"]].values.tolist() == [[4, 3]]
        assert plan.outside["name"].tolist() == ["Kita Bonn"]
        assert plan.offers["area_code"].fillna("outside").tolist() == ["1", "2", "outside"]
        assert store_offers(_kita(kommune), plan, "kitas.csv") == 3
        stored = stored_offers(_kita(kommune))
        assert sorted(stored["name"]) == ["Kita Bonn", "Kita Ost", "Kita West"]
        assert stored["capacity"].sum() == 70  # 40 + 30: Kita Ost gave none
        assert set(stored["provider"]) == {"Stadt", "AWO"}
        # The same file again: every row is now a duplicate of a stored offer.
        again = plan_offers(kommune, _kita(kommune), found, mapping)
        assert len(again.offers) == 0 and len(again.duplicates) == 4


def test_x_y_in_a_named_crs_give_the_same_place(app, tmp_path):
    x, y = Transformer.from_crs(4326, 25832, always_xy=True).transform(6.955, 50.935)
    path = tmp_path / "utm.csv"
    path.write_text(f"Bez,RW,HW\nKita West,{x:.2f},{y:.2f}\n", encoding="utf-8")
    with app.app_context():
        kommune = two_quartiere()
        found = read_offer_file(path)
        mapping = {"name": "Bez", "x": "RW", "y": "HW", "crs": "EPSG:25832"}
        plan = plan_offers(kommune, _kita(kommune), found, mapping)
        point = plan.offers.geometry.iloc[0]
        assert (point.x, point.y) == pytest.approx((6.955, 50.935), abs=1e-7)
        assert plan.offers["area_code"].tolist() == ["1"]
        with pytest.raises(OfferError, match="kein uns bekanntes Koordinatenbezugssystem"):
            plan_offers(kommune, _kita(kommune), found, {**mapping, "crs": "EPSG:99999999"})
        with pytest.raises(OfferError, match="Bitte nennen Sie das Koordinatenbezugssystem"):
            plan_offers(kommune, _kita(kommune), found, {**mapping, "crs": ""})
        with pytest.raises(OfferError, match="kein Feld"):
            plan_offers(kommune, _kita(kommune), found, {**mapping, "name": "Gibt es nicht"})


def test_geojson_points_are_read_and_other_geometries_listed(app, tmp_path):
    features = [
        {"type": "Feature", "properties": {"name": "Spielplatz A", "lat": "x"},
         "geometry": {"type": "Point", "coordinates": [6.965, 50.935]}},
        {"type": "Feature", "properties": {"name": "Spielfläche"},
         "geometry": {"type": "Polygon", "coordinates": [[[6.95, 50.93], [6.951, 50.93],
                                                          [6.951, 50.931], [6.95, 50.93]]]}},
    ]  # fmt: skip
    path = tmp_path / "spiel.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with app.app_context():
        kommune = two_quartiere()
        spiel = category_by_slug(kommune, "spielplatz")
        found = read_offer_file(path)
        assert found.kind == "geodata" and found.fields == ["name", "lat_", "lon", "lat"]
        plan = plan_offers(kommune, spiel, found, guess_mapping(found))
        assert plan.offers[["name", "area_code"]].values.tolist() == [["Spielplatz A", "2"]]
        assert plan.rejected[["row", "problem"]].values.tolist() == [[2, "coordinates"]]


def test_offers_are_added_changed_and_deleted_in_the_web_form_service(app):
    with app.app_context():
        kommune = two_quartiere()
        offer = save_offer(_kita(kommune), {"name": " Kita Nord ", "lat": "50,935", "lon": "6,955",
                                            "capacity": "12", "provider": ""})  # fmt: skip
        assert (offer.name, offer.capacity, offer.provider, offer.source) == (
            "Kita Nord",
            12,
            None,
            "web",
        )
        save_offer(_kita(kommune), {"name": "Kita Nord", "lat": "50.936", "lon": "6.956"}, offer)
        assert (offer.lat, offer.capacity) == (50.936, None)
        wrong = [({"lat": "91"}, "zwischen"), ({"lat": "Köln"}, "muss eine Zahl sein"),
                 ({"capacity": "1,5"}, "ganze Zahl"), ({"name": " "}, "Namen")]  # fmt: skip
        for bad, message in wrong:
            with pytest.raises(OfferError, match=message):
                save_offer(_kita(kommune), {"name": "X", "lat": "50", "lon": "7", **bad})
        assert db.session.query(Offer).count() == 1
        delete_offer(offer)
        assert db.session.query(Offer).count() == 0
