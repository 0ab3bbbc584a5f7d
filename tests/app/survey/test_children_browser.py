"""The children's survey on a phone in Chromium: three points per theme, and a child who
answers 3 everywhere sees every point on the compass's outer ring – on the server's thank-you
page and on the one the phone draws itself when there is no signal (SQLite only)."""

from __future__ import annotations

import math

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, Instrument, Rating
from app.services.instruments import load_shipped
from tests.support.app import make_app, served
from tests.support.browser import browser_marks
from tests.support.factories import make_survey

pytestmark = browser_marks()

#: analysis.figures.compass: the chart's centre and the radius of the scale's highest score.
CENTRE, RADIUS = 180.0, 120.0


@pytest.fixture
def children_site(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'children.sqlite3'}", tmp_path)
    with app.app_context():
        db.create_all()
        info = make_survey()
        load_shipped()
        campaign = db.session.get(Campaign, info.campaign_id)
        campaign.instrument = db.session.scalar(
            select(Instrument).where(Instrument.slug == "place-standard-kinder")
        )
        db.session.commit()
    with served(app) as base:
        yield base, app, info
    with app.app_context():
        db.engine.dispose()


def _answer_three_everywhere(page) -> None:
    page.get_by_role("button", name="Weiter").click()  # the privacy notice
    page.get_by_role("button", name="Weiter").click()  # about you: nothing
    for _ in range(14):
        step = page.locator("fieldset.theme:visible")
        assert step.locator("input[type=radio]").count() == 4  # 1, 2, 3 and "can't say"
        step.locator("label").filter(has_text="3").first.click()
        page.get_by_role("button", name="Weiter").click()


def _points_and_rings(page, svg: str) -> tuple[list[float], list[str]]:
    """Distances of the person's points from the centre, and the ring labels."""
    points = page.eval_on_selector_all(
        f"{svg} .mine circle", "cs => cs.map(c => [+c.getAttribute('cx'), +c.getAttribute('cy')])"
    )
    rings = page.eval_on_selector_all(f"{svg} .ring-label", "ls => ls.map(l => l.textContent)")
    return [math.hypot(x - CENTRE, y - CENTRE) for x, y in points], rings


def test_all_threes_reach_the_outer_ring_on_the_servers_thank_you(children_site, phone):
    base, app, info = children_site
    phone.goto(f"{base}/s/{info.resident}/1%20a")
    assert phone.locator(".progress").inner_text() == "Schritt 1 von 17"
    _answer_three_everywhere(phone)
    phone.get_by_role("button", name="Antworten senden").click()
    phone.wait_for_url(f"**/s/{info.resident}/thanks/**")
    distances, rings = _points_and_rings(phone, "main svg.compass")
    assert rings == ["1", "2", "3"]
    assert len(distances) == 14 and distances == pytest.approx([RADIUS] * 14, abs=0.2)
    with app.app_context():
        assert set(db.session.scalars(select(Rating.score))) == {3}


def test_the_phones_own_compass_places_all_threes_on_the_outer_ring(children_site, phone):
    base, app, info = children_site
    phone.goto(f"{base}/s/{info.resident}/1%20a")
    phone.wait_for_function("() => Boolean(window.QKQueue && window.QKQueue.compass)")
    _answer_three_everywhere(phone)
    context = phone.context
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))
    phone.get_by_role("button", name="Antworten senden").click()
    phone.wait_for_selector("#qk-saved svg.compass .mine circle")
    distances, rings = _points_and_rings(phone, "#qk-saved svg.compass")
    assert rings == ["1", "2", "3"]
    assert len(distances) == 14 and distances == pytest.approx([RADIUS] * 14, abs=0.2)
    context.unroute("**/*")
    context.set_offline(False)
