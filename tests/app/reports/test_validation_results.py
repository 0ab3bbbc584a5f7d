"""The results page and downloads show the needs validation with its uncertainty: intervals,
*unclear* with the reason, n beside every number, the council sentence, the theme × indicator
hypotheses with q-values and the sensitivity table – the same numbers as the files."""

from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pypdf
import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import IndexVersion, Kommune
from app.services import index_versions
from tests.support.html_tables import table_rows
from tests.support.workbook import sheet_by_keys
from tests.support.workspace import answer, demo_with_index, login, make_user


@pytest.fixture
def demo(app, client):
    with app.app_context():
        campaign_id = demo_with_index()
    assert login(client, "planung@musterstadt.example", "Musterstadt-Planung").status_code == 302
    return campaign_id


def _csv(client, campaign_id, name) -> pd.DataFrame:
    reply = client.get(f"/planner/surveys/{campaign_id}/download/{name}")
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return pd.read_csv(io.BytesIO(reply.data), encoding="utf-8-sig", dtype={"area_code": str})


def _code(text: str, codes) -> str:
    """The area code a "code name" cell starts with (the longest that fits: "1 a", not "1")."""
    return max((c for c in codes if text.startswith(c + " ")), key=len)


def _de(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def test_every_area_shows_its_interval_n_and_category_with_the_reason(app, client, demo):
    html = client.get(f"/planner/surveys/{demo}/results").get_data(as_text=True)
    header, *rows = table_rows(html, "validation-areas")
    assert header[3:6] == ["Bewohner:innen n", "Median [Intervall]", "Kategorie"]
    areas = _csv(client, demo, "validation.csv").set_index("area_code")
    assert len(rows) == 12
    names = {"confirmed": "bestätigt", "unclear": "unklar", "inconspicuous": "unauffällig",
             "hidden": "verdeckt", "resource": "Ressource"}  # fmt: skip
    for row in rows:
        expected = areas.loc[_code(row[0], areas.index)]
        assert row[5].split(" ")[0] == names[expected["category"]]
        assert row[3] == str(int(expected["resident_n"]))
        low, high = expected["resident_low"], expected["resident_high"]
        assert row[4] == f"{_de(expected['resident_median'])} [{_de(low)}–{_de(high)}]"
    by_text = {row[0]: row[5] for row in rows}
    # Demo data: Nordstadt's whole interval lies below 3.5 with index class 4; the
    # Bahnhofsviertel's reaches over the threshold; experts of few answers are unclear too.
    assert by_text["3 a Nordstadt"] == "bestätigt"
    assert by_text["2 Bahnhofsviertel"] == "unklar (Intervall reicht über die Schwelle)"
    assert "unklar (zu wenige Antworten)" in {row[8] for row in rows}


def test_association_shows_both_coefficients_with_intervals_n_and_the_council_sentence(
    app, client, demo
):
    html = client.get(f"/planner/surveys/{demo}/results").get_data(as_text=True)
    assert "Mit 12 Quartieren lässt sich nur ein sehr starker Zusammenhang sicher erkennen" in html
    header, rho, tau = table_rows(html, "association")
    assert header == ["Kennzahl", "Wert", "95 %-Intervall", "p", "Quartiere n", "Antwortende n"]
    assert rho[0] == "Spearman ρ" and tau[0] == "Kendall τ-b"
    for row in (rho, tau):
        value, low, high = (float(x.replace(",", ".")) for x in (row[1], *row[2].split(" bis ")))
        assert -1 <= low <= value <= high <= 1
        assert row[4] == "12" and int(row[5]) > 200


def test_hypotheses_table_matches_the_export_with_its_q_values(app, client, demo):
    html = client.get(f"/planner/surveys/{demo}/results").get_data(as_text=True)
    header, *rows = table_rows(html, "validation-tests")
    assert header[8] == "q"
    tests = _csv(client, demo, "validation_tests.csv")
    assert len(rows) == len(tests) > 0
    for row, (_i, expected) in zip(rows, tests.iterrows(), strict=True):
        assert row[1] == f"{expected['indicator']} ({expected['year']})"
        assert row[2] == str(expected["n_areas"]) and row[3] == str(expected["n_respondents"])
        assert row[8] == _de(expected["q_value"], 3)
        assert row[7] == _de(expected["p_value"], 3)


def test_sensitivity_table_lists_every_area_with_each_variant(app, client, demo):
    html = client.get(f"/planner/surveys/{demo}/results").get_data(as_text=True)
    header, *rows = table_rows(html, "validation-sensitivity")
    other = "andere Standardabweichung (n oder n − 1)"
    assert header[3:] == ["Klassengrenzen −0,1 SD", "Klassengrenzen +0,1 SD", other]
    table = _csv(client, demo, "validation_sensitivity.csv")
    assert len(rows) == 12
    fragile = {str(c) for c in table.loc[table["fragile"], "area_code"]}
    assert {_code(r[0], set(table["area_code"])) for r in rows if r[1] == "ja"} == fragile
    assert all(r[2].startswith("Klasse ") for r in rows)


def test_downloads_hold_the_hypotheses_sensitivity_and_quadrant(app, client, demo):
    book_reply = client.get(f"/planner/surveys/{demo}/download/results.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(book_reply.data))
    assert {"Validierung Tests", "Validierung Sensitivität"} <= set(book.sheetnames)
    assert "q_value" in sheet_by_keys(book, "Validierung Tests").columns
    png = client.get(f"/planner/surveys/{demo}/download/quadrant.png")
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    themes = _csv(client, demo, "validation_themes.csv")
    assert {"low", "high", "category", "reason"} <= set(themes.columns)


def test_the_report_has_a_page_with_the_quadrant_and_every_areas_verdict(app, client, demo):
    reply = client.get(f"/planner/surveys/{demo}/download/report.pdf")
    pages = pypdf.PdfReader(io.BytesIO(reply.data)).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert "Statistik und Wahrnehmung" in text
    # the quadrant's key: number, Quartier, index, residents' median [interval], category
    unclear = r"\d+ Bahnhofsviertel \(2\) -?\d,\d\d 3,0 \[3,0–4,0\] unklar \(Intervall reicht"
    assert re.search(unclear, text)
    assert re.search(r"\d+ Nordstadt \(3 a\) -?\d,\d\d 3,0 \[3,0–3,0\] bestätigt", text)
    # the overview: … n and the category
    assert re.search(
        r"Nordstadt \(3 a\) -?\d,\d\d .{0,60}3,0 \[3,0–3,0\] .{0,30}48 bestätigt", text
    )
    assert "Mit 12 Quartieren" in text


def test_without_an_index_version_the_page_says_what_to_do(app, client, survey):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
    answer(app.test_client(), survey, 6)
    login(client, "plan@example.org")
    html = client.get(f"/planner/surveys/{survey.campaign_id}/results").get_data(as_text=True)
    # The survey's index note, with the way to the index versions.
    assert "Es ist noch keine Index-Version gespeichert." in html
    assert f'href="/planner/kommune/{_kommune_id(app)}/index">Index-Versionen</a>' in html
    assert 'id="validation-areas"' not in html


@pytest.mark.parametrize("roles", [("resident",), ("expert",), ("resident", "expert")])
def test_few_areas_or_only_professionals_give_unclear_never_an_error(app, client, survey, roles):
    """One answered Quartier, or professionals only: every page answers, and says unclear."""
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
        kommune = db.session.scalar(select(Kommune).where(Kommune.name == "Teststadt"))
        rows = [{"area_code": code, "index": value, "class": klass, "class_label": "x"}
                for code, value, klass in (("1 a", 1.6, 4), ("01100101", 0.2, 2),
                                           ("15 b", -1.2, 1), ("99", 0.0, 2))]  # fmt: skip
        db.session.add(IndexVersion(kommune=kommune, name="Hand", result=rows,
                                    params={"indicators": ["gone"], "year": 2020}))  # fmt: skip
        db.session.commit()
    for role in roles:
        answer(app.test_client(), survey, 6, role)
    login(client, "plan@example.org")
    pages = (
        f"/planner/surveys/{survey.campaign_id}/results",
        f"/moderator/surveys/{survey.campaign_id}/areas/1%20a",
        f"/planner/surveys/{survey.campaign_id}/methods",
    )
    for path in pages:
        reply = client.get(path)
        assert reply.status_code == 200, path
    html = client.get(pages[0]).get_data(as_text=True)
    _header, *rows = table_rows(html, "validation-areas")
    assert {row[5].split(" ")[0] for row in rows} == {"unklar"}
    assert "Zu wenige Quartiere mit Index und genug Antworten" in html


def test_fragile_verdicts_come_first_and_match_the_export(app, client):
    """An index of SGB II 2023 alone puts Quartiere near a class limit: they are fragile."""
    with app.app_context():
        campaign_id = demo_with_index()
        kommune = db.session.scalar(select(Kommune).where(Kommune.name == "Musterstadt"))
        settings = {"indicators": ["sgb2_quote"], "year": 2023, "options": {}}
        result = index_versions.compute_index(kommune, ["sgb2_quote"], 2023)
        index_versions.save_version(kommune, "SGB II 2023", settings, result)
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    html = client.get(f"/planner/surveys/{campaign_id}/results").get_data(as_text=True)
    _header, *rows = table_rows(html, "validation-sensitivity")
    table = _csv(client, campaign_id, "validation_sensitivity.csv")
    fragile = {str(c) for c in table.loc[table["fragile"], "area_code"]}
    assert fragile  # this index has verdicts that tip
    flags = [row[1] for row in rows]
    assert flags == sorted(flags, key=lambda flag: flag != "ja")  # fragile first
    assert {_code(r[0], set(table["area_code"])) for r in rows if r[1] == "ja"} == fragile
    tipping = next(r for r in rows if r[1] == "ja")
    assert len(set(tipping[2:])) > 1  # its class or category differs in some variant


def _kommune_id(app) -> int:
    from sqlalchemy import select

    from app.core.extensions import db
    from app.models import Kommune

    with app.app_context():
        return db.session.scalar(select(Kommune.id).where(Kommune.name == "Teststadt"))
