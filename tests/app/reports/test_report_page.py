"""The report as a web page: for planners, public once the survey's results are; the same
chapters as the PDF; within the pages' Content-Security-Policy (no inline styles)."""

from __future__ import annotations

import re

from app.core.extensions import db
from app.models import Campaign
from tests.support.output import pages_text
from tests.support.workspace import demo_with_index, login, make_user


def _demo(app, client) -> int:
    with app.app_context():
        campaign_id = demo_with_index()
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    return campaign_id


def demo_campaign_id() -> int:
    from sqlalchemy import select

    return db.session.scalar(select(Campaign.id).where(Campaign.round_label == "2025"))


def test_planners_read_the_report_with_the_pdfs_chapters(app, client):
    campaign_id = _demo(app, client)
    base = f"/planner/surveys/{campaign_id}"
    results = client.get(f"{base}/results").get_data(as_text=True)
    assert f'href="{base}/report"' in results
    reply = client.get(f"{base}/report", headers={"Accept-Language": "de"})
    assert reply.status_code == 200
    page = reply.get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page and "<style" not in page and "style=" not in page
    assert f'<link rel="stylesheet" href="{base}/report.css">' in page
    css = client.get(f"{base}/report.css")
    assert css.status_code == 200 and css.mimetype == "text/css" and b".key-residents" in css.data
    chapters = re.findall(r"<h2>([^<]+)</h2>", page)
    assert chapters[-3:] == ["Sozialatlas", "So funktioniert der Abgleich", "Methode und Quellen"]
    pdf = client.get(f"{base}/download/report.pdf", headers={"Accept-Language": "de"})
    text = " ".join(pages_text(pdf.data).split())
    for chapter in chapters:
        assert chapter in text


def test_the_public_sees_the_report_only_when_the_results_are_public(app, client):
    _demo(app, client)
    client = app.test_client()  # nobody logged in
    with app.app_context():
        campaign_id = demo_campaign_id()
    assert client.get(f"/results/{campaign_id}/report").status_code == 404
    assert client.get(f"/results/{campaign_id}/report.css").status_code == 404
    with app.app_context():
        db.session.get(Campaign, campaign_id).public_results = True
        db.session.commit()
    page = client.get(f"/results/{campaign_id}").get_data(as_text=True)
    assert f'href="/results/{campaign_id}/report"' in page
    reply = client.get(f"/results/{campaign_id}/report", headers={"Accept-Language": "de"})
    assert reply.status_code == 200
    assert "Die Quartiere im Einzelnen" in reply.get_data(as_text=True)
    assert client.get(f"/results/{campaign_id}/report.css").status_code == 200


def test_a_survey_without_answers_says_so(app, client, survey):
    with app.app_context():
        make_user("p@example.org", "planner", ["Teststadt"])
    login(client, "p@example.org")
    reply = client.get(f"/planner/surveys/{survey.campaign_id}/report")
    assert reply.status_code == 409
    assert "Es gibt nichts zu berichten." in reply.get_data(as_text=True)
