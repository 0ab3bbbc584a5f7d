"""The offers' web map in Chromium on Köln's 246 Kitas: the layers appear, clusters expand when
selected (with the keyboard too), the layer switches work, and axe-core finds no violation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Kommune
from app.services.offer_catalogue import category_by_slug, choose_target
from tests.support.a11y import axe_violations, browser_only, log_in, open_page
from tests.support.app import make_app, served
from tests.support.offers import koeln_with_kitas
from tests.support.workspace import make_user

pytestmark = browser_only
PLANNER = "plan@example.org"


@pytest.fixture(scope="module")
def koeln_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("offer-map")
    app = make_app(f"sqlite:///{folder / 'offers.sqlite3'}", folder)
    with app.app_context(), app.test_request_context():
        db.create_all()
        koeln = koeln_with_kitas(folder)
        choose_target(koeln, category_by_slug(koeln, "kita"), "unter_6")
        make_user(PLANNER, "planner", ["Köln"])
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Köln"))
    with served(app) as base:
        yield base, kommune_id
    with app.app_context():
        db.engine.dispose()


def _points(page) -> int:
    return int(page.get_attribute("#offer-map", "data-points"))


def _zoomed_beyond(page, zoom: int) -> int:
    """Wait until the map has drawn the offers of a zoom level above ``zoom``; returns it.
    (Polled from here: the page's CSP forbids the string evaluation of wait_for_function.)"""
    for _ in range(100):
        now = int(page.get_attribute("#offer-map", "data-zoom") or 0)
        if now > zoom:
            return now
        page.wait_for_timeout(100)
    raise AssertionError(f"the map stayed at zoom {zoom}")


def test_layers_clusters_and_keyboard_on_koeln_kitas(koeln_site, chromium):
    base, kommune_id = koeln_site
    page = open_page(chromium, "de", "desktop")
    page.set_default_timeout(30_000)
    log_in(page, base, PLANNER)
    page.goto(f"{base}/planner/kommune/{kommune_id}/offers?category=kita")
    box = page.locator("#offer-map")
    box.scroll_into_view_if_needed()
    page.wait_for_selector("#offer-map[data-total='246']")
    assert box.get_attribute("data-areas") == "86"
    assert int(box.get_attribute("data-white-spots")) > 0
    # The choropleth, the white spots and the offers are drawn (SVG paths and markers).
    assert page.locator("#offer-map path.leaflet-interactive").count() >= 86
    clusters = page.locator("#offer-map .offer-cluster")
    assert clusters.count() > 0 and int(box.get_attribute("data-clusters")) == clusters.count()
    shown = sum(int(t) for t in clusters.all_inner_texts()) + page.locator(
        "#offer-map .offer-point").count()  # fmt: skip
    assert shown == 246  # every Kita once: in a cluster or alone
    # Selecting a cluster zooms in and splits it.
    zoom, before = int(box.get_attribute("data-zoom")), _points(page)
    clusters.first.click()
    assert _zoomed_beyond(page, zoom) >= zoom + 2
    assert _points(page) > 0
    # With the keyboard: a cluster is a button with a name; Enter zooms in further.
    cluster = page.locator("#offer-map .offer-cluster").first
    if cluster.count():
        assert cluster.get_attribute("role") == "button"
        assert cluster.get_attribute("title").endswith(" Angebote")
        now = int(box.get_attribute("data-zoom"))
        cluster.focus()
        page.keyboard.press("Enter")
        _zoomed_beyond(page, now)
    single = page.locator("#offer-map .offer-point").first
    assert single.get_attribute("role") == "button" and single.get_attribute("title")
    assert before > 0 and _points(page) > before  # the clusters have come apart
    # The layer switches take a layer off the map and put it back.
    spots = "#offer-map path[stroke='#b2182b']"
    assert page.locator(spots).count() > 0
    page.uncheck("#layer-white_spots")
    assert page.locator(spots).count() == 0
    page.check("#layer-white_spots")
    assert page.locator(spots).count() > 0
    page.uncheck("#layer-offers")
    assert page.locator("#offer-map .leaflet-marker-icon").count() == 0
    page.check("#layer-offers")
    assert page.locator("#offer-map .leaflet-marker-icon").count() > 0
    page.uncheck("#layer-coverage")
    assert page.locator("#offer-map path.leaflet-interactive").count() == 0
    page.check("#layer-coverage")
    assert axe_violations(page) == []
    assert page.js_errors == []
    page.context.close()
