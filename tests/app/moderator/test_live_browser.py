"""roundtable.js in a real Chromium: it sends the fragment's ETag back (from its first refresh on,
with the version the page was rendered with) and keeps the page on 304."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign
from tests.support.factories import SurveyInfo
from tests.support.workspace import PASSWORD, answer

pytestmark = pytest.mark.browser


def test_the_round_table_page_asks_with_its_etag_and_keeps_an_unchanged_fragment(site, browser):
    base, app = site
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        themes = tuple(t.slug for t in campaign.instrument.themes)
        info = SurveyInfo(campaign.id, campaign.resident_token, "", "", ("1 a",), themes)
    answer(app.test_client(), info, 5)
    page = browser.new_context(locale="de-DE").new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    seen: list[tuple[int, str | None]] = []
    page.on(
        "response",
        lambda r: (
            seen.append((r.status, r.request.headers.get("if-none-match")))
            if r.url.endswith("/live")
            else None
        ),
    )
    page.goto(f"{base}/login")
    page.fill("#email", "mod@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    page.goto(f"{base}/moderator/surveys/{info.campaign_id}/areas/1%20a")
    deadline = time.monotonic() + 20  # refreshes every second (QK_LIVE_REFRESH_SECONDS=1)
    while sum(1 for status, _ in seen if status == 304) < 2:
        assert time.monotonic() < deadline, seen
        page.wait_for_timeout(200)
    # the page hands its own version to the script: even the first refresh is a 304
    assert seen[0][0] == 304 and seen[0][1], seen
    assert all(tag for status, tag in seen if status == 304)
    assert "(n=5)" in page.locator("#theme-table tr[data-theme=moving]").inner_text()
    assert "aktualisiert" in page.locator("#live-status").inner_text().lower()

    answer(app.test_client(), info, 1)  # a change: the next refresh brings it
    from playwright.sync_api import expect

    expect(page.locator("#theme-table tr[data-theme=moving]")).to_contain_text("(n=6)")
    assert errors == []
