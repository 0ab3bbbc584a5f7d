"""Funds by the round tables' verdicts on chosen themes: the most need given on any chosen theme
counts, web and CLI give the same cents, the themes are saved with the round and named in the
CSV/Excel parameters and the report; an unknown theme gets a clear sentence."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign, Kommune
from app.services import funds
from app.services.instruments import load_place_standard
from app.services.report_sections import report_sections
from app.services.roundtable import save_record
from tests.app.funds.test_funds_by_need import CLI, FORM
from tests.support.workbook import read_excel_csv
from tests.support.workspace import csrf_of, login

#: code -> (overall verdict, verdicts per theme) of the round table of 2026.
RECORDS = {
    "01100101": ("confirmed", {"play": "not_confirmed", "work": "not_confirmed"}),
    "01100102": ("not_confirmed", {"play": "unclear", "work": "confirmed"}),
    "01100103": ("confirmed", {"housing": "confirmed"}),
    "01100104": (None, {"play": "unclear"}),
}
#: "play" and "work" as a German reader reads them (a title may hold a comma).
THEMES_DE = "Spiel, Sport und Freizeit; Arbeit und lokale Wirtschaft"


def _round_table(kommune_id: int, label: str, records: dict) -> None:
    """A survey of round ``label`` with the round tables' ``records`` (code -> verdicts)."""
    kommune = db.session.get(Kommune, kommune_id)
    with write_transaction():
        campaign = Campaign(kommune=kommune, instrument=load_place_standard(),
                            title=f"Kiezcheck {label}", round_label=label)  # fmt: skip
        db.session.add(campaign)
    for code, (overall, themes) in records.items():
        area = db.session.scalar(select(Area).where(Area.kommune_id == kommune_id,
                                                    Area.code == code))  # fmt: skip
        needs = {slug: {"need": need} for slug, need in themes.items()}
        save_record(campaign, area, {"overall_need": overall or ""}, needs)


@pytest.fixture
def themed(app, berlin):
    with app.test_request_context():
        _round_table(berlin.kommune_id, "2026", RECORDS)
    return berlin


def _save(client, kommune_id: int, name: str, themes: list[str], **more: str):
    url = f"/planner/kommune/{kommune_id}/funds"
    form = {**FORM, "name": name, "save": "1", "csrf_token": csrf_of(client, url),
            "need_themes": themes, **more}  # fmt: skip
    return client.post(url, data=form)


@pytest.mark.slow
def test_the_chosen_themes_verdicts_count_on_the_web_and_the_cli_alike(
    app, client, runner, themed, tmp_path
):
    login(client, "plan@berlin.example")
    form = client.get(f"/planner/kommune/{themed.kommune_id}/funds").get_data(as_text=True)
    assert 'name="need_themes" value="play"' in form
    reply = _save(client, themed.kommune_id, "Spiel und Arbeit", ["play", "work"])
    assert reply.status_code == 302, reply.get_data(as_text=True)[-2000:]
    web = read_excel_csv(io.BytesIO(client.get(f"{reply.headers['Location']}/allocation.csv")
                                    .get_data())).set_index("Kennung")  # fmt: skip
    out = tmp_path / "themen.csv"
    result = runner.invoke(args=[*CLI, "--need-themes", "play,work", "-o", str(out)],
                           env={"LANGUAGE": "de"})  # fmt: skip
    assert result.exit_code == 0, result.output
    cli = read_excel_csv(out).set_index("Kennung")
    assert web["Betrag (Cent)"].to_dict() == cli["Betrag (Cent)"].to_dict()
    verdict = web["Urteil des Runden Tisches"]
    # overall "confirmed", but not confirmed on both chosen themes
    assert verdict["01100101"] == "Bedarf nicht bestätigt"
    # overall "not confirmed", but confirmed on work: the most need on a chosen theme
    assert verdict["01100102"] == "Bedarf bestätigt"
    assert verdict["01100104"] == "Unklar"
    # judged only on a theme not chosen: no verdict, nothing, with the reason
    assert web.loc["01100103", "Betrag (Cent)"] == 0
    assert web.loc["01100103", "Nicht berücksichtigt, weil"] == "kein Urteil des Runden Tisches"
    assert web.loc["01100102", "Betrag (Cent)"] > web.loc["01100101", "Betrag (Cent)"] > 0
    with app.test_request_context():
        kommune = db.session.get(Kommune, themed.kommune_id)
        saved = funds.find(kommune, "Spiel und Arbeit")
        assert saved.params["need_themes"] == ["play", "work"]
        assert saved.params["need_round"] == "2026"
        campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == "2026"))
        [chapter] = [s for s in report_sections(campaign, "de") if s.key == "funds"]
    # the themes by their titles in the reader's language, not their codes
    assert f"Themen {THEMES_DE}" in chapter.html
    page = client.get(f"/planner/kommune/{themed.kommune_id}/funds").get_data(as_text=True)
    assert f"({THEMES_DE})" in page
    book = client.get(f"/planner/kommune/{themed.kommune_id}/funds/{saved.id}/allocation.xlsx")
    sheet = dict(openpyxl.load_workbook(io.BytesIO(book.get_data()))["Parameter"]
                 .iter_rows(min_row=2, values_only=True))  # fmt: skip
    assert sheet["Urteile zu den Themen"] == THEMES_DE


@pytest.mark.slow
def test_without_themes_the_overall_verdict_counts_and_is_saved_so(app, client, themed):
    login(client, "plan@berlin.example")
    reply = _save(client, themed.kommune_id, "Gesamt", [])
    assert reply.status_code == 302
    book = client.get(f"{reply.headers['Location']}/allocation.xlsx")
    sheet = dict(openpyxl.load_workbook(io.BytesIO(book.get_data()))["Parameter"]
                 .iter_rows(min_row=2, values_only=True))  # fmt: skip
    assert sheet["Urteile zu den Themen"] == "Gesamturteil"
    with app.test_request_context():
        saved = funds.find(db.session.get(Kommune, themed.kommune_id), "Gesamt")
        assert saved.params["need_themes"] == []
        classes = {r["area_code"]: r["class"] for r in saved.result}
        assert classes["01100101"] == "confirmed" and classes["01100104"] is None


@pytest.mark.slow
def test_a_round_judged_only_on_themes_is_offered_on_the_page(app, client, themed):
    with app.test_request_context():  # judged on one theme only, no overall verdict
        _round_table(themed.kommune_id, "2027", {"01100101": (None, {"play": "confirmed"})})
    login(client, "plan@berlin.example")
    page = client.get(f"/planner/kommune/{themed.kommune_id}/funds").get_data(as_text=True)
    assert '<option value="2027"' in page and '<option value="2026"' in page
    reply = _save(client, themed.kommune_id, "Nur Themen", ["play"], need_round="2027")
    assert reply.status_code == 302, reply.get_data(as_text=True)[-2000:]
    with app.test_request_context():
        saved = funds.find(db.session.get(Kommune, themed.kommune_id), "Nur Themen")
        assert saved.params["need_round"] == "2027"
        classes = {r["area_code"]: r["class"] for r in saved.result}
        assert classes["01100101"] == "confirmed" and classes["01100102"] is None


def test_an_unknown_theme_gets_a_clear_sentence_and_nothing_is_written(runner, themed, tmp_path):
    out = tmp_path / "x.csv"
    reply = runner.invoke(args=[*CLI, "--need-themes", "play,spielen", "-o", str(out)],
                          env={"LANGUAGE": "en"})  # fmt: skip
    assert reply.exit_code == 1 and "Unknown theme: spielen." in reply.output
    assert not out.exists()
