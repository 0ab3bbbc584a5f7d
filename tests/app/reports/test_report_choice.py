"""A report a planner can get for a big city: profiles for chosen Quartiere (by code, parent area
or index class) on the web, a clear sentence with the two ways out beyond the page budget, and
``flask report build --areas``. The overview always lists every Quartier."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Campaign
from app.services.index_versions import saved_index
from app.services.survey_index import survey_index
from tests.support.output import pages_text
from tests.support.workspace import demo_with_index, login

PROFILE = re.compile(r'<article class="profile" id="area-\d+" aria-labelledby="area-\d+-title">\s*'
                     r'<h3 id="area-\d+-title">[^<]* \(([^)]+)\)</h3>')  # fmt: skip


def _planner(app, client) -> str:
    with app.app_context():
        campaign_id = demo_with_index()
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    return f"/planner/surveys/{campaign_id}"


def _overview_rows(page: str) -> int:
    table = page[page.index('<table class="overview">') :]
    return table[: table.index("</table>")].count('<tr><th scope="row">')


def test_over_the_budget_the_web_says_so_with_the_two_ways_out(app, client):
    base = _planner(app, client)
    app.config["QK_REPORT_PROFILE_BUDGET"] = 5  # the demo's 12 Quartiere are over it
    pdf = client.get(f"{base}/download/report.pdf", headers={"Accept-Language": "de"})
    assert pdf.status_code == 409
    text = pdf.get_data(as_text=True)
    assert "12 Quartiersprofile" in text and "flask report build" in text
    page = client.get(f"{base}/report", headers={"Accept-Language": "de"})
    assert page.status_code == 409
    html = page.get_data(as_text=True)
    assert 'role="alert"' in html and "12 Quartiersprofile" in html
    assert f'formaction="{base}/report.pdf"' in html  # the form to choose is right there
    assert "flask report build --campaign" in html


def test_a_report_for_chosen_quartiere_has_only_their_profiles(app, client):
    base = _planner(app, client)
    app.config["QK_REPORT_PROFILE_BUDGET"] = 5
    page = client.get(f"{base}/report?areas=1 a, 2&areas=3 b", headers={"Accept-Language": "de"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert PROFILE.findall(html) == ["1 a", "2", "3 b"]
    assert _overview_rows(html) == 12  # overview, map and quadrant: every Quartier
    assert "Profile für 3 der 12 Quartiere" in html
    pdf = client.get(f"{base}/report.pdf?areas=1 a&areas=2", headers={"Accept-Language": "de"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "report-2-quartiere.pdf" in pdf.headers["Content-Disposition"]
    text = " ".join(pages_text(pdf.data).split())
    assert "Profile für 2 der 12 Quartiere" in text


def test_quartiere_chosen_by_parent_area_and_by_index_class(app, client):
    base = _planner(app, client)
    with app.app_context():
        campaign = db.session.get(Campaign, int(base.rsplit("/", 1)[1]))
        bezirk = Area(kommune_id=campaign.kommune_id, code="B1", name="Bezirk Nord")
        db.session.add(bezirk)
        for area in campaign.areas:
            if area.code in ("3 a", "3 b"):
                area.parent = bezirk
        table = saved_index(survey_index(campaign).version).result.table
        top = int(table["class"].max())
        in_top = {str(c) for c, k in zip(table["area_code"], table["class"], strict=True)
                  if k == top} & {a.code for a in campaign.areas}  # fmt: skip
        db.session.commit()
    html = client.get(f"{base}/report?parent=B1").get_data(as_text=True)
    assert PROFILE.findall(html) == ["3 a", "3 b"]
    html = client.get(f"{base}/report?classes={top}").get_data(as_text=True)
    assert set(PROFILE.findall(html)) == in_top and in_top
    form = client.get(f"{base}/report/choose", headers={"Accept-Language": "de"})
    assert form.status_code == 200
    options = form.get_data(as_text=True)
    assert '<option value="B1">Bezirk Nord (B1)</option>' in options
    assert f'name="classes" value="{top}"' in options
    results = client.get(f"{base}/results").get_data(as_text=True)
    assert f'href="{base}/report/choose"' in results


def test_a_bad_choice_is_a_sentence_never_a_500(app, client):
    base = _planner(app, client)
    de = {"Accept-Language": "de"}
    reply = client.get(f"{base}/report?areas=<script>x</script>, 2", headers=de)
    assert reply.status_code == 409
    html = reply.get_data(as_text=True)
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>x" not in html
    assert "keine Quartiere dieser Umfrage" in html
    for query, sentence in (("parent=nowhere", "liegt kein Quartier"),
                            ("classes=hoch", "Nummer"),
                            ("areas=1 a&classes=99", "Kein Quartier passt")):  # fmt: skip
        reply = client.get(f"{base}/report.pdf?{query}", headers=de)
        assert reply.status_code == 409, query
        assert sentence in reply.get_data(as_text=True), query


def test_the_public_report_beyond_the_budget_says_so(app, client):
    _planner(app, client)
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == "2025"))
        campaign.public_results = True
        db.session.commit()
        campaign_id = campaign.id
    app.config["QK_REPORT_PROFILE_BUDGET"] = 5
    reply = app.test_client().get(
        f"/results/{campaign_id}/report", headers={"Accept-Language": "de"}
    )
    assert reply.status_code == 409
    assert "zu groß für eine Webseite" in reply.get_data(as_text=True)
