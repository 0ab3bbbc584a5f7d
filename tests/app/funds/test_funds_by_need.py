"""Funds by the round tables' verdicts instead of index classes: the web form and ``flask funds
allocate --need-factors`` give the same cents, every parameter is saved, Quartiere without a
verdict are listed with the reason, and bad factors get a clear sentence."""

from __future__ import annotations

import io
from fractions import Fraction

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
from tests.support.data import berlin_mss
from tests.support.workbook import read_excel_csv
from tests.support.workspace import csrf_of, login

#: Four Planungsräume judged by the round table of 2026; the other 538 have no verdict.
VERDICTS = {"01100101": "confirmed", "01100102": "unclear", "01100103": "not_confirmed",
            "01100104": "confirmed"}  # fmt: skip
FACTORS = {"confirmed": Fraction(2), "unclear": Fraction(3, 2), "not_confirmed": Fraction(1)}
FORM = {"budget": "100.000", "base": "1.000", "population_indicator": "EW", "basis": "need",
        "need_confirmed": "2", "need_unclear": "1,5", "need_not_confirmed": "1"}  # fmt: skip
CLI = ["funds", "allocate", "--kommune", "Berlin", "--budget", "100000", "--base", "1000",
       "--population-indicator", "EW",
       "--need-factors", "confirmed=2,unclear=1.5,not_confirmed=1"]  # fmt: skip


def _round_table(kommune_id: int, label: str, verdicts: dict[str, str]) -> None:
    kommune = db.session.get(Kommune, kommune_id)
    with write_transaction():
        campaign = Campaign(kommune=kommune, instrument=load_place_standard(),
                            title=f"Kiezcheck {label}", round_label=label)  # fmt: skip
        db.session.add(campaign)
    for code, verdict in verdicts.items():
        area = db.session.scalar(select(Area).where(Area.kommune_id == kommune_id,
                                                    Area.code == code))  # fmt: skip
        save_record(campaign, area, {"overall_need": verdict}, {})


@pytest.fixture
def judged(app, berlin):
    """Berlin with verdicts of 2024 (every judged Quartier unclear) and 2026 (``VERDICTS``)."""
    with app.test_request_context():
        _round_table(berlin.kommune_id, "2024", dict.fromkeys(VERDICTS, "unclear"))
        _round_table(berlin.kommune_id, "2026", VERDICTS)
    return berlin


def _save(client, kommune_id: int, name: str, **changes):
    url = f"/planner/kommune/{kommune_id}/funds"
    form = {**FORM, **changes, "name": name, "save": "1", "csrf_token": csrf_of(client, url)}
    return client.post(url, data=form)


def _expected_cents(verdicts: dict[str, str], rest_cents: int) -> dict[str, Fraction]:
    """The exact (unrounded) share of each judged Quartier, computed by hand."""
    population = berlin_mss().set_index("PLR_ID")["EW"]
    weights = {code: Fraction(int(population[code])) * FACTORS[v] for code, v in verdicts.items()}
    total = sum(weights.values())
    return {code: rest_cents * w / total for code, w in weights.items()}


@pytest.mark.slow
def test_web_and_cli_weight_the_verdicts_the_same_to_the_cent(
    app, client, runner, judged, tmp_path
):
    login(client, "plan@berlin.example")
    reply = _save(client, judged.kommune_id, "Nach Urteil")
    assert reply.status_code == 302, reply.get_data(as_text=True)[-2000:]
    data = client.get(f"{reply.headers['Location']}/allocation.csv").get_data()
    web = read_excel_csv(io.BytesIO(data)).set_index("Kennung")
    out = tmp_path / "nach_urteil.csv"
    result = runner.invoke(args=[*CLI, "-o", str(out)], env={"LANGUAGE": "de"})
    assert result.exit_code == 0, result.output
    cli = read_excel_csv(out).set_index("Kennung")
    assert web["Betrag (Cent)"].to_dict() == cli["Betrag (Cent)"].to_dict()
    assert web["Betrag (Cent)"].sum() == 10_000_000
    # the newest round counts; each judged Quartier gets its exact share within a cent
    exact = _expected_cents(VERDICTS, 10_000_000 - 4 * 100_000)
    for code, share in exact.items():
        assert abs(web.loc[code, "Betrag (Cent)"] - 100_000 - share) < 1, code
    assert web.loc["01100101", "Urteil des Runden Tisches"] == "Bedarf bestätigt"
    assert web.loc["01100103", "Urteil des Runden Tisches"] == "Bedarf nicht bestätigt"
    # the 538 Quartiere without a verdict get nothing, with the reason
    unjudged = web.drop(index=list(VERDICTS))
    assert len(unjudged) == 538 and (unjudged["Betrag (Cent)"] == 0).all()
    assert set(unjudged["Nicht berücksichtigt, weil"]) == {"kein Urteil des Runden Tisches"}


@pytest.mark.slow
def test_every_parameter_is_saved_and_an_earlier_round_can_be_chosen(app, client, judged):
    login(client, "plan@berlin.example")
    form = client.get(f"/planner/kommune/{judged.kommune_id}/funds").get_data(as_text=True)
    assert 'id="basis-need"' in form and '<option value="2026"' in form
    page = client.get(_save(client, judged.kommune_id, "2026").headers["Location"])
    html = page.get_data(as_text=True)
    assert "Urteil des Runden Tisches</th>" in html and '<td class="n">Unklar</td>' in html
    assert _save(client, judged.kommune_id, "2024", need_round="2024").status_code == 302
    with app.test_request_context():
        kommune = db.session.get(Kommune, judged.kommune_id)
        newest, earlier = funds.find(kommune, "2026"), funds.find(kommune, "2024")
        params = newest.params
        assert params["basis"] == "need" and params["need_round"] == "2026"
        assert params["class_factors"] == [["not_confirmed", 1.0], ["unclear", 1.5],
                                           ["confirmed", 2.0]]  # fmt: skip
        assert params["index_version"] is None
        assert params["exclusions"]["01100205"] == "no verdict"
        # in 2024 all four were unclear: equal factors, so the share goes by population alone
        cents = {r["area_code"]: r["share_cents"] for r in earlier.result if r["class"]}
        exact = _expected_cents(dict.fromkeys(VERDICTS, "unclear"), 10_000_000 - 400_000)
        assert all(abs(cents[c] - exact[c]) < 1 for c in VERDICTS)
        campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == "2026"))
        [chapter] = [s for s in report_sections(campaign, "de") if s.key == "funds"]
    assert "Urteil des Runden Tisches" in chapter.html and "Runde 2024" in chapter.html
    assert "Bedarf bestätigt: 2,00" in chapter.html
    reply = client.get(f"/planner/kommune/{judged.kommune_id}/funds/{earlier.id}/allocation.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(reply.get_data()))
    sheet = dict(book["Parameter"].iter_rows(min_row=2, values_only=True))
    assert sheet["Urteile der Runden Tische"] == "Runde 2024"
    assert sheet["Faktoren je Urteil"].startswith("Bedarf nicht bestätigt: 1,00; Unklar: 1,50")


BAD = [
    ({"need_unclear": ""}, "einen Faktor für jedes Urteil"),
    ({"need_confirmed": "1"}, "nie weniger"),
    ({"need_unclear": "viel"}, "Faktoren müssen Zahlen sein"),
    ({"need_round": "1999"}, "hat in der Runde „1999“ ein Urteil"),
]


@pytest.mark.slow
def test_bad_need_factors_get_a_clear_sentence_and_nothing_is_saved(app, client, runner, judged):
    login(client, "plan@berlin.example")
    for change, sentence in BAD:
        reply = _save(client, judged.kommune_id, "x", **change)
        html = reply.get_data(as_text=True)
        assert reply.status_code == 200 and sentence in html, (change, html[-3000:])
    with app.app_context():
        assert funds.allocations(db.session.get(Kommune, judged.kommune_id)) == []
    both = runner.invoke(args=[*CLI, "--class-factors", "1,2,3,4", "-o", "x.csv"],
                         env={"LANGUAGE": "en"})  # fmt: skip
    assert both.exit_code == 1 and "either --class-factors or --need-factors" in both.output
    typo = runner.invoke(args=[*CLI[:-1], "confirmed=2,unklar=1.5,not_confirmed=1", "-o", "x.csv"],
                         env={"LANGUAGE": "en"})  # fmt: skip
    assert typo.exit_code == 1 and "confirmed=2, unclear=1.5, not_confirmed=1" in typo.output


def test_without_any_verdict_the_planner_is_told_to_record_them_first(app, runner, berlin):
    reply = runner.invoke(args=[*CLI, "-o", "x.csv"], env={"LANGUAGE": "en"})
    assert reply.exit_code == 1
    assert "No round table of Berlin has given a verdict on a need yet" in reply.output
