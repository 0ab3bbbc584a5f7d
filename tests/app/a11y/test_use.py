"""Using the survey without a mouse, zoomed, on a narrow phone and in Arabic (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Comment, Rating, Response
from tests.support.a11y import (
    browser_only,
    html_lang_dir,
    log_in,
    open_page,
    with_lang,
)

pytestmark = browser_only
ACTIVE = "document.activeElement"


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{ACTIVE}.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def next_step(page) -> None:
    tab_to(page, ".stepnav button:last-child")
    page.keyboard.press("Enter")
    # The new step's heading has the focus, so a screen reader starts reading there.
    assert page.evaluate(f"{ACTIVE}.matches('legend, h2')")


def test_the_survey_can_be_completed_with_the_keyboard_alone(site, chromium):
    page = open_page(chromium, "de", "desktop")
    page.goto(site.base + site.form())
    next_step(page)
    tab_to(page, "#age_band")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # no answer -> under 18 -> 18 to 29
    next_step(page)
    tab_to(page, "input[name=score-moving]")
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # 1 -> 5
    tab_to(page, "#good-moving")
    page.keyboard.type("Breite Wege")
    next_step(page)
    tab_to(page, "input[name=score-transport]")
    page.keyboard.press("Space")  # the first value: 1
    next_step(page)
    tab_to(page, "input[name=score-traffic]")
    page.keyboard.press("ArrowLeft")  # from the first value round to the last: can't say
    for _ in range(12):
        next_step(page)
    tab_to(page, "button[type=submit]")
    uuid = page.locator("input[name=uuid]").input_value()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/thanks/{uuid}")
    with site.app.app_context():
        response = db.session.scalar(select(Response).where(Response.uuid == uuid))
        assert response.age_band == "18_29"
        scores = {
            r.theme.slug: r.score
            for r in db.session.scalars(select(Rating).filter_by(response_id=response.id))
        }
        assert scores == {"moving": 5, "transport": 1, "traffic": None}
        comments = db.session.scalars(select(Comment).filter_by(response_id=response.id))
        assert [(c.theme.slug, c.kind, c.text) for c in comments] == [
            ("moving", "good", "Breite Wege")
        ]
    assert page.js_errors == []
    page.context.close()


FOCUS_RING = """el => {
  const ring = el.matches('.scale input') ? el.nextElementSibling : el;
  const style = getComputedStyle(ring);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
}"""


@pytest.mark.parametrize("where", ["choose area", "form", "round table"])
def test_every_element_reached_with_tab_shows_a_visible_focus_ring(site, chromium, where):
    page = open_page(chromium, "de", "desktop")
    if where == "round table":
        log_in(page, site.base)
        page.goto(site.base + site.round_table())
    elif where == "form":
        page.goto(site.base + site.form())
        next_step(page)
        next_step(page)  # a theme: radios, text fields, back and next
    else:
        page.goto(site.base + site.resident_pages()["choose area"][0])
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate(f"{ACTIVE} === document.body"):
            break
        name = page.evaluate(f"{ACTIVE}.outerHTML.slice(0, 80)")
        assert page.evaluate(f"({FOCUS_RING})({ACTIVE})"), name
        seen.append(name)
    assert len(seen) >= 5
    page.context.close()


NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize(
    "viewport",
    [{"width": 320, "height": 640}, {"width": 640, "height": 400}],  # 320 px; 1280x800 at 200 %
    ids=["320px", "zoom200"],
)
def test_pages_reflow_without_horizontal_scrolling(site, chromium, lang, viewport):
    page = open_page(chromium, lang, "", viewport=viewport)
    for name, (path, _status) in site.resident_pages().items():
        page.goto(site.base + with_lang(path, lang))
        assert page.evaluate(NO_SIDEWAYS_SCROLL), name
    page.goto(site.base + with_lang(site.form(), lang))
    for step in range(17):
        assert page.evaluate(NO_SIDEWAYS_SCROLL), f"step {step}"
        if step < 16:
            page.locator(".stepnav button").last.click()
    if lang == "de":  # the round table is German or English only
        log_in(page, site.base)
        page.goto(site.base + site.round_table())
        assert page.evaluate(NO_SIDEWAYS_SCROLL), "round table"
    page.context.close()


TARGETS = ".scale label, button, nav.langs a, .area-list a, a.button"
SIZES = """sel => [...document.querySelectorAll(sel)]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map(el => { const r = el.getBoundingClientRect(), name = el.textContent.trim().slice(0, 20);
               return [name, Math.round(r.width), Math.round(r.height)]; })"""


@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("lang", ["de", "ar"])
def test_touch_targets_are_at_least_44_px(site, chromium, lang, width):
    page = open_page(chromium, lang, "phone", viewport={"width": width, "height": 800})
    measured = []
    for path in (site.resident_pages()["choose area"][0], site.resident_pages()["thanks"][0]):
        page.goto(site.base + with_lang(path, lang))
        measured += page.evaluate(SIZES, TARGETS)
    page.goto(site.base + with_lang(site.form(), lang))
    for _ in range(3):  # intro, about you, the first theme
        page.locator(".stepnav button").last.click()
    measured += page.evaluate(SIZES, TARGETS)
    assert len(measured) > 15
    small = [m for m in measured if m[1] < 44 or m[2] < 44]
    assert small == []
    page.context.close()


def test_the_scale_is_a_labelled_radio_group(site, chromium):
    page = open_page(chromium, "de", "phone", java_script_enabled=False)
    page.goto(site.base + site.form())
    group = page.get_by_role("radiogroup", name="Kann ich hier gut zu Fuß", exact=False)
    assert group.count() == 1
    radios = group.get_by_role("radio")
    assert radios.count() == 8  # 1..7 and "can't say"
    assert group.get_by_role("radio", name="1 – Viel zu verbessern").count() == 1
    assert group.get_by_role("radio", name="7 – Wenig zu verbessern").count() == 1
    assert group.get_by_role("radio", name="Kann ich nicht sagen").count() == 1
    assert page.get_by_role("radiogroup").count() == 14
    page.context.close()


def send_refused_answers(page) -> None:
    """Send answers the server refuses: a value out of range, an unknown option, a long comment.

    Returns once the page that explains the errors has loaded, its scripts included (waiting
    for the load state alone could return for the old page while the form was being sent: on a
    loaded machine a click then reached the new page before its script had run).
    """
    with page.expect_navigation(wait_until="load"):
        page.evaluate(
            """() => {
          const radio = document.querySelector('input[name=score-moving]');
          radio.value = '9'; radio.checked = true;
          document.querySelector('#gender').add(new Option('x', 'bogus'), null);
          document.querySelector('#gender').value = 'bogus';
          document.querySelector('#good-nature').removeAttribute('maxlength');
          document.querySelector('#good-nature').value = 'x'.repeat(2001);
          document.querySelector('#survey').submit();
        }"""
        )


def test_errors_are_announced_and_tied_to_their_fields(site, chromium):
    page = open_page(chromium, "de", "phone")
    page.goto(site.base + site.form())
    send_refused_answers(page)
    summary = page.locator("#errors")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate(f"{ACTIVE}.id") == "errors"  # focused, so it is read out first
    assert summary.locator("a").count() == 3
    for field in ("#t-moving [role=radiogroup]", "#gender", "#good-nature"):
        element = page.locator(field)
        assert element.get_attribute("aria-invalid") == "true", field
        described = element.get_attribute("aria-describedby")
        message = page.locator(f"#{described}").inner_text()
        assert message and message in summary.inner_text(), field
    assert html_lang_dir(page) == ("de", "ltr")
    page.context.close()


def test_a_link_in_the_error_summary_opens_the_step_with_that_field(site, chromium):
    page = open_page(chromium, "de", "phone")
    page.goto(site.base + site.form())
    send_refused_answers(page)
    page.locator("#errors a[href='#good-nature']").click()
    assert page.locator("#good-nature").is_visible()
    assert page.evaluate("document.activeElement.id") == "good-nature"
    page.context.close()


def test_arabic_mirrors_scale_navigation_and_progress(site, chromium):
    page = open_page(chromium, "ar", "phone")
    page.goto(site.base + with_lang(site.form(), "ar"))
    for _ in range(2):
        page.locator(".stepnav button").last.click()
    back, forward = page.locator(".stepnav button").all()
    assert back.bounding_box()["x"] > forward.bounding_box()["x"]  # back is on the right
    one = page.locator("#t-moving label").filter(has_text="1").first.bounding_box()
    seven = page.locator("#t-moving label").filter(has_text="7").first.bounding_box()
    assert one["x"] > seven["x"]
    assert page.evaluate("getComputedStyle(document.querySelector('progress')).direction") == "rtl"
    page.context.close()


LABEL_BOXES = """() => {
  const svg = document.querySelector('svg.compass'), box = svg.viewBox.baseVal;
  const centre = box.x + box.width / 2;
  return [...svg.querySelectorAll('text.label')].map(text => {
    const b = text.getBBox(), x = +text.getAttribute('x');
    const side = x > centre + 8 ? 'right' : x < centre - 8 ? 'left' : 'top';
    return {label: text.textContent, side, x, left: b.x, right: b.x + b.width,
            inside: b.x >= box.x && b.x + b.width <= box.x + box.width};
  });
}"""


@pytest.mark.parametrize("lang", ["de", "ar", "uk"])
def test_compass_labels_sit_outside_the_chart_and_inside_the_picture(site, chromium, lang):
    page = open_page(chromium, lang, "phone")
    page.goto(site.base + with_lang(site.resident_pages()["thanks"][0], lang))
    labels = page.evaluate(LABEL_BOXES)
    assert len(labels) == 14
    for label in labels:
        assert label["inside"], label
        if label["side"] == "right":  # the text runs away from the chart, in either direction
            assert label["left"] >= label["x"] - 3, label  # 3: a glyph's side bearing
        elif label["side"] == "left":
            assert label["right"] <= label["x"] + 3, label
    page.context.close()
