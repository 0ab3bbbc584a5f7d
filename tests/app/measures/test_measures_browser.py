"""Measures in a real Chromium: from the round table's confirmed verdict to a decided measure,
edited, with its history, evaluated after the demo's second round."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign
from tests.support.app import make_app, served
from tests.support.browser import browser_marks
from tests.support.measures import DEMO_PASSWORDS, PLANNER, demo_with_verdict

pytestmark = browser_marks()


@pytest.fixture
def demo_site(tmp_path):
    """Musterstadt (rounds 2024 and 2025; the 2024 round table confirmed needs in "2")."""
    app = make_app(f"sqlite:///{tmp_path / 'measures.sqlite3'}", tmp_path)
    with app.test_request_context():
        db.create_all()
        demo_with_verdict()
        campaign = db.session.scalar(select(Campaign.id).where(Campaign.round_label == "2024"))
    with served(app) as base:
        yield base, campaign
    with app.app_context():
        db.engine.dispose()


def test_a_measure_from_the_verdict_to_its_evaluation(demo_site, browser):
    base, campaign = demo_site
    page = browser.new_context(locale="de-DE", viewport={"width": 1300, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/login")
    page.fill("#email", PLANNER)
    page.fill("#password", DEMO_PASSWORDS[PLANNER])
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    page.goto(f"{base}/moderator/surveys/{campaign}/areas/2")
    page.click("#decide-measure")
    page.wait_for_selector("#measure-form")
    assert page.is_checked('input[name="areas"][value="2"]')
    assert page.is_checked('input[name="themes"][value="play"]')
    assert page.is_checked('input[name="themes"][value="housing"]')
    page.fill("#title", "Jugendtreff Bahnhofsviertel")
    page.fill("#budget", "12.500")
    page.fill("#lead_organisation", "Jugendamt")
    page.check('input[name="indicators"][value="sgb2_quote"]')
    page.get_by_role("button", name="Maßnahme speichern").click()
    page.wait_for_selector("#history")
    assert page.inner_text("#budget") == "12.500,00"
    assert page.inner_text("#status") == "geplant"
    page.get_by_role("link", name="Bearbeiten").click()
    page.select_option("#status", "running")
    page.fill("#budget", "14.000,50")
    page.get_by_role("button", name="Maßnahme speichern").click()
    page.wait_for_selector("#history")
    history = page.inner_text("#history")
    assert "geplant" in history and "läuft" in history
    assert "12500.00" in history and "14000.50" in history and PLANNER in history
    themes = page.inner_text("#evaluation-themes")
    assert "(2024)" in themes and "(2025)" in themes  # baseline round and the demo's next one
    assert "Intervalle" in themes  # whether the change could be chance
    indicators = page.inner_text("#evaluation-indicators")
    assert "noch kein späteres Jahr" in indicators  # the demo's newest year is the baseline's
    assert errors == []
