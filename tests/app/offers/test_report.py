"""The report's chapter on offers: Köln's Kitas per 1,000 children under 6, in German."""

from __future__ import annotations

import re

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign
from app.services.instruments import load_place_standard
from app.services.offer_catalogue import category_by_slug, choose_target
from app.services.offer_report import offers_section
from app.services.report_sections import PROVIDERS, report_sections
from tests.support.html_tables import table_rows
from tests.support.offers import koeln_with_kitas, two_quartiere


def _campaign(kommune, codes):
    with write_transaction():
        campaign = Campaign(kommune=kommune, instrument=load_place_standard(), title="Check",
                            round_label="2026", min_group_size=5)  # fmt: skip
        campaign.areas = [a for a in db.session.query(Area).filter_by(kommune_id=kommune.id)
                          if a.code in codes]  # fmt: skip
        db.session.add(campaign)
    return campaign


def test_a_page_per_category_with_map_and_table_in_german(app, tmp_path):
    with app.app_context(), app.test_request_context():
        koeln = koeln_with_kitas(tmp_path)
        choose_target(koeln, category_by_slug(koeln, "kita"), "unter_6")
        campaign = _campaign(koeln, {"102", "101"})
        assert offers_section in PROVIDERS
        [section] = [s for s in report_sections(campaign, "de") if s.key == "offers"]
        assert section.title == "Angebote in den Quartieren"
        html = section.html
        assert html.count("<h3>") == 1  # only the Kitas have offers
        assert 'role="img"' in html and html.count("<circle") == 246
        rows = table_rows(html, "offers-kita")
        assert len(rows) == 3 and [r[0] for r in rows[1:]] == ["Altstadt/Süd", "Neustadt/Süd"]
        assert rows[0][:4] == ["Quartier", "Angebote", "Plätze", "Je 1.000 der Zielgruppe"]
        neustadt = rows[2]
        # 3 Kitas for 1,743 children under 6: 1,7 per 1,000 (German decimal comma).
        assert neustadt[1] == "3" and neustadt[3] == "1,7"
        assert re.search(r"unter_6, 2012", html)
        assert "Luftlinie × 1,3 (Umwegfaktor)" in html


def test_no_chapter_without_offers(app):
    with app.app_context(), app.test_request_context():
        kommune = two_quartiere()
        assert offers_section(_campaign(kommune, {"1", "2"}), "de") is None
