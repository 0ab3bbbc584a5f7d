"""The paper questionnaire: a PDF per survey and per Quartier, each sheet with its own code."""

from __future__ import annotations

import re

from app.core.extensions import db
from app.models import Campaign
from app.services.questionnaire import normalise_sheet_code, sheet_uuid
from tests.support.output import page_texts, pages_text

CODE = re.compile(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")


def test_area_questionnaire_names_the_quartier_and_every_theme(client, survey):
    response = client.get(f"/paper/{survey.resident}/1 a.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pages_text(response.data)
    assert "Altstadt" in text
    for title in ("Fuß- und Radwege", "Sicherheit", "Mitsprache und Mitgestaltung"):
        assert title in text
    assert "Kann ich nicht sagen" in text
    assert "Ihre Antworten sind anonym" in text


def test_each_sheet_has_its_own_code_on_every_page(client, survey):
    pages = page_texts(client.get(f"/paper/{survey.resident}.pdf?sheets=3").data)
    codes_per_page = [CODE.findall(page) for page in pages]
    assert all(codes for codes in codes_per_page), "every page names its sheet code"
    distinct = {code for codes in codes_per_page for code in codes}
    assert len(distinct) == 3
    # Pages of one sheet stay together: codes change only twice through the document.
    footer_codes = [codes[-1] for codes in codes_per_page]
    changes = sum(1 for a, b in zip(footer_codes, footer_codes[1:], strict=False) if a != b)
    assert changes == 2


def test_questionnaire_in_english(client, survey):
    text = pages_text(client.get(f"/paper/{survey.resident}.pdf?lang=en").data)
    assert "Moving around" in text and "Can't say" in text and "Sheet code" in text


def test_bad_requests_are_refused_with_a_sentence(client, survey):
    assert client.get("/paper/nope.pdf").status_code == 404
    assert client.get(f"/paper/{survey.resident}/99.pdf").status_code == 404
    refused = client.get(
        f"/paper/{survey.resident}.pdf?sheets=0", headers={"Accept-Language": "de"}
    )
    assert refused.status_code == 400
    assert "Bögen" in refused.get_data(as_text=True)
    too_many = client.get(f"/paper/{survey.resident}.pdf?sheets=101")
    assert too_many.status_code == 400 and "100" in too_many.get_data(as_text=True)


def test_sheet_codes_are_typed_forgivingly_and_map_to_one_uuid(app, survey):
    assert normalise_sheet_code("k7f2 9qxd") == "K7F2-9QXD"
    assert normalise_sheet_code("K7F2-9QX0") is None  # 0 is not used on paper
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        assert sheet_uuid(campaign, "K7F2-9QXD") == sheet_uuid(campaign, "K7F2-9QXD")
        assert sheet_uuid(campaign, "K7F2-9QXD") != sheet_uuid(campaign, "K7F2-9QXE")
