"""Fixtures of the tests in this folder."""

from __future__ import annotations

import pytest

from app.core.extensions import db
from tests.support.app import make_app, served
from tests.support.browser import CHROMIUM
from tests.support.factories import make_survey
from tests.support.workspace import add_outlines, make_user

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def site(tmp_path):
    """The app on a SQLite file served by waitress, with a 1-second round-table refresh."""
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path, QK_LIVE_REFRESH_SECONDS=1)
    with app.app_context():
        db.create_all()
        make_survey()
        add_outlines()
        make_user("plan@example.org", "planner", ["Teststadt"])
        make_user("mod@example.org", "moderator", ["Teststadt"])
    with served(app) as base:
        yield base, app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
