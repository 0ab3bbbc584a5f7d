"""The round table in the room: grouped comments, comparison numbers, verdicts, who saved."""

from __future__ import annotations

import re

from tests.support.factories import answer_payload
from tests.support.workspace import (
    add_outlines,
    answer,
    csrf_of,
    login,
    make_user,
    show_comments,
)

SAME = ["Wir werden nie gefragt."] * 4 + ["wir werden NIE gefragt!", "Wir werden nie gefragt"]


def _moderator(app, client):
    with app.app_context():
        make_user("mod@example.org", "moderator", ["Teststadt"])
        add_outlines()
    assert login(client, "mod@example.org").status_code == 302


def _url(survey, area="1 a", tail=""):
    return f"/moderator/surveys/{survey.campaign_id}/areas/{area.replace(' ', '%20')}{tail}"


def test_identical_and_near_identical_comments_are_shown_once_with_a_count(app, client, survey):
    _moderator(app, client)
    api = app.test_client()
    for text in SAME:
        payload = answer_payload(survey, comments={"nature": {"good": "", "improve": text}})
        assert api.post("/api/v1/responses", json=payload).status_code == 201
    show_comments(app)
    for view in ("", "?view=present"):
        html = client.get(_url(survey, tail="/live") + view).get_data(as_text=True)
        assert html.lower().count("wir werden nie gefragt") == 1, view
        assert 'Wir werden nie gefragt. <span class="times">(6-mal)</span>' in html, view


def test_the_comparison_is_in_the_table_as_numbers(app, client, survey):
    _moderator(app, client)
    answer(app.test_client(), survey, 5)
    answer(app.test_client(), survey, 5, area="15 b")
    html = client.get(_url(survey, tail="/live") + "?compare=area:15%20b").get_data(as_text=True)
    assert '<th class="n">Bewohner:innen von Nordstadt</th>' in html
    numbers = re.findall(r"<td class=\"n\" data-compare>([^<]*)</td>", html)
    assert len(numbers) == 14 and all(re.fullmatch(r"\d,\d", n) for n in numbers if n != "–")
    assert sum(n != "–" for n in numbers) == 13  # "safety" is "can't say" for everyone
    plain = client.get(_url(survey, tail="/live")).get_data(as_text=True)
    assert "data-compare" not in plain


def test_the_record_says_who_saved_it_and_the_verdicts_show_beside_the_ratings(app, client, survey):
    _moderator(app, client)
    answer(app.test_client(), survey, 5)
    form = {"csrf_token": csrf_of(client, _url(survey)), "need-play": "confirmed"}
    assert client.post(_url(survey, tail="/record"), data=form).status_code == 302
    page = client.get(_url(survey)).get_data(as_text=True)
    assert re.search(r"Gespeichert von mod@example\.org am \d\d\.\d\d\.\d{4}, \d\d:\d\d", page), (
        "who saved the record and when"
    )
    assert "<details open>" in page  # the per-theme verdicts are not folded away
    row = re.search(r'<tr class="" data-theme="play">.*?</tr>', page, re.S).group(0)
    assert "<td data-verdict>Bedarf bestätigt</td>" in row
    assert 'href="#record"' in page and 'class="record-tab"' in page


def test_presentation_page_names_its_keys_and_links_the_neighbours(app, client, survey):
    _moderator(app, client)
    answer(app.test_client(), survey, 5)
    page = client.get(_url(survey, tail="/present")).get_data(as_text=True)
    assert "Tasten: → nächstes Quartier" in page
    assert 'data-key="ArrowRight"' in page and "/areas/15%20b/present" in page
    assert 'data-key="ArrowLeft"' in page and "/areas/01100101/present" in page  # wraps round
    assert 'data-key="c"' in page and "compare=area:15+b" in page.replace("%3A", ":")
    assert "view=present" in page and 'class="present-grid"' in page
    assert 'class="record-tab"' in page
    compared = client.get(_url(survey, tail="/present") + "?compare=area:15%20b")
    assert "Vergleich aus (C)" in compared.get_data(as_text=True)
