"""Bad input on the survey form: a clear message in the person's language, answers kept, nothing
stored."""

from __future__ import annotations

import datetime as dt
import time
from html import unescape

import pytest
from itsdangerous import TimestampSigner

from tests.support.factories import (
    answers,
    count_rows,
    form_url,
    hidden_fields,
    make_survey,
    open_form,
)

SCORE_DE = "Bitte wählen Sie einen Wert von 1 bis 7 oder „Kann ich nicht sagen“."
SCORE_EN = 'Please choose a value from 1 to 7, or "can\'t say".'


def post_bad(client, survey, lang: str | None = None, **fields):
    _, hidden = open_form(client, survey.resident, "15 b")
    data = answers(survey.themes, hidden, **fields)
    data["good-housing"] = "Nette Nachbarn."  # typed text that must survive the error
    headers = {"Accept-Language": lang} if lang else {}
    return client.post(form_url(survey.resident, "15 b"), data=data, headers=headers)


def assert_rerendered(reply, message: str) -> str:
    assert reply.status_code == 400
    html = reply.get_data(as_text=True)
    assert 'role="alert"' in html
    assert message in unescape(html)
    assert "Nette Nachbarn." in html  # the comment is still in its box
    assert 'name="score-transport" value="2" checked' in html  # and the chosen scores
    return html


@pytest.mark.parametrize(
    ("lang", "message"),
    [(None, SCORE_DE), ("en", SCORE_EN), ("en-GB,en;q=0.8", SCORE_EN)],
)
def test_score_outside_the_scale(app, client, survey, stored, lang, message):
    html = assert_rerendered(post_bad(client, survey, lang, **{"score-moving": "9"}), message)
    assert 'href="#t-moving"' in html  # the error list links to the theme
    assert f'<html lang="{"en" if lang else "de"}"' in html
    with app.app_context():
        assert count_rows() == stored


def test_score_that_is_not_a_number(app, client, survey, stored):
    scale = "Bitte wählen Sie einen der Werte der Skala oder „Kann ich nicht sagen“."
    assert_rerendered(post_bad(client, survey, **{"score-moving": "sieben"}), scale)
    with app.app_context():
        assert count_rows() == stored


def test_unknown_theme(app, client, survey, stored):
    reply = post_bad(client, survey, **{"score-flying": "3"})
    assert_rerendered(reply, "Dieses Thema gehört nicht zur Umfrage.")
    with app.app_context():
        assert count_rows() == stored


def test_oversized_comment(app, client, survey, stored):
    reply = post_bad(client, survey, "en", **{"improve-nature": "x" * 2001})
    html = assert_rerendered(
        reply, "Please shorten your comment to at most 2000 characters (it has 2001)."
    )
    assert 'aria-invalid="true" aria-describedby="e-improve-nature"' in html
    with app.app_context():
        assert count_rows() == stored


def test_bad_uuid_gets_a_message_and_a_fresh_id(app, client, survey, stored):
    reply = post_bad(client, survey, uuid="not-a-uuid")
    html = assert_rerendered(
        reply, "Die Nummer Ihrer Antwort fehlt oder ist falsch. Bitte laden Sie die Seite neu."
    )
    fresh = hidden_fields(html)["uuid"]
    assert fresh != "not-a-uuid" and len(fresh) == 36
    with app.app_context():
        assert count_rows() == stored


def test_nothing_rated_is_refused(app, client, survey, stored):
    _, hidden = open_form(client, survey.resident, "15 b")
    reply = client.post(form_url(survey.resident, "15 b"), data=hidden)
    assert reply.status_code == 400
    assert "Bitte bewerten Sie mindestens ein Thema." in reply.get_data(as_text=True)
    with app.app_context():
        assert count_rows() == stored


def test_area_outside_the_campaign_is_a_404_in_the_persons_language(app, client, survey, stored):
    # "99" is an area of the same Kommune that the campaign does not include.
    _, hidden = open_form(client, survey.resident, "1 a")
    data = answers(survey.themes, hidden)
    reply = client.post(form_url(survey.resident, "99"), data=data)
    assert reply.status_code == 404
    assert "Dieses Quartier gehört nicht zur Umfrage." in reply.get_data(as_text=True)
    english = client.get(form_url(survey.resident, "99") + "?lang=en")
    assert english.status_code == 404
    assert "This Quartier is not part of the survey." in english.get_data(as_text=True)
    with app.app_context():
        assert count_rows() == stored


def test_wrong_token_is_a_404_in_the_persons_language(app, client, survey, stored):
    _, hidden = open_form(client, survey.resident, "1 a")
    reply = client.post(form_url("wrong-token", "1 a"), data=answers(survey.themes, hidden))
    assert reply.status_code == 404
    assert "Dieser Umfrage-Link ist ungültig." in reply.get_data(as_text=True)
    reply = client.get("/s/wrong-token", headers={"Accept-Language": "en"})
    assert "This survey link is not valid." in reply.get_data(as_text=True)
    with app.app_context():
        assert count_rows() == stored


def test_closed_and_not_yet_open_campaigns(app, client, survey, stored):
    today = dt.date.today()
    with app.app_context():
        closed = make_survey(closes=today - dt.timedelta(days=1), suffix=" zu")
        early = make_survey(opens=today + dt.timedelta(days=3), suffix=" bald")
    # The page was opened while the survey ran; the answer arrives after it closed.
    _, hidden = open_form(client, survey.resident, "1 a")
    data = answers(survey.themes, hidden)
    reply = client.post(form_url(closed.resident, "1 a"), data=data)
    assert reply.status_code == 410
    assert "Diese Umfrage ist beendet." in reply.get_data(as_text=True)
    reply = client.post(form_url(early.resident, "1 a"), data=data)
    assert reply.status_code == 409
    assert "Diese Umfrage hat noch nicht begonnen." in reply.get_data(as_text=True)
    page = client.get(form_url(closed.resident, "1 a") + "?lang=en")
    assert page.status_code == 410
    assert "This survey has closed." in page.get_data(as_text=True)
    with app.app_context():
        assert count_rows() == stored


# --- CSRF ------------------------------------------------------------------------------------


def test_post_without_a_valid_csrf_token_stores_nothing_and_keeps_the_answers(
    app, client, survey, stored
):
    for token in (None, "forged"):
        _, hidden = open_form(client, survey.resident, "15 b")
        data = answers(survey.themes, hidden)
        data["good-housing"] = "Nette Nachbarn."
        if token is None:
            del data["csrf_token"]
        else:
            data["csrf_token"] = token
        reply = client.post(form_url(survey.resident, "15 b"), data=data)
        html = assert_rerendered(reply, "Ihre Antworten sind noch da")
        assert hidden_fields(html)["csrf_token"]  # a fresh token to send them again
    # A client without the session cookie (another browser) is refused too.
    _, hidden = open_form(client, survey.resident, "15 b")
    stranger = app.test_client()
    reply = stranger.post(form_url(survey.resident, "15 b"), data=answers(survey.themes, hidden))
    assert reply.status_code == 400
    with app.app_context():
        assert count_rows() == stored


def test_csrf_token_does_not_expire_during_a_long_walk(app, client, survey, monkeypatch):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None
    _, early = open_form(client, survey.resident, "1 a")
    # Other pages are opened in between (new tokens are issued); the early one still works.
    for code in ("15 b", "01100101"):
        open_form(client, survey.resident, code)
    # Two and a half hours later (by the signer's clock, which dates the token).
    later = int(time.time()) + 150 * 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    reply = client.post(form_url(survey.resident, "1 a"), data=answers(survey.themes, early))
    assert reply.status_code == 303
    with app.app_context():
        assert count_rows()[0] == 1
