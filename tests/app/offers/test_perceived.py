"""Perceived versus measured on the offers page, in the report and as CSV: a hand-built survey.

Musterstadt (the demo's outlines and index) gets a survey of six Quartiere with known "play"
scores and playgrounds in three of them (:data:`tests.support.offers.PLAY_PLAN`); the labels
follow from those numbers and the needs validation's rule.
"""

from __future__ import annotations

import io

import pandas as pd
import pytest

from app.services.demo import load_demo
from app.services.offer_catalogue import add_category, category_by_slug
from app.services.offer_coverage import category_coverage
from app.services.offer_perceived import perceived
from app.services.offer_report import offers_section
from tests.support.html_tables import table_rows
from tests.support.index import musterstadt, save
from tests.support.offers import PLAY_PLAN, play_survey
from tests.support.workbook import read_excel_csv
from tests.support.workspace import login, make_user

EXPECTED = {
    "1 a": ("unseen_offers", "matched"),
    "3 a": ("matched", "insufficient_data"),
    "3 b": ("unclear", "insufficient_data"),
    "1 b": ("unnoticed_gap", "insufficient_data"),
    "2": ("confirmed_gap", "insufficient_data"),
    "4": ("insufficient_data", "insufficient_data"),
}


def _setup():
    load_demo()
    save("Index 2024", 2024)
    kommune = musterstadt()
    return kommune, play_survey(kommune), category_by_slug(kommune, "spielplatz")


def test_labels_follow_the_known_medians_and_the_validation_rule(app):
    with app.app_context(), app.test_request_context():
        kommune, campaign, spielplatz = _setup()
        result = category_coverage(kommune, spielplatz)
        p = perceived(campaign, spielplatz, result, measure="share_within")
        table = p.table.set_index("area_code")
        assert set(table.index) == set(PLAY_PLAN)
        # The three Quartiere with a playground are above the cut, the others below.
        assert table["thin"].to_dict() == {code: not plan[0] for code, plan in PLAY_PLAN.items()}
        got = {code: (r.resident_quadrant, r.expert_quadrant) for code, r in table.iterrows()}
        assert got == EXPECTED
        # The residents' medians are the scores given; k = 5 hides the three people of "4".
        assert (
            table.loc["1 a", "resident_median"] == 2.0
            and table.loc["1 b", "resident_median"] == 6.0
        )
        assert pd.isna(table.loc["4", "resident_median"])
        assert table.loc["3 b", "resident_reason"] == "too_few_answers"
        assert table.loc["1 a", ["resident_low", "resident_high"]].tolist() == [2.0, 2.0]
        assert p.params["rating_threshold"] == 3.5
        assert p.svg.count('id="n') == 5  # a number per Quartier with a median (not "4")


def test_the_page_shows_quadrant_and_table_in_german(app, client):
    with app.app_context():
        kommune, campaign, _s = _setup()
        kommune_id, campaign_id = kommune.id, campaign.id
        make_user("plan@example.org", "planner", ["Musterstadt"])
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/offers?category=spielplatz&campaign={campaign_id}"
    html = client.get(url, headers={"Accept-Language": "de"}).get_data(as_text=True)
    rows = table_rows(html, "perceived-spielplatz-table")
    assert rows[0][:4] == [
        "Nr.",
        "Quartier",
        "Anteil im Fußweg",
        "Median der Bewohner:innen (Intervall)",
    ]
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["Altstadt"][3:5] == [
        "2,0 (2,0–2,0)",
        "Angebote da, Bewohner:innen sagen: nichts hier",
    ]
    assert by_name["Bahnhofsviertel"][4] == "dünn versorgt und schlecht bewertet"
    assert by_name["Lindenhof"][3] == "–"
    assert "<svg" in html and "dünn, niemand beschwert sich" in html


def test_report_chapter_and_csv(app, client):
    with app.app_context(), app.test_request_context():
        kommune, campaign, _s = _setup()
        section = offers_section(campaign, "de")
        assert len(table_rows(section.html, "perceived-spielplatz-table")) == 7
        assert "Was die Bewohner:innen sagen und was gemessen ist: " in section.html
        add_category(kommune, "Buecherbus", "alle", None, 500)
        kommune_id, campaign_id = kommune.id, campaign.id
        make_user("plan@example.org", "planner", ["Musterstadt"])
    login(client, "plan@example.org")
    url = (f"/planner/kommune/{kommune_id}/offers/download?category=spielplatz"
           f"&campaign={campaign_id}&format=perceived")  # fmt: skip
    response = client.get(url)
    assert response.status_code == 200
    frame = pd.read_csv(io.BytesIO(response.data), dtype={"area_code": str})
    assert frame.columns[:6].tolist() == ["area_code", "area_name", "theme", "measure_name",
                                          "measure", "thin"]  # fmt: skip
    got = dict(zip(frame["area_code"], zip(frame["resident_quadrant"], frame["expert_quadrant"],
                                           strict=True), strict=True))  # fmt: skip
    assert got == EXPECTED
    # The same for German Excel: codes as text ("1 a" is no number), medians with a comma.
    excel = read_excel_csv(io.BytesIO(client.get(url + "-excel").data))
    assert excel["area_code"].tolist() == frame["area_code"].tolist()
    assert excel["resident_median"].tolist() == pytest.approx(frame["resident_median"].tolist(),
                                                              nan_ok=True)  # fmt: skip
    assert set(excel["resident_quadrant"]) == set(frame["resident_quadrant"])
    # A category without a theme of the survey: a sentence, no file.
    other = client.get(url.replace("spielplatz", "buecherbus"), follow_redirects=True,
                       headers={"Accept-Language": "de"})  # fmt: skip
    assert other.status_code == 200 and other.mimetype == "text/html"
    assert "Diese Kategorie hat kein Thema der Befragung" in other.get_data(as_text=True)
