"""A Kommune's validation settings: the threshold margin (relative to the scale) and the
theme–indicator hypotheses, edited on a planner page, stored, used by every comparison and
written into each result file."""

from __future__ import annotations

import io
import json

import openpyxl
import pandas as pd
from sqlalchemy import func, select

from app.core.extensions import db
from app.models import Kommune, ValidationSettings
from tests.support.html_tables import table_rows
from tests.support.workspace import csrf_of, demo_with_index, login, make_user


def _demo(app, client) -> tuple[int, int]:
    with app.app_context():
        campaign_id = demo_with_index()
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Musterstadt"))
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    return kommune_id, campaign_id


def _meta(client, campaign_id) -> dict:
    reply = client.get(f"/planner/surveys/{campaign_id}/download/results.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(reply.data))["Metadaten"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    return json.loads(values["Validierung (Parameter)"])


def test_defaults_are_the_catalogues_pairs_and_half_a_step(app, client):
    kommune_id, campaign_id = _demo(app, client)
    page = client.get(f"/planner/kommune/{kommune_id}/validation").get_data(as_text=True)
    assert "Es gelten die Voreinstellungen." in page
    assert "Skala 1–7: 3,50 und 4,50" in page and "Skala 1–3: 1,50 und 2,50" in page
    header, *rows = table_rows(page, "hypotheses")
    assert "nef_u15" in header and len(rows) == 14
    assert 'value="play|nef_u15" aria-label="Spiel, Sport und Freizeit' in page
    assert 'value="play|nef_u15" aria-label="Spiel, Sport und Freizeit – ' in page
    ticked = {v.split('"')[0] for v in page.split('name="pairs" value="')[1:] if "checked" in
              v.split(">")[0]}  # fmt: skip
    assert {"play|nef_u15", "work|sgb2_quote", "housing|alleinerziehende"} <= ticked
    assert "S1" in page.split("nicht hat, bleiben weg:")[1]  # Berlin's pairs: no such indicator
    params = _meta(client, campaign_id)
    assert params["margin"] == 0.5 and params["thresholds"] == [3.5, 4.5]


def test_saved_settings_drive_every_comparison_and_are_recorded_with_the_files(app, client):
    kommune_id, campaign_id = _demo(app, client)
    url = f"/planner/kommune/{kommune_id}/validation"
    reply = client.post(url, data={"csrf_token": csrf_of(client, url), "margin": "0,25",
                                   "pairs": ["play|nef_u15", "safety|sgb2_quote"]})  # fmt: skip
    assert reply.status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(ValidationSettings))
        assert stored.margin == 0.25
        assert stored.hypotheses == [
            {"theme": "play", "indicator": "nef_u15"},
            {"theme": "safety", "indicator": "sgb2_quote"},
        ]
    page = client.get(url).get_data(as_text=True)
    assert "Skala 1–7: 3,75 und 4,25" in page and "Gespeichert am" in page
    results = client.get(f"/planner/surveys/{campaign_id}/results").get_data(as_text=True)
    assert "Schwellen 3,75 und 4,25 liegt (Skala 1–7)" in results
    _header, *tests = table_rows(results, "validation-tests")
    assert [(row[0], row[1]) for row in tests] == [
        ("Spiel, Sport und Freizeit", "nef_u15 (2024)"),
        ("Sicherheit", "sgb2_quote (2024)"),
    ]
    assert tests[0][9].startswith("Wo Kinderarmut hoch ist")  # the catalogue's rationale
    tests_csv = client.get(f"/planner/surveys/{campaign_id}/download/validation_tests.csv")
    table = pd.read_csv(io.BytesIO(tests_csv.data), encoding="utf-8-sig")
    assert table[["theme", "indicator"]].values.tolist() == [
        ["play", "nef_u15"], ["safety", "sgb2_quote"]
    ]  # fmt: skip
    params = _meta(client, campaign_id)
    assert params["margin"] == 0.25 and params["thresholds"] == [3.75, 4.25]
    assert params["hypotheses"] == [
        {"theme": "play", "indicator": "nef_u15"},
        {"theme": "safety", "indicator": "sgb2_quote"},
    ]
    reset = client.post(url, data={"csrf_token": csrf_of(client, url), "reset": "1"})
    assert reset.status_code == 302
    assert _meta(client, campaign_id)["thresholds"] == [3.5, 4.5]


def test_bad_input_is_refused_with_a_sentence_and_stores_nothing(app, client, survey):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Teststadt"))
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/validation"
    for margin, pairs in (("abc", []), ("1", []), ("-0,1", []), ("nan", []),
                          ("0,5", ["play|no_such_indicator"]), ("0,5", ["<b>|x"])):  # fmt: skip
        reply = client.post(url, data={"csrf_token": csrf_of(client, url), "margin": margin,
                                       "pairs": pairs})  # fmt: skip
        assert reply.status_code == 422, margin
        text = reply.get_data(as_text=True)
        assert 'role="alert"' in text
        assert ("Der Abstand muss eine Zahl" in text) or ("Hypothese konnte nicht" in text)
        assert "<b>|x" not in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ValidationSettings)) == 0


def test_another_kommunes_planner_cannot_see_the_settings(app, client, survey):
    with app.app_context():
        make_user("other@example.org", "planner", ["Anderswo"])
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Teststadt"))
    login(client, "other@example.org")
    assert client.get(f"/planner/kommune/{kommune_id}/validation").status_code == 404
