"""Every route of the app is public by an explicit list, or refuses the wrong people.

The matrix is built from ``app.url_map``: a new route without a check fails here.
"""

from __future__ import annotations

from tests.support.workspace import login


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


def test_kreis_planners_of_another_kreis_are_refused(matrix):
    app, rules = matrix
    client = _client(app, "kreis-other@example.org")
    scoped = [r for r in rules if r[3]]
    assert {"kreis.overview", "kreis.profile"} <= {r[0] for r in scoped}
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
        admin_only = app.view_functions[endpoint].required_role == "admin"
        if admin_only:  # setting up Kreise: planners are refused, admins get in
            assert _call(planner, method, url).status_code == 403, endpoint
        for client in (admin,) if admin_only else (planner, admin):
            response = _call(client, method, url)
            # 409: a download of a survey without answers says so instead of a file;
            # 302: a preview without an upload goes back to the upload form (not to login)
            location = response.headers.get("Location", "")
            allowed = response.status_code in (200, 409) or (
                response.status_code == 302 and "/login" not in location
            )
            assert allowed, (endpoint, response.status_code)


def test_only_admins_set_up_kreise(matrix):
    app, rules = matrix
    admin_only = {r[0] for r in rules if app.view_functions[r[0]].required_role == "admin"}
    assert {"kreis.admin", "kreis.create", "kreis.attach", "kreis.grant"} <= admin_only
    planner = _client(app, "plan@example.org")  # a Kreis planner, but no admin
    for endpoint, method, url, _scoped in rules:
        if endpoint in admin_only:
            assert _call(planner, method, url).status_code == 403, endpoint
