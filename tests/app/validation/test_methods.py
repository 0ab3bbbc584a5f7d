"""The methods page: in plain German (and English), what the validation can and cannot show,
with the numbers of the survey at hand – n, the minimal detectable effect, how many Quartiere
are unclear and why. The report's section is the same text (``methods_sections``)."""

from __future__ import annotations

import html
import io
import json

import openpyxl
import pandas as pd

from app.core.extensions import db
from app.models import Campaign
from app.services.methods import methods_sections
from tests.support.workspace import answer, demo_with_index, login, make_user


def _demo(app, client) -> int:
    with app.app_context():
        campaign_id = demo_with_index()
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    return campaign_id


def _files(client, campaign_id) -> tuple[dict, pd.DataFrame]:
    """The association (XLSX metadata) and the per-area table, as the downloads hold them."""
    reply = client.get(f"/planner/surveys/{campaign_id}/download/results.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(reply.data))["Metadaten"]
    meta = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    csv = client.get(f"/planner/surveys/{campaign_id}/download/validation.csv")
    areas = pd.read_csv(io.BytesIO(csv.data), encoding="utf-8-sig", dtype={"area_code": str})
    return json.loads(meta["Validierung (Zusammenhang)"]), areas


def _de(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def test_the_page_explains_with_the_surveys_own_numbers(app, client):
    campaign_id = _demo(app, client)
    page = html.unescape(
        client.get(f"/planner/surveys/{campaign_id}/methods").get_data(as_text=True)
    )
    association, areas = _files(client, campaign_id)
    n_areas, people = association["n_areas"], association["n_respondents"]
    assert f"{n_areas} Quartiere mit Indexwert und genug Antworten, {people} Bewohner:innen" in page
    assert (
        f"Mit {n_areas} Quartieren zeigt sich ein Zusammenhang zwischen Index und Bewertungen "
        f"nur ab einer Stärke von etwa {_de(association['mde_rho'])} sicher" in page
    )
    counts = areas["category"].value_counts()
    assert (
        f"Von {len(areas)} Quartieren: {counts.get('confirmed', 0)} bestätigt, "
        f"{counts.get('hidden', 0)} verdeckt, {counts.get('resource', 0)} Ressource, "
        f"{counts.get('inconspicuous', 0)} unauffällig, {counts.get('unclear', 0)} unklar."
    ) in page
    reasons = areas.loc[areas["category"] == "unclear", "reason"].value_counts()
    assert (
        "Unklar wegen zu weniger Antworten (weniger als 10 Bewertungen oder weniger als k = 5 "
        f"Personen): {reasons.get('too_few_answers', 0)}. Unklar, weil der Bereich über eine "
        f"Schwelle reicht: {reasons.get('interval_spans_threshold', 0)}."
    ) in page
    assert counts.get("unclear", 0) >= 1  # the demo has an unclear Quartier to explain
    assert "Bereich unter 3,50 liegt" in page and "über 4,50 liegt" in page
    assert "Er zeigt keine Ursachen." in page
    assert "keine Zufallsauswahl" in page
    english = client.get(f"/planner/surveys/{campaign_id}/methods?lang=en").get_data(as_text=True)
    assert "What the comparison cannot show" in english
    assert f"With {n_areas} Quartiere a link between index and ratings" in english


def test_the_reports_section_is_the_same_text(app, client):
    campaign_id = _demo(app, client)
    page = client.get(f"/planner/surveys/{campaign_id}/methods").get_data(as_text=True)
    with app.test_request_context(headers={"Accept-Language": "de"}):
        sections = methods_sections(db.session.get(Campaign, campaign_id))
    assert [s.title for s in sections] == [
        "Was der Abgleich zeigen kann",
        "Jedes Quartier: eine Einschätzung nur, wo die Daten sie tragen",
        "Viele Tests und wackelige Einschätzungen",
        "Was der Abgleich nicht zeigen kann",
    ]
    shown = html.unescape(page)
    assert all(p in shown for section in sections for p in section.paragraphs)


def test_pages_link_to_it_and_without_an_index_it_says_what_is_missing(app, client, survey):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    answer(app.test_client(), survey, 6)
    login(client, "plan@example.org")
    page = client.get(f"/planner/surveys/{survey.campaign_id}/methods").get_data(as_text=True)
    assert "Für den Abgleich braucht es eine gespeicherte Index-Version" in page
    assert "Was der Abgleich nicht zeigen kann" in page
    results = client.get(f"/planner/surveys/{survey.campaign_id}/results").get_data(as_text=True)
    assert f'href="/planner/surveys/{survey.campaign_id}/methods"' in results
