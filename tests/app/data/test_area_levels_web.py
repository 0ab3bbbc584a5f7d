"""Areas built by merging finer units, with their parent, on the web: the same service and
the same result as ``flask areas import --dissolve-by/--parent-field``."""

from __future__ import annotations

from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Kommune
from tests.app.cli.test_area_sets import _ortsteile
from tests.app.data.test_data_and_index import _upload
from tests.support.workspace import csrf_of, login, make_user


def _preview(client, base: str, path, **choice) -> tuple[str, dict]:
    location = _upload(client, base, path.read_bytes(), "ortsteile.geojson").headers["Location"]
    data = {"csrf_token": csrf_of(client, location), "upload": location.split("upload=")[1]}
    return location, {**data, **choice}


def test_merge_ortsteile_into_bezirk_and_stadtteile_with_parent_on_the_web(app, client, tmp_path):
    with app.app_context():
        with write_transaction():
            db.session.add(Kommune(name="Neustadt"))
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Neustadt"))
        make_user("plan@example.org", "planner", ["Neustadt"])
    login(client, "plan@example.org")
    base = f"/planner/kommune/{kommune_id}/areas"
    path = _ortsteile(tmp_path)
    _, bezirk = _preview(client, base, path, dissolve_by="BEZ")
    page = client.get(base + "/preview", query_string=bezirk).get_data(as_text=True)
    assert "1 Quartier importieren</button>" in page  # the four Ortsteile are one Bezirk
    assert 'name="dissolve_by"' in page and 'name="parent_field"' in page
    done = client.post(base + "/preview", data={**bezirk, "confirm": "1"}, follow_redirects=True)
    assert "1 Quartier hinzugefügt, 0 aktualisiert." in done.get_data(as_text=True)
    choice = {"dissolve_by": "STT", "name_field": "STT_NAME", "population_field": "EW",
              "parent_field": "BEZ"}  # fmt: skip
    _, stadtteile = _preview(client, base, path, **choice)
    shown = client.get(base + "/preview", query_string=stadtteile).get_data(as_text=True)
    assert "<th>parent</th>" in shown and "Nord" in shown and "Ortsteil" not in shown
    done = client.post(
        base + "/preview", data={**stadtteile, "confirm": "1"}, follow_redirects=True
    )
    assert "2 Quartiere hinzugefügt, 0 aktualisiert." in done.get_data(as_text=True)
    with app.app_context():
        areas = {a.code: a for a in db.session.scalars(select(Area))}
        assert {c: (a.name, a.population, a.parent.code if a.parent else None)
                for c, a in areas.items()} == {
            "B1": ("B1", None, None), "1": ("Nord", 500, "B1"), "2": ("Süd", 200, "B1"),
        }  # fmt: skip
        assert round(areas["1"].area_km2, 2) == 2.0 and round(areas["B1"].area_km2, 2) == 4.0
