"""The children's Place Standard (ages 6-12, 1-3): loads with the CLI, a survey uses it, and
the analysis reads its answers on 1-3."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

import app as app_package
from analysis.outputs.build import build_outputs
from app.core.database import write_transaction
from app.core.extensions import db
from app.core.links import campaign_for_token
from app.models import Area, Campaign, Instrument, Kommune, Rating
from app.services.campaign_data import campaign_data
from app.services.instruments import InstrumentError, load_instrument, read_instrument_file
from app.services.queries import themes_frame
from app.services.submissions import submit
from tests.support.factories import SurveyInfo, answer_payload

CHILDREN = Path(app_package.__file__).parent / "data" / "place_standard_children.json"
MAIN = Path(app_package.__file__).parent / "data" / "place_standard.json"
RESIDENT = ("de", "en", "tr", "ar", "uk")
#: A children's survey takes only the children's age bands.
CHILD = {"age_band": "8_9", "gender": "", "years_in_area": "5_9"}


def test_the_file_has_every_theme_and_every_resident_language():
    data = json.loads(CHILDREN.read_text(encoding="utf-8"))
    main = json.loads(MAIN.read_text(encoding="utf-8"))
    assert data["scale"]["min"] == 1 and data["scale"]["max"] == 3
    # the same 14 themes as the adults' version, so both can be compared theme by theme
    assert [t["slug"] for t in data["themes"]] == [t["slug"] for t in main["themes"]]
    assert set(data["description"]) == set(data["scale"]["labels"]) == set(RESIDENT)
    for theme in data["themes"]:
        for lang in RESIDENT:
            assert theme["title"][lang] and theme["question"][lang], (theme["slug"], lang)
            assert len(theme["prompts"][lang]) == len(theme["prompts"]["de"]), theme["slug"]
        assert theme["question"]["de"] != next(
            t["question"]["de"] for t in main["themes"] if t["slug"] == theme["slug"]
        )  # its own wording, not the adults'
        assert len(theme["question"]["de"]) <= 100  # short
    assert "du" in data["description"]["de"].split()  # children are addressed with "du"
    # drafts in Turkish, Arabic and Ukrainian are marked for a native speaker's review
    assert all("review" in data["review"][lang] for lang in ("tr", "ar", "uk"))
    assert not any("pictogram" in key or "icon" in key for t in data["themes"] for key in t)


def children_survey() -> SurveyInfo:
    instrument = db.session.scalar(select(Instrument).filter_by(slug="place-standard-kinder"))
    with write_transaction():
        town = Kommune(name="Kinderstadt")
        areas = [Area(kommune=town, code=f"{i}", name=f"Viertel {i}", population=900)
                 for i in range(1, 4)]  # fmt: skip
        campaign = Campaign(kommune=town, instrument=instrument, title="Kinder-Check",
                            round_label="2026", min_group_size=5)  # fmt: skip
        campaign.areas = areas
        db.session.add_all([town, campaign])
    return SurveyInfo(
        campaign.id, campaign.resident_token, campaign.expert_token, campaign.group_token,
        tuple(a.code for a in areas), tuple(t.slug for t in instrument.themes),
    )  # fmt: skip


def test_loads_with_the_cli_and_a_survey_takes_answers_on_one_to_three(app, runner, client):
    result = runner.invoke(args=["instruments", "load", str(CHILDREN)])
    assert result.exit_code == 0, result.output
    assert "Instrument 'place-standard-kinder' with 14 themes (scale 1–3) is available." in (
        result.output
    )
    assert runner.invoke(args=["instruments", "load", str(CHILDREN)]).exit_code == 0  # idempotent
    with app.app_context():
        instrument = db.session.scalar(select(Instrument).filter_by(slug="place-standard-kinder"))
        assert (instrument.scale_min, instrument.scale_max) == (1, 3)
        assert {(t.scale_min, t.scale_max) for t in instrument.themes} == {(1, 3)}
        assert len(db.session.scalars(select(Instrument)).all()) == 1
        info = children_survey()
    html = client.get(f"/s/{info.resident}/1").get_data(as_text=True)
    assert 'name="score-play" value="3"' in html and 'name="score-play" value="4"' not in html
    assert "1 = Nicht gut" in html and "3 = Gut" in html
    assert "Gibt es hier gute Orte zum Spielen und für deine Freizeit?" in html
    with app.app_context():
        campaign, role = campaign_for_token(info.resident)
        for area in info.area_codes:
            for _ in range(6):
                ratings = dict.fromkeys(info.themes, 3)
                payload = answer_payload(info, area=area, ratings=ratings, demographics=CHILD)
                submit(campaign, role, payload)
        stored = db.session.scalars(select(Rating.score)).all()
        assert len(stored) == 3 * 6 * 14 and set(stored) == {3}
    too_high = answer_payload(
        info, ratings={**dict.fromkeys(info.themes, 3), "play": 4}, demographics=CHILD
    )
    reply = client.post("/api/v1/responses", json=too_high, headers={"Accept-Language": "en"})
    assert reply.status_code == 400
    # the children's survey says "number" in its plain words, and its own scale of 1 to 3
    assert {
        "field": "ratings.play",
        "message": 'Please choose a number from 1 to 3, or "can\'t say".',
    } in reply.get_json()["errors"]


@pytest.mark.slow
def test_the_analysis_reads_the_childrens_answers_on_their_scale(app, runner, tmp_path):
    assert runner.invoke(args=["instruments", "load", str(CHILDREN)]).exit_code == 0
    with app.app_context():
        info = children_survey()
        campaign, role = campaign_for_token(info.resident)
        threes = dict.fromkeys(info.themes, 3)
        for area in info.area_codes:
            for _ in range(12):
                payload = answer_payload(info, area=area, ratings=threes, demographics=CHILD)
                submit(campaign, role, payload)
        themes = themes_frame(campaign.instrument, "de")
        data = campaign_data(campaign)
    assert (themes["scale_min"] == 1).all() and (themes["scale_max"] == 3).all()
    build_outputs(data, tmp_path, only={"aggregated_ratings.csv", "results.xlsx"})
    text = (tmp_path / "aggregated_ratings.csv").read_text(encoding="utf-8")
    header, *rows = text.splitlines()
    share_high = header.split(",").index("share_high")
    assert rows and {row.split(",")[share_high] for row in rows} == {"1.0"}


def test_the_instrument_file_names_its_audience_and_a_wrong_one_is_refused(app):
    with app.app_context():
        children = load_instrument(read_instrument_file(CHILDREN))
        adults = load_instrument(read_instrument_file(MAIN))
        assert (children.audience, adults.audience) == ("children", "adults")
        data = {**json.loads(MAIN.read_text(encoding="utf-8")), "slug": "x", "audience": "kids"}
        with pytest.raises(InstrumentError, match="must be one of: adults, children"):
            load_instrument(data)
