"""Round-table view: live fragment, suppression, comments, validation records, group ratings."""

from __future__ import annotations

import io
import uuid

import openpyxl
from sqlalchemy import select

from app.core.extensions import db
from app.models import Response, ValidationRecord
from tests.support.factories import make_survey
from tests.support.workbook import sheet_by_keys
from tests.support.workspace import add_outlines, answer, csrf_of, login, make_user, show_comments


def _moderator(app, client):
    with app.app_context():
        make_user("mod@example.org", "moderator", ["Teststadt"])
        make_user("plan@example.org", "planner", ["Teststadt"])
        add_outlines()
    assert login(client, "mod@example.org").status_code == 302


def _url(survey, area="1 a", tail=""):
    return f"/moderator/surveys/{survey.campaign_id}/areas/{area.replace(' ', '%20')}{tail}"


def test_live_fragment_follows_new_answers_and_suppression(app, client, survey):
    _moderator(app, client)
    api = app.test_client()
    answer(api, survey, 4)
    live = client.get(_url(survey, tail="/live"))
    assert live.status_code == 200
    assert live.headers["Cache-Control"] == "no-store"
    html = live.get_data(as_text=True)
    assert "weniger als 5 Antworten" in html  # 4 residents: suppressed with the reason
    assert "Park resident" not in html  # and their comments are hidden
    assert "noch geprüft werden" not in html  # not even counted: that would reveal the small group
    assert 'class="label suppressed"' in html
    answer(api, survey, 1)
    html = client.get(_url(survey, tail="/live")).get_data(as_text=True)
    assert "(n=5)" in html
    assert "Park resident" not in html  # five residents, but nobody has reviewed the comments
    assert "Kommentare, die noch geprüft werden (noch nicht gezeigt): 10" in html
    show_comments(app)
    html = client.get(_url(survey, tail="/live")).get_data(as_text=True)
    assert "Park resident 0" in html and "Mehr Bänke resident 3" in html
    assert "noch geprüft werden" not in html
    assert 'class="series residents"' in html and "<polyline" in html


def test_page_has_polling_script_and_pause(app, client, survey):
    _moderator(app, client)
    page = client.get(_url(survey)).get_data(as_text=True)
    assert "roundtable.js" in page and 'id="live-toggle"' in page
    assert 'data-url="/moderator/surveys/' in page


def test_compare_with_another_quartier(app, client, survey):
    _moderator(app, client)
    answer(app.test_client(), survey, 5, area="15 b")
    html = client.get(_url(survey, tail="/live") + "?compare=area:15%20b").get_data(as_text=True)
    assert "Bewohner:innen von Nordstadt" in html
    assert 'class="series compare"' in html


def test_validation_record_saved_reopened_and_exported(app, client, survey):
    _moderator(app, client)
    answer(app.test_client(), survey, 5)
    token = csrf_of(client, _url(survey))
    form = {
        "csrf_token": token,
        "matches_statistics": "Ja, weitgehend.",
        "target_groups": "Alleinerziehende",
        "existing_offers": "Familienzentrum",
        "missing": "Spielplatz am Markt",
        "contributors": "Wohnungsbaugesellschaft",
        "overall_need": "confirmed",
        "overall_note": "Einstimmig",
        "need-play": "confirmed",
        "note-play": "Zu wenig Spielflächen",
    }
    assert client.post(_url(survey, tail="/record"), data=form).status_code == 302
    page = client.get(_url(survey)).get_data(as_text=True)
    assert "Spielplatz am Markt" in page and "Zu wenig Spielflächen" in page
    with app.app_context():
        record = db.session.scalar(select(ValidationRecord))
        assert record.overall_need == "confirmed"
        assert record.theme_needs == {
            "play": {"need": "confirmed", "note": "Zu wenig Spielflächen"}
        }
    # A bad verdict changes nothing and says why.
    bad = dict(form, overall_need="maybe", missing="anders")
    response = client.post(_url(survey, tail="/record"), data=bad, follow_redirects=True)
    assert "bestätigt, nicht bestätigt oder unklar" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ValidationRecord)).missing == "Spielplatz am Markt"
    # The planner's XLSX export carries the record.
    planner = app.test_client()
    login(planner, "plan@example.org")
    xlsx = planner.get(f"/planner/surveys/{survey.campaign_id}/download/results.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    row = sheet_by_keys(book, "Runder Tisch").iloc[0]
    assert row["area_code"] == "1 a" and row["missing"] == "Spielplatz am Markt"
    assert row["need_play"] == "Bedarf bestätigt"
    assert "Bedarf: Spiel, Sport und Freizeit" in [c.value for c in book["Runder Tisch"][1]]


def test_record_of_the_previous_round_is_shown_at_the_next(app, client, survey):
    _moderator(app, client)
    token = csrf_of(client, _url(survey))
    client.post(_url(survey, tail="/record"), data={"csrf_token": token, "missing": "Bänke"})
    with app.app_context():
        later = make_survey(kommune="Teststadt", suffix="", round_label="2027") if False else None
    assert later is None
    with app.app_context():
        from app.models import Campaign

        old = db.session.get(Campaign, survey.campaign_id)
        new = Campaign(
            kommune=old.kommune,
            instrument=old.instrument,
            title="Runde 2027",
            round_label="2027",
            min_group_size=5,
        )
        new.areas = list(old.areas)
        db.session.add(new)
        db.session.commit()
        new_id = new.id
    page = client.get(f"/moderator/surveys/{new_id}/areas/1%20a").get_data(as_text=True)
    assert "Protokoll der Runde 2026" in page and "Bänke" in page


def test_group_ratings_entered_by_the_moderator(app, client, survey):
    _moderator(app, client)
    url = _url(survey, tail="/group")
    token = csrf_of(client, url)
    data = {"csrf_token": token, "uuid": str(uuid.uuid4()), "group_code": "G7", "group_size": "8"}
    data.update({f"score-{slug}": "3" for slug in survey.themes})
    data["score-safety"] = "na"
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert (response.role, response.group_code, response.group_size) == ("group", "G7", 8)
        scores = {r.theme.slug: r.score for r in response.ratings}
        assert scores["play"] == 3 and scores["safety"] is None
    bad = dict(data, uuid=str(uuid.uuid4()), group_size="1")
    response = client.post(url, data=bad)
    assert response.status_code == 422
    with app.app_context():
        assert len(db.session.scalars(select(Response)).all()) == 1
