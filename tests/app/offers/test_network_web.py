"""The street network uploaded on the web: stored in the database, shown, chosen, replaced,
removed; every figure and file then names the distance used."""

from __future__ import annotations

import io

import osmium
import pandas as pd
import pytest

from app.core.extensions import db
from app.models import Kommune, WalkingNetwork
from app.services.offer_catalogue import category_by_slug
from app.services.offer_coverage import category_coverage
from app.services.offer_networks import kommune_network, network_model
from tests.support.app import make_app
from tests.support.coverage import STREETS
from tests.support.html_tables import table_rows
from tests.support.offers import street_town
from tests.support.workspace import csrf_from, login, make_user


@pytest.fixture
def planner(app, client):
    with app.app_context():
        kommune_id = street_town().id
        make_user("plan@example.org", "planner", ["Straßenstadt"])
    login(client, "plan@example.org")
    return f"/planner/kommune/{kommune_id}/offers", kommune_id


def node_6(html: str) -> str:
    """The distance to the nearest Kita shown for Quartier "6" (on node 6)."""
    return next(row[4] for row in table_rows(html, "coverage-table") if row[0] == "6")


def upload(client, url: str, body: bytes, name: str):
    token = csrf_from(client.get(url).get_data(as_text=True))
    form = {"csrf_token": token, "action": "upload", "category": "kita",
            "file": (io.BytesIO(body), name)}  # fmt: skip
    return client.post(url + "/network", data=form, content_type="multipart/form-data",
                       follow_redirects=True)  # fmt: skip


def test_upload_show_choose_and_every_figure_names_the_network(app, client, planner):
    url, kommune_id = planner
    page = upload(client, url, STREETS.read_bytes(), "strassen.osm").get_data(as_text=True)
    assert "Das Straßennetz „strassen.osm“ ist gespeichert: 8 Knoten, 6 Straßenabschnitte." in page
    assert "strassen.osm, hochgeladen am" in page and "8 Knoten, 6 Straßenabschnitte" in page
    # Straight line by default: 400 m × 1.3.
    straight = client.get(url + "?category=kita").get_data(as_text=True)
    assert node_6(straight) == "520"
    assert "Luftlinie × 1,3" in straight
    along = client.get(url + "?category=kita&distance=streets").get_data(as_text=True)
    # 6 -> 5 -> 4 -> 3 -> 2 -> 1: 300 + 300 + 400 + 300 + 300 m (the shorter ways are not
    # walkable: motorway, private drive, cycle path with foot=no).
    assert node_6(along) == "1.600"
    assert "entlang des Straßennetzes von strassen.osm (hochgeladen am" in along
    assert "distance=streets" in along  # the map and the downloads ask for the same
    reply = client.get(url + "/download?category=kita&format=csv&distance=streets")
    table = pd.read_csv(io.BytesIO(reply.data), dtype={"area_code": str}).set_index("area_code")
    assert table.loc["6", "nearest_m"] == pytest.approx(1600, abs=0.5)
    assert "strassen.osm" in table.loc["6", "distance_method"]
    plain = client.get(url + "/download?category=kita&format=csv").data
    assert "Luftlinie" in pd.read_csv(io.BytesIO(plain))["distance_method"].iloc[0]
    layer = client.get(url + "/map.geojson?layer=coverage&category=kita&distance=streets").json
    assert "strassen.osm" in layer["method"]


def test_the_network_is_in_the_database_for_every_process(app, client, planner, tmp_path):
    url, kommune_id = planner
    upload(client, url, STREETS.read_bytes(), "strassen.osm")
    # Another app (another process) on the same database has no file, only the stored network.
    other = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "other")
    with other.app_context():
        kommune = db.session.get(Kommune, kommune_id)
        network = kommune_network(kommune)
        assert (network.name, network.nodes, network.edges) == ("strassen.osm", 8, 6)
        result = category_coverage(kommune, category_by_slug(kommune, "kita"), network=network)
        assert result.table.set_index("area_code").loc["6", "nearest_m"] == pytest.approx(
            1600, abs=0.5
        )
        assert network_model(network, "EPSG:32632") is network_model(network, "EPSG:32632")
        db.session.remove()
        db.engine.dispose()


def test_replace_with_pbf_and_remove(app, client, planner, tmp_path):
    url, kommune_id = planner
    upload(client, url, STREETS.read_bytes(), "strassen.osm")
    pbf = tmp_path / "strassen.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(STREETS)):
            if not (obj.is_way() and obj.id == 103):  # without the Uferstraße
                writer.add(obj)
    page = upload(client, url, pbf.read_bytes(), "strassen.osm.pbf").get_data(as_text=True)
    assert "„strassen.osm.pbf“ ist gespeichert: 6 Knoten, 4 Straßenabschnitte." in page
    with app.app_context():
        assert db.session.query(WalkingNetwork).count() == 1
    # Node 6 is now cut off from the Kita: no figure along the streets.
    along = client.get(url + "?category=kita&distance=streets").get_data(as_text=True)
    assert node_6(along) == "–"
    token = csrf_from(along)
    form = {"csrf_token": token, "action": "remove", "category": "kita"}
    gone = client.post(url + "/network", data=form, follow_redirects=True).get_data(as_text=True)
    assert "Das Straßennetz „strassen.osm.pbf“ ist entfernt" in gone
    with app.app_context():
        assert db.session.query(WalkingNetwork).count() == 0
    # Without a network the choice falls back to straight lines, said on the page.
    again = client.get(url + "?category=kita&distance=streets").get_data(as_text=True)
    assert node_6(again) == "520"
    assert "Luftlinie × 1,3" in again
