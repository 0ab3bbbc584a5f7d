"""WCAG 2.1 AA by axe-core on every resident page and the round table, in German and Arabic."""

from __future__ import annotations

import pytest

from app.services import report_jobs
from tests.support.a11y import (
    PLANNER,
    axe_violations,
    browser_only,
    html_lang_dir,
    log_in,
    open_page,
    with_lang,
)

pytestmark = browser_only
DIRECTIONS = {"de": "ltr", "ar": "rtl", "en": "ltr"}


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_resident_pages_have_no_axe_violation_and_the_right_lang(site, chromium, lang, size):
    page = open_page(chromium, lang, size)
    found = {}
    for name, (path, status) in site.resident_pages().items():
        reply = page.goto(site.base + with_lang(path, lang))
        assert reply.status == status, name
        assert html_lang_dir(page) == (lang, DIRECTIONS[lang]), name
        found[name] = axe_violations(page)
    assert found == {name: [] for name in found}
    assert page.js_errors == []
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_every_step_of_the_survey_has_no_axe_violation(site, chromium, lang, size):
    # Every step on a phone; on a desktop the kinds of step (intro, questions, a theme, send).
    checked = range(17) if size == "phone" else (0, 1, 2, 16)
    page = open_page(chromium, lang, size)
    for role in ("resident", "group"):
        page.goto(site.base + with_lang(site.form(role), lang))
        assert html_lang_dir(page) == (lang, DIRECTIONS[lang])
        next_button = page.locator(".stepnav button").last
        for step in range(17):  # intro, about you / the group, 14 themes, send
            if step in checked and (role == "resident" or step == 1):
                assert axe_violations(page) == [], (role, step)
            if step < 16:
                next_button.click()
        assert not next_button.is_visible()
        page.evaluate("localStorage.clear()")
    assert page.js_errors == []
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_the_whole_form_without_javascript_and_its_errors(site, chromium, lang, size):
    page = open_page(chromium, lang, size, java_script_enabled=False)
    page.goto(site.base + with_lang(site.form(), lang))
    assert page.locator("[data-step]:visible").count() == 17
    assert axe_violations_without_js(page) == []
    # A rating out of range and a comment too long: the page comes back with the errors.
    page.locator("input[name=score-moving]").first.evaluate(
        "input => { input.value = '9'; input.checked = true }"
    )
    page.fill("#good-nature", "x" * 2001)
    page.locator("button[type=submit]").click()
    assert page.locator("#errors").is_visible()
    assert html_lang_dir(page) == (lang, DIRECTIONS[lang])
    assert axe_violations_without_js(page) == []
    page.context.close()


def axe_violations_without_js(page) -> list[str]:
    """axe needs scripts; run it in a scripted copy of the page's HTML."""
    html = page.content()
    scripted = page.context.browser.new_context(
        viewport=page.viewport_size, locale=page.evaluate("navigator.language")
    ).new_page()
    scripted.route("**/*", lambda route: route.continue_())
    scripted.goto(page.url.split("/s/")[0] + "/healthz")
    scripted.set_content(html.replace('<script src="', '<script data-off="'))
    found = axe_violations(scripted)
    scripted.context.close()
    return found


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_round_table_has_no_axe_violation(site, chromium, lang, size):
    page = open_page(chromium, lang, size)
    log_in(page, site.base)
    review = f"/moderator/surveys/{site.info.campaign_id}/comments"
    compare = site.round_table() + "?compare=area:15%20b"
    present = site.round_table() + "/present"
    for path in ("/moderator/", site.round_table(), compare, review, present):
        page.goto(site.base + with_lang(path, lang))
        assert html_lang_dir(page) == (lang, "ltr"), path
        assert axe_violations(page) == [], path
    assert page.js_errors == []
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_report_page_has_no_axe_violation(site, chromium, size):
    page = open_page(chromium, "de", size)
    reply = page.goto(site.base + with_lang(f"/results/{site.info.campaign_id}/report", "de"))
    assert reply.status == 200
    assert html_lang_dir(page)[0] == "de"
    assert page.locator("h2", has_text="Die Quartiere im Einzelnen").count() == 1
    assert axe_violations(page) == []
    assert page.js_errors == []
    page.context.close()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_report_choice_and_the_report_job_pages_have_no_axe_violation(site, chromium, lang):
    page = open_page(chromium, lang, "desktop")
    log_in(page, site.base, PLANNER)
    reply = page.goto(
        site.base + with_lang(f"/planner/surveys/{site.info.campaign_id}/report/choose", lang)
    )
    assert reply.status == 200
    assert html_lang_dir(page) == (lang, "ltr")
    assert axe_violations(page) == []
    page.locator("form[action$='/report/jobs'] button[type=submit]").click()  # the whole report
    page.wait_for_load_state()
    assert "/report/jobs/" in page.url
    assert page.locator("[role=status]").count() == 1  # queued: no worker thread in tests
    assert axe_violations(page) == []
    with site.app.app_context():
        assert report_jobs.work() >= 1
    # No timed reload (WCAG 2.2.1): the page's script looks again and puts the new state in
    # place, the live region and all; the URL and the scroll position stay.
    page.locator("[role=status] a[download]").wait_for(timeout=25_000)
    assert page.locator("[data-job-page=done] form button[type=submit]").count() == 1
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert axe_violations(page) == []
    assert page.js_errors == []
    page.context.close()
