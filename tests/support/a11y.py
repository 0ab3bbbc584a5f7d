"""Helpers of the accessibility tests: axe-core, pages in a language and size, logging in."""

from __future__ import annotations

import pytest

from tests.support.app import ROOT
from tests.support.browser import browser_marks
from tests.support.workspace import PASSWORD

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """tags => axe.run(document, {
  runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""
MODERATOR = "moderator@example.org"
PLANNER = "planner@example.org"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = {"phone": PHONE, "desktop": DESKTOP}

browser_only = [
    *browser_marks(),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: run 'make node'"),
]


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
