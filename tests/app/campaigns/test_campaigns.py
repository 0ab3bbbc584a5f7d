"""Planner pages: create and edit a survey, its links, and the QR posters as vector PDF."""

from __future__ import annotations

import io
import re
import uuid

import pypdf
import segno
from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Campaign, Instrument, Kommune
from tests.support.factories import make_survey
from tests.support.workspace import csrf_of, login, make_user

CM = 72 / 2.54  # PDF points per centimetre


def _planner(app, client, kommune="Teststadt"):
    with app.app_context():
        make_user("plan@example.org", "planner", [kommune])
    assert login(client, "plan@example.org").status_code == 302


def _form(app, kommune="Teststadt", **overrides):
    with app.app_context():
        town = db.session.scalar(select(Kommune).where(Kommune.name == kommune))
        areas = db.session.scalars(select(Area.id).where(Area.kommune_id == town.id)).all()
        instrument = db.session.scalar(select(Instrument.id))
    data = {
        "title": "Quartierscheck 2027",
        "round_label": "2027",
        "instrument_id": instrument,
        "area_ids": areas[:2],
        "opens_on": "2027-05-01",
        "closes_on": "2027-06-30",
        "min_group_size": "7",
        "role_choices": ["resident", "expert", "group"],
    }
    data.update(overrides)
    return town.id, data


def test_planner_creates_a_survey_and_sees_its_links(app, client, survey):
    _planner(app, client)
    kommune_id, data = _form(app)
    data["csrf_token"] = csrf_of(client, f"/planner/kommune/{kommune_id}/surveys/new")
    response = client.post(f"/planner/kommune/{kommune_id}/surveys/new", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == "2027"))
        assert campaign.min_group_size == 7
        assert [a.code for a in campaign.areas] == ["01100101", "1 a"]
        assert str(campaign.closes_on) == "2027-06-30"
        for role in ("resident", "expert", "group"):
            assert f"/s/{campaign.token_for(role)}" in page
    assert "Quartierscheck 2027" in page


def test_survey_that_closes_before_it_opens_is_refused(app, client, survey):
    _planner(app, client)
    kommune_id, data = _form(app, opens_on="2027-07-01", closes_on="2027-06-01")
    data["csrf_token"] = csrf_of(client, f"/planner/kommune/{kommune_id}/surveys/new")
    response = client.post(f"/planner/kommune/{kommune_id}/surveys/new", data=data)
    assert response.status_code == 200
    assert "nicht enden, bevor sie beginnt" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Campaign).where(Campaign.round_label == "2027")) is None


def test_areas_of_another_kommune_cannot_be_chosen(app, client, survey):
    with app.app_context():
        make_survey(kommune="Anderstadt")
        foreign = db.session.scalar(
            select(Area.id).join(Kommune).where(Kommune.name == "Anderstadt")
        )
    _planner(app, client)
    kommune_id, data = _form(app)
    data["area_ids"] = [foreign]
    data["csrf_token"] = csrf_of(client, f"/planner/kommune/{kommune_id}/surveys/new")
    response = client.post(f"/planner/kommune/{kommune_id}/surveys/new", data=data)
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Campaign).where(Campaign.round_label == "2027")) is None


def test_planner_edits_k_and_dates(app, client, survey):
    _planner(app, client)
    _kommune_id, data = _form(app, min_group_size="9", title="Neuer Titel")
    url = f"/planner/surveys/{survey.campaign_id}/edit"
    assert 'value="1 a"' not in client.get(url).get_data(as_text=True)  # ids, not codes
    data["csrf_token"] = csrf_of(client, url)
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        assert (campaign.title, campaign.min_group_size) == ("Neuer Titel", 9)


def _qr_code(content: str) -> tuple[float, list[list[int]]]:
    """The QR code drawn on a page: its width in cm and its modules read back from the paths.

    WeasyPrint clips the inline SVG to its box (``x y w h re W n`` in CSS px, 0.75 pt each) and
    draws the path in module units: one closed 4-point rectangle per run of dark modules.
    """
    px = float(re.match(r"[^\n]*\nq\n([\d.]+) 0 0 \1 0 0 cm", content).group(1))
    clip = re.search(r"[\d.]+ [\d.]+ ([\d.]+) [\d.]+ re\s+W\s+n\s+/Figure", content)
    body = content[clip.end() :]
    point = r"([\d.]+) ([\d.]+)"
    pattern = rf"{point} m\s+{point} l\s+{point} l\s+{point} l\s+h"
    rects = []
    for match in re.finditer(pattern, body):
        xs = [float(match.group(i)) for i in (1, 3, 5, 7)]
        ys = [float(match.group(i)) for i in (2, 4, 6, 8)]
        rects.append((min(xs), min(ys), max(xs), max(ys)))
    size = round(max(r[2] for r in rects))
    matrix = [[0] * size for _ in range(size)]
    for x0, y0, x1, _y1 in rects:
        for col in range(round(x0), round(x1)):
            matrix[round(y0)][col] = 1
    return float(clip.group(1)) * px / CM, matrix


def test_qr_posters_one_vector_page_per_quartier(app, client, survey):
    _planner(app, client)
    response = client.get(f"/planner/surveys/{survey.campaign_id}/posters.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == len(survey.area_codes) == 3
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de" and catalog["/MarkInfo"]["/Marked"]  # tagged (PDF/UA-1)
    assert "pdfuaid:part" in catalog["/Metadata"].get_object().get_data().decode()
    with app.app_context():
        areas = {a.code: a.name for a in db.session.get(Campaign, survey.campaign_id).areas}
    for page, code in zip(reader.pages, sorted(areas), strict=True):
        assert round(float(page.mediabox.width) / CM, 1) == 21.0  # A4
        assert round(float(page.mediabox.height) / CM, 1) == 29.7
        xobjects = page["/Resources"].get("/XObject")
        images = [
            x
            for x in (xobjects.get_object() if xobjects else {}).values()
            if x.get_object().get("/Subtype") == "/Image"
        ]
        assert images == []  # no raster image anywhere: the QR code is vector paths
        text = page.extract_text()
        url = next(line for line in text.splitlines() if "/s/" in line)
        assert url.endswith(f"/s/{survey.resident}/{code.replace(' ', '%20')}")
        assert areas[code] in text
        assert "Quartierscheck Teststadt" in text
        assert "IP-Adresse" in text  # the privacy line
        width_cm, matrix = _qr_code(page.get_contents().get_data().decode("latin-1"))
        assert width_cm >= 6.0
        expected = segno.make(url, error="m", boost_error=False).matrix
        assert matrix == [list(row) for row in expected]


def test_a_survey_without_experts_has_no_expert_link(app, client, survey):
    _planner(app, client)
    kommune_id, data = _form(app, role_choices=["resident", "group"])
    data["csrf_token"] = csrf_of(client, f"/planner/kommune/{kommune_id}/surveys/new")
    response = client.post(f"/planner/kommune/{kommune_id}/surveys/new", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == "2027"))
        assert campaign.enabled_roles == ("resident", "group")
        tokens = {role: campaign.token_for(role) for role in ("resident", "expert", "group")}
    assert f"/s/{tokens['resident']}" in page and f"/s/{tokens['expert']}" not in page
    # The switched-off link is no link at all: neither the pages nor the API take it.
    assert client.get(f"/s/{tokens['expert']}").status_code == 404
    # (A whole answer: a body of the wrong shape is refused with 400 before its link is read.)
    body = {"token": tokens["expert"], "area": "1 a", "uuid": str(uuid.uuid4())}
    refused = client.post("/api/v1/responses", json={**body, "ratings": {"moving": 3}})
    assert refused.status_code == 404
    assert client.get(f"/s/{tokens['resident']}").status_code == 200


def test_a_survey_without_residents_prints_no_posters(app, client, survey):
    _planner(app, client)
    kommune_id, data = _form(app, role_choices=["expert"])
    data["csrf_token"] = csrf_of(client, f"/planner/kommune/{kommune_id}/surveys/new")
    location = client.post(f"/planner/kommune/{kommune_id}/surveys/new", data=data).headers[
        "Location"
    ]
    assert "posters.pdf" not in client.get(location).get_data(as_text=True)
    refused = client.get(location + "/posters.pdf", headers={"Accept-Language": "de"})
    assert refused.status_code == 409
    assert "keinen Link für Bewohner" in refused.get_data(as_text=True)


def test_a_survey_needs_at_least_one_group_of_participants(app, client, survey):
    _planner(app, client)
    kommune_id, data = _form(app)
    del data["role_choices"]
    data["csrf_token"] = csrf_of(client, f"/planner/kommune/{kommune_id}/surveys/new")
    response = client.post(
        f"/planner/kommune/{kommune_id}/surveys/new", data=data, headers={"Accept-Language": "de"}
    )
    assert response.status_code == 200
    assert "mindestens eine Gruppe" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Campaign).where(Campaign.round_label == "2027")) is None


def test_the_privacy_notice_names_the_responsible_body_set_by_the_planner(app, client, survey):
    _planner(app, client)
    kommune_id, data = _form(app)
    url = f"/planner/kommune/{kommune_id}/surveys/new"
    bad = {**data, "privacy_url": "javascript:alert(1)", "csrf_token": csrf_of(client, url)}
    page = client.post(url, data=bad).get_data(as_text=True)
    assert "muss mit https:// oder http:// beginnen" in page
    with app.app_context():
        assert db.session.scalar(select(Campaign).where(Campaign.round_label == "2027")) is None
    data.update(
        privacy_body="Stadt Teststadt, Sozialamt",
        privacy_url="https://teststadt.example/datenschutz",
        opens_on="",
        closes_on="",
        csrf_token=csrf_of(client, url),
    )
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == "2027"))
        token, code = campaign.resident_token, campaign.areas[0].code
    form = client.get(f"/s/{token}/{code.replace(' ', '%20')}").get_data(as_text=True)
    assert "Verantwortlich für Ihre Daten: Stadt Teststadt, Sozialamt." in form
    assert '<a href="https://teststadt.example/datenschutz" rel="noopener">' in form
