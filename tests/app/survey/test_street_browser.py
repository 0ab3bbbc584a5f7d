"""The survey on the street, on a 390×844 phone in Chromium: every fix of issue 14 §3."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign, Response
from tests.support.browser import browser_marks

pytestmark = browser_marks()
HEIGHT = 844


def visible_steps(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-step]", "steps => steps.filter(s => !s.hidden).map(s => s.id || s.className)"
    )


def _next(page):
    page.get_by_role("button", name="Weiter").click()


def _in_view(page, name: str) -> bool:
    box = page.get_by_role("button", name=name).bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT


def test_a_closed_survey_says_so_at_once_and_links_the_current_round(site, phone):
    base, app, info = site
    with app.app_context(), write_transaction():
        current = db.session.get(Campaign, info.campaign_id)
        closed = Campaign(
            kommune=current.kommune,
            instrument=current.instrument,
            title="Quartierscheck 2024",
            round_label="2024",
            opens_on=dt.date(2024, 5, 1),
            closes_on=dt.date(2024, 7, 31),
            public_results=True,
        )
        closed.areas = list(current.areas)
        db.session.add(closed)
        db.session.flush()
        token = closed.resident_token
    reply = phone.goto(f"{base}/s/{token}")
    assert reply.status == 410
    assert "Diese Umfrage ist beendet" in phone.locator(".notice").inner_text()
    assert phone.locator(".notice").bounding_box()["y"] < HEIGHT / 2  # at once, not below a list
    text = phone.locator("main").inner_text()
    assert "mitmachen" not in text.split("Bei der aktuellen")[0]  # no "until 31 July 2024"
    assert phone.locator("#area-list").count() == 0
    assert phone.get_by_role("link", name="Ergebnisse dieser Umfrage ansehen").is_visible()
    phone.get_by_role(
        "link", name="Bei der aktuellen Umfrage mitmachen: Quartierscheck Teststadt"
    ).click()
    phone.wait_for_url(f"**/s/{info.resident}")
    assert phone.locator("#area-list li").count() == 3


def test_back_and_next_stay_on_screen_and_a_score_can_move_on_by_itself(site, phone):
    base, _app, info = site
    phone.goto(f"{base}/s/{info.resident}/1%20a")
    phone.get_by_label("Nach meiner Wahl gleich zum nächsten Thema gehen").check()
    _next(phone)
    _next(phone)
    for slug in info.themes[:3]:
        assert visible_steps(phone) == [f"t-{slug}"]
        phone.fill(f"#good-{slug}", "Sehr viel Text. " * 40)  # two long comments …
        phone.fill(f"#improve-{slug}", "Noch mehr Text. " * 40)
        phone.evaluate("window.scrollTo(0, 0)")
        assert _in_view(phone, "Weiter") and _in_view(phone, "Zurück")  # … still reachable
        phone.locator(f"#t-{slug} .scale label").filter(has_text="4").first.click()
        phone.locator(f"#t-{slug}").wait_for(state="hidden")  # moved on after a short pause
    assert visible_steps(phone) == [f"t-{info.themes[3]}"]


def test_skipping_every_theme_says_so_on_the_last_page_and_offers_the_first_theme(site, phone):
    base, app, info = site
    phone.goto(f"{base}/s/{info.resident}/1%20a")
    while not phone.locator("section.send").is_visible():
        _next(phone)
    notice = phone.locator("#nothing-rated")
    assert notice.is_visible()
    assert "noch kein Thema bewertet" in notice.inner_text()
    assert not phone.get_by_role("button", name="Antworten senden").is_visible()
    phone.get_by_role("button", name="Zum ersten Thema").click()
    assert visible_steps(phone) == ["t-moving"]
    assert phone.locator("#errors").count() == 0  # no throw-back with an error
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 0


def test_the_phones_back_button_goes_to_the_previous_theme(site, phone):
    base, _app, info = site
    url = f"{base}/s/{info.resident}/1%20a"
    phone.goto(f"{base}/s/{info.resident}")
    phone.goto(url)
    for _ in range(3):
        _next(phone)
    assert visible_steps(phone) == ["t-transport"]
    phone.go_back()
    assert visible_steps(phone) == ["t-moving"] and phone.url == url
    phone.go_back()
    assert visible_steps(phone) == [""]  # "About you", the step before the first theme
    phone.go_forward()
    assert visible_steps(phone) == ["t-moving"]
    phone.get_by_role("button", name="Zurück").click()  # the page's own back: the same way
    phone.go_forward()
    assert visible_steps(phone) == ["t-moving"]


def test_one_wording_one_counter_a_time_estimate_and_the_responsible_body(site, phone):
    base, app, info = site
    with app.app_context(), write_transaction():
        campaign = db.session.get(Campaign, info.campaign_id)
        campaign.privacy_body = "Stadt Teststadt, Amt für Soziales"
        campaign.privacy_url = "https://teststadt.example/datenschutz"
    phone.goto(f"{base}/s/{info.resident}/1%20a")
    intro = phone.locator("section.intro").inner_text()
    assert "1 heißt: Viel zu verbessern. 7 heißt: Wenig zu verbessern." in intro
    assert "sehr gut" not in phone.content()
    assert "Das dauert etwa 10 Minuten." in intro
    privacy = phone.locator(".privacy")
    assert (
        "Verantwortlich für Ihre Daten: Stadt Teststadt, Amt für Soziales." in privacy.inner_text()
    )
    link = privacy.get_by_role("link", name="Datenschutzerklärung")
    assert link.get_attribute("href") == "https://teststadt.example/datenschutz"
    _next(phone)
    _next(phone)
    step = phone.locator("#t-moving")
    assert "7 = Wenig zu verbessern" in step.inner_text()
    counters = phone.locator("main").inner_text()
    assert len(re.findall(r"\b\d+ ?(?:/|von) ?\d+\b", counters)) == 1  # "Schritt 3 von 17" only


def test_a_review_page_lists_every_answer_before_sending(site, phone):
    base, _app, info = site
    phone.goto(f"{base}/s/{info.resident}/1%20a")
    _next(phone)
    _next(phone)
    phone.locator("#t-moving .scale label").filter(has_text="5").first.click()
    phone.fill("#good-moving", "Gute Wege")
    while not phone.locator("section.send").is_visible():
        _next(phone)
    rows = phone.locator("#review tbody tr")
    assert rows.count() == 14
    assert rows.nth(0).inner_text().split("\t")[:2] == ["Fuß- und Radwege", "5 · mit Kommentar"]
    assert "übersprungen" in rows.nth(1).inner_text()
    assert phone.get_by_role("button", name="Antworten senden").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing runs off
    phone.get_by_role("button", name="Ändern: Fuß- und Radwege").click()
    assert visible_steps(phone) == ["t-moving"]
