"""The chapters the app adds to the report: the Sozialatlas (issue 12) and the methods
(issue 13), in their order, in the download and in ``flask report build`` alike."""

from __future__ import annotations

import re

from app.core.extensions import db
from app.models import Campaign
from app.services.methods import methods_sections
from app.services.report_sections import report_sections
from tests.support.output import pages_text
from tests.support.workspace import demo_with_index, login


def _chapters(app, campaign_id: int, lang: str = "de"):
    with app.test_request_context(headers={"Accept-Language": lang}):
        campaign = db.session.get(Campaign, campaign_id)
        return report_sections(campaign, lang), methods_sections(campaign)


def test_the_atlas_and_the_methods_come_in_their_order_with_their_text(app):
    with app.app_context():
        campaign_id = demo_with_index()
    sections, methods = _chapters(app, campaign_id)
    assert [(s.key, s.title) for s in sections] == [
        ("atlas", "Sozialatlas"), ("methods", "So funktioniert der Abgleich"),
    ]  # fmt: skip
    atlas, chapter = sections[0].html, sections[1]
    # one map per indicator of the index, for the version's year, with its classes as a table
    assert re.findall(r"<h3>([^<]+)</h3>", atlas) == [
        t for t in re.findall(r"<h3>([^<]+)</h3>", atlas) if t.endswith(" 2024")
    ]
    assert len(re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="Karte: ', atlas)) == 2
    assert '<th scope="col">Klasse</th>' in atlas
    assert [f"<h3>{s.title}</h3>" in chapter.html for s in methods] == [True] * len(methods)
    english, _ = _chapters(app, campaign_id, "en")
    assert english[1].title == "How the comparison works"


def test_without_an_index_version_the_atlas_is_left_out(app, survey):
    sections, _ = _chapters(app, survey.campaign_id)
    assert [s.key for s in sections] == ["methods"]


def test_the_download_and_the_cli_carry_the_same_chapters(app, client, runner, tmp_path):
    with app.app_context():
        campaign_id = demo_with_index()
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    reply = client.get(f"/planner/surveys/{campaign_id}/download/report.pdf",
                       headers={"Accept-Language": "de"})  # fmt: skip
    assert reply.status_code == 200
    built = runner.invoke(args=["report", "build", "--campaign", "musterstadt-2025", "--lang",
                                "de", "-o", str(tmp_path)])  # fmt: skip
    assert built.exit_code == 0, built.output
    headings = ["Die Quartiere im Einzelnen", "Sozialatlas", "So funktioniert der Abgleich",
                "Methode und Quellen"]  # fmt: skip
    for data in (reply.data, (tmp_path / "report.pdf").read_bytes()):
        text = " ".join(pages_text(data).split())
        start = text.index("Die Quartiere im Einzelnen", text.index("Das Wichtigste"))
        positions = [text.index(h, start) for h in headings]
        assert positions == sorted(positions)
