"""The round table's "what exists here": offers in and near the Quartier with its figures."""

from __future__ import annotations

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign
from app.services.instruments import load_place_standard
from app.services.offer_catalogue import category_by_slug
from app.services.offer_roundtable import offers_here
from app.services.offers import save_offer
from tests.support.offers import two_quartiere
from tests.support.workspace import login, make_user

#: West is 6.95–6.96° east; 0.001° of longitude is about 70 m at 50.9° north.
KITAS = [("Kita West", "6,955", "40", "Stadt"), ("Kita Grenznah", "6,962", "25", None),
         ("Kita Fern", "6,969", None, None)]  # fmt: skip


def _survey():
    kommune = two_quartiere()
    kita = category_by_slug(kommune, "kita")
    for name, lon, places, provider in KITAS:
        save_offer(kita, {"name": name, "lat": "50,935", "lon": lon, "capacity": places or "",
                          "provider": provider or ""})  # fmt: skip
    save_offer(kita, {"name": "Kita Geschlossen", "lat": "50,935", "lon": "6,954",
                      "valid_to": "2020-01-01"})  # fmt: skip
    with write_transaction():
        campaign = Campaign(kommune=kommune, instrument=load_place_standard(), title="Check",
                            round_label="2026", min_group_size=5)  # fmt: skip
        campaign.areas = list(db.session.query(Area).filter_by(kommune_id=kommune.id))
        db.session.add(campaign)
    return campaign


def test_offers_in_and_near_with_the_figures(app):
    with app.app_context(), app.test_request_context():
        campaign = _survey()
        west = next(a for a in campaign.areas if a.code == "1")
        [kitas] = offers_here(campaign, west)
        assert [o["name"] for o in kitas.inside] == ["Kita West"]  # the closed one is not
        # Ost's Kita 2 × 70 m beyond West's border is near (500 m); the one 630 m away is not.
        assert [o["name"] for o in kitas.near] == ["Kita Grenznah"]
        assert 120 < kitas.near[0]["distance_m"] < 160 and kitas.near[0]["capacity"] == 25
        assert kitas.figures["offers"] == 1 and kitas.figures["area_code"] == "1"
        assert 0 < kitas.figures["share_within"] <= 1 and kitas.distance_m == 500


def test_the_moderator_sees_them_in_german(app, client):
    with app.app_context():
        campaign = _survey()
        make_user("mod@example.org", "moderator", ["Kompassstadt"])
        url = f"/moderator/surveys/{campaign.id}/areas/2"
    login(client, "mod@example.org")
    html = client.get(url, headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Was es hier gibt: Angebote im und am Quartier" in html
    section = html[html.index('id="offers-here"') :]
    inside = section[section.index('class="offers-inside"') : section.index("</ul>")]
    assert "Kita Grenznah" in inside and "Kita Fern" in inside and "Kita West" not in inside
    near = section[section.index('class="offers-near"') :]
    assert "Kita West, 40 Plätze" in near[: near.index("</ul>")]
    assert "Luftlinie × 1,3 (Umwegfaktor)" in section
    assert "Anteil innerhalb von 500 m: " in section and "%%" not in section
