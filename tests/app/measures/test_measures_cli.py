"""``flask measures list|export``: the Kommune's measures on the command line, written by the
same writer as the web download (the bytes are the same), and clear sentences for bad input."""

from __future__ import annotations

import csv
import io

import openpyxl
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign
from app.services import measures
from app.services.measure_input import read_measure
from tests.support.measures import DEMO_PASSWORDS, PLANNER, demo_with_verdict, musterstadt, user
from tests.support.workspace import login

GERMAN, ENGLISH = {"LANGUAGE": "de"}, {"LANGUAGE": "en"}


def _two_measures(app) -> int:
    with app.test_request_context():
        demo_with_verdict()
        kommune = musterstadt()
        campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == "2024"))
        for title, status, budget in (("Jugendtreff", "running", "12.500,50"),
                                      ("Spielplatz", "planned", "")):  # fmt: skip
            form = {"title": title, "status": status, "areas": ["2"], "budget": budget,
                    "indicators": ["sgb2_quote"], "themes": ["play"]}  # fmt: skip
            values = read_measure(kommune, form, ["play"])
            measures.create_measure(kommune, values, user(PLANNER), campaign)
        return kommune.id


def test_list_shows_one_line_per_measure_newest_first(app, runner):
    _two_measures(app)
    reply = runner.invoke(args=["measures", "list", "--kommune", "Musterstadt"], env=GERMAN)
    assert reply.exit_code == 0, reply.output
    lines = [line.split("\t") for line in reply.output.strip().splitlines()]
    assert [line[1:3] for line in lines] == [["geplant", "Spielplatz"], ["läuft", "Jugendtreff"]]
    assert lines[1][3:] == ["2", "12.500,50"] and lines[0][4] == "–"
    running = runner.invoke(args=["measures", "list", "--kommune", "Musterstadt",
                                  "--status", "running"], env=ENGLISH)  # fmt: skip
    assert running.output.count("\n") == 1 and "Jugendtreff" in running.output


def test_export_writes_what_the_web_download_gives(app, runner, client, tmp_path):
    kommune_id = _two_measures(app)
    out = tmp_path / "massnahmen.csv"
    reply = runner.invoke(
        args=["measures", "export", "--kommune", "Musterstadt", "-o", str(out)], env=GERMAN
    )
    assert reply.exit_code == 0, reply.output
    assert "2 Maßnahmen geschrieben" in reply.output
    login(client, PLANNER, DEMO_PASSWORDS[PLANNER])
    web = client.get(f"/planner/kommune/{kommune_id}/measures.csv").get_data()
    assert out.read_bytes() == web  # one writer: German Excel, ";", decimal comma, BOM
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Titel", "Status"] and rows[1][:3] == ["id", "title", "status"]
    assert rows[2][1] == "Jugendtreff" and rows[2][7] == "12500,50"  # oldest first
    book_path = tmp_path / "massnahmen.data"
    reply = runner.invoke(args=["measures", "export", "--kommune", "Musterstadt", "--format",
                                "xlsx", "-o", str(book_path)], env=ENGLISH)  # fmt: skip
    assert reply.exit_code == 0, reply.output
    book = openpyxl.load_workbook(io.BytesIO(book_path.read_bytes()))
    assert book.sheetnames == ["Measures", "Evaluation"]
    assert book["Measures"].cell(3, 8).value == 12500.5


def test_bad_input_gets_one_clear_line(app, runner, tmp_path):
    _two_measures(app)
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    base = ["measures", "export", "--kommune", "Musterstadt"]
    cases = [
        (["-o", str(tmp_path / "m.txt")], "Give --format csv or --format xlsx"),
        (["--format", "csv", "-o", str(tmp_path / "m.xlsx")], "ends in .xlsx but --format is csv"),
        (["-o", str(tmp_path / "no" / "m.csv")], "does not exist"),
    ]
    for args, sentence in cases:
        reply = runner.invoke(args=[*base, *args], env=ENGLISH)
        assert reply.exit_code == 1 and sentence in reply.output, (args, reply.output)
        assert "Traceback" not in reply.output
    unknown = runner.invoke(args=["measures", "list", "--kommune", "Nirgendwo"], env=ENGLISH)
    assert unknown.exit_code == 1 and "Nirgendwo" in unknown.output
    assert not list(tmp_path.iterdir())


def test_a_kommune_without_measures_says_so(app, runner):
    with app.app_context():
        demo_with_verdict()
    reply = runner.invoke(args=["measures", "list", "--kommune", "Musterstadt"], env=ENGLISH)
    assert reply.exit_code == 0 and "Musterstadt has no measures yet." in reply.output
