"""German by default, English complete: every public page, chosen by ?lang= or the browser."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, Theme
from tests.factories import answer_payload, make_survey

CLOSES = dt.date(2031, 7, 31)


@pytest.fixture
def pages(app, client, survey):
    """Path of every public page (with the status it answers) and a German/English phrase on it."""
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.closes_on = CLOSES
        db.session.commit()
        closed = make_survey(closes=dt.date(2020, 1, 31), suffix=" zu")
    payload = answer_payload(survey)
    assert client.post("/api/v1/responses", json=payload).status_code == 201
    token = survey.resident
    return [
        ("/", 200, "Sie möchten mitmachen?", "To take part"),
        (f"/s/{token}", 200, "Welches Quartier möchten Sie", "Which Quartier do you want"),
        (f"/s/{token}/1%20a", 200, "Bevor Sie anfangen", "Before you start"),
        (f"/s/{token}/thanks/{payload['uuid']}", 200, "Ihr Kompass", "Your compass"),
        ("/no/such/page", 404, "Diese Seite gibt es nicht.", "This page does not exist."),
        ("/s/nope", 404, "Umfrage-Link ist ungültig", "survey link is not valid"),
        (f"/s/{closed.resident}/1%20a", 410, "Umfrage ist beendet", "survey has closed"),
    ]


def fetch(client, path: str, status: int, **kwargs) -> str:
    reply = client.get(path, **kwargs)
    assert reply.status_code == status, path
    return reply.get_data(as_text=True)


def test_every_public_page_is_german_by_default(app, pages):
    client = app.test_client()
    for path, status, german, english in pages:
        html = fetch(client, path, status)
        assert '<html lang="de" dir="ltr">' in html, path
        assert german in html and english not in html, path


def test_every_public_page_is_english_with_lang_parameter(app, pages):
    for path, status, german, english in pages:
        client = app.test_client()
        separator = "&" if "?" in path else "?"
        html = fetch(client, f"{path}{separator}lang=en", status)
        assert '<html lang="en" dir="ltr">' in html, path
        assert english in html and german not in html, path


def test_every_public_page_follows_accept_language(app, pages):
    client = app.test_client()
    for path, status, german, english in pages:
        html = fetch(client, path, status, headers={"Accept-Language": "en-US,en;q=0.9,de;q=0.5"})
        assert '<html lang="en"' in html and english in html, path
        html = fetch(client, path, status, headers={"Accept-Language": "fr-FR,de;q=0.8"})
        assert '<html lang="de"' in html and german in html, path


def test_lang_choice_is_remembered_and_beats_the_browser(client, survey):
    first = client.get(f"/s/{survey.resident}?lang=en", headers={"Accept-Language": "de"})
    assert "qk_lang=en" in first.headers["Set-Cookie"]
    again = client.get(f"/s/{survey.resident}", headers={"Accept-Language": "de"})
    assert '<html lang="en"' in again.get_data(as_text=True)
    back = client.get(f"/s/{survey.resident}?lang=de").get_data(as_text=True)
    assert '<html lang="de"' in back


def test_unknown_lang_parameter_falls_back(client, survey):
    html = fetch(client, f"/s/{survey.resident}?lang=xx", 200)
    assert '<html lang="de"' in html


def test_language_switch_links_both_languages(client, survey):
    html = fetch(client, f"/s/{survey.resident}", 200)
    assert 'href="?lang=en" lang="en" hreflang="en">English</a>' in html
    assert '<span aria-current="true" lang="de">Deutsch</span>' in html


def test_instrument_texts_come_from_the_instrument_data(app, client, survey):
    with app.app_context():
        theme = db.session.scalar(select(Theme).where(Theme.slug == "nature"))
        assert theme.title["de"] == "Natur- und Grünflächen"
        theme.title = {"de": "Grün im Quartier (Testtext)", "en": "Green spaces (test text)"}
        db.session.commit()
    german = fetch(client, f"/s/{survey.resident}/1%20a?lang=de", 200)
    assert "Grün im Quartier (Testtext)" in german
    assert "Natur- und Grünflächen</legend>" not in german
    assert "Kann ich hier gut zu Fuß" in german  # a question, also from the data
    english = fetch(client, f"/s/{survey.resident}/1%20a?lang=en", 200)
    assert "Green spaces (test text)" in english
    assert "Can I easily walk, wheel and cycle around here?" in english


def test_closing_date_is_formatted_per_locale(app, client, survey):
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.closes_on = CLOSES
        db.session.commit()
    for path in (f"/s/{survey.resident}", f"/s/{survey.resident}/1%20a"):
        german = fetch(client, f"{path}?lang=de", 200)
        assert "Sie können bis zum 31. Juli 2031 mitmachen." in german
        english = fetch(client, f"{path}?lang=en", 200)
        assert "You can take part until July 31, 2031." in english


def test_json_api_messages_follow_the_language(client, survey):
    payload = answer_payload(survey, token="nope")
    german = client.post("/api/v1/responses", json=payload).get_json()["message"]
    english = client.post("/api/v1/responses?lang=en", json=payload).get_json()["message"]
    assert german.startswith("Dieser Umfrage-Link") and english.startswith("This survey link")
