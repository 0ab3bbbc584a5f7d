"""Area sets on the web: another id field is refused unless the set is replaced; areas can be
retired, brought back and deleted when nothing refers to them."""

from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.models import Area
from tests.app.data.test_data_and_index import _geojson, _planner, _upload
from tests.support.workspace import csrf_of


def _state(app) -> dict[str, bool]:
    with app.app_context():
        return dict(db.session.execute(select(Area.code, Area.retired)).all())


def test_replace_the_area_set_on_the_web(app, client, survey):
    kommune_id = _planner(app, client)
    base = f"/planner/kommune/{kommune_id}/areas"
    before = _state(app)
    preview = _upload(client, base, _geojson(), "namen.geojson").headers["Location"]
    data = {"csrf_token": csrf_of(client, preview), "upload": preview.split("upload=")[1]}
    data.update(id_field="SR_NAME", name_field="SR_NAME", confirm="1")
    refused = client.post(base + "/preview", data=data)
    assert refused.status_code == 200 and "mit einem anderen Kennungsfeld" in refused.get_data(
        as_text=True
    )
    assert _state(app) == before
    assert client.post(base + "/preview", data=dict(data, replace="1")).status_code == 302
    after = _state(app)
    # the old areas are referred to by the survey: kept as retired; the new ones are in use
    assert all(after[code] for code in before if code in after) and after["1 a"] is True
    assert {c: r for c, r in after.items() if c not in before} == {
        "Altstadt": False, "Stülerstraße": False, "Nordstadt": False,
    }  # fmt: skip


def test_retire_bring_back_and_delete_on_the_web(app, client, survey):
    kommune_id = _planner(app, client)
    url = f"/planner/kommune/{kommune_id}/areas"
    token = csrf_of(client, url)
    client.post(url + "/state", data={"csrf_token": token, "code": "15 b", "action": "retire"})
    assert _state(app)["15 b"] is True
    page = client.get(url).get_data(as_text=True)
    assert "ausgemustert" in page and "wieder verwenden" in page
    client.post(url + "/state", data={"csrf_token": token, "code": "15 b", "action": "unretire"})
    assert _state(app)["15 b"] is False
    delete = {"csrf_token": token, "code": "1 a", "action": "delete"}
    refused = client.post(url + "/state", data=delete, follow_redirects=True)
    assert "kann nicht gelöscht werden" in refused.get_data(as_text=True)
    assert "1 a" in _state(app)
