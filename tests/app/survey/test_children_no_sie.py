"""Not one "Sie" on a children's survey: every page, refusal, offline text, poster and paper
sheet of a survey on the children's instrument speaks German "du" – while the same pages of an
adults' survey still say "Sie".

The texts the survey's JavaScript shows (offline notices, the review table's words) come from
the page itself (``#qk-texts``, ``data-*`` attributes), so reading the whole HTML reads them too.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign
from app.services.posters import campaign_posters
from app.services.submissions import today
from tests.support.factories import SurveyInfo, answer_payload, form_url, open_form
from tests.support.output import poppler_text

DE = {"Accept-Language": "de"}
#: The formal address, as a whole word and capitalised: "sie" (they) stays allowed.
FORMAL = re.compile(r"\b(Sie|Ihnen|Ihr\w*)\b")
PAGES = {
    "start", "no match", "form", "nothing rated", "stale page", "off the scale, foreign age",
    "comments: control characters, too long", "wrong Quartier", "too many answers",
    "group form", "group: no name, no size",
    "thanks", "api: nothing rated", "api: off the scale, foreign age", "poster", "paper sheet",
    "closed", "api: closed", "not yet open", "api: not yet open",
}  # fmt: skip


def _set(app, info: SurveyInfo, **fields) -> None:
    with app.app_context(), write_transaction():
        campaign = db.session.get(Campaign, info.campaign_id)
        for name, value in fields.items():
            setattr(campaign, name, value)


def _day(app, offset: int) -> dt.date:
    """The app's today, ``offset`` days away."""
    with app.app_context():
        return today() + dt.timedelta(days=offset)


def _api(client, payload: dict) -> str:
    reply = client.post("/api/v1/responses", json=payload, headers=DE)
    return json.dumps(reply.json, ensure_ascii=False)


def _open_pages(app, client, info: SurveyInfo, foreign_band: str, above: int) -> dict[str, str]:
    """The pages of the open survey, its refusals and its printed matter."""
    _set(app, info, privacy_body="Stadt Teststadt, Amt für Soziales", closes_on=_day(app, 30))
    token, first = info.resident, info.themes[0]
    texts = {
        "start": client.get(f"/s/{token}", headers=DE).text,
        "no match": client.get(f"/s/{token}?q=zzzz", headers=DE).text,
    }
    texts["form"], hidden = open_form(client, token, "1 a")

    def post(data):
        return client.post(form_url(token, "1 a"), data=data, headers=DE)

    texts["nothing rated"] = post(hidden).text
    texts["stale page"] = post({**hidden, "csrf_token": "stale", f"score-{first}": "1"}).text
    wrong = {f"score-{first}": str(above), "age_band": foreign_band}
    texts["off the scale, foreign age"] = post({**hidden, **wrong}).text
    comments = {f"good-{first}": "Park\x07", f"improve-{first}": "x" * 2001}
    texts["comments: control characters, too long"] = post({**hidden, **comments}).text
    texts["wrong Quartier"] = client.get(form_url(token, "nowhere"), headers=DE).text
    texts["group form"], hidden = open_form(client, info.group, "1 a")
    data = {**hidden, f"score-{first}": "1"}
    texts["group: no name, no size"] = client.post(form_url(info.group, "1 a"), data=data).text
    sent = post({**hidden, f"score-{first}": "1"})
    assert sent.status_code == 303
    texts["thanks"] = client.get(sent.headers["Location"], headers=DE).text
    texts["api: nothing rated"] = _api(client, answer_payload(info, ratings={}, comments={}))
    payload = answer_payload(info, ratings={first: above}, comments={})
    payload["demographics"]["age_band"] = foreign_band
    texts["api: off the scale, foreign age"] = _api(client, payload)
    with app.test_request_context(headers=DE):
        campaign = db.session.get(Campaign, info.campaign_id)
        texts["poster"] = poppler_text(campaign_posters(campaign, lambda area: "https://q.de/s"))
    texts["paper sheet"] = poppler_text(client.get(f"/paper/{token}.pdf", headers=DE).data)
    texts["too many answers"] = _one_too_many(app, client, info)
    return texts


def _one_too_many(app, client, info: SurveyInfo) -> str:
    """The form's page when this network has sent its allowance of answers."""
    before = app.config["QK_RATE_LIMIT_ANSWERS"]
    app.config["QK_RATE_LIMIT_ANSWERS"] = 1
    try:
        for _ in range(2):  # the first may still fit into the window
            _html, hidden = open_form(client, info.resident, "1 a")
            data = {**hidden, f"score-{info.themes[0]}": "1"}
            reply = client.post(form_url(info.resident, "1 a"), data=data, headers=DE)
    finally:
        app.config["QK_RATE_LIMIT_ANSWERS"] = before
    assert reply.status_code == 429
    return reply.text


def _closed_pages(app, client, info: SurveyInfo) -> dict[str, str]:
    """The pages of the survey once it has closed, and before it opens."""
    texts = {}
    for name, opens, closes in (
        ("closed", None, _day(app, -1)),
        ("not yet open", _day(app, 1), None),
    ):
        _set(app, info, opens_on=opens, closes_on=closes)
        texts[name] = client.get(f"/s/{info.resident}", headers=DE).text
        texts[f"api: {name}"] = _api(client, answer_payload(info, ratings={info.themes[0]: 1}))
    return texts


def every_page(app, client, info: SurveyInfo, foreign_band: str, above: int) -> dict[str, str]:
    """Every German text a resident of ``info``'s survey can meet, by page."""
    texts = _open_pages(app, client, info, foreign_band, above)
    texts.update(_closed_pages(app, client, info))
    assert set(texts) == PAGES
    return texts


def test_no_page_of_a_childrens_survey_says_sie(app, client, children):
    texts = every_page(app, client, children, foreign_band="30_44", above=4)
    formal = {name: FORMAL.findall(text) for name, text in texts.items()}
    assert {name: words for name, words in formal.items() if words} == {}
    # The pages did say what they are for (not an empty page or a stray error).
    assert "Über welches Quartier willst du uns etwas sagen?" in texts["start"]
    assert "Wir haben kein Quartier mit diesen Wörtern gefunden." in texts["no match"]
    assert "Auf deine Antworten passt auf: Stadt Teststadt, Amt für Soziales." in texts["form"]
    assert "Bitte wähl bei mindestens einem Thema eine Zahl." in texts["nothing rated"]
    assert "Deine Antworten sind noch da" in texts["stale page"]
    assert "Bitte wähl eine Zahl von 1 bis 3" in texts["off the scale, foreign age"]
    assert "unsichtbare Zeichen" in texts["comments: control characters, too long"]
    assert "Dein Text ist zu lang" in texts["comments: control characters, too long"]
    assert "Bitte wähl eins aus der Liste." in texts["wrong Quartier"]
    assert "<legend>Deine Gruppe</legend>" in texts["group form"]
    assert "Den sagt dir der Erwachsene." in texts["group: no name, no size"]
    assert "Schick sie bitte in 10 Minuten noch einmal." in texts["too many answers"]
    assert "Bitte wähl aus der Liste, wie alt du bist." in texts["api: off the scale, foreign age"]
    assert "Das ist dein Kompass" in texts["thanks"]
    assert "Scanne den Code" in texts["poster"] and "Kreuz" in texts["paper sheet"]
    assert "Diese Umfrage ist schon vorbei." in texts["closed"]
    assert "Komm später wieder!" in texts["api: not yet open"]


def test_the_same_pages_of_an_adults_survey_still_say_sie(app, client, survey):
    texts = every_page(app, client, survey, foreign_band="6_7", above=8)
    assert [name for name, text in texts.items() if not FORMAL.search(text)] == []
    assert "Welches Quartier möchten Sie bewerten?" in texts["start"]
    assert "Bitte wählen Sie einen Wert von 1 bis 7" in texts["off the scale, foreign age"]
    assert "Bewerten Sie Ihr Quartier" in texts["poster"]
