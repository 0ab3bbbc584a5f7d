"""Every route of the app is public by an explicit list, or refuses the wrong people.

The matrix is built from ``app.url_map``: a new route without a check fails here.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, Kommune
from tests.app.workspace_helpers import login, make_user
from tests.conftest import make_app
from tests.factories import make_survey

#: Endpoints anyone may open (residents have no account). Everything else needs a login.
PUBLIC_BLUEPRINTS = {"main", "survey", "api", "paper", "results", "offline"}
PUBLIC_ENDPOINTS = {"static", "auth.login"}


def is_public(endpoint: str) -> bool:
    return endpoint in PUBLIC_ENDPOINTS or endpoint.split(".")[0] in PUBLIC_BLUEPRINTS


@pytest.fixture
def matrix(database_url, tmp_path):
    """An app without CSRF (so that refusals are ours), two Kommunen and four accounts."""
    app = make_app(database_url, tmp_path, WTF_CSRF_ENABLED=False)
    with app.app_context():
        db.create_all()
        mine = make_survey(kommune="Teststadt")
        make_survey(kommune="Anderstadt")
        make_user("admin@example.org", "admin", [])
        make_user("plan@example.org", "planner", ["Teststadt"])
        make_user("mod@example.org", "moderator", ["Teststadt"])
        make_user("other@example.org", "planner", ["Anderstadt"])
        campaign = db.session.get(Campaign, mine.campaign_id)
        values = {
            "campaign_id": campaign.id,
            "kommune_id": db.session.scalar(select(Kommune.id).where(Kommune.name == "Teststadt")),
            "area_code": "1 a",
            "name": "results.xlsx",
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
            from sqlalchemy import text

            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


def _build(app, endpoint, args):
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **args)


def _client(app, email=None):
    client = app.test_client()
    if email:
        assert login(client, email).status_code == 302
    return client


def _call(client, method, url):
    return client.open(url, method=method, data={})


def test_there_are_protected_routes_to_check(matrix):
    _app, rules = matrix
    endpoints = {r[0] for r in rules}
    assert {"campaigns.home", "moderator.table", "auth.logout", "campaigns.posters"} <= endpoints


def test_anonymous_users_are_sent_to_login(matrix):
    app, rules = matrix
    client = _client(app)
    for endpoint, method, url, _scoped in rules:
        response = _call(client, method, url)
        if url.endswith((".json", ".geojson")):
            assert response.status_code == 401, endpoint
        else:
            assert response.status_code == 302, (endpoint, response.status_code)
            assert "/login" in response.headers["Location"], endpoint


def test_every_protected_view_declares_its_role(matrix):
    app, rules = matrix
    for endpoint, *_ in rules:
        assert getattr(app.view_functions[endpoint], "required_role", None), endpoint


def test_moderators_cannot_open_planner_pages(matrix):
    app, rules = matrix
    client = _client(app, "mod@example.org")
    for endpoint, method, url, _scoped in rules:
        role = app.view_functions[endpoint].required_role
        response = _call(client, method, url)
        if role in ("planner", "admin"):
            assert response.status_code == 403, (endpoint, response.status_code)
        elif method == "GET":
            assert response.status_code == 200, (endpoint, response.status_code)


def test_planners_of_another_kommune_are_refused(matrix):
    app, rules = matrix
    client = _client(app, "other@example.org")
    scoped = [r for r in rules if r[3]]
    assert scoped
    for endpoint, method, url, _scoped in scoped:
        response = _call(client, method, url)
        assert response.status_code in (403, 404), (endpoint, response.status_code)


def test_the_right_people_get_in(matrix):
    app, rules = matrix
    planner = _client(app, "plan@example.org")
    admin = _client(app, "admin@example.org")
    for endpoint, method, url, _scoped in rules:
        if method != "GET":
            continue
        for client in (planner, admin):
            response = _call(client, method, url)
            # 409: a download of a survey without answers says so instead of a file;
            # 302: a preview without an upload goes back to the upload form (not to login)
            location = response.headers.get("Location", "")
            allowed = response.status_code in (200, 409) or (
                response.status_code == 302 and "/login" not in location
            )
            assert allowed, (endpoint, response.status_code)
