"""A stored walking network reaches the report's chapter and the round table: their figures are
the distances along the streets, and they say so (straight lines without a network)."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign
from app.services.instruments import load_place_standard
from app.services.offer_networks import upload_network
from app.services.offer_report import offers_section
from app.services.offer_roundtable import offers_here
from tests.support.coverage import STREETS
from tests.support.html_tables import table_rows
from tests.support.offers import street_town


def _campaign(kommune) -> Campaign:
    with write_transaction():
        campaign = Campaign(kommune=kommune, instrument=load_place_standard(), title="Wege",
                            round_label="2026", min_group_size=5)  # fmt: skip
        campaign.areas = list(db.session.query(Area).filter_by(kommune_id=kommune.id))
        db.session.add(campaign)
    return campaign


def _nearest_of_6(campaign) -> tuple[str, str]:
    """Quartier 6's nearest Kita in the chapter's table, and the chapter's HTML."""
    html = offers_section(campaign, "de").html
    row = next(r for r in table_rows(html, "offers-kita") if r[0] == "Knoten 6")
    return row, html


def test_the_report_and_the_round_table_measure_along_the_stored_network(app):
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "de"}):
        kommune = street_town()
        campaign = _campaign(kommune)
        six = db.session.query(Area).filter_by(kommune_id=kommune.id, code="6").one()
        row, html = _nearest_of_6(campaign)
        assert "520" in row and "Luftlinie × 1,3 (Umwegfaktor)" in html
        [straight] = offers_here(campaign, six)
        assert round(straight.figures["nearest_m"]) == 520 and "Luftlinie" in straight.method
        upload_network(kommune, FileStorage(io.BytesIO(STREETS.read_bytes()), "strassen.osm"))
        row, html = _nearest_of_6(campaign)
        # 6 -> 5 -> 4 -> 3 -> 2 -> 1 along the walkable streets: 1,600 m, not 400 m × 1.3.
        assert "1.600" in row and "520" not in row
        assert "entlang des Straßennetzes von strassen.osm (hochgeladen am" in html
        [along] = offers_here(campaign, six)
        assert round(along.figures["nearest_m"]) == 1600 and "strassen.osm" in along.method
