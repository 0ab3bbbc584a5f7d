"""Editing an offer on the web: every field, validity dates, checks; coverage on a chosen day."""

from __future__ import annotations

import datetime as dt

from app.core.extensions import db
from app.models import Offer
from app.services.offer_catalogue import category_by_slug
from app.services.offer_coverage import category_coverage
from app.services.offers import save_offer
from tests.support.html_tables import table_rows
from tests.support.offers import two_quartiere
from tests.support.workspace import csrf_from, login, make_user


def _setup(app):
    with app.app_context():
        kommune = two_quartiere()
        other = two_quartiere("Anderstadt")
        kita = category_by_slug(kommune, "kita")
        offer = save_offer(kita, {"name": "Kita West", "lat": "50,935", "lon": "6,955"})
        foreign = save_offer(category_by_slug(other, "kita"),
                             {"name": "Fremde Kita", "lat": "50,935", "lon": "6,955"})  # fmt: skip
        make_user("plan@example.org", "planner", ["Kompassstadt"])
        return kommune.id, offer.id, foreign.id


def test_every_field_of_an_offer_is_edited_on_the_page(app, client):
    kommune_id, offer_id, _f = _setup(app)
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/offers"
    page = client.get(f"{url}?category=kita&edit={offer_id}", headers={"Accept-Language": "de"})
    html = page.get_data(as_text=True)
    assert "„Kita West“ bearbeiten" in html and 'name="valid_from"' in html
    form = {"csrf_token": csrf_from(html), "category": "kita", "action": "edit",
            "offer_id": str(offer_id), "new_category": "familienzentrum",
            "name": "Familienzentrum Ost", "lat": "50,9355", "lon": "6,9655", "capacity": "30",
            "provider": "AWO", "valid_from": "1.8.2025", "valid_to": "2030-07-31"}  # fmt: skip
    saved = client.post(url, data=form, follow_redirects=True, headers={"Accept-Language": "de"})
    assert "„Familienzentrum Ost“ ist gespeichert." in saved.get_data(as_text=True)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer.category.slug == "familienzentrum"
        assert (offer.name, offer.lat, offer.lon, offer.capacity, offer.provider) == (
            "Familienzentrum Ost", 50.9355, 6.9655, 30, "AWO")  # fmt: skip
        assert (offer.valid_from, offer.valid_to) == (dt.date(2025, 8, 1), dt.date(2030, 7, 31))
    listing = client.get(f"{url}?category=familienzentrum&on=2026-01-01",
                         headers={"Accept-Language": "de"}).get_data(as_text=True)  # fmt: skip
    row = table_rows(listing, "offers-table")[1]
    assert row[:1] == ["Familienzentrum Ost"] and "01.08.2025 – 31.07.2030" in row


def test_wrong_edits_are_sentences_and_change_nothing(app, client):
    kommune_id, offer_id, foreign_id = _setup(app)
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/offers"
    token = csrf_from(client.get(url).get_data(as_text=True))
    base = {"csrf_token": token, "category": "kita", "action": "edit", "offer_id": str(offer_id),
            "name": "Neu", "lat": "50,935", "lon": "6,955"}  # fmt: skip
    cases = [
        ({"valid_from": "morgen"}, "Bitte geben Sie die Gültigkeit als Datum an"),
        ({"valid_from": "2025-01-01", "valid_to": "31.12.2024"}, "nicht enden, bevor es beginnt"),
        ({"capacity": "-1"}, "ganze Zahl"),
        ({"offer_id": str(foreign_id)}, "Dieses Angebot gibt es nicht mehr."),
        ({"offer_id": "99999999999999999999"}, "Dieses Angebot gibt es nicht mehr."),
    ]
    for change, sentence in cases:
        page = client.post(url, data={**base, **change}, follow_redirects=True,
                           headers={"Accept-Language": "de"})  # fmt: skip
        assert page.status_code == 200 and sentence in page.get_data(as_text=True), change
    with app.app_context():
        assert db.session.get(Offer, offer_id).name == "Kita West"
        assert db.session.get(Offer, foreign_id).name == "Fremde Kita"
    # Another Kommune's offer cannot be opened for editing either, nor deleted.
    html = client.get(f"{url}?category=kita&edit={foreign_id}").get_data(as_text=True)
    assert "Fremde Kita" not in html
    client.post(url, data={**base, "action": "delete", "offer_id": str(foreign_id)})
    with app.app_context():
        assert db.session.get(Offer, foreign_id) is not None
    # The other Kommune's page is refused to this planner altogether.
    other = client.get(url.replace(str(kommune_id), str(kommune_id + 1)))
    assert other.status_code in (403, 404)


def test_coverage_counts_the_offers_valid_on_the_day(app, client):
    with app.app_context():
        kommune = two_quartiere()
        kita = category_by_slug(kommune, "kita")
        save_offer(kita, {"name": "Alt", "lat": "50,935", "lon": "6,955", "valid_to": "2024-12-31"})
        save_offer(kita, {"name": "Neu", "lat": "50,935", "lon": "6,965",
                          "valid_from": "2025-08-01"})  # fmt: skip
        save_offer(kita, {"name": "Immer", "lat": "50,936", "lon": "6,966"})

        def offers(day):
            table = category_coverage(kommune, kita, on=day).table
            return dict(zip(table["area_code"], table["offers"], strict=True))

        assert offers(dt.date(2024, 12, 31)) == {"1": 1, "2": 1}
        assert offers(dt.date(2025, 1, 1)) == {"1": 0, "2": 1}
        assert offers(dt.date(2025, 8, 1)) == {"1": 0, "2": 2}
        assert offers(None) == offers(dt.date.today())
        make_user("plan@example.org", "planner", ["Kompassstadt"])
        kommune_id = kommune.id
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/offers?category=kita"
    for day, west, ost in (("2024-06-01", "1", "1"), ("1.8.2025", "0", "2")):
        html = client.get(f"{url}&on={day}").get_data(as_text=True)
        rows = {r[0]: r for r in table_rows(html, "coverage-table")[1:]}
        assert (rows["1"][2], rows["2"][2]) == (west, ost), day
    bad = client.get(f"{url}&on=gestern", headers={"Accept-Language": "de"})
    assert bad.status_code == 200
    assert "Bitte geben Sie das Datum als 2025-08-01 oder 1.8.2025 an" in bad.get_data(as_text=True)
