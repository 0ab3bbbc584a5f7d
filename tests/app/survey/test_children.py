"""The children's instrument (Place Standard for ages 6–12, scale 1–3) end to end: stored by
``flask instruments load`` and ``flask demo``, chosen when a planner sets up a survey, answered
on three points, printed, judged and exported on its own scale."""

from __future__ import annotations

import io
import re

import pypdf
from sqlalchemy import func, select

from app.core.extensions import db
from app.core.links import campaign_for_token
from app.models import Area, Campaign, Instrument, Kommune
from app.services.submissions import submit
from tests.support.factories import SurveyInfo, answer_payload
from tests.support.html_tables import table_rows
from tests.support.workspace import csrf_of, demo_with_index, login

CHILDREN = "place-standard-kinder"
#: A children's survey takes only the children's age bands.
CHILD = {"age_band": "8_9", "gender": "", "years_in_area": "5_9"}


def test_instruments_load_and_demo_store_both_shipped_instruments(app, runner):
    result = runner.invoke(args=["instruments", "load"])
    assert result.exit_code == 0, result.output
    assert "Instrument 'place-standard' with 14 themes (scale 1–7) is available." in result.output
    assert f"Instrument '{CHILDREN}' with 14 themes (scale 1–3) is available." in result.output
    assert runner.invoke(args=["instruments", "load"]).exit_code == 0  # nothing twice
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Instrument)) == 2
        db.session.execute(Instrument.__table__.delete())
        db.session.commit()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        slugs = set(db.session.scalars(select(Instrument.slug)))
    assert slugs == {"place-standard", CHILDREN}


def _children_survey(app, client) -> SurveyInfo:
    """A planner of Musterstadt sets up a children's survey of every area through the form."""
    with app.app_context():
        demo_with_index()
        kommune = db.session.scalar(select(Kommune).where(Kommune.name == "Musterstadt"))
        kommune_id = kommune.id
        children = db.session.scalar(select(Instrument).where(Instrument.slug == CHILDREN))
        children_id = children.id
        area_ids = list(db.session.scalars(select(Area.id).where(Area.kommune_id == kommune.id)))
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    url = f"/planner/kommune/{kommune_id}/surveys/new"
    form = client.get(url).get_data(as_text=True)
    assert (
        f'<option value="{children_id}">Place Standard für Kinder (6 bis 12 Jahre): 14 Themen '
        "(Skala 1–3)</option>"
    ) in form
    data = {"csrf_token": csrf_of(client, url), "title": "Kinder-Check", "round_label": "2026 K",
            "instrument_id": children_id, "area_ids": area_ids, "min_group_size": 5,
            "role_choices": ["resident"]}  # fmt: skip
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        campaign = db.session.scalar(select(Campaign).where(Campaign.title == "Kinder-Check"))
        assert campaign.instrument.slug == CHILDREN
        return SurveyInfo(campaign.id, campaign.resident_token, "", "",
                          tuple(a.code for a in campaign.areas),
                          tuple(t.slug for t in campaign.instrument.themes))  # fmt: skip


def _answer(app, info: SurveyInfo, scores: dict[str, int], people: int = 12) -> None:
    with app.app_context():
        campaign, role = campaign_for_token(info.resident)
        for area in info.area_codes:
            for _ in range(people):
                payload = answer_payload(
                    info, area=area, ratings=scores, comments={}, demographics=CHILD
                )
                submit(campaign, role, payload)


def test_a_childrens_survey_is_set_up_answered_on_three_points_and_printed(app, client):
    info = _children_survey(app, client)
    page = client.get(f"/s/{info.resident}/1%20a").get_data(as_text=True)
    assert re.findall(r'name="score-play" value="(\w+)"', page) == ["1", "2", "3", "na"]
    assert "1 = Nicht gut" in page and "3 = Gut" in page
    paper = client.get(f"/paper/{info.resident}/1%20a.pdf")
    assert paper.status_code == 200
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(paper.data)).pages)
    assert "Gibt es hier gute Orte zum Spielen und für deine Freizeit?" in text
    # three boxes and "can't say" for each of the 14 themes, the ends named in the children's words
    # (one line per theme since the sheet is a WeasyPrint table)
    assert text.count("☐ 1 ☐ 2 ☐ 3 ☐ Kann ich nicht sagen") == 14
    assert not re.search(r"☐ 3 ☐ \d", text)  # no fourth box on any theme
    assert text.count("1 = Nicht gut") == 14 and text.count("3 = Gut") == 14


def test_everyone_answering_three_is_never_confirmed_need_and_exports_say_scale_one_to_three(
    app, client
):
    info = _children_survey(app, client)
    _answer(app, info, dict.fromkeys(info.themes, 3))
    results = client.get(f"/planner/surveys/{info.campaign_id}/results").get_data(as_text=True)
    assert "Schwellen 1,50 und 2,50 liegt (Skala 1–3)" in results
    _header, *rows = table_rows(results, "validation-areas")
    assert len(rows) == 12
    assert all(row[4] == "3,0 [3,0–3,0]" for row in rows)
    # whole interval above 2.5: the need areas are a resource, the others inconspicuous
    assert {row[5] for row in rows} == {"Ressource", "unauffällig"}
    assert 'class="ring-label"' in results and ">3</text>" in results
    assert ">4</text>" not in results.split('class="compass"', 1)[1].split("</svg>", 1)[0]
    csv = client.get(f"/planner/surveys/{info.campaign_id}/download/aggregated_ratings.csv")
    text = csv.data.decode("utf-8-sig")
    header, *lines = text.splitlines()
    share_high = header.split(",").index("share_high")
    assert lines and {line.split(",")[share_high] for line in lines} == {"1.0"}
    report = client.get(f"/planner/surveys/{info.campaign_id}/download/report.pdf")
    pages = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(report.data)).pages]
    text = " ".join(" ".join(pages).split())
    start = text.rindex("Statistik und Wahrnehmung")  # the chapter, not the contents
    validation = text[start : text.index("Die Quartiere im Einzelnen", start)]
    assert "(Skala 1–3)" in validation
    key = validation.split("Die Nummern im Diagramm", 1)[1]
    assert "] Ressource" in key and "] bestätigt" not in key  # no Quartier's category


def test_every_chart_of_the_childrens_survey_reads_one_to_three(app, client):
    info = _children_survey(app, client)
    _answer(app, info, dict.fromkeys(info.themes, 3), people=6)
    with app.app_context():
        kommune_id = db.session.get(Campaign, info.campaign_id).kommune_id
    base = f"/planner/kommune/{kommune_id}/map?campaign={info.campaign_id}"
    legend = client.get(f"{base}&layer=play").get_data(as_text=True)
    # one class per step of the 1–3 scale, the top class closed (the one rule of every median map)
    assert "1,0 bis unter 2,0" in legend and "2,0 bis 3,0" in legend
    assert "3,0 bis" not in legend and "bis unter 3,0" not in legend
    # the round table's compass: rings 1 to 3, the residents' medians of 3 on the outer ring
    table = client.get(f"/moderator/surveys/{info.campaign_id}/areas/1%20a")
    svg = table.get_data(as_text=True).split('<svg class="compass"', 1)[1].split("</svg>", 1)[0]
    assert 'data-low="1" data-high="3"' in svg
    assert re.findall(r'class="ring-label"[^>]*>(\d)<', svg) == ["1", "2", "3"]
    points = re.findall(
        r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg.split('class="series residents"')[1]
    )
    assert len(points) == 14
    assert all(abs(((float(x) - 180) ** 2 + (float(y) - 180) ** 2) ** 0.5 - 120) < 0.2
               for x, y in points)  # fmt: skip
