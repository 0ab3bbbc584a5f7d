"""Saved allocations: every parameter kept, two compared side by side, the XLSX with its
parameters, the report's chapter, and the planners who may see them."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign, FundAllocation, Kommune
from app.services import funds
from app.services.fund_settings import settings
from app.services.instruments import load_place_standard
from app.services.report_sections import report_sections
from tests.support.indicator_files import import_indicators
from tests.support.workspace import csrf_of, login, make_user

FORM = {"budget": "1.000.000,00", "base": "0", "population_indicator": "EW",
        "index_version": "MSS 2021", "class_factors": "1; 1,5; 2; 3"}  # fmt: skip


def _save(client, kommune_id: int, name: str, **changes) -> str:
    url = f"/planner/kommune/{kommune_id}/funds"
    form = {**FORM, **changes, "name": name, "save": "1", "csrf_token": csrf_of(client, url)}
    reply = client.post(url, data=form)
    assert reply.status_code == 302, reply.get_data(as_text=True)[-1500:]
    return reply.headers["Location"]


def _cells(html: str, table_id: str) -> list[list[str]]:
    body = html.split(f'id="{table_id}"')[1].split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S) for row in rows]


@pytest.mark.slow
def test_a_saved_allocation_keeps_every_parameter_and_two_compare_side_by_side(app, client, berlin):
    login(client, "plan@berlin.example")
    _save(client, berlin.kommune_id, "Nach Bedarf")
    _save(client, berlin.kommune_id, "Nur nach Köpfen", class_factors="1; 1; 1; 1")
    with app.app_context():
        kommune = db.session.get(Kommune, berlin.kommune_id)
        need, flat = funds.find(kommune, "Nach Bedarf"), funds.find(kommune, "Nur nach Köpfen")
        params = need.params
        assert (params["budget_cents"], params["base_cents"]) == (100_000_000, 0)
        assert params["class_factors"] == [[1, 1.0], [2, 1.5], [3, 2.0], [4, 3.0]]
        assert params["population_indicator"] == "EW" and params["population_year"] == 2020
        assert params["index_version"]["name"] == "MSS 2021"
        assert sum(r["amount_cents"] for r in need.result) == 100_000_000
        table = funds.compare(flat, need)
        ids = (flat.id, need.id)
    assert table["difference_cents"].sum() == 0
    url = f"/planner/kommune/{berlin.kommune_id}/funds/compare"
    html = client.get(url, query_string={"first": ids[0], "second": ids[1]}).get_data(as_text=True)
    gains, loses = (int((table["outcome"] == o).sum()) for o in ("gains", "loses"))
    assert f"{gains} Quartiere gewinnen, {loses} verlieren" in html and gains and loses
    rows = _cells(html, "comparison")
    assert len(rows) == len(table)
    first = table.iloc[0]  # the largest loss first
    assert rows[0][0] == first["area_code"] and rows[0][-1] == "verliert"
    euros = f"{first['difference_cents'] / 100:,.2f}".replace(",", "X").replace(".", ",")
    assert rows[0][3] == euros.replace("X", ".")


@pytest.mark.slow
def test_the_xlsx_names_every_parameter_and_the_page_lists_the_saved_versions(app, client, berlin):
    login(client, "plan@berlin.example")
    saved = _save(client, berlin.kommune_id, "Haushalt 2027", base="1.000",
                  exclude="01100101: Neubaugebiet")  # fmt: skip
    reply = client.get(f"{saved}/allocation.xlsx")
    assert reply.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(reply.get_data()))
    assert book.sheetnames == ["Verteilung", "Parameter"]
    params = dict(book["Parameter"].iter_rows(min_row=2, values_only=True))
    assert (
        params["Budget (€)"] == "1000000.0" and params["Sockelbetrag je Quartier (€)"] == "1000.0"
    )
    assert params["Index-Version"] == "MSS 2021 (2020)"
    assert params["Nicht berücksichtigt: 01100101"] == "Neubaugebiet"
    assert "größten Reste" in params["Rundung"]
    page = client.get(f"/planner/kommune/{berlin.kommune_id}/funds").get_data(as_text=True)
    assert "Haushalt 2027" in page and "1.000.000,00" in page


@pytest.mark.slow
def test_the_report_chapter_shows_the_newest_allocation_with_german_numbers(app, client, berlin):
    with app.app_context():
        kommune = db.session.get(Kommune, berlin.kommune_id)
        with write_transaction():
            campaign = Campaign(kommune=kommune, instrument=load_place_standard(),
                                title="Kiezcheck", round_label="2027")  # fmt: skip
            db.session.add(campaign)
        chapters = [s.key for s in report_sections(campaign, "de")]
        assert "funds" not in chapters  # nothing saved: no chapter
    login(client, "plan@berlin.example")
    _save(client, berlin.kommune_id, "Haushalt 2027")
    with app.test_request_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.title == "Kiezcheck"))
        [section] = [s for s in report_sections(campaign, "de") if s.key == "funds"]
        [english] = [s for s in report_sections(campaign, "en") if s.key == "funds"]
    assert (section.key, section.title) == ("funds", "Mittelverteilung nach Bedarf")
    assert english.title == "Need-based allocation of funds"
    assert "<h3>Haushalt 2027</h3>" in section.html
    assert "Ein Budget von 1.000.000,00 €" in section.html
    assert "1; 1,50; 2; 3" not in section.html and "1,00; 1,50; 2,00; 3,00" in section.html
    assert section.html.count('<th scope="col"') == 7
    assert section.html.count('<th scope="row"') == 542 + 1  # and the total
    total = section.html.split("<tfoot>")[1]
    assert "1.000.000,00" in total


def test_planners_see_only_their_own_kommunes_allocations(app, client):
    with app.app_context():
        make_user("plan@a.example", "planner", ["Astadt"])
        make_user("plan@b.example", "planner", ["Bstadt"])
        theirs = db.session.scalar(select(Kommune.id).where(Kommune.name == "Bstadt"))
        with write_transaction():
            saved = FundAllocation(kommune_id=theirs, name="Geheim", params={}, result=[])
            db.session.add(saved)
        saved_id = saved.id
    login(client, "plan@a.example")
    base = f"/planner/kommune/{theirs}/funds"
    for url in (base, f"{base}/{saved_id}", f"{base}/{saved_id}/allocation.csv"):
        assert client.get(url).status_code == 404, url


@pytest.mark.slow
def test_a_saved_allocation_never_changes_when_new_values_arrive_and_can_be_deleted(
    app, client, berlin, tmp_path
):
    login(client, "plan@berlin.example")
    saved = _save(client, berlin.kommune_id, "Haushalt 2027")
    before = client.get(f"{saved}/allocation.csv").get_data()
    lines = ["area_code;indicator;year;value", "01100101;EW;2021;99999"]
    (tmp_path / "ew_2021.csv").write_text("\n".join(lines), encoding="utf-8")
    with app.app_context():
        import_indicators(tmp_path / "ew_2021.csv", "Berlin", "area_code")
        kommune = db.session.get(Kommune, berlin.kommune_id)
        chosen = settings(budget="1000000", population_indicator="EW",
                          class_factors=["1", "1,5", "2", "3"])  # fmt: skip
        now = funds.compute(kommune, chosen)
    assert now.params["population_year"] == 2021  # a new computation takes the newest year
    assert client.get(f"{saved}/allocation.csv").get_data() == before  # the saved one stays
    token = csrf_of(client, saved)
    assert client.post(f"{saved}/delete", data={"csrf_token": token}).status_code == 302
    assert client.get(saved).status_code == 404
