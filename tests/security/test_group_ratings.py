"""A survey without moderated groups takes no group ratings, by no way in.

The attack (issue 8 §4): the moderator's group-rating POST stored ratings even when the survey
had moderated groups switched off.
"""

from __future__ import annotations

import io
import json
import uuid

from app.core.extensions import db
from app.models import Campaign
from tests.support.factories import answer_payload, count_rows
from tests.support.workspace import csrf_of, login, make_user

TABLE = "/moderator/surveys/{id}/areas/1%20a"


def _without_groups(app, survey) -> None:
    with app.app_context():
        make_user("mod@example.org", "moderator", ["Teststadt"])
        make_user("plan@example.org", "planner", ["Teststadt"])
        db.session.get(Campaign, survey.campaign_id).roles = "resident,expert"
        db.session.commit()


def _group_form(survey, token: str) -> dict:
    data = {"csrf_token": token, "uuid": str(uuid.uuid4()), "group_code": "G1", "group_size": "6"}
    data.update({f"score-{slug}": "4" for slug in survey.themes})
    return data


def test_the_group_form_is_refused_when_groups_are_switched_off(app, client, survey):
    _without_groups(app, survey)
    login(client, "mod@example.org")
    table = TABLE.format(id=survey.campaign_id)
    page = client.get(table)
    assert page.status_code == 200
    assert "/group" not in page.get_data(as_text=True)  # no button that leads nowhere
    token = csrf_of(client, table)
    reply = client.post(f"{table}/group", data=_group_form(survey, token))
    assert reply.status_code == 404
    assert "Diese Befragung nutzt keine moderierten Gruppen" in reply.get_data(as_text=True)
    assert client.get(f"{table}/group").status_code == 404
    with app.app_context():
        assert count_rows() == (0, 0, 0)


def test_a_planner_cannot_store_group_ratings_either(app, client, survey):
    _without_groups(app, survey)
    login(client, "plan@example.org")
    table = TABLE.format(id=survey.campaign_id)
    reply = client.post(f"{table}/group", data=_group_form(survey, csrf_of(client, table)))
    assert reply.status_code == 404
    with app.app_context():
        assert count_rows() == (0, 0, 0)


def test_with_groups_switched_on_the_form_still_stores(app, client, survey):
    with app.app_context():
        make_user("mod@example.org", "moderator", ["Teststadt"])
    login(client, "mod@example.org")
    table = TABLE.format(id=survey.campaign_id)
    reply = client.post(f"{table}/group", data=_group_form(survey, csrf_of(client, table)))
    assert reply.status_code == 302
    with app.app_context():
        assert count_rows()[0] == 1


def test_an_answer_file_cannot_bring_group_answers_in_either(app, client, survey):
    _without_groups(app, survey)
    login(client, "plan@example.org")
    url = f"/planner/surveys/{survey.campaign_id}/answer-files"
    group = answer_payload(survey, token=survey.group, group={"code": "G1", "size": 5})
    group["demographics"] = {}
    resident = answer_payload(survey)
    content = {"format": "quartierskompass-answers", "version": 1, "answers": [group, resident]}
    data = {
        "csrf_token": csrf_of(client, url),
        "file": (io.BytesIO(json.dumps(content).encode()), "phone.json"),
    }
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Diese Befragung nimmt über diesen Link keine Antworten mehr an" in page
    with app.app_context():
        assert count_rows()[0] == 1  # the resident's answer only
