"""Languages: German by default, residents' five languages complete on every resident page,
chosen by ?lang=, the remembered choice or the browser; staff pages in German and English."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pypdf
import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext
from markupsafe import escape
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, Theme
from app.services.instruments import PLACE_STANDARD
from tests.support.app import ROOT
from tests.support.factories import answer_payload
from tests.support.output import pages_text
from tools.i18n import resident_msgids

RESIDENT = ["de", "en", "tr", "ar", "uk"]
NAMES = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية", "uk": "Українська"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def catalogue(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.mark.parametrize("lang", RESIDENT)
def test_catalogues_translate_every_resident_string_without_fuzzy_entries(lang):
    wanted = resident_msgids()
    assert len(wanted) > 80 and "Which Quartier do you want to rate?" in wanted
    messages = {m.id: m for m in catalogue(lang) if m.id}
    problems = []
    for msgid in sorted(wanted):
        message = messages.get(msgid)
        if message is None or not message.string:
            problems.append(f"missing: {msgid}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid}")
        elif sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(message.string)):
            problems.append(f"placeholders differ: {msgid}")
    assert problems == []


@pytest.mark.parametrize("lang", ["de", "en"])
def test_staff_languages_translate_everything(lang):
    assert [m.id for m in catalogue(lang) if m.id and (not m.string or m.fuzzy)] == []


def test_instrument_texts_exist_in_every_resident_language():
    data = json.loads(PLACE_STANDARD.read_text(encoding="utf-8"))
    assert set(data["description"]) == set(RESIDENT)
    assert set(data["scale"]["labels"]) == set(RESIDENT)
    for theme in data["themes"]:
        for lang in RESIDENT:
            assert theme["title"][lang] and theme["question"][lang], (theme["slug"], lang)
            assert len(theme["prompts"][lang]) == len(theme["prompts"]["de"]), (theme["slug"], lang)


def translated(app, phrase: str, lang: str) -> str:
    with app.test_request_context(f"/?lang={lang}"), force_locale(lang):
        return gettext(phrase)


def test_every_resident_page_is_german_by_default(app, pages):
    client = app.test_client()
    for path, status, phrase in pages:
        reply = client.get(path)
        assert reply.status_code == status, path
        html = reply.get_data(as_text=True)
        assert '<html lang="de" dir="ltr">' in html, path
        assert translated(app, phrase, "de") in html and phrase not in html, path


def test_every_resident_page_follows_the_browser(app, pages):
    client = app.test_client()
    english, french = "en-US,en;q=0.9,de;q=0.5", "fr-FR,de;q=0.8"
    for path, _status, phrase in pages:
        html = client.get(path, headers={"Accept-Language": english}).get_data(as_text=True)
        assert '<html lang="en"' in html and phrase in html, path
        html = client.get(path, headers={"Accept-Language": french}).get_data(as_text=True)
        assert '<html lang="de"' in html and translated(app, phrase, "de") in html, path


@pytest.mark.parametrize("lang", RESIDENT)
def test_every_resident_page_in_every_language(app, pages, lang):
    client = app.test_client()
    direction = "rtl" if lang == "ar" else "ltr"
    for path, status, phrase in pages:
        reply = client.get(f"{path}?lang={lang}")
        assert reply.status_code == status, path
        html = reply.get_data(as_text=True)
        assert f'<html lang="{lang}" dir="{direction}">' in html, path
        assert translated(app, phrase, lang) in html, (path, lang)
        if lang != "en":
            assert phrase not in html, (path, lang)


@pytest.mark.parametrize("lang", ["tr", "ar", "uk"])
def test_the_form_shows_theme_texts_and_scale_labels_in_the_language(client, survey, lang):
    data = json.loads(PLACE_STANDARD.read_text(encoding="utf-8"))
    html = client.get(f"/s/{survey.resident}/1%20a?lang={lang}").get_data(as_text=True)
    for theme in data["themes"]:
        assert escape(theme["title"][lang]) in html and escape(theme["question"][lang]) in html
        assert all(escape(prompt) in html for prompt in theme["prompts"][lang])
    assert escape(data["scale"]["labels"][lang]["min"]) in html
    assert escape(data["description"][lang]) in html


@pytest.mark.parametrize("path", ["/s/{token}", "/s/{token}/1%20a"])
def test_the_first_screen_names_each_language_in_itself(client, survey, path):
    html = client.get(path.format(token=survey.resident)).get_data(as_text=True)
    nav = html[html.index('<nav class="langs"') : html.index("</nav>")]
    assert '<span aria-current="true" lang="de">Deutsch</span>' in nav
    for code in RESIDENT[1:]:
        assert f'<a href="?lang={code}" lang="{code}" hreflang="{code}">{NAMES[code]}</a>' in nav


def test_the_choice_is_remembered_and_beats_the_browser(client, survey):
    first = client.get(f"/s/{survey.resident}?lang=en", headers={"Accept-Language": "de"})
    assert "qk_lang=en" in first.headers["Set-Cookie"]
    again = client.get(f"/s/{survey.resident}", headers={"Accept-Language": "de"})
    assert '<html lang="en"' in again.get_data(as_text=True)
    back = client.get(f"/s/{survey.resident}?lang=de").get_data(as_text=True)
    assert '<html lang="de"' in back
    assert '<html lang="de"' in client.get(f"/s/{survey.resident}?lang=xx").get_data(as_text=True)


def test_the_language_switch_keeps_the_rest_of_the_address(client, survey):
    html = client.get(f"/s/{survey.resident}?q=alt&lang=de").get_data(as_text=True)
    assert '<a href="?q=alt&amp;lang=ar" lang="ar" hreflang="ar">العربية</a>' in html


def test_staff_pages_stay_german_or_english(client, survey):
    assert client.get(f"/s/{survey.resident}?lang=ar").status_code == 200  # remembers Arabic
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in html
    nav = html[html.index('<nav class="langs"') : html.index("</nav>")]
    assert "lang=tr" not in nav and "lang=ar" not in nav and "lang=en" in nav
    assert '<html lang="de"' in client.get("/login?lang=uk").get_data(as_text=True)
    assert '<html lang="en"' in client.get("/login?lang=en").get_data(as_text=True)
    # Back on a resident page, the resident's own choice is still there.
    assert '<html lang="en"' in client.get(f"/s/{survey.resident}").get_data(as_text=True)


def test_json_api_answers_in_the_residents_language(app, survey):
    payload = answer_payload(survey, token="nope")
    client = app.test_client()
    german = client.post("/api/v1/responses", json=payload).get_json()["message"]
    english = client.post("/api/v1/responses?lang=en", json=payload).get_json()["message"]
    assert german.startswith("Dieser Umfrage-Link") and english.startswith("This survey link")
    arabic = app.test_client().post("/api/v1/responses?lang=ar", json=payload).get_json()
    assert arabic["message"] == "رابط الاستبيان هذا غير صالح. يرجى التحقق من العنوان أو رمز QR."
    turkish = (
        app.test_client()
        .post("/api/v1/responses", json=payload, headers={"Accept-Language": "tr-TR,tr;q=0.9"})
        .get_json()["message"]
    )
    assert turkish.startswith("Bu anket bağlantısı geçerli değil")


def test_instrument_texts_come_from_the_instrument_data(app, client, survey):
    with app.app_context():
        theme = db.session.scalar(select(Theme).where(Theme.slug == "nature"))
        assert theme.title["de"] == "Natur- und Grünflächen"
        theme.title = {"de": "Grün im Quartier (Testtext)", "en": "Green spaces (test text)"}
        db.session.commit()
    german = client.get(f"/s/{survey.resident}/1%20a?lang=de").get_data(as_text=True)
    assert "Grün im Quartier (Testtext)" in german
    assert "Natur- und Grünflächen</legend>" not in german
    assert "Kann ich hier gut zu Fuß" in german  # a question, also from the data
    english = client.get(f"/s/{survey.resident}/1%20a?lang=en").get_data(as_text=True)
    assert "Green spaces (test text)" in english
    assert "Can I easily walk, wheel and cycle around here?" in english


def test_closing_date_is_formatted_per_locale(app, client, survey):
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.closes_on = dt.date(2031, 7, 31)
        db.session.commit()
    for path in (f"/s/{survey.resident}", f"/s/{survey.resident}/1%20a"):
        german = client.get(f"{path}?lang=de").get_data(as_text=True)
        assert "Sie können bis zum 31. Juli 2031 mitmachen." in german
        english = client.get(f"{path}?lang=en").get_data(as_text=True)
        assert "You can take part until July 31, 2031." in english


def test_paper_questionnaire_in_turkish_and_in_arabic_script(app, survey):
    turkish = pages_text(app.test_client().get(f"/paper/{survey.resident}.pdf?lang=tr").data)
    assert "Bilmiyorum" in turkish and "Yürüme ve bisiklet yolları" in turkish
    # WeasyPrint shapes Arabic and sets it right to left; the text layer keeps the letters.
    arabic = app.test_client().get(f"/paper/{survey.resident}.pdf?lang=ar")
    assert arabic.status_code == 200
    text = pages_text(arabic.data)
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        titles = [theme.title["ar"] for theme in campaign.instrument.themes]
    assert len(titles) == 14
    for title in titles:
        assert title in text
    assert "Kann ich nicht sagen" not in text
    catalog = pypdf.PdfReader(io.BytesIO(arabic.data)).trailer["/Root"]
    assert catalog["/Lang"] == "ar" and catalog["/MarkInfo"]["/Marked"]  # tagged, language set
