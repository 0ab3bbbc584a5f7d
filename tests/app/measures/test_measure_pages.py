"""The measure pages through the web: a planner decides a measure from a round-table verdict,
edits it and reads the history; a moderator proposes one and sees the running ones; the list is
public only when published; downloads have German headers and a key row."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
from sqlalchemy import select

from app.core.extensions import db
from app.models import Measure
from tests.support.measures import DEMO_PASSWORDS, MODERATOR, PLANNER, demo_with_verdict
from tests.support.workspace import csrf_of, login

FORM = {
    "title": "Jugendtreff Bahnhofsviertel",
    "description": "Ein offener Treff.",
    "target_group": "Jugendliche",
    "lead_organisation": "Jugendamt",
    "partners": "Sportverein",
    "budget": "12.500,50",
    "funding_source": "Landesprogramm",
    "start_date": "2025-01-01",
    "end_date": "2026-12-31",
    "status": "planned",
    "indicators": ["sgb2_quote"],
}


def _setup(app):
    with app.test_request_context():
        record = demo_with_verdict()
        return {
            "kommune": record.campaign.kommune_id,
            "campaign": record.campaign_id,
            "record": record.id,
        }


def _login(client, email):
    assert login(client, email, DEMO_PASSWORDS[email]).status_code == 302


def _proposal_url(page: str) -> str:
    match = re.search(r'action="([^"]+)" id="propose"', page)
    assert match, "no proposal form on the round-table page"
    return match.group(1)


def _create(client, ids, **changes):
    new = f"/planner/kommune/{ids['kommune']}/measures/new"
    page = client.get(f"{new}?campaign={ids['campaign']}&area=2").get_data(as_text=True)
    data = {**FORM, "areas": ["2"], "needs": [f"{ids['record']}:play"], "themes": ["play"]}
    data.update(changes, csrf_token=csrf_of(client, new))
    return page, client.post(new, data=data)


def test_a_planner_decides_a_measure_from_the_verdict_edits_it_and_reads_the_history(app, client):
    ids = _setup(app)
    _login(client, PLANNER)
    page, saved = _create(client, ids)
    # the verdict's Quartier, needs and themes are ticked in advance
    assert f'value="{ids["record"]}:play" checked' in page
    assert f'value="{ids["record"]}:housing" checked' in page
    assert 'name="areas" value="2" checked' in page
    assert 'name="themes" value="play" checked' in page
    assert saved.status_code == 302
    detail = saved.headers["Location"]
    html = client.get(detail).get_data(as_text=True)
    assert "Jugendtreff Bahnhofsviertel" in html and "12.500,50" in html
    assert "Runder Tisch: play" in html  # the confirmed need with the round table's note
    assert "01.01.2025" in html
    edit = f"{detail}/edit"
    form = client.get(edit).get_data(as_text=True)
    assert 'value="12500,50"' in form and 'value="2025-01-01"' in form
    data = {**FORM, "areas": ["2", "3 a"], "needs": [f"{ids['record']}:play"], "themes": ["play"]}
    data.update(status="running", budget="15.000", csrf_token=csrf_of(client, edit))
    assert client.post(edit, data=data).status_code == 302
    history = client.get(detail).get_data(as_text=True).split('id="history"')[1]
    assert "geplant" in history and "läuft" in history
    assert "12500.50" in history and "15000.00" in history
    assert "2, 3 a" in history and PLANNER in history


def test_a_bad_form_says_what_to_do_and_keeps_the_values(app, client):
    ids = _setup(app)
    _login(client, PLANNER)
    _page, refused = _create(client, ids, budget="zwölf", title="Mein Titel")
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Das Budget muss ein Betrag in Euro sein" in html
    assert 'value="Mein Titel"' in html
    with app.app_context():
        assert db.session.scalar(select(Measure)) is None


def test_progress_notes_are_dated(app, client):
    ids = _setup(app)
    _login(client, PLANNER)
    detail = _create(client, ids)[1].headers["Location"]
    token = csrf_of(client, detail)
    note = {"noted_on": "2025-03-15", "text": "Raum gefunden.", "csrf_token": token}
    assert client.post(f"{detail}/notes", data=note).status_code == 302
    refused = client.post(
        f"{detail}/notes",
        data={"noted_on": "15.3.", "text": "x", "csrf_token": token},
        follow_redirects=True,
    )
    assert "kein Datum" in refused.get_data(as_text=True)
    html = client.get(detail).get_data(as_text=True)
    assert "15.03.2025" in html and "Raum gefunden." in html


def test_a_moderator_proposes_and_sees_the_running_measures(app, client):
    ids = _setup(app)
    _login(client, MODERATOR)
    table = f"/moderator/surveys/{ids['campaign']}/areas/2"
    page = client.get(table).get_data(as_text=True)
    assert 'id="propose"' in page and "Keine laufenden Maßnahmen." in page
    data = {"title": "Spielplatz erneuern", "csrf_token": csrf_of(client, table)}
    done = client.post(_proposal_url(page), data=data, follow_redirects=True)
    assert "ein Planer entscheidet" in done.get_data(as_text=True)
    planner = app.test_client()
    _login(planner, PLANNER)
    listing = planner.get(f"/planner/kommune/{ids['kommune']}/measures?status=proposed")
    assert "Spielplatz erneuern" in listing.get_data(as_text=True)
    _create(planner, ids, status="running", title="Stadtteilcafé")
    page = client.get(table).get_data(as_text=True).split('id="measures"')[1]
    assert "Stadtteilcafé" in page and "Spielplatz erneuern" not in page
    assert "Wie sich die Quartiere der Maßnahme seit dem Beschluss verändert haben" in page
    assert "noch keine spätere Runde" not in page  # decided on 2024: 2025 is the later round
    assert client.get(f"/planner/kommune/{ids['kommune']}/measures").status_code == 403


def test_the_public_list_appears_only_when_published_and_shows_no_staff(app, client):
    ids = _setup(app)
    public = f"/measures/{ids['kommune']}"
    assert app.test_client().get(public).status_code == 404
    _login(client, PLANNER)
    _create(client, ids)
    moderator = app.test_client()
    _login(moderator, MODERATOR)
    table = f"/moderator/surveys/{ids['campaign']}/areas/2"
    moderator.post(
        _proposal_url(moderator.get(table).get_data(as_text=True)),
        data={"title": "Nur ein Vorschlag", "csrf_token": csrf_of(moderator, table)},
    )
    index = f"/planner/kommune/{ids['kommune']}/measures"
    client.post(f"{index}/public", data={"public": "1", "csrf_token": csrf_of(client, index)})
    html = app.test_client().get(public).get_data(as_text=True)
    assert "Jugendtreff Bahnhofsviertel" in html and "Jugendamt" in html
    assert "Nur ein Vorschlag" not in html and "@" not in html
    client.post(f"{index}/public", data={"public": "0", "csrf_token": csrf_of(client, index)})
    assert app.test_client().get(public).status_code == 404


def test_the_public_list_speaks_the_residents_languages(app, client):
    ids = _setup(app)
    _login(client, PLANNER)
    _create(client, ids)
    index = f"/planner/kommune/{ids['kommune']}/measures"
    client.post(f"{index}/public", data={"public": "1", "csrf_token": csrf_of(client, index)})
    public = f"/measures/{ids['kommune']}"
    expected = {
        "tr": ('lang="tr" dir="ltr"', "Musterstadt'daki önlemler", "planlandı", "Kimin için"),
        "ar": ('lang="ar" dir="rtl"', "الإجراءات في Musterstadt", "مخطط", "لمن"),
        "uk": ('lang="uk" dir="ltr"', "Заходи в Musterstadt", "заплановано", "Для кого"),
        "de": ('lang="de" dir="ltr"', "Maßnahmen in Musterstadt", "geplant", "Für wen"),
    }
    for lang, texts in expected.items():
        html = app.test_client().get(public, query_string={"lang": lang}).get_data(as_text=True)
        for text in texts:
            assert text in html, (lang, text)
        assert "Jugendtreff Bahnhofsviertel" in html  # the planner's own words stay as written


def test_downloads_have_german_headers_and_a_key_row(app, client):
    ids = _setup(app)
    _login(client, PLANNER)
    _create(client, ids)
    base = f"/planner/kommune/{ids['kommune']}/measures"
    text = client.get(f"{base}.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Titel", "Status"]
    assert rows[1][:3] == ["id", "title", "status"]
    assert rows[2][1] == "Jugendtreff Bahnhofsviertel" and rows[2][7] == "12500,50"
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}.xlsx").data))
    assert book.sheetnames == ["Maßnahmen", "Bewertung"]
    sheet = book["Bewertung"]
    assert sheet.cell(2, 1).value == "measure" and sheet.cell(1, 1).value == "Maßnahme Nr."
    assert book["Maßnahmen"].cell(3, 8).value == 12500.5
