"""The workspace in a real Chromium: planner, resident on a phone, moderator at the projector."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import openpyxl
import pypdf
import pytest

from app.core.extensions import db
from app.models import Campaign
from tests.support.browser import CHROMIUM
from tests.support.factories import SurveyInfo
from tests.support.workbook import sheet_by_keys
from tests.support.workspace import PASSWORD, answer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason="Chromium is missing"),
]


def _page(browser, errors, **context):
    page = browser.new_context(locale="de-DE", accept_downloads=True, **context).new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def _login(page, base, email):
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def test_survey_posters_live_round_table_and_record_in_export(site, browser):
    base, app = site
    errors: list[str] = []

    # The planner creates a survey (k = 2) for two Quartiere and downloads the QR posters.
    planner = _page(browser, errors, viewport={"width": 1280, "height": 900})
    _login(planner, base, "plan@example.org")
    planner.get_by_role("link", name="Neue Befragung").click()
    planner.fill("#title", "Browser-Check")
    planner.fill("#round_label", "2027")
    planner.get_by_label("1 a Altstadt").check()
    planner.get_by_label("15 b Nordstadt").check()
    planner.fill("#min_group_size", "2")
    planner.get_by_role("button", name="Speichern").click()
    planner.wait_for_url("**/planner/surveys/*")
    assert planner.locator("h1").inner_text() == "Browser-Check"
    campaign_id = int(planner.url.rstrip("/").split("/")[-1])
    with planner.expect_download() as download:
        planner.get_by_role("link", name="QR-Plakate (PDF)").click()
    posters = pypdf.PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(posters.pages) == 2
    resident_link = planner.locator(".links dd a").first.get_attribute("href")
    assert "/s/" in resident_link

    # One answer is there already; the moderator opens the round table on a projector.
    token = resident_link.rstrip("/").split("/s/")[1]
    with app.app_context():
        themes = db.session.get(Campaign, campaign_id).instrument.themes
        info = SurveyInfo(campaign_id, token, "", "", ("1 a",), tuple(t.slug for t in themes))
    answer(app.test_client(), info, 1)
    moderator = _page(browser, errors, viewport={"width": 1920, "height": 1080})
    _login(moderator, base, "mod@example.org")
    moderator.goto(f"{base}/moderator/surveys/{campaign_id}/areas/1%20a")
    moving = moderator.locator("#theme-table tr[data-theme=moving]")
    assert "weniger als 2 Antworten" in moving.inner_text()
    moderator.evaluate("window.stillTheSamePage = true")

    # A resident answers on a phone.
    phone = _page(
        browser,
        errors,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    phone.goto(f"{resident_link}/1%20a")
    phone.get_by_role("button", name="Weiter").click()
    phone.get_by_role("button", name="Weiter").click()
    phone.locator("#t-moving label").filter(has_text="6").first.click()
    while not phone.get_by_role("button", name="Antworten senden").is_visible():
        phone.get_by_role("button", name="Weiter").click()
    phone.get_by_role("button", name="Antworten senden").click()
    phone.wait_for_url("**/thanks/**")

    # The round table shows it without a reload: two residents now, so the median appears.
    # Polled by Playwright itself: a wait_for_function string would need 'unsafe-eval' (CSP).
    from playwright.sync_api import expect

    expect(moderator.locator("#theme-table tr[data-theme=moving]")).to_contain_text(
        "(n=2)", timeout=20_000
    )
    assert moderator.evaluate("window.stillTheSamePage") is True
    assert moderator.locator("svg.compass .series.residents circle").count() >= 1

    # The moderator records the table's conclusion.
    moderator.fill("#missing", "Sitzbänke am Markt")
    moderator.get_by_label("Bedarf bestätigt").first.check()
    moderator.get_by_role("button", name="Protokoll speichern").click()
    moderator.wait_for_load_state()
    assert "Protokoll des Runden Tisches ist gespeichert" in moderator.content()

    # The planner's XLSX export carries the record.
    planner.goto(f"{base}/planner/surveys/{campaign_id}/results")
    with planner.expect_download(timeout=60_000) as download:
        planner.get_by_role("link", name="results.xlsx").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    record = sheet_by_keys(book, "Runder Tisch").iloc[0]
    assert record["missing"] == "Sitzbänke am Markt"
    assert record["overall_need"] == "Bedarf bestätigt"
    assert errors == []
