"""The web import: upload, preview with the mapping, rows left out and outside listed, store."""

from __future__ import annotations

import io
import re

from app.core.extensions import db
from app.models import Offer
from tests.app.offers.test_import import CSV
from tests.support.html_tables import table_rows
from tests.support.offers import two_quartiere
from tests.support.workspace import csrf_from, login, make_user


def test_upload_preview_and_store(app, client):
    with app.app_context():
        kommune_id = two_quartiere().id
        make_user("plan@example.org", "planner", ["Kompassstadt"])
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/offers"
    token = csrf_from(client.get(url).get_data(as_text=True))
    upload = {"csrf_token": token, "category": "kita",
              "file": (io.BytesIO(CSV.encode("cp1252")), "kitas.csv")}  # fmt: skip
    reply = client.post(url + "/upload", data=upload, content_type="multipart/form-data")
    assert reply.status_code == 302 and "/offers/preview?token=" in reply.headers["Location"]
    preview = client.get(reply.headers["Location"]).get_data(as_text=True)
    assert re.search(r"<option selected>Breite</option>", preview)
    assert "3 Angebote würden gespeichert." in preview
    rows = table_rows(preview, "rejected-table")
    assert [r[0] for r in rows[1:]] == ["6", "7", "4"]
    assert "keine verwendbaren Koordinaten" in rows[1][1]
    assert "Kita Bonn" in preview
    form = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">',
                           preview.split('action="')[-1]))  # fmt: skip
    stored = client.post(url + "/preview", data=form, follow_redirects=True)
    assert "3 Angebote in „kita“ gespeichert." in stored.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Offer).count() == 3
    # The upload is gone once stored: a second confirmation stores nothing.
    again = client.post(url + "/preview", data=form, follow_redirects=True)
    assert "nicht mehr da" in again.get_data(as_text=True)


def test_a_hostile_or_wrong_file_is_a_sentence(app, client):
    with app.app_context():
        kommune_id = two_quartiere().id
        make_user("plan@example.org", "planner", ["Kompassstadt"])
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/offers"
    token = csrf_from(client.get(url).get_data(as_text=True))
    for name, body in [("kitas.exe", b"MZ"), ("kitas.geojson", b'{"type": "Feature"')]:
        reply = client.post(url + "/upload", data={"csrf_token": token, "category": "kita",
                            "file": (io.BytesIO(body), name)}, follow_redirects=True,
                            content_type="multipart/form-data")  # fmt: skip
        assert reply.status_code == 200
        assert "Traceback" not in reply.get_data(as_text=True)
        assert 'class="flash"' in reply.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Offer).count() == 0
