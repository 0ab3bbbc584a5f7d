"""Fixtures of the tests in this folder."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign
from app.services.instruments import SHIPPED, load_instrument, read_instrument_file
from tests.support.app import ROOT, make_app, served
from tests.support.browser import launch
from tests.support.factories import (
    SurveyInfo,
    answers,
    count_rows,
    form_url,
    make_survey,
    open_form,
)


@pytest.fixture
def site(tmp_path):
    """The app on a SQLite file, served by waitress; yields (base URL, app, survey)."""
    app = make_app(f"sqlite:///{tmp_path / 'browser.sqlite3'}", tmp_path)
    with app.app_context():
        db.create_all()
        info = make_survey()
    with served(app) as base:
        yield base, app, info
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="de-DE",
        )
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        yield page
        context.close()
        browser.close()
        assert errors == []  # no JavaScript error on any page


BENCH = ROOT / "bench" / "page_weight.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("page_weight", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["page_weight"] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop("page_weight", None)


@pytest.fixture(scope="module")
def weight(bench):
    return bench.measure()


@pytest.fixture
def stored(app, client, survey):
    """One good answer is in the database already; bad input must leave it exactly so."""
    _, hidden = open_form(client, survey.resident, "1 a")
    assert client.post(form_url(survey.resident, "1 a"), data=answers(survey.themes, hidden))
    with app.app_context():
        before = count_rows()
    assert before == (1, 14, 2)
    return before


@pytest.fixture
def children(app) -> SurveyInfo:
    """A survey of Teststadt Kinder on the shipped children's instrument (scale 1–3)."""
    with app.app_context():
        info = make_survey(suffix=" Kinder")
        instrument = load_instrument(read_instrument_file(SHIPPED[1]))
        assert instrument.audience == "children"
        with write_transaction():
            db.session.get(Campaign, info.campaign_id).instrument = instrument
        themes = tuple(theme.slug for theme in instrument.themes)
    return SurveyInfo(info.campaign_id, info.resident, info.expert, info.group,
                      info.area_codes, themes)  # fmt: skip
