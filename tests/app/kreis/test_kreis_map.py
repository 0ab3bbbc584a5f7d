"""The Kreis map on Köln's 9 Stadtbezirke as Kommunen with the outlines of their 86 Stadtteile:
every Stadtteil in its class on the Kreis scale, one dark border per Kommune."""

from __future__ import annotations

import base64
import re

import geopandas as gpd
import pytest
import shapely
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area
from app.services import kreis_setup
from tests.support.data import shared_data
from tests.support.kreise import store_koeln_kreis
from tests.support.workspace import login, make_user

BORDER = "stroke: #222222"


def _koeln_with_outlines(app, tmp_path) -> int:
    with app.test_request_context():
        names = store_koeln_kreis(tmp_path)
        kreis = kreis_setup.create_kreis("Stadt Köln")
        kreis_setup.attach(kreis, names)
        make_user("plan@koeln.example", "planner", ["Köln 1"])
        kreis_setup.grant(kreis, "plan@koeln.example")
        outlines = gpd.read_file(shared_data("koeln", "stadtteile.zip")).to_crs(4326)
        shapes = dict(zip(outlines["STT_NR"], outlines.geometry, strict=True))
        with write_transaction():
            for area in db.session.scalars(select(Area)):
                area.geometry = shapely.to_geojson(shapes[area.code])
        return kreis.id


def _svg(html: str) -> str:
    found = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert found, "no map on the page"
    return base64.b64decode(found.group(1)).decode("utf-8")


@pytest.mark.slow
def test_the_kreis_page_draws_each_area_in_its_kreis_class_and_the_kommune_borders(
    app, client, tmp_path
):
    kreis_id = _koeln_with_outlines(app, tmp_path)
    login(client, "plan@koeln.example")
    url = f"/planner/kreis/{kreis_id}"
    html = client.get(url, query_string={"year": "2012", "index": ["Anteil_unter_6"]}).get_data(
        as_text=True
    )
    assert 'id="kreis-map"' in html and "Grenzen der Kommunen" in html
    svg = _svg(html)
    border = [p for p in re.findall(r"<path[^>]*>", svg) if BORDER in p]
    assert len(border) == 9  # one border per Stadtbezirk
    filled = [p for p in re.findall(r"<path[^>]*>", svg) if "fill: #" in p and BORDER not in p]
    assert len(filled) >= 86  # every Stadtteil in a class colour (or the no-value grey)
    assert "Kreisindex von Stadt Köln" in svg and "Klasse im Kreis" in svg
    rows = re.findall(r"<tr><th scope=\"row\">(Köln \d: \d+)</th>", html)
    assert len(rows) == 86


@pytest.mark.slow
def test_without_outlines_the_page_says_so_instead_of_an_empty_map(app, client, tmp_path):
    with app.test_request_context():
        names = store_koeln_kreis(tmp_path)
        kreis = kreis_setup.create_kreis("Stadt Köln")
        kreis_setup.attach(kreis, names)
        make_user("plan@koeln.example", "planner", ["Köln 1"])
        kreis_setup.grant(kreis, "plan@koeln.example")
        kreis_id = kreis.id
    login(client, "plan@koeln.example")
    query = {"year": "2012", "index": ["Anteil_unter_6"]}
    html = client.get(f"/planner/kreis/{kreis_id}", query_string=query).get_data(as_text=True)
    assert 'id="kreis-map"' not in html and "hat kein Quartier des Kreises einen Umriss" in html
