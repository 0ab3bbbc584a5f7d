"""Answer files from phones: a planner uploads them, each answer stored once, bad files say why."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign, Response
from tests.support.factories import answer_payload, count_rows, make_survey
from tests.support.workspace import csrf_of


def answer_file(*answers, **fields) -> bytes:
    content = {"format": "quartierskompass-answers", "version": 1, "answers": list(answers)}
    content.update(fields)
    return json.dumps(content).encode("utf-8")


def upload(client, url, data: bytes, name: str = "quartierskompass-answers.json"):
    form = {"csrf_token": csrf_of(client, url), "file": (io.BytesIO(data), name)}
    return client.post(url, data=form, headers={"Accept-Language": "de"})


def test_each_answer_is_stored_once_and_the_page_says_what_happened(app, client, survey, planner):
    resident = answer_payload(survey, channel="offline")
    expert = answer_payload(survey, token=survey.expert, area="15 b")
    broken = answer_payload(survey, ratings={"moving": 9})
    data = answer_file(resident, expert, broken)

    first = upload(client, planner, data)
    assert first.status_code == 200
    page = first.get_data(as_text=True)
    assert "Gespeichert: 2 · schon vorhanden: 0 · abgelehnt: 1" in page
    assert "Bitte wählen Sie einen Wert von 1 bis 7" in page  # the reason, in the planner's words
    assert "Nordstadt" in page  # Quartiere by name
    with app.app_context():
        stored = {
            (r.uuid, r.role, r.channel, r.area.code) for r in db.session.scalars(select(Response))
        }
    assert stored == {
        (resident["uuid"], "resident", "file", "1 a"),
        (expert["uuid"], "expert", "file", "15 b"),
    }
    rows = count_rows_in(app)

    again = upload(client, planner, data)
    assert again.status_code == 200
    assert "Gespeichert: 0 · schon vorhanden: 2 · abgelehnt: 1" in again.get_data(as_text=True)
    assert count_rows_in(app) == rows


def count_rows_in(app):
    with app.app_context():
        return count_rows()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Bitte wählen Sie die Antwort-Datei"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "keine Antwort-Datei von Quartierskompass (kein JSON)"),
        (b'{"answers": []}', "keine Antwort-Datei von Quartierskompass."),
        (b"[1, 2]", "keine Antwort-Datei von Quartierskompass."),
        (answer_file(version=2), "Version, die dieser Server nicht lesen kann"),
        (answer_file(answers="none"), "Die Antworten in dieser Datei sind beschädigt."),
        (answer_file(answers=[1, 2]), "Die Antworten in dieser Datei sind beschädigt."),
        (answer_file(), "Diese Datei enthält keine Antworten."),
    ],
)
def test_bad_files_get_a_clear_message_and_store_nothing(app, client, planner, data, message):
    reply = upload(client, planner, data)
    assert reply.status_code == 400
    assert message in reply.get_data(as_text=True)
    assert count_rows_in(app) == (0, 0, 0)


def test_a_file_that_is_too_big_is_refused(app, client, survey, planner, monkeypatch):
    monkeypatch.setattr("app.handover.views.MAX_FILE_BYTES", 1000)
    monkeypatch.setattr("app.services.handover.MAX_FILE_BYTES", 1000)
    payload = answer_payload(survey)
    payload["comments"] = {"nature": {"good": "x" * 1500}}
    reply = upload(client, planner, answer_file(payload))
    assert reply.status_code == 400
    assert "Diese Datei ist zu groß" in reply.get_data(as_text=True)
    assert count_rows_in(app) == (0, 0, 0)


def test_answers_of_another_kommunes_survey_are_refused(app, client, survey, planner):
    with app.app_context():
        other = make_survey(kommune="Anderstadt")
    foreign = answer_payload(other)
    reply = upload(client, planner, answer_file(foreign))
    assert reply.status_code == 400
    assert "gehören zu einer anderen Umfrage" in reply.get_data(as_text=True)
    # Mixed with this survey's answers, the foreign one is refused and the others are stored.
    mine = answer_payload(survey)
    reply = upload(client, planner, answer_file(mine, answer_payload(other)))
    assert reply.status_code == 200
    page = reply.get_data(as_text=True)
    assert "Gespeichert: 1 · schon vorhanden: 0 · abgelehnt: 1" in page
    assert "Diese Antwort gehört zu einer anderen Umfrage." in page
    with app.app_context():
        assert [r.uuid for r in db.session.scalars(select(Response))] == [mine["uuid"]]


def test_a_wrong_role_is_refused(app, client, survey, planner):
    reply = upload(client, planner, answer_file(answer_payload(survey, role="expert")))
    assert "abgelehnt: 1" in reply.get_data(as_text=True)
    assert count_rows_in(app) == (0, 0, 0)


def test_a_closed_survey_still_takes_answers_that_waited_on_a_phone(app, client, survey, planner):
    with app.app_context(), write_transaction():
        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.closes_on = dt.date.today() - dt.timedelta(days=3)
    reply = upload(client, planner, answer_file(answer_payload(survey)))
    assert "Gespeichert: 1" in reply.get_data(as_text=True)
    assert count_rows_in(app)[0] == 1


def test_the_survey_page_links_to_the_upload(app, client, survey, planner):
    page = client.get(f"/planner/surveys/{survey.campaign_id}").get_data(as_text=True)
    assert planner in page
    assert client.get(planner).status_code == 200
