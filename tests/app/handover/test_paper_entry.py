"""Typing in paper sheets: a planner page, each sheet stored once, the survey's rules apply."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign, Comment, Rating, Response
from tests.support.factories import make_survey
from tests.support.workspace import csrf_of, login, make_user

URL = "/planner/surveys/{id}/paper"


def _counts(app) -> tuple[int, int, int]:
    with app.app_context():
        return tuple(
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Response, Rating, Comment)
        )


def _planner(app, client, survey):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    assert login(client, "plan@example.org").status_code == 302
    return URL.format(id=survey.campaign_id)


def _sheet(client, url, **fields):
    data = {"csrf_token": csrf_of(client, url), "sheet_code": "k7f2 9qxd", "area": "1 a"}
    data.update(fields)
    return client.post(url, data=data, headers={"Accept-Language": "de"})


def test_a_typed_sheet_is_stored_once_as_a_resident_answer_from_paper(app, client, survey):
    url = _planner(app, client, survey)
    page = client.get(url).get_data(as_text=True)
    assert "Fuß- und Radwege" in page and "Bogen-Code" in page
    first = _sheet(
        client, url, **{"score-moving": "5", "score-safety": "x", "improve-nature": "Mehr Bäume"}
    )
    assert first.status_code == 302
    assert "area=1" in first.headers["Location"]  # the next sheet starts in the same Quartier
    assert "K7F2-9QXD ist gespeichert" in client.get(first.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert (response.role, response.channel, response.area.code) == ("resident", "paper", "1 a")
        scores = {rating.theme.slug: rating.score for rating in response.ratings}
        assert scores == {"moving": 5, "safety": None}
        assert [c.text for c in response.comments] == ["Mehr Bäume"]
    again = _sheet(client, url, sheet_code="K7F2-9QXD", **{"score-moving": "2"})
    assert again.status_code == 302
    assert "vorher schon eingegeben" in client.get(again.headers["Location"]).get_data(as_text=True)
    assert _counts(app) == (1, 2, 1)


def test_unreadable_code_or_score_outside_the_scale_stores_nothing(app, client, survey):
    url = _planner(app, client, survey)
    bad_code = _sheet(client, url, sheet_code="K7F2", **{"score-moving": "5"})
    assert bad_code.status_code == 400
    assert "Bogen-Code" in bad_code.get_data(as_text=True)
    bad_score = _sheet(client, url, **{"score-moving": "9", "good-play": "Spielplatz"})
    text = bad_score.get_data(as_text=True)
    assert bad_score.status_code == 400
    assert "von 1 bis 7" in text
    assert "Spielplatz" in text  # what was typed is kept for correcting
    assert _counts(app) == (0, 0, 0)


def test_sheets_are_accepted_after_the_closing_day_but_not_before_the_start(app, client, survey):
    url = _planner(app, client, survey)
    with app.app_context(), write_transaction():
        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.opens_on = dt.date.today() - dt.timedelta(days=30)
        campaign.closes_on = dt.date.today() - dt.timedelta(days=1)
    assert _sheet(client, url, **{"score-moving": "4"}).status_code == 302
    with app.app_context(), write_transaction():
        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.opens_on = dt.date.today() + dt.timedelta(days=1)
        campaign.closes_on = None
    early = _sheet(client, url, sheet_code="AAAA-BBBB", **{"score-moving": "4"})
    assert early.status_code == 400
    assert "noch nicht begonnen" in early.get_data(as_text=True)
    assert _counts(app)[0] == 1


def test_only_planners_of_the_kommune_may_type_in(app, client):
    with app.app_context():
        make_survey(kommune="Teststadt")
        other = make_survey(kommune="Anderstadt")
        make_user("mod@example.org", "moderator", ["Teststadt"])
        make_user("plan@example.org", "planner", ["Teststadt"])
    assert client.get(URL.format(id=other.campaign_id)).status_code == 302  # to the login
    login(client, "mod@example.org")
    assert client.get(URL.format(id=other.campaign_id)).status_code == 403
    fresh = app.test_client()
    login(fresh, "plan@example.org")
    assert fresh.get(URL.format(id=other.campaign_id)).status_code == 404


def test_a_childrens_sheet_is_typed_in_with_the_childrens_questions_and_age_bands(
    app, client, survey
):
    from app.services.instruments import SHIPPED, load_instrument, read_instrument_file

    with app.app_context(), write_transaction():
        children = load_instrument(read_instrument_file(SHIPPED[1]))
        db.session.get(Campaign, survey.campaign_id).instrument = children
    url = _planner(app, client, survey)
    page = client.get(url, headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Wie alt bist du?" in page and '<option value="8_9">8 oder 9 Jahre</option>' in page
    assert 'value="30_44"' not in page
    refused = _sheet(client, url, **{"score-moving": "2", "age_band": "30_44"})
    assert refused.status_code == 400
    assert "Bitte wählen Sie eine der Altersgruppen dieser Umfrage." in refused.get_data(
        as_text=True
    )
    assert _sheet(client, url, **{"score-moving": "2", "age_band": "8_9"}).status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Response.age_band)).all() == ["8_9"]
