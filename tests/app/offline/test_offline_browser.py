"""Offline use in a real Chromium on a phone: answers without signal arrive once, nothing is lost.

"No signal" blocks the page's requests and the service worker's own requests (Playwright routes
both in Chromium) and is checked on the server: no request reaches it while the phone is offline.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign
from tests.support.browser import browser_marks
from tests.support.offline import Site, answer, queued
from tests.support.workspace import PASSWORD

AREAS = {"Altstadt": "1 a", "Stülerstraße": "01100101", "Nordstadt": "15 b"}

pytestmark = browser_marks()


class Signal:
    """The phone's connection: lost means no request of the page or its service worker goes out."""

    def __init__(self, context):
        self.context = context

    def lose(self) -> None:
        self.context.set_offline(True)
        self.context.route("**/*", lambda route: route.abort("internetdisconnected"))

    def regain(self) -> None:
        self.context.unroute("**/*")
        self.context.set_offline(False)


def ready_for_the_walk(page, site: Site) -> None:
    from playwright.sync_api import expect

    page.goto(f"{site.base}/s/{site.info.resident}")
    page.wait_for_selector("#qk-queue[data-offline-ready]", state="attached")
    page.get_by_text("Für Helfer:innen").click()  # folded away: residents do not need it
    page.get_by_role("button", name="Handy für den Rundgang vorbereiten").click()
    expect(page.locator("#qk-prepare-status")).to_have_text(
        "Bereit für den Rundgang: 3 Quartiere gehen auch ohne Netz."
    )


def test_three_answers_without_signal_arrive_once_when_the_signal_returns(site, phone):
    from playwright.sync_api import expect

    context, page = phone
    signal = Signal(context)
    ready_for_the_walk(page, site)
    status = page.locator("#qk-queue [data-count]")

    signal.lose()
    served_before = len(site.log)
    for n, (name, score) in enumerate([("Altstadt", 3), ("Stülerstraße", 5), ("Nordstadt", 7)], 1):
        page.get_by_role("link", name=name).click()
        answer(page, score)
        # The tap is answered on the phone: a thank-you with the person's own compass.
        expect(page.locator("#qk-saved h1")).to_have_text("Danke für Ihre Antworten!")
        expect(page.locator("#qk-saved svg.compass .mine circle")).to_have_count(1)
        expect(status).to_have_text(f"Auf diesem Handy gespeichert – {n} warten aufs Senden.")
        page.get_by_role("link", name="Ein anderes Quartier bewerten").click()

    # The phone reloads without signal: the survey still opens, the answers still wait.
    page.reload()
    expect(page.locator("h1")).to_have_text("Quartierscheck Teststadt")
    expect(status).to_have_text("Auf diesem Handy gespeichert – 3 warten aufs Senden.")
    assert site.log[served_before:] == []  # nothing got through while offline
    assert site.responses() == []
    assert queued(page) == 3

    signal.regain()
    expect(status).to_have_text("Alle Antworten sind gesendet. Danke!")
    assert sorted(site.responses()) == sorted((code, "offline") for code in AREAS.values())
    assert queued(page) == 0
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('qk:'))") == []

    # Flushing again (a reload flushes) sends and stores nothing more.
    posts = site.posts()
    page.reload()
    page.wait_for_selector("#qk-queue[data-offline-ready]", state="attached")
    assert site.posts() == posts
    assert len(site.responses()) == 3


def test_a_server_error_and_a_lost_reply_are_retried_without_loss(site, phone):
    from playwright.sync_api import expect

    context, page = phone
    tries: list[int] = []

    def flaky(route):
        tries.append(len(tries))
        if len(tries) == 1:
            route.fulfill(status=503, body="busy")
        elif len(tries) == 2:
            route.fetch()  # the server stores the answer, but its reply never reaches the phone
            route.abort("connectionreset")
        else:
            route.continue_()

    context.route("**/api/v1/responses", flaky)
    page.goto(f"{site.base}/s/{site.info.resident}/1%20a")
    answer(page, 4)
    expect(page.locator("#qk-saved")).to_be_visible()
    expect(page.locator("#qk-queue [data-count]")).to_have_text(
        "Alle Antworten sind gesendet. Danke!"
    )
    assert len(tries) == 3
    assert site.responses() == [("1 a", "offline")]
    assert queued(page) == 0


def test_a_closed_survey_keeps_the_answer_on_the_phone_with_the_reason(site, phone):
    from playwright.sync_api import expect

    context, page = phone
    signal = Signal(context)
    page.goto(f"{site.base}/s/{site.info.resident}/15%20b")
    page.wait_for_selector("#qk-queue[data-offline-ready]", state="attached")
    signal.lose()
    answer(page, 2)
    expect(page.locator("#qk-saved")).to_be_visible()
    with site.app.app_context(), write_transaction():
        campaign = db.session.get(Campaign, site.info.campaign_id)
        campaign.closes_on = dt.date.today() - dt.timedelta(days=1)

    signal.regain()
    refused = page.locator("#qk-queue [data-refused] li")
    expect(refused).to_have_text("Nordstadt: Diese Umfrage ist beendet. Danke für Ihr Interesse.")
    assert site.responses() == []
    assert queued(page) == 1  # never dropped silently
    page.get_by_role("button", name="Jetzt senden").click()
    expect(refused).to_have_count(1)
    assert queued(page) == 1


def test_an_answer_refused_at_once_shows_the_form_with_what_to_fix(site, phone):
    from playwright.sync_api import expect

    context, page = phone
    page.goto(f"{site.base}/s/{site.info.resident}/01100101")
    # An answer the server refuses although the page let it through (a tampered option).
    page.evaluate(
        "const s = document.querySelector('#age_band');"
        " s.options[1].value = 'bogus'; s.value = 'bogus'"
    )
    send = page.get_by_role("button", name="Antworten senden")
    while not send.is_visible():
        page.get_by_role("button", name="Weiter").click()
        if page.locator("#t-moving").is_visible():
            page.locator("#t-moving .scale label").filter(has_text="5").first.click()
    send.click()
    expect(page.locator("#errors")).to_contain_text("Bitte wählen Sie eine der Möglichkeiten.")
    assert queued(page) == 0  # the form holds the answers now, not the queue
    assert site.responses() == []


def test_answers_handed_over_as_a_file_are_stored_once(site, phone, browser, tmp_path):
    from playwright.sync_api import expect

    context, page = phone
    signal = Signal(context)
    ready_for_the_walk(page, site)
    signal.lose()
    for name in ("Altstadt", "Nordstadt"):
        page.get_by_role("link", name=name).click()
        answer(page, 6)
        page.get_by_role("link", name="Ein anderes Quartier bewerten").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Als Datei speichern").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    content = json.loads(path.read_text(encoding="utf-8"))
    assert (content["format"], content["version"]) == ("quartierskompass-answers", 1)
    assert sorted(a["area"] for a in content["answers"]) == ["1 a", "15 b"]

    planner = browser.new_context(locale="de-DE").new_page()
    planner.goto(f"{site.base}/login")
    planner.fill("#email", "plan@example.org")
    planner.fill("#password", PASSWORD)
    planner.get_by_role("button", name="Anmelden").click()
    planner.goto(f"{site.base}/planner/surveys/{site.info.campaign_id}")
    planner.get_by_role("link", name="Antwort-Dateien von Handys").click()
    for expected in ("Gespeichert: 2 · schon vorhanden: 0", "Gespeichert: 0 · schon vorhanden: 2"):
        planner.set_input_files("#file", path)
        planner.get_by_role("button", name="Hochladen").click()
        expect(planner.locator("#summary")).to_have_text(f"{expected} · abgelehnt: 0")
    assert sorted(site.responses()) == [("1 a", "file"), ("15 b", "file")]

    # Back in signal, the phone learns that its answers are there, and forgets them.
    signal.regain()
    expect(page.locator("#qk-queue [data-count]")).to_have_text(
        "Alle Antworten sind gesendet. Danke!"
    )
    assert queued(page) == 0
    assert sorted(site.responses()) == [("1 a", "file"), ("15 b", "file")]


def test_first_visit_stays_light_and_a_tap_does_not_wait_for_the_network(site, phone):
    from playwright.sync_api import expect

    context, page = phone
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site.base}/s/{site.info.resident}/1%20a")
    page.wait_for_selector("#qk-queue[data-offline-ready]", state="attached")

    # Until the load event: the page, its stylesheet and its script; the rest comes after.
    form = f"GET /s/{site.info.resident}/1 a"  # PATH_INFO is decoded
    assert sorted(site.log[:3]) == sorted(
        [form, "GET /static/css/app.css", "GET /static/js/survey.js"]
    )
    later = site.log[3:]
    assert "GET /sw.js" in later and "GET /static/js/offline.js" in later
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(site.base).netloc}

    held = []
    context.route("**/api/v1/responses", lambda route: held.append(route))  # slow: no reply yet
    answer(page, 5)
    expect(page.locator("#qk-saved h1")).to_be_visible(timeout=1_000)
    assert site.responses() == []
    for _ in range(100):  # the queue sends right after the thank-you is shown
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    page.wait_for_url("**/thanks/**")  # confirmed by the server: its own thank-you page
    assert site.responses() == [("1 a", "web")]
    assert queued(page) == 0
    # The phone keeps the survey's pages and files, never a thank-you page with someone's answers.
    kept = page.evaluate(
        "async () => { const keys = [];"
        " for (const name of await caches.keys()) {"
        "  for (const r of await (await caches.open(name)).keys()) keys.push(r.url); }"
        " return keys; }"
    )
    token = site.info.resident
    assert sorted(urlsplit(url).path for url in kept) == sorted(
        [f"/s/{token}", f"/s/{token}/1%20a", "/static/css/app.css"]
        + ["/static/js/offline.js", "/static/js/survey.js"]
    )
