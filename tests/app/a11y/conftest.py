"""Fixtures of the tests in this folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from app.core.extensions import db
from tests.support.a11y import MODERATOR, PLANNER
from tests.support.app import make_app, served
from tests.support.factories import SurveyInfo, answer_payload, make_survey
from tests.support.workspace import answer, make_user


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
        make_user(PLANNER, "planner", ["Teststadt"])
    client = app.test_client()
    answer(client, info, 6)
    answer(client, info, 5, role="expert")
    payload = answer_payload(info)
    assert client.post("/api/v1/responses", json=payload).status_code == 201
    with served(app) as base:
        yield Site(base, app, info, closed, payload["uuid"])
    with app.app_context():
        db.engine.dispose()
