"""A survey on the children's instrument speaks to children ("du", plain words) and asks for
the children's age bands – on the web form, the thank-you page and the paper questionnaire –
while an adults' survey keeps its wording and bands; each refuses the other's bands."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from app.core.extensions import db
from app.models import Response
from tests.support.factories import SurveyInfo, answer_payload, form_url, open_form
from tests.support.output import poppler_text

DE = {"Accept-Language": "de"}
REFUSED = "Bitte wählen Sie eine der Altersgruppen dieser Umfrage."
REFUSED_CHILD = "Bitte wähl aus der Liste, wie alt du bist."


def _post_form(client, info: SurveyInfo, band: str):
    html, hidden = open_form(client, info.resident, "1 a")
    data = {**hidden, f"score-{info.themes[0]}": "2", "age_band": band}
    return client.post(form_url(info.resident, "1 a"), data=data, headers=DE)


def _bands(html: str) -> list[str]:
    select_html = html.split('id="age_band"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\w+)"', select_html)


def test_the_childrens_form_says_du_and_asks_for_the_childrens_age_bands(client, children):
    html = client.get(form_url(children.resident, "1 a"), headers=DE).get_data(as_text=True)
    assert "<h2>So geht es</h2>" in html
    assert "Du musst uns deinen Namen nicht sagen." in html
    assert "mindestens 5 Kinder mitgemacht haben" in html
    assert "<legend>Über dich (kannst du auslassen)</legend>" in html
    assert ">Wie alt bist du?</label>" in html and ">Du bist …</label>" in html
    assert ">Wie lange wohnst du schon hier?</label>" in html
    assert _bands(html) == ["6_7", "8_9", "10_12"]
    assert ">6 oder 7 Jahre</option>" in html and ">10 bis 12 Jahre</option>" in html
    assert ">ein Mädchen</option>" in html
    for adults in ("Bevor Sie anfangen", "Ihre Antworten sind anonym", "Über Sie", "unter 18"):
        assert adults not in html
    english = client.get(form_url(children.resident, "1 a") + "?lang=en").get_data(as_text=True)
    assert "<h2>This is how it works</h2>" in english and ">How old are you?</label>" in english
    assert "You do not tell us your name." in english


def test_an_adults_form_is_unchanged(client, survey):
    html = client.get(form_url(survey.resident, "1 a"), headers=DE).get_data(as_text=True)
    assert "<h2>Bevor Sie anfangen</h2>" in html
    assert "Ihre Antworten sind anonym." in html
    assert "<legend>Über Sie (freiwillig)</legend>" in html
    assert _bands(html) == ["under_18", "18_29", "30_44", "45_64", "65_79", "80_plus"]
    assert "Wie alt bist du?" not in html and "So geht es" not in html


def test_the_start_page_and_the_thanks_page_speak_to_children(app, client, children, survey):
    start = client.get(f"/s/{children.resident}", headers=DE).get_data(as_text=True)
    offline = re.search(r'<script type="application/json" id="qk-texts">(.*?)</script>', start)
    assert json.loads(offline.group(1))["thanks"] == "Danke, dass du mitgemacht hast!"
    sent = _post_form(client, children, "8_9")
    assert sent.status_code == 303
    thanks = client.get(sent.headers["Location"], headers=DE).get_data(as_text=True)
    assert "<h1>Danke, dass du mitgemacht hast!</h1>" in thanks
    assert "<p>Wir haben gespeichert, was du über Altstadt denkst.</p>" in thanks
    assert "<h2>Das ist dein Kompass</h2>" in thanks and ">Das hast du gewählt</caption>" in thanks
    offline = json.loads(re.search(r'id="qk-texts">(.*?)</script>', thanks).group(1))
    assert offline["compass"] == "Das ist dein Kompass"
    assert offline["ratings"] == "Das hast du gewählt"
    adults = client.get(_post_form(client, survey, "30_44").headers["Location"], headers=DE)
    adults_html = adults.get_data(as_text=True)
    assert "<h1>Danke für Ihre Antworten!</h1>" in adults_html
    assert "<p>Ihre Bewertung von Altstadt ist gespeichert.</p>" in adults_html
    assert "<h2>Ihr Kompass</h2>" in adults_html


def test_the_form_accepts_only_the_surveys_own_age_bands(app, client, children, survey):
    assert _post_form(client, children, "10_12").status_code == 303
    assert _post_form(client, survey, "65_79").status_code == 303
    for info, band, sentence in ((children, "30_44", REFUSED_CHILD), (survey, "6_7", REFUSED)):
        refused = _post_form(client, info, band)
        assert refused.status_code == 400
        assert sentence in refused.get_data(as_text=True)
    with app.app_context():
        stored = dict(db.session.execute(select(Response.campaign_id, Response.age_band)).all())
    assert stored == {children.campaign_id: "10_12", survey.campaign_id: "65_79"}


def test_the_api_accepts_only_the_surveys_own_age_bands(app, client, children, survey):
    def post(info, band):
        payload = answer_payload(info, ratings={info.themes[0]: 2}, comments={})
        payload["demographics"]["age_band"] = band
        return client.post("/api/v1/responses", json=payload, headers=DE)

    assert post(children, "6_7").status_code == 201
    assert post(survey, "under_18").status_code == 201
    for info, band, sentence in ((children, "80_plus", REFUSED_CHILD), (survey, "8_9", REFUSED)):
        refused = post(info, band)
        assert refused.status_code == 400
        assert {"field": "demographics.age_band", "message": sentence} in refused.json["errors"]
    with app.app_context():
        bands = dict(db.session.execute(select(Response.campaign_id, Response.age_band)).all())
    assert bands == {children.campaign_id: "6_7", survey.campaign_id: "under_18"}


def test_the_childrens_paper_questionnaire_says_du_and_prints_the_childrens_bands(
    client, children, survey
):
    text = " ".join(poppler_text(client.get(f"/paper/{children.resident}.pdf").data).split())
    assert "Du musst uns deinen Namen nicht sagen." in text
    assert "Mach bei jedem Thema ein Kreuz." in text
    assert "Über dich (kannst du auslassen)" in text and "Wie alt bist du?" in text
    assert "☐ 6 oder 7 Jahre ☐ 8 oder 9 Jahre ☐ 10 bis 12 Jahre" in text
    assert "unter 18" not in text and "Ihre Antworten" not in text
    adults = " ".join(poppler_text(client.get(f"/paper/{survey.resident}.pdf").data).split())
    assert "Ihre Antworten sind anonym." in adults and "☐ unter 18" in adults
    assert "Jahre ☐ 8 oder 9" not in adults and "Wie alt bist du?" not in adults
