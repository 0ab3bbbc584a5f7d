"""Without signal on the street: a Quartier that was not prepared says that it needs signal, and
preparing the phone is a helper's step, folded away from residents."""

from __future__ import annotations

from tests.support.browser import browser_marks

pytestmark = browser_marks()


def test_an_unprepared_quartier_says_it_needs_signal(site, phone):
    context, page = phone
    page.goto(f"{site.base}/s/{site.info.resident}")
    page.wait_for_selector("#qk-queue[data-offline-ready]", state="attached")  # the list is kept
    assert not page.locator("#needs-signal").is_visible()  # with signal, nothing to say

    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))
    page.get_by_role("link", name="Nordstadt").click()  # never opened, never prepared
    page.wait_for_load_state()
    notice = page.locator("#needs-signal")
    notice.wait_for(state="visible")
    assert "nicht auf diesem Handy gespeichert" in notice.inner_text()
    assert "Netz" in notice.inner_text()
    assert page.evaluate("document.activeElement.id") == "needs-signal"  # read out at once


def test_preparing_the_phone_is_folded_away_for_helpers(site, phone):
    _context, page = phone
    page.goto(f"{site.base}/s/{site.info.resident}")
    page.wait_for_selector("#qk-queue[data-offline-ready]", state="attached")
    prepare = page.get_by_role("button", name="Handy für den Rundgang vorbereiten")
    helpers = page.locator("details.helpers")
    assert helpers.is_visible() and not prepare.is_visible()
    # Residents see the Quartiere first; the helpers' part comes folded, under its own name.
    assert page.locator("#area-list").bounding_box()["y"] < 844
    page.get_by_text("Für Helfer:innen").click()
    assert prepare.is_visible()
    # A helper's link (?helfer) opens it directly.
    page.goto(f"{site.base}/s/{site.info.resident}?helfer")
    page.wait_for_selector("details.helpers:not([hidden])")
    assert prepare.is_visible()
