"""``flask report build``: every result file of the Musterstadt demo campaign."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook

from analysis.outputs.tables import MACHINE_CSV, OFFICE_CSV
from app.core.links import campaign_for_token
from app.services.demo import AREAS, load_demo
from app.services.submissions import submit
from tests.support.factories import answer_payload
from tests.support.output import poppler_text

THEMES = [
    "moving",
    "transport",
    "traffic",
    "streets",
    "nature",
    "play",
    "facilities",
    "work",
    "housing",
    "social",
    "identity",
    "safety",
    "maintenance",
    "influence",
]
EXPECTED = {
    *MACHINE_CSV,
    *OFFICE_CSV,  # the demo's round-table records are in the report and have their sheet
    "results.xlsx",
    "results.gpkg",
    "kommonitor_index.geojson",
    "kommonitor_resident_median.geojson",
    "map_index.png",
    "map_resident_median.png",
    "quadrant.png",
    "report.pdf",
    *(f"kommonitor_{slug}.geojson" for slug in THEMES),
}


@pytest.mark.slow
def test_report_build_on_the_demo(app, runner, tmp_path):
    with app.app_context():
        load_demo()
    saved = runner.invoke(
        args=["indicators", "index", "--kommune", "Musterstadt", "--year", "2024",
              "--indicators", "sgb2_quote,nef_u15,alo_anteil", "--save", "Sozialindex 2024"]
    )  # fmt: skip
    assert saved.exit_code == 0, saved.output
    out = tmp_path / "bericht"
    result = runner.invoke(
        args=["report", "build", "--campaign", "musterstadt-2025-fach", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    files = {p.name for p in out.iterdir() if p.is_file()}
    assert files == EXPECTED
    charts = {p.name for p in (out / "charts").iterdir()}
    assert charts == {f"compass_{code}.{ext}" for code, *_ in AREAS for ext in ("png", "svg")}
    assert f"{len(EXPECTED) + len(charts)} files written" in result.output

    ratings = pd.read_csv(out / "aggregated_ratings.csv", dtype={"area_code": str, "round": str})
    assert set(ratings["round"]) == {"2024", "2025"}  # the earlier round for comparison
    assert set(ratings["area_code"]) == {code for code, *_ in AREAS}
    small = ratings[ratings["n_respondents"].isna() | (ratings["n_respondents"] < 5)]
    assert small["median"].isna().all()  # k = 5: small expert groups carry no values
    index = pd.read_csv(out / "index.csv", dtype={"area_code": str}, keep_default_na=False)
    assert len(index) == 12 and (index["excluded_reason"] == "").all()
    assert set(index["class_label"]) <= {"hoch", "mittel", "niedrig", "sehr niedrig"}
    layer = gpd.read_file(out / "results.gpkg", layer="areas")
    assert len(layer) == 12 and layer.crs.to_epsg() == 4326
    sheets = load_workbook(out / "results.xlsx", read_only=True).sheetnames
    assert "Kommentare" in sheets and "Index" in sheets
    report = " ".join(poppler_text((out / "report.pdf").read_bytes()).split())
    assert "Index: Sozialindex 2024;" in report  # the cover names the version the planner saved


def test_report_errors_are_one_line(app, runner, survey, tmp_path):
    out = tmp_path / "r"

    def build(token: str, *extra: str) -> str:
        result = runner.invoke(
            args=["report", "build", "--campaign", token, "-o", str(out), *extra]
        )
        assert result.exit_code == 1 and result.output.startswith("Error: "), result.output
        assert "Traceback" not in result.output and result.output.count("\n") == 1
        return result.output

    assert "No survey uses the link token 'nope'" in build("nope")
    assert "no answers yet" in build(survey.expert)
    with app.app_context():
        submit(*campaign_for_token(survey.resident), answer_payload(survey))
    message = build(survey.group, "--index-version", "Sozialindex 1999")
    assert "Teststadt has no index version “Sozialindex 1999”" in message
    assert "not Quartiere of this survey: 9 z, <b>." in build(survey.group, "--areas", "9 z,<b>")
    assert not out.exists()


def test_a_report_for_chosen_quartiere_from_the_cli(app, runner, survey, tmp_path):
    with app.app_context():
        submit(*campaign_for_token(survey.resident), answer_payload(survey))
        codes = [a.code for a in campaign_for_token(survey.resident)[0].areas]
    out = tmp_path / "chosen"
    result = runner.invoke(args=["report", "build", "--campaign", survey.resident, "-o", str(out),
                                 "--lang", "de", "--areas", codes[0]])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(poppler_text((out / "report.pdf").read_bytes()).split())
    assert f"Profile für 1 der {len(codes)} Quartiere" in text


def test_a_report_without_an_index_says_so_in_the_reports_language(app, runner, survey, tmp_path):
    """The CLI has no request: the index note and every word follow --lang, not a default."""
    with app.app_context():
        submit(*campaign_for_token(survey.resident), answer_payload(survey))
    for lang, said, unsaid in (
        ("de", ["Index: noch keiner gespeichert", "Dieser Bericht enthält keinen Status-Index: "
                "Es ist noch keine Index-Version gespeichert."], "No index version"),
        ("en", ["index: none saved yet", "This report has no status index: No index version "
                "has been saved yet."], "Index-Version"),
    ):  # fmt: skip
        out = tmp_path / lang
        result = runner.invoke(
            args=["report", "build", "--campaign", survey.resident, "-o", str(out), "--lang", lang]
        )
        assert result.exit_code == 0, result.output
        text = " ".join(poppler_text((out / "report.pdf").read_bytes()).split())
        assert all(sentence in text for sentence in said), text[:2000]
        assert unsaid not in text
