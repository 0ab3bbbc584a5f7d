"""Shared set-up of the accessibility tests: one served app and one Chromium per test module."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from app.core.extensions import db
from tests.app.workspace_helpers import PASSWORD, answer, make_user
from tests.browser import browser_marks, launch
from tests.conftest import ROOT, make_app, served
from tests.factories import SurveyInfo, answer_payload, make_survey

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """tags => axe.run(document, {
  runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
MODERATOR = "moderator@example.org"

browser_only = [
    *browser_marks(),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: run 'make node'"),
]


@dataclass(frozen=True)
class Site:
    """The served app and the addresses the tests visit."""

    base: str
    app: object
    info: SurveyInfo
    closed: SurveyInfo
    thanks_uuid: str

    def resident_pages(self) -> dict[str, tuple[str, int]]:
        """Every resident page (without the form, which has its own tests) and its status."""
        token = self.info.resident
        return {
            "start": ("/", 200),
            "choose area": (f"/s/{token}", 200),
            "no area found": (f"/s/{token}?q=zzz", 200),
            "thanks": (f"/s/{token}/thanks/{self.thanks_uuid}", 200),
            "closed": (f"/s/{self.closed.resident}/1%20a", 410),
            "bad link": ("/s/nope", 404),
            "404": ("/no/such/page", 404),
            "results": (f"/results/{self.info.campaign_id}", 200),
        }

    def form(self, role: str = "resident") -> str:
        return f"/s/{getattr(self.info, role)}/1%20a"

    def round_table(self) -> str:
        return f"/moderator/surveys/{self.info.campaign_id}/areas/1%20a"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A survey with answers, public results, a closed survey and a moderator, served."""
    from app.models import Campaign

    folder = tmp_path_factory.mktemp("a11y")
    app = make_app(f"sqlite:///{folder / 'a11y.sqlite3'}", folder)
    with app.app_context():
        db.create_all()
        info = make_survey()
        closed = make_survey(closes=dt.date(2020, 1, 31), suffix=" zu")
        db.session.get(Campaign, info.campaign_id).public_results = True
        db.session.commit()
        make_user(MODERATOR, "moderator", ["Teststadt"])
    client = app.test_client()
    answer(client, info, 6)
    answer(client, info, 5, role="expert")
    payload = answer_payload(info)
    assert client.post("/api/v1/responses", json=payload).status_code == 201
    with served(app) as base:
        yield Site(base, app, info, closed, payload["uuid"])
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the whole module (starting it is the slow part)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


def open_page(chromium, lang: str = "de", size: str = "phone", **options):
    """A fresh browser context (no cookies, no stored drafts) and a page in it."""
    settings = {**SIZES.get(size, {}), **options}
    context = chromium.new_context(locale={"de": "de-DE", "ar": "ar"}.get(lang, lang), **settings)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    return page


def with_lang(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one readable line per element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: the page's CSP refuses an inline <script>.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(AXE_RUN, AXE_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {node['target']} {node['failureSummary']}"
        for v in result["violations"]
        for node in v["nodes"]
    ]


def html_lang_dir(page) -> tuple[str, str]:
    return tuple(page.evaluate("[document.documentElement.lang, document.documentElement.dir]"))


def log_in(page, base: str, email: str = MODERATOR) -> None:
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_load_state()
