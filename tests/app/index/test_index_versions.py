"""Every page and download shows the survey's saved index version, and only one that covers it."""

from __future__ import annotations

import io
import json
from urllib.parse import quote

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select

from analysis.stats.index import social_index
from app.core.extensions import db
from app.models import Campaign
from app.services import index_versions
from app.services.demo import create_demo_accounts, load_demo
from tests.support.index import musterstadt, save, small_survey
from tests.support.indicator_files import import_indicators
from tests.support.output import pages_text
from tests.support.workbook import sheet_by_keys
from tests.support.workspace import csrf_of, login

PLANNER = ("planung@musterstadt.example", "Musterstadt-Planung")
MODERATOR = ("moderation@musterstadt.example", "Musterstadt-Moderation")
NORTH = ["2", "3 a", "3 b", "4"]
DOWNLOADS = [
    "results.xlsx", "aggregated_ratings_excel.csv", "aggregated_ratings.csv", "index.csv",
    "validation.csv", "results.gpkg", "kommonitor_index.geojson",
    "kommonitor_resident_median.geojson", "report.pdf",
]  # fmt: skip


def _demo(app) -> int:
    with app.app_context():
        load_demo()
        create_demo_accounts()
        return musterstadt().id


def _campaign_id(round_label: str) -> int:
    return db.session.scalar(select(Campaign.id).where(Campaign.round_label == round_label))


def _index_csv(client, campaign_id: int) -> pd.DataFrame:
    reply = client.get(f"/planner/surveys/{campaign_id}/download/index.csv")
    assert reply.status_code == 200
    text = reply.get_data(as_text=True)
    return pd.read_csv(io.StringIO(text), dtype={"area_code": str}, keep_default_na=False)


def _stored(version_result: list[dict], codes) -> pd.DataFrame:
    return pd.DataFrame(version_result).set_index("area_code").loc[list(codes)]


def _import_new_year(tmp_path, year: int) -> None:
    lines = ["code;sgb2_quote;nef_u15"]
    lines += [f"{c};{30 - i};{i + 2}" for i, c in enumerate(["1 a", "1 b", "2", "3 a", "3 b"])]
    lines += [f"{c};{5 + i};{20 - i}" for i, c in enumerate(["4", "5", "6 a", "6 b", "7", "8"])]
    lines += ["9;12;12"]
    path = tmp_path / f"werte_{year}.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    import_indicators(path, "Musterstadt", "code", year=year)


@pytest.mark.slow
def test_every_download_and_page_shows_the_saved_version_after_new_years_arrive(
    app, client, tmp_path
):
    kommune_id = _demo(app)
    with app.test_request_context():
        version = save("Sozialindex 2023", 2023)
        result, campaign_id = version.result, _campaign_id("2025")
        _import_new_year(tmp_path, 2025)  # newer values: nothing recomputes the version
    stored = pd.DataFrame(result).set_index("area_code")
    login(client, *PLANNER)
    base = f"/planner/surveys/{campaign_id}/download"
    shown = _index_csv(client, campaign_id)
    assert shown["index"].tolist() == pytest.approx(
        stored.loc[shown["area_code"], "index"].tolist()
    )
    assert shown["class_label"].tolist() == stored.loc[shown["area_code"], "class_label"].tolist()
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/results.xlsx").data))
    rows = sheet_by_keys(book, "Index").set_index("area_code")
    assert rows["class_label"].to_dict() == stored.loc[rows.index, "class_label"].to_dict()
    meta = dict(list(book["Metadaten"].values)[1:])
    assert meta["Index-Jahr"] == "2023"
    gpkg = tmp_path / "results.gpkg"
    gpkg.write_bytes(client.get(f"{base}/results.gpkg").data)
    layer = gpd.read_file(gpkg, layer="areas")
    assert layer.set_index("code")["class_label"].to_dict() == stored["class_label"].to_dict()
    geo = json.loads(client.get(f"{base}/kommonitor_index.geojson").data)
    dates = {key for f in geo["features"] for key in f["properties"] if key.startswith("DATE_")}
    assert dates == {"DATE_2023-12-31"}  # the version's year, not the survey's or the newest
    values = {f["properties"]["ID"]: f["properties"]["DATE_2023-12-31"] for f in geo["features"]}
    assert values == pytest.approx(stored["index"].round(2).to_dict())
    page = client.get(f"/planner/surveys/{campaign_id}/results").get_data(as_text=True)
    assert "Index-Version: Sozialindex 2023" in page
    web = client.get(f"/planner/kommune/{kommune_id}/map.geojson?campaign={campaign_id}")
    labels = {f["properties"]["code"]: f["properties"]["label"] for f in web.get_json()["features"]}
    assert labels == stored["class_label"].to_dict()
    client.get("/logout")
    login(client, *MODERATOR)
    table = client.get(f"/moderator/surveys/{campaign_id}/areas/{quote('3 b')}/live")
    assert f"({'Sozialindex 2023'})" in table.get_data(as_text=True)
    assert stored.loc["3 b", "class_label"] in table.get_data(as_text=True)


@pytest.mark.slow
def test_a_survey_pinned_to_2023_shows_2023s_classes_although_2024_is_newer(app, client):
    kommune_id = _demo(app)
    with app.test_request_context():
        old, new = save("Sozialindex 2023", 2023), save("Sozialindex 2024", 2024)
        ids, old_result, new_result = (old.id, new.id), old.result, new.result
        campaign_id = _campaign_id("2025")
    login(client, *PLANNER)
    automatic = _index_csv(client, campaign_id)
    codes = automatic["area_code"]
    assert automatic["class"].tolist() == _stored(new_result, codes)["class"].tolist()
    url = f"/planner/kommune/{kommune_id}/index"
    form = {"csrf_token": csrf_of(client, url), "version": str(ids[0])}
    assert client.post(f"{url}/surveys/{campaign_id}", data=form).status_code == 302
    pinned = _index_csv(client, campaign_id)
    assert pinned["class"].tolist() == _stored(old_result, codes)["class"].tolist()
    assert pinned["class"].tolist() != automatic["class"].tolist()  # the years differ
    page = client.get(url).get_data(as_text=True)
    assert "Sozialindex 2023" in page.split('id="surveys"')[1].split("</tr>")[1]


@pytest.mark.slow
def test_a_version_covering_none_of_a_surveys_areas_leaves_every_download_working(app, client):
    _demo(app)
    with app.test_request_context():
        north = small_survey(NORTH)
        others = [a for a in ["1 a", "1 b", "5", "6 a", "6 b", "7", "8", "9"]]
        save("Nur der Süden", 2024, reference_areas=others)
    login(client, *PLANNER)
    base = f"/planner/surveys/{north.campaign_id}/download"
    replies = {name: client.get(f"{base}/{name}") for name in DOWNLOADS}
    assert {n: r.status_code for n, r in replies.items()} == {
        n: 409 if n == "kommonitor_index.geojson" else 200 for n in DOWNLOADS
    }
    why = "„Nur der Süden“ hat Werte für nur 0 der 4 Quartiere der Befragung"
    assert why in replies["kommonitor_index.geojson"].get_data(as_text=True)
    book = openpyxl.load_workbook(io.BytesIO(replies["results.xlsx"].data))
    assert why in dict(list(book["Metadaten"].values)[1:])["Hinweis zum Index"]
    assert why in " ".join(pages_text(replies["report.pdf"].data).split())
    index = pd.read_csv(io.BytesIO(replies["index.csv"].data), dtype={"area_code": str})
    assert set(NORTH) <= set(index["area_code"]) and index["index"].isna().all()
    page = client.get(f"/planner/surveys/{north.campaign_id}/results").get_data(as_text=True)
    assert why in page
    with app.app_context():
        kommune_id = musterstadt().id
    query = f"campaign={north.campaign_id}&layer=index"
    assert why in client.get(f"/planner/kommune/{kommune_id}/map?{query}").get_data(as_text=True)
    grey = client.get(f"/planner/kommune/{kommune_id}/map.geojson?{query}").get_json()
    assert all(f["properties"]["colour"] == "#cccccc" for f in grey["features"])
    client.get("/logout")
    login(client, *MODERATOR)
    live = client.get(f"/moderator/surveys/{north.campaign_id}/areas/2/live")
    assert live.status_code == 200 and why in live.get_data(as_text=True)


@pytest.mark.slow
def test_a_four_area_survey_shows_the_index_standardised_over_all_areas(app, client):
    """The index is not re-standardised over the survey's four Quartiere (Nordpark stays)."""
    _demo(app)
    with app.test_request_context():
        north = small_survey(NORTH)
        version = save("Sozialindex 2023", 2023)
        inputs = index_versions.index_inputs(musterstadt(), version.params["indicators"], 2023)
        result = version.result
    login(client, *PLANNER)
    shown = _index_csv(client, north.campaign_id).set_index("area_code").loc[NORTH]
    stored = _stored(result, NORTH)
    assert shown["index"].tolist() == pytest.approx(stored["index"].tolist())
    assert shown["class_label"].tolist() == stored["class_label"].tolist()
    table = inputs["table"][inputs["table"]["area_code"].isin(NORTH)]
    only_four = social_index(**{**inputs, "table": table}).table.set_index("area_code")
    assert only_four["index"].tolist() != pytest.approx(stored["index"].tolist())
