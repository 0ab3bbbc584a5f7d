"""Security headers on every response, Secure cookies, HSTS and the trusted proxy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.security import content_security_policy, tile_source
from tests.support.app import ROOT, make_app
from tests.support.workspace import login, make_user

TEMPLATES = ROOT / "app" / "templates"


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {
        part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
        for part in (p.strip() for p in header.split(";"))
        if part
    }


def _planner(app, client) -> None:
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    login(client, "plan@example.org")


def _pages(survey) -> dict[str, str]:
    """Pages of every kind: resident, staff, download, static, JSON, errors."""
    token = survey.resident
    return {
        "start": "/",
        "survey": f"/s/{token}",
        "form": f"/s/{token}/1%20a",
        "404": "/no/such/page",
        "bad link": "/s/nope",
        "paper": f"/paper/{token}.pdf",
        "static": "/static/css/app.css",
        "service worker": "/sw.js",
        "manifest": f"/offline/{token}/manifest.webmanifest",
        "openapi": "/api/v1/openapi.yaml",
        "login": "/login",
        "planner": "/planner/",
        "survey settings": f"/planner/surveys/{survey.campaign_id}",
        "posters": f"/planner/surveys/{survey.campaign_id}/posters.pdf",
        "round table": f"/moderator/surveys/{survey.campaign_id}/areas/1%20a",
    }


def test_every_response_carries_the_security_headers(app, client, survey):
    _planner(app, client)
    for name, path in _pages(survey).items():
        with client.get(path) as response:
            assert response.status_code < 500, name
            headers = response.headers
            assert headers["X-Content-Type-Options"] == "nosniff", name
            assert headers["Referrer-Policy"] == "no-referrer", name
            assert headers["X-Frame-Options"] == "DENY", name
            policy = _policy(response)
            assert policy["frame-ancestors"] == "'none'", name
            assert "unsafe" not in headers["Content-Security-Policy"], name
            if response.mimetype != "application/pdf":
                assert policy["script-src"] == "'self'", name
                assert policy["style-src"] == "'self'", name
                assert policy["object-src"] == "'none'", name
                assert policy["base-uri"] == "'none'", name
                assert policy["form-action"] == "'self'", name
                assert policy["connect-src"] == "'self'", name
                assert policy["img-src"] == "'self' data:", name
            else:  # Chromium's PDF viewer is a plugin page with inline styles
                assert policy == {"frame-ancestors": "'none'"}, name
            assert "Strict-Transport-Security" not in headers, name  # plain http here


def test_errors_and_api_replies_carry_the_headers_too(client, survey):
    from tests.support.factories import answer_payload

    reply = client.post("/api/v1/responses", json=answer_payload(survey, token="nope"))
    assert reply.status_code == 404
    assert _policy(reply)["script-src"] == "'self'"
    assert reply.headers["Referrer-Policy"] == "no-referrer"
    refused = client.get(f"/paper/{survey.resident}.pdf?sheets=0")
    assert refused.status_code == 400
    assert refused.headers["X-Content-Type-Options"] == "nosniff"


def test_staff_pages_downloads_and_thanks_are_not_stored(app, client, survey):
    from tests.support.factories import answer_payload

    payload = answer_payload(survey)
    assert client.post("/api/v1/responses", json=payload).status_code == 201
    thanks = client.get(f"/s/{survey.resident}/thanks/{payload['uuid']}")
    assert thanks.status_code == 200
    assert thanks.headers["Cache-Control"] == "no-store"
    assert client.get(f"/paper/{survey.resident}.pdf").headers["Cache-Control"] == "no-store"
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    # A refused staff page (not logged in) is not stored either.
    assert client.get("/planner/").headers["Cache-Control"] == "no-store"
    _planner(app, client)
    pages = _pages(survey)
    for name in ("planner", "survey settings", "posters", "round table"):
        assert client.get(pages[name]).headers["Cache-Control"] == "no-store", name
    # Static files and the survey pages themselves may be cached (page weight, offline use).
    for name in ("static", "survey", "start"):
        with client.get(pages[name]) as reply:
            assert "no-store" not in reply.headers.get("Cache-Control", ""), name
    assert client.get("/sw.js").headers["Cache-Control"] == "no-cache"  # the worker's own rule


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://quartier.stadt.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_forwarded_https_counts_only_behind_a_configured_proxy(database_url, tmp_path):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "quartier.stadt.example"}
    direct = make_app(database_url, tmp_path).test_client()
    # Without QK_PROXY_FIX anyone could send the header: it is ignored.
    assert "Strict-Transport-Security" not in direct.get("/", headers=forwarded).headers
    proxied = make_app(database_url, tmp_path, QK_PROXY_FIX=1).test_client()
    reply = proxied.get("/", headers={**forwarded, "X-Forwarded-For": "203.0.113.9"})
    assert reply.headers["Strict-Transport-Security"].startswith("max-age=")
    # From a peer that is not a trusted proxy (the port reached around it): ignored as well.
    around = proxied.get("/", headers=forwarded, environ_base={"REMOTE_ADDR": "203.0.113.5"})
    assert "Strict-Transport-Security" not in around.headers


def test_a_trusted_proxy_that_is_not_an_address_stops_the_app(database_url, tmp_path):
    with pytest.raises(ValueError, match="QK_TRUSTED_PROXIES"):
        make_app(database_url, tmp_path, QK_PROXY_FIX=1, QK_TRUSTED_PROXIES=["nginx.local"])


def _session_cookie(client) -> str:
    reply = client.get("/login")
    cookies = [c for c in reply.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "the login page starts a session (CSRF token)"
    return cookies[0]


@pytest.mark.parametrize(
    ("settings", "secure"),
    [
        ({}, False),
        ({"QK_BASE_URL": "http://127.0.0.1:5000"}, False),
        ({"QK_BASE_URL": "https://quartier.stadt.example"}, True),
        ({"QK_BASE_URL": "HTTPS://quartier.stadt.example"}, True),
        ({"QK_BASE_URL": "https://quartier.stadt.example", "QK_SECURE_COOKIES": False}, False),
        ({"QK_SECURE_COOKIES": True}, True),
    ],
)
def test_session_cookie_is_secure_with_an_https_address(database_url, tmp_path, settings, secure):
    client = make_app(database_url, tmp_path, **settings).test_client()
    cookie = _session_cookie(client)
    assert ("; Secure" in cookie) is secure
    assert "; HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize(
    ("settings", "secure"),
    [({}, False), ({"QK_BASE_URL": "https://quartier.stadt.example"}, True)],
)
def test_language_cookie_is_secure_like_the_session(database_url, tmp_path, settings, secure):
    reply = make_app(database_url, tmp_path, **settings).test_client().get("/?lang=en")
    cookies = [c for c in reply.headers.getlist("Set-Cookie") if c.startswith("qk_lang=")]
    assert len(cookies) == 1
    assert ("; Secure" in cookies[0]) is secure
    assert "; HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]


def test_secure_cookie_settings_come_from_the_environment(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("QK_BASE_URL", "https://quartier.stadt.example")
    assert "; Secure" in _session_cookie(make_app(database_url, tmp_path).test_client())
    monkeypatch.setenv("QK_SECURE_COOKIES", "false")
    assert "; Secure" not in _session_cookie(make_app(database_url, tmp_path).test_client())


def test_a_tile_server_is_allowed_for_images_only(database_url, tmp_path):
    url = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
    app = make_app(database_url, tmp_path, QK_MAP_TILE_URL=url)
    policy = _policy(app.test_client().get("/"))
    assert policy["img-src"] == "'self' data: https://*.tile.openstreetmap.org"
    assert policy["connect-src"] == "'self'" and policy["script-src"] == "'self'"
    assert tile_source("http://tiles.stadt.example:8080/{z}/{x}/{y}.png") == (
        "http://tiles.stadt.example:8080"
    )


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)//{z}",
        "https://tiles.{s}.example/{z}/{x}/{y}.png",
        "https://x.example; script-src *",
        "//tiles.example/{z}.png",
    ],
)
def test_a_malformed_tile_url_stops_the_start_with_a_sentence(bad):
    with pytest.raises(ValueError, match="QK_MAP_TILE_URL"):
        content_security_policy(bad)


def test_templates_have_no_inline_script_handler_or_style():
    """The policy refuses them; data blocks (type=application/json) are not scripts."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
    style = re.compile(r"<style\b|\sstyle\s*=", re.I)
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("script", inline_script), ("handler", handler), ("style", style)):
            found += [f"{path.relative_to(ROOT)}: {name}" for _ in pattern.findall(text)]
        found += [f"{path.relative_to(ROOT)}: javascript:" for _ in re.findall("javascript:", text)]
    assert found == []
    assert Path(TEMPLATES / "survey" / "_offline.html").read_text().count("application/json") == 1


def test_a_server_error_page_carries_the_headers(database_url, tmp_path):
    app = make_app(database_url, tmp_path, PROPAGATE_EXCEPTIONS=False)

    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/planner/broken", "planner_broken", broken)
    reply = app.test_client().get("/planner/broken")
    assert reply.status_code == 500
    assert "boom" not in reply.get_data(as_text=True)
    assert _policy(reply)["script-src"] == "'self'"
    assert reply.headers["X-Frame-Options"] == "DENY"
    assert reply.headers["Referrer-Policy"] == "no-referrer"
