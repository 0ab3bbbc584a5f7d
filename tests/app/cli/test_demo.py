"""`flask demo`: Musterstadt with areas, indicators and two survey rounds, once and always alike."""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from app.core.extensions import db
from app.models import (
    Area,
    Campaign,
    Comment,
    Indicator,
    IndicatorValue,
    Instrument,
    Kommune,
    Rating,
    Response,
    Theme,
)
from tests.support.app import make_app

TABLES = (Kommune, Area, Instrument, Theme, Campaign, Indicator, IndicatorValue, Response)


def row_counts() -> dict[str, int]:
    models = (*TABLES, Rating, Comment)
    return {m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in models}


def aggregates() -> dict:
    """Figures a planner would see: answers, score sums and comments per round, area and role."""
    ratings = db.session.execute(
        select(
            Campaign.round_label,
            Area.code,
            Response.role,
            Theme.slug,
            func.count(Rating.score),
            func.count(),
            func.sum(Rating.score),
        )
        .join(Response, Rating.response_id == Response.id)
        .join(Campaign, Response.campaign_id == Campaign.id)
        .join(Area, Response.area_id == Area.id)
        .join(Theme, Rating.theme_id == Theme.id)
        .group_by(Campaign.round_label, Area.code, Response.role, Theme.slug)
        .order_by(Campaign.round_label, Area.code, Response.role, Theme.slug)
    ).all()
    comments = db.session.execute(
        select(Area.code, Comment.kind, Comment.text)
        .join(Response, Comment.response_id == Response.id)
        .join(Area, Response.area_id == Area.id)
        .order_by(Area.code, Comment.kind, Comment.text)
    ).all()
    indicators = db.session.execute(
        select(Indicator.key, Area.code, IndicatorValue.year, IndicatorValue.value)
        .join(Indicator, IndicatorValue.indicator_id == Indicator.id)
        .join(Area, IndicatorValue.area_id == Area.id)
        .order_by(Indicator.key, Area.code, IndicatorValue.year)
    ).all()
    uuids = db.session.scalars(select(Response.uuid).order_by(Response.uuid)).all()
    return {
        "ratings": [tuple(row) for row in ratings],
        "comments": [tuple(row) for row in comments],
        "indicators": [(k, c, y, round(v, 6)) for k, c, y, v in indicators],
        "uuids": uuids,
    }


def test_demo_creates_musterstadt_once(app, runner, client):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded." in result.output
    assert "/s/musterstadt-2025" in result.output  # the survey links are printed

    with app.app_context():
        town = db.session.scalar(select(Kommune).where(Kommune.name == "Musterstadt"))
        assert len(town.areas) == 12
        for area in town.areas:
            geometry = json.loads(area.geometry)
            assert geometry["type"] == "Polygon"
            ring = geometry["coordinates"][0]
            assert ring[0] == ring[-1] and len(ring) >= 4
            assert all(5 < lon < 16 and 47 < lat < 56 for lon, lat in ring)  # WGS84, Germany
            assert area.population > 1000
        years = db.session.scalars(select(IndicatorValue.year).distinct()).all()
        assert sorted(years) == [2023, 2024]
        rounds = db.session.scalars(select(Campaign.round_label).order_by(Campaign.round_label))
        assert list(rounds) == ["2024", "2025"]

        roles = dict(
            db.session.execute(select(Response.role, func.count()).group_by(Response.role)).all()
        )
        assert roles["resident"] >= 300  # several hundred residents
        assert 20 <= roles["expert"] < roles["resident"]  # and some professionals

        texts = db.session.scalars(select(Comment.text)).all()
        assert len(texts) >= 50
        assert any(re.search(r"[äöüß]", text) for text in texts)  # German comments
        assert sum(" ist " in text or " die " in text.lower() for text in texts) > 10

        # Ratings differ plausibly: Nordstadt (3 a) has the greatest need, Rosenhügel (5) least.
        means = dict(
            db.session.execute(
                select(Area.code, func.avg(Rating.score))
                .join(Response, Rating.response_id == Response.id)
                .join(Area, Response.area_id == Area.id)
                .where(Response.role == "resident")
                .group_by(Area.code)
            ).all()
        )
        assert float(means["5"]) - float(means["3 a"]) > 1.5
        assert len({round(float(m), 1) for m in means.values()}) > 6
        first = row_counts()

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0
    assert "nothing added" in again.output
    with app.app_context():
        assert row_counts() == first

    # The current round is open: its links work.
    page = client.get("/s/musterstadt-2025")
    assert page.status_code == 200
    assert "Nordstadt" in page.get_data(as_text=True)
    assert client.get("/s/musterstadt-2025/3%20a").status_code == 200


def test_demo_is_deterministic(app, runner, tmp_path):
    runner.invoke(args=["demo"])
    with app.app_context():
        first = aggregates()
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite3'}", tmp_path / "other")
    with other.app_context():
        db.create_all()
    assert other.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with other.app_context():
        second = aggregates()
        db.engine.dispose()
    assert first["ratings"] and first == second


def test_the_demo_console_lists_open_surveys_first_and_marks_closed_ones(app, runner, client):
    from tests.support.workspace import login

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    titles = [line for line in result.output.splitlines() if line.startswith("Quartierscheck")]
    assert titles == [
        "Quartierscheck Musterstadt 2025:",
        "Quartierscheck Musterstadt 2024 (closed: answers are no longer taken):",
    ]
    from app.services.demo import DEMO_ACCOUNTS

    for email, role, password in DEMO_ACCOUNTS:
        assert login(client, email, password).status_code == 302
        home = "/planner/" if role == "planner" else "/moderator/"
        page = client.get(home).get_data(as_text=True)
        first, second = page.index("Musterstadt 2025"), page.index("Musterstadt 2024")
        assert first < second, email
        assert re.search(r"Musterstadt 2024.{0,300}badge closed\">beendet<", page, re.S), email
        assert re.search(r"Musterstadt 2025.{0,300}badge open\">offen<", page, re.S), email
        client.delete_cookie("session")
