"""The survey with JavaScript in a real Chromium on a phone-sized screen (SQLite only)."""

from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.models import Comment, Rating, Response
from tests.support.browser import browser_marks

pytestmark = browser_marks()


def visible_steps(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-step]", "steps => steps.filter(s => !s.hidden).map(s => s.id || s.className)"
    )


def test_one_theme_per_screen_answers_survive_a_reload_and_the_compass_follows(site, phone):
    base, app, info = site
    page = phone
    page.goto(f"{base}/s/{info.resident}/1%20a")

    # One step per screen, with progress; the privacy notice comes first.
    assert visible_steps(page) == ["intro"]
    assert page.locator(".privacy").is_visible()
    assert page.locator(".progress").inner_text() == "Schritt 1 von 17"
    assert not page.get_by_role("button", name="Zurück").is_visible()
    uuid = page.locator("input[name=uuid]").input_value()
    assert len(uuid) == 36

    page.get_by_role("button", name="Weiter").click()
    page.select_option("#age_band", "30_44")
    page.get_by_role("button", name="Weiter").click()
    assert visible_steps(page) == ["t-moving"]
    page.locator("#t-moving label").filter(has_text="5").first.click()
    page.get_by_role("button", name="Weiter").click()
    page.locator("#t-transport label").filter(has_text="3").first.click()
    page.fill("#good-transport", "Der Bus kommt oft.")

    # Back shows the earlier answer, Next returns.
    page.get_by_role("button", name="Zurück").click()
    assert page.locator("#t-moving").is_visible()
    assert page.locator("#t-moving input[value='5']").is_checked()
    page.get_by_role("button", name="Weiter").click()
    assert page.locator(".progress").inner_text() == "Schritt 4 von 17"

    # The phone reloads the page (or the tab was killed): everything is still there.
    page.reload()
    assert page.locator("#t-transport").is_visible()
    assert page.locator(".progress").inner_text() == "Schritt 4 von 17"
    assert page.locator("#t-transport input[value='3']").is_checked()
    assert page.locator("#good-transport").input_value() == "Der Bus kommt oft."
    assert page.locator("#age_band").input_value() == "30_44"
    assert page.locator("input[name=uuid]").input_value() == uuid

    page.get_by_role("button", name="Weiter").click()
    page.locator("#t-traffic label.na").click()
    while not page.get_by_role("button", name="Antworten senden").is_visible():
        page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="Antworten senden").click()

    page.wait_for_url(f"**/s/{info.resident}/thanks/{uuid}")
    assert page.locator("h1").inner_text() == "Danke für Ihre Antworten!"
    assert page.locator("svg.compass").is_visible()
    assert page.locator("svg.compass .mine circle").count() == 2  # moving and transport
    # The sent answers leave no draft behind on the phone.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('qk:'))") == []

    with app.app_context():
        responses = db.session.scalars(select(Response)).all()
        assert [(r.uuid, r.age_band, r.area.code) for r in responses] == [(uuid, "30_44", "1 a")]
        scores = {r.theme.slug: r.score for r in db.session.scalars(select(Rating))}
        assert scores == {"moving": 5, "transport": 3, "traffic": None}
        texts = [(c.theme.slug, c.kind, c.text) for c in db.session.scalars(select(Comment))]
        assert texts == [("transport", "good", "Der Bus kommt oft.")]


def test_enter_in_a_field_moves_on_instead_of_sending(site, phone):
    base, app, info = site
    page = phone
    page.goto(f"{base}/s/{info.group}/15%20b")
    page.get_by_role("button", name="Weiter").click()
    page.fill("#group_code", "Tisch 2")
    page.press("#group_code", "Enter")
    assert page.locator("#t-moving").is_visible()
    with app.app_context():
        assert db.session.scalars(select(Response)).all() == []
