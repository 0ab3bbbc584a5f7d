"""The street network in Chromium: a planner uploads a small OSM file (a few streets), chooses
"along the streets" and sees the walking distance that equals the hand-computed path."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Kommune
from tests.support.a11y import axe_violations, browser_only, log_in, open_page
from tests.support.app import make_app, served
from tests.support.coverage import STREETS
from tests.support.offers import street_town
from tests.support.workspace import make_user

pytestmark = browser_only
PLANNER = "plan@example.org"


@pytest.fixture(scope="module")
def street_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("offer-network")
    app = make_app(f"sqlite:///{folder / 'offers.sqlite3'}", folder)
    with app.app_context(), app.test_request_context():
        db.create_all()
        street_town()
        make_user(PLANNER, "planner", ["Straßenstadt"])
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Straßenstadt"))
    with served(app) as base:
        yield base, kommune_id
    with app.app_context():
        db.engine.dispose()


def _distance_of(page, code: str) -> str:
    row = page.locator("#coverage-table tbody tr", has=page.locator(f"td:text-is('{code}')"))
    return row.locator("td").nth(3).inner_text().strip()


def test_upload_choose_and_see_the_walked_path(street_site, chromium):
    base, kommune_id = street_site
    page = open_page(chromium, "de", "desktop")
    log_in(page, base, PLANNER)
    page.goto(f"{base}/planner/kommune/{kommune_id}/offers?category=kita")
    assert _distance_of(page, "6") == "520"  # 400 m as the crow flies × 1.3
    assert page.locator("#distance").count() == 0  # no network yet: nothing to choose
    page.set_input_files("#network-file", str(STREETS))
    page.get_by_role("button", name="Straßennetz hochladen").click()
    page.wait_for_load_state()
    assert "8 Knoten, 6 Straßenabschnitte" in page.locator("#network-info").inner_text()
    page.select_option("#distance", "streets")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_load_state()
    # Hand-computed: 6 -> 5 -> 4 -> 3 -> 2 -> 1 = 300 + 300 + 400 + 300 + 300 m.
    assert _distance_of(page, "6") == "1.600"
    assert "entlang des Straßennetzes von coverage_streets.osm" in page.content()
    assert page.locator("#distance").input_value() == "streets"
    page.wait_for_selector("#offer-map[data-areas='2']")
    assert "distance=streets" in page.get_attribute("#offer-map", "data-coverage-url")
    assert page.js_errors == []
    assert axe_violations(page) == []
    page.context.close()
