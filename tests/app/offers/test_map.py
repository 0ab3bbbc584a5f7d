"""The offers' web map layers as GeoJSON: coverage, white spots, offers clustered per zoom."""

from __future__ import annotations

import shapely.geometry

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Kommune
from app.services.offer_catalogue import category_by_slug
from app.services.offers import save_offer
from tests.support.offers import two_quartiere
from tests.support.workspace import login, make_user

OFFERS = [("Kita A", "50,9350", "6,9550", "20"), ("Kita B", "50,9351", "6,9551", ""),
          ("Kita C", "50,9350", "6,9650", "35")]  # fmt: skip


def _site(app, client):
    with app.app_context():
        kommune = two_quartiere()
        kita = category_by_slug(kommune, "kita")
        for name, lat, lon, places in OFFERS:
            save_offer(kita, {"name": name, "lat": lat, "lon": lon, "capacity": places,
                              "provider": "Privatperson Erika Muster"})  # fmt: skip
        save_offer(kita, {"name": "Kita Zu", "lat": "50,936", "lon": "6,966",
                          "valid_to": "2020-12-31"})  # fmt: skip
        make_user("plan@example.org", "planner", ["Kompassstadt"])
        kommune_id = kommune.id
    login(client, "plan@example.org")
    return f"/planner/kommune/{kommune_id}/offers/map.geojson?category=kita"


def test_coverage_layer_has_areas_with_classes_and_white_spots(app, client):
    url = _site(app, client)
    data = client.get(url + "&layer=coverage").get_json()
    areas = [f for f in data["features"] if f["properties"]["kind"] == "area"]
    spots = [f for f in data["features"] if f["properties"]["kind"] == "white_spot"]
    assert {f["properties"]["code"]: f["properties"]["offers"] for f in areas} == {"1": 2, "2": 1}
    assert all(f["properties"]["colour"].startswith("#") for f in areas)
    assert {f["properties"]["code"] for f in spots} <= {"1", "2"} and spots
    for feature in data["features"]:
        west, south, east, north = shapely.geometry.shape(feature["geometry"]).bounds
        assert 6.9 < west < east < 7.0 and 50.9 < south < north < 51.0  # WGS 84, not metres


def test_offers_are_clustered_per_zoom_and_carry_no_personal_data(app, client):
    url = _site(app, client) + "&layer=offers"
    far = client.get(url + "&zoom=8").get_json()
    assert [f["properties"]["count"] for f in far["features"]] == [3] and far["total"] == 3
    near = client.get(url + "&zoom=18").get_json()
    names = sorted(f["properties"]["name"] for f in near["features"])
    assert names == ["Kita A", "Kita B", "Kita C"]  # "Kita Zu" closed in 2020
    assert "Erika" not in client.get(url + "&zoom=18").get_data(as_text=True)
    then = client.get(url + "&zoom=18&on=2020-06-01").get_json()
    assert "Kita Zu" in {f["properties"].get("name") for f in then["features"]}
    a = next(f for f in near["features"] if f["properties"]["name"] == "Kita A")
    assert a["geometry"]["coordinates"] == [6.955, 50.935] and a["properties"]["capacity"] == 20


def test_wrong_requests_are_refused_clearly(app, client):
    url = _site(app, client)
    assert client.get(url + "&layer=secret").status_code == 404
    bad = client.get(url + "&layer=offers&on=gestern", headers={"Accept-Language": "de"})
    assert bad.status_code == 400 and "Bitte geben Sie das Datum" in bad.get_json()["error"]
    odd = client.get(url + "&layer=offers&zoom=-5")  # not a zoom: the default one
    assert odd.status_code == 200 and odd.get_json()["total"] == 3


def test_a_kommune_without_outlines_gets_a_sentence(app, client):
    with app.app_context():
        with write_transaction():
            kommune = Kommune(name="Ohneform")
            db.session.add_all([kommune, Area(kommune=kommune, code="1", name="Mitte")])
        make_user("plan@example.org", "planner", ["Ohneform"])
        kommune_id = kommune.id
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/offers/map.geojson?category=kita&layer=coverage"
    response = client.get(url, headers={"Accept-Language": "de"})
    assert response.status_code == 409 and "Umrisse" in response.get_json()["error"]
