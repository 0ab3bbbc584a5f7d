"""What a planner and a moderator see of the validation, in Chromium: the quadrant image loads
under the pages' Content-Security-Policy, the tables and the verdicts are on screen, and the
results, round-table, methods and settings pages have no WCAG 2.1 AA violation (axe-core)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Kommune
from tests.support.a11y import axe_violations, browser_only, log_in, open_page
from tests.support.app import make_app, served
from tests.support.workspace import demo_with_index, make_user

pytestmark = browser_only
PLANNER = "plan@example.org"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("validation")
    app = make_app(f"sqlite:///{folder / 'validation.sqlite3'}", folder)
    with app.app_context():
        db.create_all()
        campaign_id = demo_with_index()
        make_user(PLANNER, "planner", ["Musterstadt"])
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Musterstadt"))
    with served(app) as base:
        yield base, campaign_id, kommune_id
    with app.app_context():
        db.engine.dispose()


def test_the_planner_sees_the_quadrant_and_the_verdicts(demo_site, chromium):
    base, campaign_id, _kommune_id = demo_site
    page = open_page(chromium, "de", "desktop")
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    log_in(page, base, PLANNER)
    page.goto(f"{base}/planner/surveys/{campaign_id}/results")
    image = page.locator(".quadrant img")
    image.scroll_into_view_if_needed()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", image.element_handle())
    assert page.locator(".council").first.is_visible()
    row = page.locator("#validation-areas tr[data-area='2']")
    assert row.locator(".verdict-unclear").first.inner_text() == (
        "unklar (Intervall reicht über die Schwelle)"
    )
    assert page.locator("#validation-tests tbody tr").count() > 0
    assert page.locator("#validation-sensitivity tbody tr").count() == 12
    assert axe_violations(page) == []
    assert blocked == [] and page.js_errors == []
    page.context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_round_table_methods_and_settings_have_no_axe_violation(demo_site, chromium, size):
    base, campaign_id, kommune_id = demo_site
    page = open_page(chromium, "de", size)
    log_in(page, base, PLANNER)
    for path in (
        f"/moderator/surveys/{campaign_id}/areas/2",
        f"/planner/surveys/{campaign_id}/methods",
        f"/planner/kommune/{kommune_id}/validation",
    ):
        page.goto(base + path)
        assert axe_violations(page) == [], path
    page.goto(f"{base}/moderator/surveys/{campaign_id}/areas/2")
    page.locator("#validation summary").click()
    assert page.locator("#validation-themes tbody tr").count() == 14
    assert page.js_errors == []
    page.context.close()
