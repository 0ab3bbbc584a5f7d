"""Fixtures of the tests in this folder."""

from __future__ import annotations

import pytest

from app.core.extensions import db
from tests.support.app import make_app, served
from tests.support.browser import launch
from tests.support.factories import make_survey
from tests.support.offline import Site
from tests.support.workspace import make_user

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "de-DE",
}


@pytest.fixture
def site(tmp_path):
    """The app on SQLite behind waitress, with a short retry base and a log of served requests."""
    app = make_app(
        f"sqlite:///{tmp_path / 'offline.sqlite3'}", tmp_path, QK_OFFLINE_RETRY_SECONDS=0.3
    )
    with app.app_context():
        db.create_all()
        info = make_survey()
        make_user("plan@example.org", "planner", ["Teststadt"])
    log: list[str] = []
    inner = app.wsgi_app

    def logged(environ, start_response):
        log.append(f"{environ['REQUEST_METHOD']} {environ['PATH_INFO']}")
        return inner(environ, start_response)

    app.wsgi_app = logged
    with served(app) as base:
        yield Site(base, app, info, log)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield context, page
    context.close()
    assert errors == []  # no JavaScript error on any page
