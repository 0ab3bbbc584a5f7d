"""Planner results: overview with suppression, exports with round-table records, deletion."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pypdf
import pytest
from sqlalchemy import func, select

from app.core.extensions import db
from app.models import AggregateSnapshot, Campaign, Comment, Kommune, Rating, Response
from app.services import index_versions
from app.services.demo import create_demo_accounts, load_demo
from app.services.exports import build_exports
from tests.support.workbook import sheet_by_keys
from tests.support.workspace import add_outlines, answer, csrf_of, login, make_user


def _setup(app, client, survey):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
        add_outlines()
    api = app.test_client()
    answer(api, survey, 6, "resident")
    answer(api, survey, 2, "expert")  # fewer than k = 5: never shown
    assert login(client, "plan@example.org").status_code == 302


def test_results_page_shows_counts_and_hides_small_groups(app, client, survey):
    _setup(app, client, survey)
    page = client.get(f"/planner/surveys/{survey.campaign_id}/results").get_data(as_text=True)
    assert "Altstadt" in page
    assert "weniger als 5" in page  # the experts of 1 a
    assert '<svg class="compass"' in page
    assert page.count('class="series residents"') == 3  # one compass per area
    assert "Es ist noch keine Index-Version gespeichert" in page


def test_xlsx_download_holds_aggregates_and_no_small_groups(app, client, survey):
    _setup(app, client, survey)
    response = client.get(f"/planner/surveys/{survey.campaign_id}/download/results.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    rows = sheet_by_keys(book, "Bewertungen").to_dict("records")
    experts = [r for r in rows if r["role"] == "Fachleute"]
    assert experts and all(pd.isna(r["median"]) for r in experts)
    assert any(r["role"] == "Bewohner:innen" and pd.notna(r["median"]) for r in rows)
    comments = [c.value for c in book["Kommentare"]["G"]] if "Kommentare" in book else []
    assert not any("expert" in str(c) for c in comments)


def test_unknown_download_name_is_404(app, client, survey):
    _setup(app, client, survey)
    url = f"/planner/surveys/{survey.campaign_id}/download/..%2Fsecret_key"
    assert client.get(url).status_code == 404


def test_download_without_outlines_says_what_to_do(app, client, survey):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    answer(app.test_client(), survey, 5)
    login(client, "plan@example.org")
    response = client.get(f"/planner/surveys/{survey.campaign_id}/download/results.gpkg")
    assert response.status_code == 409
    assert "keine Kartenumrisse" in response.get_data(as_text=True)
    # Tables and the report need no outline; the report says the map is missing.
    report = client.get(f"/planner/surveys/{survey.campaign_id}/download/report.pdf")
    assert report.status_code == 200
    pages = pypdf.PdfReader(io.BytesIO(report.data)).pages
    assert "Keine Karte" in "".join(page.extract_text() for page in pages)
    table = client.get(f"/planner/surveys/{survey.campaign_id}/download/validation.csv")
    assert table.status_code == 200 and table.data.startswith(b"\xef\xbb\xbf")


def test_a_download_builds_only_its_own_file(app, client, survey, tmp_path):
    _setup(app, client, survey)
    tmp_path = tmp_path / "exports"
    with app.test_request_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        paths = build_exports(campaign, tmp_path, only={"aggregated_ratings.csv"})
    assert [p.name for p in paths] == ["aggregated_ratings.csv"]
    assert [p.name for p in tmp_path.rglob("*")] == ["aggregated_ratings.csv"]  # no chart
    response = client.get(f"/planner/surveys/{survey.campaign_id}/download/aggregated_ratings.csv")
    assert response.status_code == 200
    assert response.data.decode("utf-8-sig").startswith("round,area_code,role,theme")


def test_index_layer_without_index_version_is_a_clear_409(app, client, survey):
    _setup(app, client, survey)
    url = f"/planner/surveys/{survey.campaign_id}/download/kommonitor_index.geojson"
    response = client.get(url)
    assert response.status_code == 409
    assert "noch keine Index-Version gespeichert" in response.get_data(as_text=True)


def test_deleting_raw_answers_needs_confirmation_and_keeps_aggregates(app, client, survey):
    _setup(app, client, survey)
    url = f"/planner/surveys/{survey.campaign_id}/purge"
    token = csrf_of(client, url)
    # Without the tick, nothing happens.
    assert client.post(url, data={"csrf_token": token}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Response)) == 8
    before = client.get(f"/planner/surveys/{survey.campaign_id}/results").get_data(as_text=True)
    assert client.post(url, data={"csrf_token": token, "confirm": "y"}).status_code == 302
    with app.app_context():
        for model in (Response, Rating, Comment):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
        kept = db.session.scalar(select(AggregateSnapshot))
        assert kept.raw_deleted_at is not None
        rows = kept.data["aggregated"]
        resident = [r for r in rows if r["role"] == "resident" and r["theme"] == "moving"]
        assert resident[0]["n_respondents"] == 6 and resident[0]["median"] is not None
        assert all(r["median"] is None for r in rows if r["role"] == "expert")
    after = client.get(f"/planner/surveys/{survey.campaign_id}/results").get_data(as_text=True)
    assert "aufbewahrten zusammengefassten Ergebnisse" in after
    # The compass of 1 a is drawn from the snapshot exactly as from the raw answers.
    start = before.index('<g class="series residents">')
    assert before[start : before.index("</g>", start)] in after
    download = client.get(f"/planner/surveys/{survey.campaign_id}/download/results.xlsx")
    assert download.status_code == 409


def test_downloads_show_the_saved_index_version_not_a_new_computation(app, client):
    """A version saved on 2023's values stays what index.csv shows, although 2024 exists."""
    with app.app_context():
        load_demo()
        create_demo_accounts()
        kommune = db.session.scalar(select(Kommune).where(Kommune.name == "Musterstadt"))
        settings = {"indicators": ["sgb2_quote", "nef_u15"], "year": 2023, "options": {}}
        saved = index_versions.compute_index(kommune, settings["indicators"], 2023)
        index_versions.save_version(kommune, "Sozialindex 2023", settings, saved)
        newer = index_versions.compute_index(kommune, settings["indicators"], 2024)
        campaign_id = db.session.scalar(select(Campaign.id).where(Campaign.round_label == "2025"))
    assert not newer.table["index"].round(6).equals(saved.table["index"].round(6))
    assert login(client, "planung@musterstadt.example", "Musterstadt-Planung").status_code == 302
    reply = client.get(f"/planner/surveys/{campaign_id}/download/index.csv")
    assert reply.status_code == 200
    shown = pd.read_csv(io.StringIO(reply.get_data(as_text=True)), dtype={"area_code": str})
    stored = saved.table.set_index("area_code").loc[shown["area_code"]]
    assert shown["index"].tolist() == pytest.approx(stored["index"].tolist())
    assert shown["class"].tolist() == stored["class"].tolist()


def test_result_files_speak_the_planners_language(app, client, survey):
    _setup(app, client, survey)
    url = f"/planner/surveys/{survey.campaign_id}/download/results.xlsx"
    german = openpyxl.load_workbook(io.BytesIO(client.get(url).data))
    english = openpyxl.load_workbook(io.BytesIO(client.get(url + "?lang=en").data))
    assert german.sheetnames[:3] == ["Metadaten", "Gebiete", "Indikatoren"]
    assert english.sheetnames[:3] == ["Metadata", "Areas", "Indicators"]
    assert german["Metadaten"]["A1"].value == "Merkmal"
    assert english["Metadata"]["A1"].value == "Item"
    assert german["Bewertungen"]["C1"].value == "Gruppe"
    assert english["Ratings"]["C1"].value == "Group"


def test_excel_csv_speaks_the_planners_language_and_the_page_says_which_file_is_for_whom(
    app, client, survey
):
    _setup(app, client, survey)
    page = client.get(f"/planner/surveys/{survey.campaign_id}/results").get_data(as_text=True)
    office, machine = page.index("Für Excel"), page.index("Für Skripte und KomMonitor")
    assert office < page.index("index_excel.csv") < machine < page.index(">index.csv<")
    url = f"/planner/surveys/{survey.campaign_id}/download/aggregated_ratings_excel.csv"
    german, english = client.get(url).data, client.get(url + "?lang=en").data
    assert german.startswith(b"\xef\xbb\xbfRunde;Gebietskennung;Gruppe;Thema;")
    assert english.startswith(b"\xef\xbb\xbfRound,Area code,Group,Theme,")
    assert b';"=""1 a""";Bewohner:innen;' in german
