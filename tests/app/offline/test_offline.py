"""Offline use on the server side: service worker, manifest, pages to keep, hours-old answers."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote

from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign, Response
from tests.support.app import make_app
from tests.support.factories import answer_payload, hidden_fields


def status_of(client, url: str) -> int:
    with client.get(url) as reply:  # static files stay open until the reply is closed
        return reply.status_code


def test_the_service_worker_is_served_from_the_root_and_never_cached(client):
    reply = client.get("/sw.js")
    assert reply.status_code == 200
    assert reply.mimetype == "text/javascript"
    assert reply.headers["Cache-Control"] == "no-cache"
    body = reply.get_data(as_text=True)
    assert 'addEventListener("fetch"' in body and "skipWaiting" in body


def test_the_manifest_opens_the_survey_as_an_app(client, survey):
    reply = client.get(f"/offline/{survey.resident}/manifest.webmanifest")
    assert reply.status_code == 200
    assert reply.mimetype == "application/manifest+json"
    manifest = reply.get_json()
    assert manifest["name"] == "Quartierscheck Teststadt"
    assert manifest["start_url"] == f"/s/{survey.resident}"
    assert manifest["scope"] == "/s/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert status_of(client, icon["src"]) == 200, icon
    assert client.get("/offline/nope/manifest.webmanifest").status_code == 404


def test_preparing_for_the_walk_lists_every_quartier_of_the_survey(client, survey):
    reply = client.get(f"/offline/{survey.expert}/pages.json")
    assert reply.headers["Cache-Control"] == "no-store"
    listed = reply.get_json()
    token = survey.expert
    assert listed["pages"][0] == f"/s/{token}"
    assert sorted(listed["pages"][1:]) == sorted(
        f"/s/{token}/{quote(code)}" for code in ("1 a", "01100101", "15 b")
    )
    assert listed["assets"] == [
        "/static/css/app.css",
        "/static/js/survey.js",
        "/static/js/offline.js",
    ]
    for url in listed["pages"] + listed["assets"]:
        assert status_of(client, url) == 200, url
    assert client.get("/offline/nope/pages.json").status_code == 404


def _panel(html: str) -> tuple[dict, dict]:
    tag = re.search(r'<section id="qk-queue"[^>]*>', html).group(0)
    attributes = dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', tag))
    texts = json.loads(re.search(r'id="qk-texts">(.*?)</script>', html, re.S).group(1))
    return attributes, texts


def test_survey_pages_carry_the_queue_in_the_persons_language(client, survey):
    form = client.get(f"/s/{survey.resident}/1%20a", headers={"Accept-Language": "de"})
    attributes, texts = _panel(form.get_data(as_text=True))
    assert attributes["data-api"] == "/api/v1/responses"
    assert attributes["data-sw"] == "/sw.js"
    assert attributes["data-scope"] == "/s/"
    assert attributes["data-area"] == "1 a"
    assert attributes["data-page"] == f"/s/{survey.resident}/1%20a"
    assert attributes["data-thanks"] == f"/s/{survey.resident}/thanks/UUID"
    assert texts["waiting"] == "Auf diesem Handy gespeichert – {n} warten aufs Senden."
    assert 'rel="manifest"' not in form.get_data(as_text=True)  # added after the page loaded

    choose = client.get(f"/s/{survey.resident}", headers={"Accept-Language": "en"})
    html = choose.get_data(as_text=True)
    attributes, texts = _panel(html)
    assert "data-area" not in attributes
    assert "Prepare this phone for the walk" in html
    assert texts["waiting"] == "Saved on this phone – {n} waiting to be sent."


def test_an_answer_queued_hours_ago_is_accepted_without_session_or_csrf(app, survey, tmp_path):
    """Built from the page before the walk; sent after the server restarted with a new key."""
    phone = app.test_client()
    page = phone.get(f"/s/{survey.resident}/15%20b").get_data(as_text=True)
    payload = answer_payload(survey, area="15 b", uuid=hidden_fields(page)["uuid"])
    payload["channel"] = "offline"

    # Two hours later: new secret key (every session and CSRF token of the morning is void),
    # a fresh client without cookies, only the survey token, the Origin and the answer's UUID.
    later = make_app(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path, SECRET_KEY="rotated")
    client = later.test_client()
    reply = client.post("/api/v1/responses", json=payload, headers={"Origin": "http://localhost"})
    assert reply.status_code == 201, reply.get_json()
    assert client.post("/api/v1/responses", json=payload).status_code == 200  # a retry
    with app.app_context():
        stored = db.session.scalars(select(Response)).all()
        assert [(r.uuid, r.channel, r.area.code) for r in stored] == [
            (payload["uuid"], "offline", "15 b")
        ]
    with later.app_context():
        db.engine.dispose()


def test_a_closed_survey_refuses_a_waiting_answer_with_a_reason_for_the_phone(app, client, survey):
    payload = answer_payload(survey)
    with app.app_context(), write_transaction():
        db.session.get(Campaign, survey.campaign_id).closes_on = dt.date.today() - dt.timedelta(1)
    for lang, message in [
        ("de", "Diese Umfrage ist beendet. Danke für Ihr Interesse."),
        ("en", "This survey has closed. Thank you for your interest."),
    ]:
        reply = client.post("/api/v1/responses", json=payload, headers={"Accept-Language": lang})
        assert (reply.status_code, reply.get_json()) == (410, {"message": message})
    with app.app_context():
        assert db.session.scalars(select(Response)).all() == []
