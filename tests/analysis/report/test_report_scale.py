"""The report of a big city: profiles for chosen Quartiere only (overview for all), indicator rows
computed once for all areas, the dynamics column, and the PDF's page references built once."""

from __future__ import annotations

import re

import pydyf
import pytest

from analysis.outputs.figures import area_compass, area_compasses
from analysis.outputs.results import compute_results
from analysis.report.context import report_context
from analysis.report.document import _remember_page_references, report_html
from analysis.stats.dynamics import changes_between
from tests.support.synthetic import synthetic_campaign
from tests.support.texts import german_texts


@pytest.fixture(scope="module")
def res():
    return compute_results(synthetic_campaign(12, 1200, seed=4), german_texts())


def test_profiles_only_for_the_chosen_areas_and_the_overview_for_all(res):
    chosen = ["0002", "0007"]
    context = report_context(res, area_compasses(res, chosen), profiles=chosen)
    assert [p["code"] for p in context["profiles"]] == chosen
    assert all(p["compass"] for p in context["profiles"])
    assert len(context["overview"]) == 12
    html = report_html(context)
    assert "Profile für 2 der 12 Quartiere" in html
    assert html.count('<article class="profile"') == 2
    table = html[html.index('<table class="overview">') :]
    assert table[: table.index("</table>")].count('<tr><th scope="row">') == 12
    everyone = report_context(res, {})
    assert len(everyone["profiles"]) == 12 and everyone["profiles_note"] == ""


def test_compasses_built_together_equal_those_built_one_by_one(res):
    together = area_compasses(res)
    assert sorted(together) == sorted(res.areas["code"])
    for code in ("0001", "0006", "0012"):
        assert together[code] == area_compass(res, code)
    assert any(len(chart.series) >= 2 for chart in together.values())


def test_indicator_rows_give_each_area_its_value_rank_and_the_median(res):
    context = report_context(res, {})
    long = res.data.indicators
    for profile in context["profiles"][:4]:
        rows = {row["indicator"]: row for row in profile["indicators"]}
        for key, row in rows.items():
            own = long[(long["indicator"] == key) & (long["area_code"] == profile["code"])]
            year = int(own["year"].max())
            same = long[(long["indicator"] == key) & (long["year"] == year)]
            values = same.set_index("area_code")["value"].astype(float)
            higher = int((values > values[profile["code"]]).sum())
            assert row["year"] == str(year)
            assert row["value"] == german_texts().number(values[profile["code"]])
            assert row["kommune"] == german_texts().number(float(values.median()))
            assert row["rank"] == f"{higher + 1} von {values.notna().sum()}"


def test_the_dynamics_column_shows_each_change_in_german_with_its_years(res):
    context = report_context(res, {})
    cells = [row["dynamics"] for row in context["overview"]]
    assert all(re.fullmatch(r"−?-?\d+,\d\d \((positiv|stabil|negativ)\)", c) for c in cells), cells
    keys = res.data.index.indicators
    changes = changes_between(res.data.indicators, keys, 2022, 2023).set_index("area_code")
    worst = changes.sum(axis=1).idxmax()  # all three indicators point to need here
    best = changes.sum(axis=1).idxmin()
    value = {row["code"]: float(row["dynamics"].split()[0].replace(",", ".").replace("−", "-"))
             for row in context["overview"]}  # fmt: skip
    assert value[worst] > value[best]
    assert "2022" in context["dynamics_note"] and "2023" in context["dynamics_note"]
    html = report_html(context)
    assert '<th scope="col" aria-describedby="dynamics-note">Dynamik</th>' in html
    assert '<p class="note" id="dynamics-note">Dynamik:' in html


def test_without_two_years_or_an_index_the_dynamics_are_a_dash_with_a_footnote():
    data = synthetic_campaign(6, 300, seed=2)
    data.indicators = data.indicators[data.indicators["year"] == 2023]
    context = report_context(compute_results(data, german_texts()), {})
    assert {row["dynamics"] for row in context["overview"]} == {"–"}
    assert "nur für 2023" in context["dynamics_note"]
    data = synthetic_campaign(6, 300, seed=2)
    data.index = None
    context = report_context(compute_results(data, german_texts()), {})
    assert {row["dynamics"] for row in context["overview"]} == {"–"}
    assert context["dynamics_note"] == "Dynamik „–“: Dieser Bericht hat keinen Statusindex."


def test_page_references_built_once_still_follow_new_pages():
    _remember_page_references()
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert first is pdf.page_references  # the same tuple, not a new one per call
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    refs = pdf.page_references
    assert len(refs) == 4 and refs[:3] == first
    kids = pdf.pages["Kids"][::3]
    assert refs == tuple(f"{n} 0 R".encode("ascii") for n in kids)
