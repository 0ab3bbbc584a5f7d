"""build_outputs writes every promised file, readable by GIS and office tools, and never leaks
results or comments of groups smaller than k."""

import json

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.outputs.build import build_outputs
from analysis.outputs.data import round_date
from analysis.outputs.tables import MACHINE_CSV, OFFICE_CSV
from tests.support.output import pages_text, pdf_text
from tests.support.synthetic import (
    SECRET,
    SMALL_AREA,
    campaign_with_small_groups,
    synthetic_campaign,
)
from tests.support.texts import german_texts
from tests.support.workbook import sheet_by_keys

DE = german_texts()


EXPECTED = [
    *MACHINE_CSV,
    *OFFICE_CSV,
    "results.xlsx",
    "results.gpkg",
    "kommonitor_index.geojson",
    "kommonitor_resident_median.geojson",
    "kommonitor_safety.geojson",
    "report.pdf",
    "map_index.png",
    "map_resident_median.png",
    "quadrant.png",
    *[f"charts/compass_{i:04d}.{ext}" for i in range(1, 7) for ext in ("png", "svg")],
]


def test_every_file_is_written_and_listed(outputs):
    outdir, paths = outputs
    listed = {p.relative_to(outdir).as_posix() for p in paths}
    for name in EXPECTED:
        assert name in listed
        assert (outdir / name).stat().st_size > 0
    assert all(p.exists() for p in paths)
    assert (outdir / "charts/compass_0001.png").read_bytes().startswith(b"\x89PNG")
    assert (outdir / "report.pdf").read_bytes().startswith(b"%PDF")


def test_geopackage_has_index_and_resident_medians(outputs):
    outdir, _ = outputs
    layer = gpd.read_file(outdir / "results.gpkg", layer="areas")
    assert layer.crs.to_epsg() == 4326
    assert layer["code"].tolist() == [f"{i:04d}" for i in range(1, 7)]
    assert {"index", "class", "class_label", "resident_median", "median_moving"} <= set(
        layer.columns
    )
    assert layer["index"].notna().all()
    small = layer.set_index("code").loc[SMALL_AREA]
    assert pd.isna(small["resident_median"]) and pd.isna(small["resident_n"])
    assert pd.isna(small["median_safety"])
    assert (small["category"], small["category_reason"]) == ("unclear", "too_few_answers")


def test_xlsx_sheets_and_metadata(outputs):
    outdir, _ = outputs
    book = load_workbook(outdir / "results.xlsx")
    assert book.sheetnames == [
        "Metadaten",
        "Gebiete",
        "Indikatoren",
        "Index",
        "Bewertungen",
        "Validierung",
        "Validierung Themen",
        "Validierung Tests",
        "Validierung Sensitivität",
        "Kommentare",
        "Runder Tisch",
        "Schlüssel",
    ]
    meta = dict(book["Metadaten"].iter_rows(min_row=2, values_only=True))
    assert meta["k (Mindestgruppengröße)"] == "5"
    assert meta["Index-Methode"] == "z-sum-z"
    assert meta["Runde"] == "2024" and meta["Vorherige Runde"] == "2023"
    assert json.loads(meta["Index-Parameter"])["indicators"] == ["S1", "S3", "S4"]
    assert "Erstellt am" in meta
    assert meta["Validierung"].startswith("Mit 5 Quartieren lässt sich nur ein sehr starker")
    association = json.loads(meta["Validierung (Zusammenhang)"])
    assert association["n_areas"] == 5 and "tau_b" in association and "rho_low" in association
    settings = json.loads(meta["Validierung (Parameter)"])
    assert settings["scale"] == [1, 7] and settings["thresholds"] == [3.5, 4.5]
    assert book["Index"]["A1"].value == "Gebietskennung"
    sheet = sheet_by_keys(book, "Index").set_index("area_code")
    saved = campaign_with_small_groups().index.result.table.set_index("area_code")
    expected = saved.loc[sheet.index, "index"].round(2).tolist()  # z-values: two decimals
    assert sheet["index"].tolist() == pytest.approx(expected, abs=1e-12)
    assert sheet["class"].tolist() == saved.loc[sheet.index, "class"].tolist()
    assert book["Runder Tisch"]["C2"].value == "'=Runder Tisch 2024"


def test_every_validation_table_is_written_as_csv_and_sheet(outputs):
    outdir, _ = outputs
    book = load_workbook(outdir / "results.xlsx", read_only=True)
    for name, sheet in (
        ("validation.csv", "Validierung"),
        ("validation_themes.csv", "Validierung Themen"),
        ("validation_tests.csv", "Validierung Tests"),
        ("validation_sensitivity.csv", "Validierung Sensitivität"),
    ):
        table = pd.read_csv(outdir / name, dtype={"area_code": str})
        assert list(sheet_by_keys(book, sheet).columns) == list(table.columns), name
        assert len(sheet_by_keys(book, sheet)) == len(table) > 0, name
    tests = pd.read_csv(outdir / "validation_tests.csv")
    assert set(tests["indicator"]) == {"S1", "S3", "S4"}  # the hypotheses with data
    assert tests["q_value"].notna().all() and (tests["q_value"] >= tests["p_value"]).all()
    areas = pd.read_csv(outdir / "validation.csv", dtype={"area_code": str})
    assert {"resident_low", "resident_high", "category", "reason"} <= set(areas.columns)
    small = areas.set_index("area_code").loc[SMALL_AREA]
    assert (small["category"], small["reason"]) == ("unclear", "too_few_answers")
    themes = pd.read_csv(outdir / "validation_themes.csv", dtype={"area_code": str})
    assert themes.loc[themes["area_code"] == SMALL_AREA, "median"].isna().all()
    sensitivity = pd.read_csv(outdir / "validation_sensitivity.csv", dtype={"area_code": str})
    assert len(sensitivity) == 6 and sensitivity["fragile"].dtype == bool


def test_kommonitor_files_have_id_name_and_dates(outputs):
    outdir, _ = outputs
    index = json.loads((outdir / "kommonitor_index.geojson").read_text(encoding="utf-8"))
    props = [f["properties"] for f in index["features"]]
    assert [p["ID"] for p in props] == [f"{i:04d}" for i in range(1, 7)]
    assert all(set(p) == {"ID", "NAME", "DATE_2023-12-31"} for p in props)
    median = json.loads((outdir / "kommonitor_resident_median.geojson").read_text(encoding="utf-8"))
    by_id = {f["properties"]["ID"]: f["properties"] for f in median["features"]}
    assert set(by_id["0001"]) == {"ID", "NAME", "DATE_2023-12-31", "DATE_2024-12-31"}
    assert by_id[SMALL_AREA]["DATE_2024-12-31"] is None
    assert isinstance(by_id["0001"]["DATE_2024-12-31"], float)


def test_small_group_leaves_no_trace_in_any_output(outputs):
    outdir, paths = outputs
    token = SECRET.split()[0]
    for path in paths:
        data = path.read_bytes()
        assert token.encode() not in data, path.name
        if path.suffix == ".pdf":
            assert token not in pdf_text(data)
    book = load_workbook(outdir / "results.xlsx", read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and token in v for v in row), sheet.title
    layer = gpd.read_file(outdir / "results.gpkg", layer="areas")
    assert (
        not layer.drop(columns="geometry")
        .astype(str)
        .apply(lambda c: c.str.contains(token))
        .any()
        .any()
    )
    stats = ["n_respondents", "n", "n_cant_say", "median", "q1", "q3", "mean", "share_low"]
    table = pd.read_csv(outdir / "aggregated_ratings.csv", dtype={"area_code": str})
    tiny = table[(table["area_code"] == "0001") & (table["role"] == "group")]
    assert len(tiny) == 14 and tiny["suppressed"].all()
    assert tiny[stats].isna().all().all()
    small = table[
        (table["area_code"] == SMALL_AREA)
        & (table["role"] == "resident")
        & (table["round"] == 2024)
    ]
    assert small[stats].isna().all().all()
    sheet = sheet_by_keys(book, "Bewertungen")
    tiny = sheet[(sheet["area_code"] == "0001") & (sheet["role"] == "Gruppen")]
    assert len(tiny) == 14 and tiny[stats].isna().all().all()


def test_round_date():
    assert str(round_date("2024")) == "2024-12-31"
    assert str(round_date("2024-06-30")) == "2024-06-30"
    with pytest.raises(ValueError, match="neither"):
        round_date("Frühjahr")


def test_build_outputs_without_index_or_comments(tmp_path):
    data = synthetic_campaign(4, 120, seed=2)
    data.index = None
    data.include_comments = False
    data.previous_round = None
    paths = build_outputs(data, tmp_path, texts=DE)
    names = {p.name for p in paths}
    assert "kommonitor_index.geojson" not in names and "map_index.png" not in names
    assert "Kommentare" not in load_workbook(tmp_path / "results.xlsx").sheetnames
    with pytest.raises(TypeError):
        build_outputs({"title": "x"}, tmp_path)


def test_only_writes_the_named_tables_and_draws_nothing(tmp_path):
    data = synthetic_campaign(4, 120, seed=3)
    paths = build_outputs(
        data, tmp_path, only={"aggregated_ratings.csv", "kommonitor_safety.geojson"}
    )
    assert sorted(p.relative_to(tmp_path).as_posix() for p in paths) == [
        "aggregated_ratings.csv",
        "kommonitor_safety.geojson",
    ]
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    assert written == ["aggregated_ratings.csv", "kommonitor_safety.geojson"]  # no charts/
    with pytest.raises(ValueError, match="unknown output"):
        build_outputs(data, tmp_path, only={"../secret"})


def test_areas_without_outlines_give_no_maps_but_every_other_file(tmp_path):
    data = synthetic_campaign(3, 90, seed=5)
    data.areas = data.areas.assign(geometry=None)
    paths = build_outputs(data, tmp_path, texts=DE)
    names = {p.relative_to(tmp_path).as_posix() for p in paths}
    assert "map_index.png" not in names and "map_resident_median.png" not in names
    assert {"results.xlsx", "report.pdf", "results.gpkg", "quadrant.png"} <= names
    meta = dict(load_workbook(tmp_path / "results.xlsx")["Metadaten"].iter_rows(values_only=True))
    assert meta["Karten"] == "nicht erstellt: für keines der Gebiete liegt eine Geometrie vor"
    text = pages_text((tmp_path / "report.pdf").read_bytes())
    assert "Keine Karte: für keines der Gebiete liegt eine Geometrie vor." in text


def test_areas_partly_without_outline_are_named_on_the_maps(tmp_path):
    data = synthetic_campaign(3, 90, seed=6)
    data.areas.loc[data.areas["code"] == "0002", "geometry"] = None
    paths = build_outputs(
        data, tmp_path, only={"results.xlsx", "report.pdf", "map_index.png"}, texts=DE
    )
    assert {p.name for p in paths} == {"results.xlsx", "report.pdf", "map_index.png"}
    meta = dict(load_workbook(tmp_path / "results.xlsx")["Metadaten"].iter_rows(values_only=True))
    assert meta["Karten"] == "Ohne Geometrie, nicht dargestellt: 0002."
    text = " ".join(pages_text((tmp_path / "report.pdf").read_bytes()).split())
    assert "Ohne Geometrie, nicht dargestellt: 0002." in text


def test_a_three_point_instrument_is_read_on_its_own_scale(tmp_path):
    # the children's version: 1-3, and every child answers 3 everywhere
    data = synthetic_campaign(4, 160, seed=7)
    data.themes = data.themes.assign(scale_min=1, scale_max=3)
    data.ratings = data.ratings.assign(
        score=data.ratings["score"].where(data.ratings["score"].isna(), 3.0)
    )
    paths = build_outputs(
        data,
        tmp_path,
        only={
            "aggregated_ratings.csv",
            "validation.csv",
            "results.xlsx",
            "map_resident_median.png",
        },
        texts=DE,
    )
    ratings = pd.read_csv(tmp_path / "aggregated_ratings.csv")
    shown = ratings[~ratings["suppressed"]]
    assert len(shown) > 0 and (shown["share_high"] == 1.0).all() and (shown["share_low"] == 0).all()
    areas = pd.read_csv(tmp_path / "validation.csv", dtype={"area_code": str})
    assert "confirmed" not in set(areas["category"]) and "hidden" not in set(areas["category"])
    assert set(areas.loc[areas["reason"].isna(), "category"]) <= {"resource", "inconspicuous"}
    meta = dict(load_workbook(tmp_path / "results.xlsx")["Metadaten"].iter_rows(values_only=True))
    assert json.loads(meta["Validierung (Parameter)"])["thresholds"] == [1.5, 2.5]
    assert (tmp_path / "map_resident_median.png") in paths
    data.ratings.loc[data.ratings.index[0], "score"] = 5.0  # a 5 on a 1-3 instrument
    with pytest.raises(ValueError, match="outside the scale 1–3"):
        build_outputs(data, tmp_path, only={"validation.csv"})
