"""The offers page: Köln's Kitas on the map and in the table, in German; add and delete."""

from __future__ import annotations

from app.core.extensions import db
from app.models import Offer
from tests.support.html_tables import table_rows
from tests.support.offers import koeln_with_kitas, two_quartiere
from tests.support.workspace import csrf_from, login, make_user


def test_koeln_kitas_map_and_table(app, client, tmp_path):
    with app.app_context():
        koeln = koeln_with_kitas(tmp_path)
        make_user("plan@example.org", "planner", ["Köln"])
        kommune_id = koeln.id
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/offers"
    # Choose the target group as the planner does, then read the page.
    page = client.get(url + "?category=kita", headers={"Accept-Language": "de"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Luftlinie × 1,3 (Umwegfaktor)" in html
    response = client.post(url, data={"csrf_token": csrf_from(html), "category": "kita",
                                      "action": "target", "indicator": "unter_6"})  # fmt: skip
    assert response.status_code == 302
    html = client.get(url + "?category=kita", headers={"Accept-Language": "de"}).get_data(
        as_text=True
    )
    assert html.count("<circle") == 246 and 'role="img"' in html
    rows = {r[1]: r for r in table_rows(html, "coverage-table")[1:]}
    assert len(rows) == 86
    assert rows["Neustadt/Süd"][2:4] == ["3", "1,7"]
    assert len(table_rows(html, "offers-table")) == 247


def test_add_and_delete_an_offer_with_clear_sentences(app, client):
    with app.app_context():
        kommune_id = two_quartiere().id
        make_user("plan@example.org", "planner", ["Kompassstadt"])
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/offers"
    token = csrf_from(client.get(url).get_data(as_text=True))
    form = {"csrf_token": token, "category": "spielplatz", "action": "add",
            "name": "<b>Bolzplatz</b>", "lat": "50,935", "lon": "6,955"}  # fmt: skip
    page = client.post(url, data=form, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "„&lt;b&gt;Bolzplatz&lt;/b&gt;“ ist hinzugefügt." in html and "<b>Bolz" not in html
    bad = client.post(url, data={**form, "lat": "Köln"}, follow_redirects=True)
    assert "Breitengrad muss eine Zahl sein, z. B. 50,94." in bad.get_data(as_text=True)
    with app.app_context():
        offer_id = db.session.query(Offer.id).scalar()
    gone = client.post(url, data={"csrf_token": token, "category": "spielplatz",
                                  "action": "delete", "offer_id": str(offer_id)},
                       follow_redirects=True)  # fmt: skip
    assert "ist gelöscht." in gone.get_data(as_text=True)
    again = client.post(url, data={"csrf_token": token, "category": "spielplatz",
                                   "action": "delete", "offer_id": str(offer_id)},
                        follow_redirects=True)  # fmt: skip
    assert again.status_code == 200
    assert "Dieses Angebot gibt es nicht mehr." in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Offer).count() == 0
