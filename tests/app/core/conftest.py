"""Fixtures of the tests in this folder."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import url_for
from sqlalchemy import select, text

from app.core.extensions import db
from app.models import (
    Campaign,
    FundAllocation,
    IndexVersion,
    Kommune,
    KreisIndexVersion,
    Measure,
    ReportJob,
)
from app.services import kreis_setup
from tests.support.app import make_app
from tests.support.factories import answer_payload, make_survey
from tests.support.workspace import make_user

CLOSED = "This survey has closed. Thank you for your interest."


@pytest.fixture
def pages(app, client, survey):
    """Every resident page (and the status it answers) with an English phrase it must show,
    translated: start, survey, form, thank-you, a closed survey, a bad link, an unknown page."""
    with app.app_context():
        closed = make_survey(closes=dt.date(2020, 1, 31), suffix=" zu")
    payload = answer_payload(survey)
    assert client.post("/api/v1/responses", json=payload).status_code == 201
    token = survey.resident
    return [
        ("/", 200, "To take part, open the survey link or scan the QR code you were given."),
        (f"/s/{token}", 200, "Which Quartier do you want to rate?"),
        (f"/s/{token}/1%20a", 200, "Before you start"),
        (f"/s/{token}/thanks/{payload['uuid']}", 200, "Your compass"),
        (
            f"/s/{closed.resident}/1%20a",
            410,
            "This survey has closed. Thank you for your interest.",
        ),
        ("/s/nope", 404, "This survey link is not valid. Please check the address or the QR code."),
        ("/no/such/page", 404, "This page does not exist."),
    ]


#: Endpoints anyone may open (residents have no account). Everything else needs a login.
PUBLIC_BLUEPRINTS = {"main", "survey", "api", "paper", "results", "offline", "public_measures"}


PUBLIC_ENDPOINTS = {"static", "auth.login"}

#: A saved allocation of funds with no Quartiere: enough for its pages and files to open.
FUND_PARAMS = {
    "budget_cents": 0, "base_cents": 0, "population_indicator": "EW", "population_year": 2024,
    "index_version": {"id": 1, "name": "Sozialindex 2024", "year": 2024},
    "class_factors": [[1, 1.0]], "exclusions": {}, "n_included": 0,
}  # fmt: skip


def is_public(endpoint: str) -> bool:
    return endpoint in PUBLIC_ENDPOINTS or endpoint.split(".")[0] in PUBLIC_BLUEPRINTS


@pytest.fixture
def matrix(database_url, tmp_path):
    """An app without CSRF (so that refusals are ours), two Kommunen in two Kreise and five
    accounts (the Teststadt planner plans for its Kreis too)."""
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=False)
    with app.app_context():
        db.create_all()
        mine = make_survey(kommune="Teststadt")
        make_survey(kommune="Anderstadt")
        make_user("admin@example.org", "admin", [])
        make_user("plan@example.org", "planner", ["Teststadt"])
        make_user("mod@example.org", "moderator", ["Teststadt"])
        make_user("other@example.org", "planner", ["Anderstadt"])
        make_user("kreis-other@example.org", "planner", ["Anderstadt"])
        kreis = kreis_setup.create_kreis("Testkreis")
        kreis_setup.attach(kreis, ["Teststadt"])
        kreis_setup.grant(kreis, "plan@example.org")
        other_kreis = kreis_setup.create_kreis("Anderkreis")
        kreis_setup.attach(other_kreis, ["Anderstadt"])
        kreis_setup.grant(other_kreis, "kreis-other@example.org")
        campaign = db.session.get(Campaign, mine.campaign_id)
        version = IndexVersion(
            kommune_id=campaign.kommune_id,
            name="Sozialindex 2024",
            params={"indicators": ["sgb2_quote"], "year": 2024},
            result=[],
        )
        db.session.add(version)
        allocation = FundAllocation(
            kommune_id=campaign.kommune_id, name="Haushalt", params=FUND_PARAMS, result=[]
        )
        measure = Measure(kommune_id=campaign.kommune_id, title="Spielplatz", status="planned")
        kreis_index = KreisIndexVersion(
            kreis_id=kreis.id, name="Kreisindex", result=[],
            params={"year": 2024, "indicators": [], "computed": {}, "kommune_versions": {}},
        )  # fmt: skip
        job = ReportJob(campaign_id=campaign.id, lang="de", status="done", claims=1)
        job.pdf, job.filename = b"%PDF-1.7", "report.pdf"  # a finished report job
        db.session.add_all([allocation, measure, kreis_index, job])
        db.session.commit()
        values = {
            "version_id": version.id,
            "fmt": "svg",
            "campaign_id": campaign.id,
            "kommune_id": db.session.scalar(select(Kommune.id).where(Kommune.name == "Teststadt")),
            "area_code": "1 a",
            "name": "results.xlsx",
            "comment_id": 1,
            "allocation_id": allocation.id,
            "kreis_id": kreis.id,
            "measure_id": measure.id,
            "kreis_version_id": kreis_index.id,
            "job_id": job.id,
        }
        rules = []
        for rule in app.url_map.iter_rules():
            if is_public(rule.endpoint):
                continue
            method = "GET" if "GET" in rule.methods else "POST"
            args = {arg: values[arg] for arg in rule.arguments}
            url = _build(app, rule.endpoint, args)
            rules.append((rule.endpoint, method, url, bool(rule.arguments)))
    rules.sort(key=lambda r: r[0] == "auth.logout")  # logging out last keeps the session
    yield app, rules
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


def _build(app, endpoint, args):
    with app.test_request_context():
        return url_for(endpoint, **args)
