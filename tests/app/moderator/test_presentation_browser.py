"""Presentation mode on a 1920×1080 projector in Chromium: size, scale, lines, keys, axe-core."""

from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign
from tests.support.a11y import axe_violations
from tests.support.factories import SurveyInfo
from tests.support.workspace import PASSWORD, answer, show_comments

PROJECTOR = {"width": 1920, "height": 1080}

LABELS = """() => {
  const svg = document.querySelector('.present-compass svg.compass');
  const box = svg.getBoundingClientRect();
  const scale = svg.getScreenCTM().a;
  return Array.from(svg.querySelectorAll('text.label')).map(t => {
    const r = t.getBoundingClientRect();
    return {px: parseFloat(getComputedStyle(t).fontSize) * scale,
            inside: r.left >= box.left && r.right <= box.right && r.top >= box.top
                    && r.bottom <= box.bottom && r.right <= innerWidth && r.bottom <= innerHeight};
  });
}"""

LINES = """() => ['residents', 'experts'].map(c => {
  const g = document.querySelector('.present-compass .series.' + c);
  return {dash: getComputedStyle(g.querySelector('polyline')).strokeDasharray,
          marker: g.querySelector('circle, rect, polygon').tagName};
})"""


def _survey(app) -> SurveyInfo:
    with app.app_context():
        campaign = db.session.scalar(select(Campaign))
        themes = tuple(t.slug for t in campaign.instrument.themes)
        return SurveyInfo(
            campaign.id, campaign.resident_token, campaign.expert_token, "", ("1 a",), themes
        )


def _open(browser, base, url):
    page = browser.new_context(locale="de-DE", viewport=PROJECTOR).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/login")
    page.fill("#email", "mod@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(base + url)
    return page, errors


def test_presentation_mode_fills_the_projector_and_obeys_the_keys(site, browser):
    base, app = site
    info = _survey(app)
    api = app.test_client()
    answer(api, info, 6)
    answer(api, info, 5, role="expert")
    show_comments(app)
    url = f"/moderator/surveys/{info.campaign_id}/areas/1%20a/present"
    page, errors = _open(browser, base, url)

    height = page.locator(".present-compass svg.compass").bounding_box()["height"]
    assert height >= 0.8 * PROJECTOR["height"], height
    rings = page.locator(".present-compass .ring-label").all_text_contents()
    assert rings == [str(n) for n in range(1, 8)]  # the instrument's scale, 1–7
    labels = page.evaluate(LABELS)
    assert len(labels) == 14
    assert all(label["px"] >= 24 for label in labels), labels
    assert all(label["inside"] for label in labels), labels
    residents, experts = page.evaluate(LINES)
    assert residents["dash"] != experts["dash"]  # line style, not only colour
    assert residents["marker"] != experts["marker"]  # and a different marker
    assert "Tasten:" in page.locator(".present-help").inner_text()
    assert axe_violations(page) == []

    page.keyboard.press("c")  # comparison on: the next Quartier, as a line and as numbers
    page.wait_for_url("**compare=area*")
    assert page.locator("td[data-compare]").count() == 14
    assert page.locator(".present-compass .series.compare").count() == 1
    page.keyboard.press("c")  # and off again
    page.wait_for_url(lambda u: "compare" not in u)
    assert page.locator("td[data-compare]").count() == 0

    page.keyboard.press("p")  # pause the updates
    assert page.locator("#live-toggle").get_attribute("aria-pressed") == "true"
    page.keyboard.press("ArrowRight")  # next Quartier
    page.wait_for_url("**/areas/15%20b/present")
    assert "Nordstadt" in page.locator("h1").inner_text()
    page.keyboard.press("r")  # to the record form
    page.wait_for_url("**/areas/15%20b#record")
    assert page.locator("#record form").is_visible()
    assert errors == []
