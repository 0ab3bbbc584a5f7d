"""The review queue in Chromium, by keyboard only: J/K move, S shows, H and R reach their fields."""

from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, Comment
from tests.support.factories import SurveyInfo
from tests.support.workspace import PASSWORD, answer


def _survey(app) -> SurveyInfo:
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        themes = tuple(t.slug for t in campaign.instrument.themes)
        return SurveyInfo(campaign.id, campaign.resident_token, "", "", ("1 a",), themes)


def _reviews(app) -> list[tuple[str, str]]:
    with app.app_context():
        return list(db.session.execute(select(Comment.text, Comment.review).order_by(Comment.id)))


def test_comments_are_reviewed_by_keyboard(site, browser):
    base, app = site
    info = _survey(app)
    answer(app.test_client(), info, 2)
    page = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/login")
    page.fill("#email", "mod@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"{base}/moderator/surveys/{info.campaign_id}/comments")
    assert "J und K" in page.locator("#review-keys").inner_text()

    page.keyboard.press("j")  # to the first comment
    assert page.evaluate("document.activeElement.id") == page.locator(
        "[data-comment]"
    ).first.get_attribute("id")
    page.keyboard.press("s")  # show it
    page.wait_for_url("**focus=first")
    page.wait_for_load_state()
    page.locator("[data-comment]:focus").wait_for()
    assert _reviews(app)[0] == ("Park resident 0", "shown")
    # Back on the queue, the next comment has the focus: "h" reaches the reason for hiding.
    page.keyboard.press("h")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.keyboard.press("Escape")
    page.locator("[data-comment]").first.focus()
    page.keyboard.press("r")  # to the text to redact
    assert page.evaluate("document.activeElement.name") == "redacted"
    page.keyboard.press("Control+a")
    page.keyboard.type("Mehr Bänke bei [Adresse]")
    page.keyboard.press("Tab")  # the Redact button follows the text
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert _reviews(app)[1] == ("Mehr Bänke resident 0", "redacted")
    assert page.locator('[data-count="new"]').inner_text() == "2"
    assert errors == []
