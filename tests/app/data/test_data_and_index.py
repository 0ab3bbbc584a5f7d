"""Planner data pages: areas upload with preview, indicators upload, index versions, map data."""

from __future__ import annotations

import io
import json

from sqlalchemy import select

from analysis.figures.classes import MEDIAN_CMAP, class_colours
from app.core.extensions import db
from app.models import Area, IndexVersion, Indicator, IndicatorValue, Kommune
from app.services import maps
from tests.support.workspace import csrf_of, login, make_user

# Three squares in ETRS89 / UTM 32N (EPSG:25832) near Aachen, plus one feature without geometry.
FEATURES = [
    ("1 a", "Altstadt", 4200, 294000),
    ("01100101", "Stülerstraße", 3419, 295000),
    ("15 b", "Nordstadt", 8800, 296000),
]


def _geojson() -> bytes:
    features = [
        {
            "type": "Feature",
            "properties": {"SR_NR": code, "SR_NAME": name, "EW": pop},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [
                        [x, 5630000],
                        [x + 900, 5630000],
                        [x + 900, 5630900],
                        [x, 5630900],
                        [x, 5630000],
                    ]
                ],
            },
        }
        for code, name, pop, x in FEATURES
    ]
    features.append(
        {
            "type": "Feature",
            "properties": {"SR_NR": "99", "SR_NAME": "Leer", "EW": 1},
            "geometry": None,
        }
    )
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25832"}},
        "features": features,
    }
    return json.dumps(collection).encode()


def _planner(app, client):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Teststadt"))
    login(client, "plan@example.org")
    return kommune_id


def _upload(client, url, content: bytes, filename: str):
    token = csrf_of(client, url)
    return client.post(
        url,
        data={"csrf_token": token, "file": (io.BytesIO(content), filename)},
        content_type="multipart/form-data",
    )


def test_areas_upload_preview_then_confirm(app, client, survey):
    kommune_id = _planner(app, client)
    base = f"/planner/kommune/{kommune_id}/areas"
    response = _upload(client, base, _geojson(), "sozialraeume.geojson")
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    page = client.get(preview_url + "&id_field=SR_NR&name_field=SR_NAME&population_field=EW")
    html = page.get_data(as_text=True)
    assert "EPSG:25832" in html  # the file's CRS is shown
    assert "99" in html.split("Probleme")[1]  # the feature without geometry is listed
    assert 'id="map"' in html and "Stülerstraße" in html
    with app.app_context():  # nothing stored by the preview
        assert db.session.scalar(select(Area).where(Area.code == "1 a")).geometry is None
    upload = preview_url.split("upload=")[1]
    token = csrf_of(client, preview_url)
    data = {"csrf_token": token, "upload": upload, "id_field": "SR_NR", "name_field": "SR_NAME"}
    data.update(population_field="EW", confirm="1")
    assert client.post(base + "/preview", data=data).status_code == 302
    with app.app_context():
        area = db.session.scalar(select(Area).where(Area.code == "1 a"))
        ring = json.loads(area.geometry)["coordinates"][0]
        assert 5.9 < ring[0][0] < 6.2 and 50.7 < ring[0][1] < 50.9  # stored in WGS84
        assert round(area.area_km2, 2) == 0.81
    # The upload is gone after the import.
    assert client.get(preview_url).status_code == 302


def test_wrong_file_type_and_foreign_upload_tokens_are_refused(app, client, survey):
    kommune_id = _planner(app, client)
    base = f"/planner/kommune/{kommune_id}/areas"
    response = _upload(client, base, b"hello", "notes.txt")
    assert response.status_code == 400 and "GeoJSON, GeoPackage" in response.get_data(as_text=True)
    response = client.get(base + "/preview?upload=../../secret_key")
    assert response.status_code == 302 and response.headers["Location"].endswith("/areas")


def test_edit_names_and_population(app, client, survey):
    kommune_id = _planner(app, client)
    with app.app_context():
        area = db.session.scalar(select(Area).where(Area.code == "1 a"))
        area_id = area.id
    url = f"/planner/kommune/{kommune_id}/areas"
    token = csrf_of(client, url)
    response = client.post(
        url + "/edit",
        data={
            "csrf_token": token,
            f"name-{area_id}": "Altstadt-Mitte",
            f"population-{area_id}": "4300",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        area = db.session.get(Area, area_id)
        assert (area.name, area.population) == ("Altstadt-Mitte", 4300)
    bad = {"csrf_token": token, f"name-{area_id}": "X", f"population-{area_id}": "viele"}
    client.post(url + "/edit", data=bad)
    with app.app_context():
        assert db.session.get(Area, area_id).name == "Altstadt-Mitte"


CSV = (
    "Sozialraum;sgb2_quote;nef_u15\n1 a;12,5;20,1\n01100101;8,0;-9999\n15 b;15,2;25,0\n99;3,1;4,0\n"
)


def test_indicator_upload_preview_import_and_list_by_year(app, client, survey):
    kommune_id = _planner(app, client)
    base = f"/planner/kommune/{kommune_id}/indicators"
    response = _upload(client, base, CSV.encode("utf-8-sig"), "werte.csv")
    preview_url = response.headers["Location"]
    html = client.get(preview_url + "&id_column=Sozialraum").get_data(as_text=True)
    assert "sagt nicht, für welches Jahr" in html and "Werte importieren" not in html
    assert "12,50" in html  # decimal comma read, shown German
    with app.app_context():
        assert db.session.scalar(select(IndicatorValue)) is None
    upload = preview_url.split("upload=")[1]
    data = {"csrf_token": csrf_of(client, preview_url), "upload": upload, "id_column": "Sozialraum"}
    data.update(year="2024", confirm="1")
    assert client.post(base + "/preview", data=data).status_code == 302
    with app.app_context():
        values = db.session.execute(
            select(Indicator.key, Area.code, IndicatorValue.year, IndicatorValue.value)
            .join(Indicator)
            .join(Area)
        ).all()
        assert ("sgb2_quote", "1 a", 2024, 12.5) in values
        assert not any(k == "nef_u15" and c == "01100101" for k, c, *_ in values)  # -9999
    page = client.get(base).get_data(as_text=True)
    assert "<h2>2024</h2>" in page and "sgb2_quote" in page


def test_index_compute_save_version_and_map(app, client, survey):
    kommune_id = _planner(app, client)
    base = f"/planner/kommune/{kommune_id}/indicators"
    preview = _upload(client, base, CSV.encode(), "werte.csv").headers["Location"]
    data = {"csrf_token": csrf_of(client, preview), "upload": preview.split("upload=")[1]}
    data.update(id_column="Sozialraum", year="2024", confirm="1")
    client.post(base + "/preview", data=data)
    url = f"/planner/kommune/{kommune_id}/index"
    form = {"csrf_token": csrf_of(client, url), "indicators": ["sgb2_quote"], "year": "2024"}
    form.update(method="z-sum-z", classes="sd")
    html = client.post(url, data=form).get_data(as_text=True)
    assert 'id="index-table"' in html and "15 b" in html
    assert client.post(url, data=dict(form, save="1", name="Test 2024")).status_code == 302
    with app.app_context():
        version = db.session.scalar(select(IndexVersion))
        assert version.name == "Test 2024" and version.params["indicators"] == ["sgb2_quote"]
        assert {r["area_code"] for r in version.result} >= {"1 a", "15 b"}
    bad = client.post(url, data=dict(form, indicators=[])).get_data(as_text=True)
    assert "mindestens einen Indikator" in bad
    geo = client.get(f"/planner/kommune/{kommune_id}/map.geojson").get_json()
    assert geo["type"] == "FeatureCollection"  # areas without outlines are left out
    page = client.get(f"/planner/kommune/{kommune_id}/map").get_data(as_text=True)
    assert "vendor/leaflet/leaflet.js" in page and "map.geojson" in page


def test_median_maps_have_one_class_per_step_of_the_scale_on_web_and_paper(app):
    """The web map's classes and colours are the PNG map's (analysis.figures.classes)."""
    with app.test_request_context(headers={"Accept-Language": "de"}):
        seven = maps.median_classes((1, 7))
        children = maps.median_classes((1, 3))
    assert [text for text, _ in seven] == [
        "1,0 bis unter 2,0", "2,0 bis unter 3,0", "3,0 bis unter 4,0", "4,0 bis unter 5,0",
        "5,0 bis unter 6,0", "6,0 bis 7,0",
    ]  # fmt: skip
    assert [colour for _, colour in seven] == class_colours(MEDIAN_CMAP, 6)
    # a median on a class limit starts the class above, as in the PNG map's legend
    assert maps.median_colour(2.0, (1, 7)) == seven[1][1]
    assert maps.median_colour(2.5, (1, 7)) == seven[1][1]
    assert maps.median_colour(7.0, (1, 7)) == seven[-1][1]
    assert maps.median_colour(None, (1, 7)) == maps.NO_DATA
    assert [text for text, _ in children] == ["1,0 bis unter 2,0", "2,0 bis 3,0"]
