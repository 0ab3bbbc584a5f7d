"""In Chromium: hostile names run no script, and no page breaks its Content-Security-Policy.

An area named ``Altstadt"><img src=x onerror=…>`` is shown on the map, the index page and the
area preview (tooltip and card), and a comment with the same trick reaches the round table's
live refresh. ``window.__xss`` would be set if any of it were inserted as HTML. Every page
collects ``securitypolicyviolation`` events from the moment it is created.
"""

from __future__ import annotations

import json
import time
import urllib.request

from app.core.extensions import db
from app.models import Campaign
from tests.support.app import make_app, served
from tests.support.browser import browser_marks
from tests.support.factories import answer_payload, make_survey
from tests.support.hostile_text import (
    XSS_COMMENT,
    XSS_NAME,
    areas_geojson,
)
from tests.support.security import MODERATOR, PLANNER
from tests.support.workspace import PASSWORD, add_outlines, make_user

pytestmark = browser_marks()

#: Registered before any page script runs (through the DevTools protocol, so the policy under
#: test does not apply to it): every violation is kept on the page and logged to the console.
WATCH_CSP = """
document.addEventListener("securitypolicyviolation", function (e) {
  var line = e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" +
    e.lineNumber;
  (window.__csp = window.__csp || []).push(line);
  console.error("CSP violation: " + line);
});
"""


def _page(chromium, **options):
    options = {"locale": "de-DE", "viewport": {"width": 1280, "height": 900}, **options}
    context = chromium.new_context(**options)
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on(
        "console",
        lambda msg: page.problems.append(msg.text) if msg.text.startswith("CSP") else None,
    )
    return page


def _until(page, script: str, timeout: float = 20.0) -> None:
    """Poll ``script`` from Python: wait_for_function would need 'unsafe-eval' in the page."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        page.wait_for_timeout(100)


def _login(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_load_state()


def _clean(page) -> None:
    """No script ran from user text, no hostile image was created, nothing broke the policy."""
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src='x']").count() == 0
    assert page.problems == [], page.url


def _map_shows_name_as_text(page) -> None:
    """Hover and click every Quartier: tooltip and card show the hostile name as plain text."""
    page.wait_for_selector("#map[data-features]")
    shapes = page.locator("#map path.leaflet-interactive")
    assert shapes.count() >= 1
    seen = []
    for i in range(shapes.count()):
        shapes.nth(i).hover(force=True)
        seen.append(page.locator(".leaflet-tooltip").last.inner_text())
        shapes.nth(i).click(force=True)
        seen.append(page.locator(".leaflet-popup-content h3").last.inner_text())
    assert f"1 a {XSS_NAME}" in seen and XSS_NAME in seen
    _clean(page)


def test_map_page_shows_a_hostile_area_name_as_text(site, chromium):
    page = _page(chromium)
    _login(page, site["base"], PLANNER)
    for layer in ("index", "moving"):
        page.goto(f"{site['base']}/planner/kommune/{site['kommune']}/map?layer={layer}")
        _map_shows_name_as_text(page)


def test_index_page_shows_a_hostile_area_name_as_text_and_the_quadrant_obeys_the_policy(
    site, chromium
):
    page = _page(chromium)
    _login(page, site["base"], PLANNER)
    page.goto(f"{site['base']}/planner/kommune/{site['kommune']}/index")
    page.locator("input[name=indicators]").check()
    page.get_by_role("button", name="Berechnen").click()
    page.wait_for_load_state()
    _map_shows_name_as_text(page)
    page.fill("#name", "Sicherheitstest")
    page.get_by_role("button", name="Version speichern").click()
    page.wait_for_load_state()
    # With a saved version the results page draws the validation quadrant (a matplotlib SVG).
    page.goto(f"{site['base']}/planner/surveys/{site['info'].campaign_id}/results")
    quadrant = page.locator(".quadrant img")
    assert quadrant.count() == 1
    assert page.evaluate("el => el.complete && el.naturalWidth > 0", quadrant.element_handle())
    page.goto(f"{site['base']}/planner/kommune/{site['kommune']}/map?layer=index")
    _map_shows_name_as_text(page)


def test_area_preview_shows_a_hostile_area_name_as_text(site, chromium, tmp_path):
    page = _page(chromium)
    _login(page, site["base"], PLANNER)
    upload = tmp_path / "gebiete.geojson"
    upload.write_bytes(areas_geojson({"1 a": XSS_NAME, "2": "Nordstadt"}))
    page.goto(f"{site['base']}/planner/kommune/{site['kommune']}/areas")
    page.set_input_files("#file", str(upload))
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url("**/areas/preview**")
    _map_shows_name_as_text(page)
    assert XSS_NAME in page.locator("table.data").inner_text()


def test_round_table_refresh_shows_a_hostile_comment_as_text(site, chromium):
    page = _page(chromium, viewport={"width": 1920, "height": 1080})
    _login(page, site["base"], MODERATOR)
    page.goto(f"{site['base']}/moderator/surveys/{site['info'].campaign_id}/areas/1%20a")
    assert XSS_COMMENT in page.locator("#live").inner_text()
    # A new answer, so that the next refresh (every second here) is not a 304 but a fragment
    # that replaces the live part through innerHTML.
    page.evaluate("window.__firstLive = document.querySelector('#live').firstElementChild")
    body = json.dumps(answer_payload(site["info"])).encode("utf-8")
    sent = urllib.request.Request(f"{site['base']}/api/v1/responses", body,
                                  {"Content-Type": "application/json"})  # fmt: skip
    assert urllib.request.urlopen(sent).status == 201
    _until(page, "document.querySelector('#live').firstElementChild !== window.__firstLive")
    page.wait_for_timeout(1500)
    assert XSS_COMMENT in page.locator("#live").inner_text()
    _clean(page)
    # The review page shows the comment as written: as text, also there.
    page.goto(f"{site['base']}/moderator/surveys/{site['info'].campaign_id}/comments?state=shown")
    assert XSS_COMMENT in page.locator("#queue").inner_text()
    _clean(page)


#: A 1×1 PNG, served for every map tile by the test's own route (no network).
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8ffff3f0005fe02fea7d6a4a50000000049454e44ae426082"
)


def test_tiles_load_from_the_configured_host_with_a_plain_text_attribution(tmp_path, chromium):
    app = make_app(
        f"sqlite:///{tmp_path / 'tiles.sqlite3'}",
        tmp_path,
        QK_MAP_TILE_URL="https://{s}.tiles.example/{z}/{x}/{y}.png",
        QK_MAP_TILE_ATTRIBUTION='© <b onmouseover="window.__xss=4">Stadt</b> & OSM',
    )
    with app.app_context():
        db.create_all()
        make_survey()
        add_outlines()
        make_user(PLANNER, "planner", ["Teststadt"])
        kommune_id = db.session.get(Campaign, 1).kommune_id
    tiles: list[dict] = []
    with served(app) as base:
        page = _page(chromium)
        page.route(
            "https://*.tiles.example/**",
            lambda route: (
                tiles.append(route.request.headers),
                route.fulfill(body=PIXEL, content_type="image/png"),
            ),
        )
        _login(page, base, PLANNER)
        page.goto(f"{base}/planner/kommune/{kommune_id}/map")
        page.wait_for_selector("#map[data-features]")
        page.wait_for_selector("img.leaflet-tile-loaded")
        attribution = page.locator(".leaflet-control-attribution")
        assert '© <b onmouseover="window.__xss=4">Stadt</b> & OSM' in attribution.inner_text()
        attribution.hover()
        _clean(page)
    with app.app_context():
        db.engine.dispose()
    assert tiles and all(headers.get("referer") == base + "/" for headers in tiles)


def _resident_pages(site) -> list[str]:
    info, token = site["info"], site["info"].resident
    return [
        "/",
        f"/s/{token}",
        f"/s/{token}?q=zzz",
        f"/s/{token}?lang=ar",
        f"/s/{info.expert}/1%20a",
        site["thanks"],
        f"/s/{site['closed'].resident}/1%20a",
        "/s/nope",
        "/no/such/page",
        f"/results/{info.campaign_id}",
    ]


def test_no_resident_page_breaks_the_policy(site, chromium):
    page = _page(chromium, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    for path in _resident_pages(site):
        page.goto(site["base"] + path)
        page.wait_for_load_state("networkidle")
        _clean(page)


def test_the_survey_runs_offline_capable_and_sends_under_the_policy(site, chromium):
    """The whole JavaScript survey (steps, draft, queue, service worker, local thank-you)."""
    page = _page(chromium, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    token = site["info"].resident
    page.goto(f"{site['base']}/s/{token}")
    _until(page, "navigator.serviceWorker.controller !== null")
    page.goto(f"{site['base']}/s/{token}/15%20b")
    page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="Weiter").click()
    page.locator("#t-moving label").filter(has_text="5").first.click()
    while not page.get_by_role("button", name="Antworten senden").is_visible():
        page.get_by_role("button", name="Weiter").click()
    page.get_by_role("button", name="Antworten senden").click()
    page.wait_for_url("**/thanks/**")
    page.wait_for_load_state("networkidle")
    _clean(page)


def test_no_staff_page_breaks_the_policy(site, chromium):
    page = _page(chromium)
    _login(page, site["base"], PLANNER)
    campaign, kommune = site["info"].campaign_id, site["kommune"]
    for path in (
        "/planner/",
        f"/planner/surveys/{campaign}",
        f"/planner/surveys/{campaign}/edit",
        f"/planner/surveys/{campaign}/results",
        f"/planner/kommune/{kommune}/areas",
        f"/planner/kommune/{kommune}/indicators",
        f"/planner/kommune/{kommune}/index",
        f"/planner/surveys/{campaign}/answer-files",
        f"/moderator/surveys/{campaign}/areas/1%20a",
        f"/moderator/surveys/{campaign}/areas/1%20a/group",
        f"/moderator/surveys/{campaign}/comments?state=shown",
        f"/moderator/surveys/{campaign}/areas/1%20a/present",
        "/account/password",
    ):
        page.goto(site["base"] + path)
        page.wait_for_load_state("networkidle")
        _clean(page)
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url("**/login")
    _clean(page)


def test_a_blocked_inline_script_is_reported(site, chromium):
    """The watcher itself works: an injected inline script is refused and reported."""
    page = _page(chromium)
    page.goto(site["base"] + "/")
    page.evaluate(
        """() => { const s = document.createElement('script');
        s.textContent = 'window.__xss = 3'; document.body.appendChild(s); }"""
    )
    _until(page, "(window.__csp || []).length > 0")
    assert page.evaluate("window.__xss") is None
    assert any("script-src" in line for line in page.problems)
