"""The resident's way without JavaScript: choose a Quartier, answer the form, see the compass."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Comment, Rating, Response
from tests.support.factories import answers, count_rows, form_url, open_form


def test_choose_area_lists_the_campaigns_quartiere_and_searches(client, survey):
    html = client.get(f"/s/{survey.resident}").get_data(as_text=True)
    for name in ("Altstadt", "Stülerstraße", "Nordstadt"):
        assert name in html
    assert "Außerhalb" not in html  # area "99" belongs to the town, not to the campaign
    assert f'href="/s/{survey.resident}/1%20a"' in html

    found = client.get(f"/s/{survey.resident}?q=ALT").get_data(as_text=True)
    assert "Altstadt" in found and "Nordstadt" not in found
    assert 'value="ALT"' in found  # the search box keeps what was typed
    by_code = client.get(f"/s/{survey.resident}?q=0110").get_data(as_text=True)
    assert "Stülerstraße" in by_code and "Altstadt" not in by_code
    nothing = client.get(f"/s/{survey.resident}?q=zzz&lang=en").get_data(as_text=True)
    assert "No Quartier matches your search." in nothing


@pytest.mark.parametrize("code", ["1 a", "01100101", "15 b"])
def test_qr_target_presets_the_quartier_with_spaces_and_leading_zeros(client, survey, code):
    html, hidden = open_form(client, survey.resident, code)
    name = {"1 a": "Altstadt", "01100101": "Stülerstraße", "15 b": "Nordstadt"}[code]
    assert f"<h1>{name}</h1>" in html
    assert hidden["csrf_token"] and re.fullmatch(r"[0-9a-f-]{36}", hidden["uuid"])
    # Every theme has its question, a 1-7 radio group and "can't say".
    for slug in survey.themes:
        assert f'id="t-{slug}"' in html
        assert html.count(f'name="score-{slug}"') == 8


def test_privacy_notice_comes_before_the_first_theme(client, survey):
    html, _ = open_form(client, survey.resident, "1 a")
    privacy = html.index('class="privacy"')
    assert "anonym" in html[privacy : privacy + 300]
    assert privacy < html.index(f'id="t-{survey.themes[0]}"')


def test_posting_the_form_stores_one_response_and_shows_the_compass(app, client, survey):
    html, hidden = open_form(client, survey.resident, "01100101")
    posted = client.post(form_url(survey.resident, "01100101"), data=answers(survey.themes, hidden))
    assert posted.status_code == 303
    thanks_url = posted.headers["Location"]
    assert thanks_url.endswith(f"/s/{survey.resident}/thanks/{hidden['uuid']}")

    with app.app_context():
        assert count_rows() == (1, 14, 2)
        response = db.session.scalar(select(Response))
        assert (response.uuid, response.role, response.area.code) == (
            hidden["uuid"],
            "resident",
            "01100101",
        )
        assert response.channel == "web"
        scores = {r.theme.slug: r.score for r in db.session.scalars(select(Rating))}
        assert scores["safety"] is None  # "can't say" is stored as empty
        assert scores["moving"] == 1 and scores["transport"] == 2
        texts = {(c.kind, c.text) for c in db.session.scalars(select(Comment))}
        assert texts == {("good", "Der Park ist schön."), ("improve", "Mehr Bänke, bitte.")}

    page = client.get(thanks_url)
    assert page.status_code == 200
    thanks = page.get_data(as_text=True)
    svg = thanks[thanks.index("<svg") : thanks.index("</svg>")]
    # One point per rated theme (13; "can't say" leaves a gap), titled with the person's value.
    values = re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="4"><title>([\d,]+)</title>', svg)
    expected = [float(i % 7 + 1) for i, slug in enumerate(survey.themes) if slug != "safety"]
    assert [float(v.replace(",", ".")) for v in values] == expected  # German numbers
    assert f'href="/s/{survey.resident}"' in thanks
    assert "Ein anderes Quartier bewerten" in thanks


def test_reposting_the_same_uuid_stores_nothing_new(app, client, survey):
    _, hidden = open_form(client, survey.resident, "1 a")
    data = answers(survey.themes, hidden)
    first = client.post(form_url(survey.resident, "1 a"), data=data)
    second = client.post(form_url(survey.resident, "1 a"), data=data)
    assert second.status_code == first.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    with app.app_context():
        assert count_rows() == (1, 14, 2)


def test_expert_link_stores_role_expert(app, client, survey):
    _, hidden = open_form(client, survey.expert, "15 b")
    posted = client.post(form_url(survey.expert, "15 b"), data=answers(survey.themes, hidden))
    assert posted.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Response.role)) == "expert"


def test_group_entry_requires_group_id_and_size(app, client, survey):
    html, hidden = open_form(client, survey.group, "1 a")
    assert 'id="group_code"' in html and 'id="group_size"' in html
    assert 'id="age_band"' not in html  # a group has no personal demographics

    missing = client.post(
        form_url(survey.group, "1 a"), data=answers(survey.themes, hidden), query_string="lang=en"
    )
    assert missing.status_code == 400
    page = missing.get_data(as_text=True)
    assert "Please enter the group ID the moderator gave you." in page
    assert "Please enter how many people are in the group (2 to 500)." in page
    assert 'value="4" checked' in page  # typed answers are kept
    with app.app_context():
        assert count_rows() == (0, 0, 0)

    data = answers(survey.themes, hidden, group_code="Tisch 3", group_size="6")
    stored = client.post(form_url(survey.group, "1 a"), data=data)
    assert stored.status_code == 303
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert (response.role, response.group_code, response.group_size) == ("group", "Tisch 3", 6)


def test_thanks_page_of_an_unknown_answer_is_a_clear_404(client, survey):
    page = client.get(f"/s/{survey.resident}/thanks/00000000-0000-4000-8000-000000000000")
    assert page.status_code == 404
    assert "Diese Antwort haben wir nicht gefunden." in page.get_data(as_text=True)
