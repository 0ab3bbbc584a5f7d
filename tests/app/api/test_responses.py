"""The JSON endpoint POST /api/v1/responses and its OpenAPI description."""

from __future__ import annotations

import copy
import datetime as dt
import uuid

import pytest
import yaml
from sqlalchemy import select

from app.core.extensions import db
from app.models import AGE_BANDS, CHILD_AGE_BANDS, GENDERS, YEARS_IN_AREA, Response
from app.models.survey import COMMENT_KINDS, MAX_COMMENT_LENGTH
from app.services.answer_checks import MAX_GROUP_SIZE
from tests.support.app import ROOT
from tests.support.factories import answer_payload, count_rows, make_survey

URL = "/api/v1/responses"
SPEC = ROOT / "app" / "api" / "openapi.yaml"


def test_new_answer_is_201_and_a_repeat_is_200_with_the_same_body(app, client, survey):
    payload = answer_payload(survey)
    first = client.post(URL, json=payload)
    assert first.status_code == 201
    assert first.get_json() == {
        "uuid": payload["uuid"],
        "area": "1 a",
        "role": "resident",
        "submitted_on": dt.date.today().isoformat(),
    }
    again = client.post(URL, json=payload)
    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    with app.app_context():
        assert count_rows() == (1, 14, 2)
        assert db.session.scalar(select(Response.channel)) == "api"


def test_expert_and_group_tokens_store_their_role(app, client, survey):
    assert client.post(URL, json=answer_payload(survey, token=survey.expert)).status_code == 201
    group = answer_payload(survey, token=survey.group, group={"code": "G1", "size": 4})
    assert client.post(URL, json=group).get_json()["role"] == "group"
    with app.app_context():
        assert sorted(db.session.scalars(select(Response.role))) == ["expert", "group"]


def test_bad_input_is_400_with_field_errors(app, client, survey):
    # A body of the right shape is checked against the survey, every field at once.
    payload = answer_payload(survey, area="99")
    payload["ratings"]["flying"] = 3
    reply = client.post(URL, json=payload, headers={"Accept-Language": "en"})
    assert reply.status_code == 400
    body = reply.get_json()
    assert body["message"] == "Please check your answers."
    assert {
        "field": "area",
        "message": "Please choose a Quartier that belongs to this survey.",
    } in body["errors"]
    assert {
        "field": "ratings.flying",
        "message": "This theme is not part of the survey.",
    } in body["errors"]
    with app.app_context():
        assert count_rows() == (0, 0, 0)


@pytest.mark.parametrize(
    ("change", "field", "english"),
    [
        ({"ratings": {"moving": 0}}, "ratings.moving", "Please choose a value from 1 to 7"),
        ({"ratings": {"moving": "5.5"}}, "ratings.moving", "Please choose one of the values"),
        ({"ratings": {"flying": 3}}, "ratings.flying", "This theme is not part of the survey."),
        ({"area": "99"}, "area", "Please choose a Quartier that belongs to this survey."),
        ({"area": "1a"}, "area", "Please choose a Quartier that belongs to this survey."),
        (
            {"comments": {"nature": {"improve": "x" * 2001}}},
            "comments.nature.improve",
            "Please shorten your comment to at most 2000 characters (it has 2001).",
        ),
        ({"comments": {"nature": {"rant": "Hm."}}}, "comments.nature.rant", "Unknown kind"),
        ({"uuid": "1234"}, "uuid", "The answer ID is missing or invalid."),
        ({"uuid": None}, "uuid", "The answer ID is missing or invalid."),
        ({"demographics": {"age_band": "31_40"}}, "demographics.age_band", "Please choose one"),
        ({"ratings": {}, "comments": {}}, "ratings", "Please rate at least one theme."),
    ],
)
def test_each_bad_input_is_400_and_stores_nothing(app, client, survey, change, field, english):
    assert client.post(URL, json=answer_payload(survey)).status_code == 201
    with app.app_context():
        before = count_rows()
    payload = answer_payload(survey, **change)
    reply = client.post(URL, json=payload, headers={"Accept-Language": "en"})
    assert reply.status_code == 400
    errors = {e["field"]: e["message"] for e in reply.get_json()["errors"]}
    assert errors[field].startswith(english)
    german = client.post(URL, json=payload).get_json()
    assert german["message"] == "Bitte prüfen Sie Ihre Antworten."
    assert {e["field"] for e in german["errors"]} == set(errors)
    assert all(e["message"] not in errors.values() for e in german["errors"])
    with app.app_context():
        assert count_rows() == before


def test_a_body_that_is_not_a_json_object_is_400(client, survey):
    reply = client.post(URL, data="score=3", content_type="application/x-www-form-urlencoded")
    assert reply.status_code == 400
    assert reply.get_json()["message"] == "Die Anfrage muss ein JSON-Objekt sein."
    assert client.post(URL, json=[1, 2]).status_code == 400


def test_wrong_token_is_404(client, survey):
    reply = client.post(URL, json=answer_payload(survey, token="not-a-token"))
    assert reply.status_code == 404
    assert "Umfrage-Link ist ungültig" in reply.get_json()["message"]


def test_role_must_match_the_token(app, client, survey):
    reply = client.post(URL, json=answer_payload(survey, role="expert"))
    assert reply.status_code == 400
    assert [e["field"] for e in reply.get_json()["errors"]] == ["role"]
    with app.app_context():
        assert count_rows() == (0, 0, 0)


def test_not_yet_open_is_409_and_closed_is_410(app, client):
    today = dt.date.today()
    with app.app_context():
        early = make_survey(opens=today + dt.timedelta(days=1))
        late = make_survey(closes=today - dt.timedelta(days=1), suffix=" alt")
    reply = client.post(URL, json=answer_payload(early), headers={"Accept-Language": "en"})
    assert reply.status_code == 409
    assert reply.get_json()["message"] == (
        "This survey has not started yet. Please come back later."
    )
    reply = client.post(URL, json=answer_payload(late))
    assert reply.status_code == 410
    assert reply.get_json()["message"] == "Diese Umfrage ist beendet. Danke für Ihr Interesse."
    with app.app_context():
        assert count_rows() == (0, 0, 0)


def test_a_retry_after_closing_still_gets_its_200(app, client, survey):
    payload = answer_payload(survey)
    first = client.post(URL, json=payload)
    with app.app_context():
        from app.models import Campaign

        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.closes_on = dt.date.today() - dt.timedelta(days=1)
        db.session.commit()
    again = client.post(URL, json=payload)
    assert (again.status_code, again.get_json()) == (200, first.get_json())
    assert client.post(URL, json=answer_payload(survey)).status_code == 410


def test_foreign_origin_is_403_and_own_origin_is_allowed(app, client, survey):
    foreign = client.post(
        URL, json=answer_payload(survey), headers={"Origin": "https://evil.example"}
    )
    assert foreign.status_code == 403
    assert foreign.get_json()["message"] == (
        "Antworten können nur über die Seiten der Umfrage gesendet werden."
    )
    assert (
        client.post(URL, json=answer_payload(survey), headers={"Origin": "null"}).status_code == 403
    )
    own = client.post(URL, json=answer_payload(survey), headers={"Origin": "http://localhost"})
    assert own.status_code == 201
    with app.app_context():
        assert count_rows()[0] == 1


def test_uuid_in_use_by_another_survey_is_refused(app, client, survey):
    with app.app_context():
        other = make_survey(suffix=" 2")
    payload = answer_payload(survey)
    assert client.post(URL, json=payload).status_code == 201
    reply = client.post(URL, json=answer_payload(other, uuid=payload["uuid"]))
    assert reply.status_code == 400
    assert reply.get_json()["errors"][0]["field"] == "uuid"
    with app.app_context():
        assert count_rows()[0] == 1


# --- The OpenAPI description -------------------------------------------------------------


def _spec() -> dict:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def test_openapi_file_parses_and_documents_every_status():
    spec = _spec()
    assert spec["openapi"].startswith("3.1")
    operation = spec["paths"]["/responses"]["post"]
    assert set(operation["responses"]) == {
        "200",
        "201",
        "400",
        "403",
        "404",
        "409",
        "410",
        "413",
        "429",
    }
    assert spec["servers"][0]["url"] == "/api/v1"


def test_openapi_fields_match_what_the_service_accepts():
    schemas = _spec()["components"]["schemas"]
    submission = schemas["Submission"]["properties"]
    assert set(submission) == {
        "token",
        "area",
        "role",
        "uuid",
        "channel",
        "ratings",
        "comments",
        "demographics",
        "group",
    }
    demographics = submission["demographics"]["properties"]
    assert demographics["age_band"]["enum"] == ["", *AGE_BANDS, *CHILD_AGE_BANDS]
    assert demographics["gender"]["enum"] == ["", *GENDERS]
    assert demographics["years_in_area"]["enum"] == ["", *YEARS_IN_AREA]
    kinds = submission["comments"]["additionalProperties"]["properties"]
    assert tuple(kinds) == COMMENT_KINDS
    assert {kind["maxLength"] for kind in kinds.values()} == {MAX_COMMENT_LENGTH}
    assert submission["group"]["properties"]["size"]["maximum"] == MAX_GROUP_SIZE
    assert set(schemas["Stored"]["properties"]) == set(schemas["Stored"]["required"])


def test_the_documented_examples_are_accepted(app, client, survey):
    """Post each example of the spec (with this test's token and area) and get 201, then 200."""
    examples = _spec()["paths"]["/responses"]["post"]["requestBody"]["content"]["application/json"][
        "examples"
    ]
    tokens = {"resident": survey.resident, "group": survey.group}
    for name, example in examples.items():
        payload = copy.deepcopy(example["value"])
        payload["token"] = tokens[payload["role"]]
        payload["area"] = survey.area_codes[0]
        payload["uuid"] = str(uuid.uuid4())
        first = client.post(URL, json=payload)
        assert first.status_code == 201, (name, first.get_json())
        assert set(first.get_json()) == set(_spec()["components"]["schemas"]["Stored"]["required"])
        assert client.post(URL, json=payload).status_code == 200
    with app.app_context():
        channels = sorted(db.session.scalars(select(Response.channel)))
        assert channels == ["api", "offline"]


def test_openapi_file_is_served(client):
    with client.get("/api/v1/openapi.yaml") as reply:
        assert reply.status_code == 200
        assert yaml.safe_load(reply.get_data(as_text=True)) == _spec()
