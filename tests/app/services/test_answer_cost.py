"""What one answer costs the database, and the cached checks that keep it small (issue 10 §3).

Counted with an engine event, on both backends: a small constant number of statements, the
same for a town of three Quartiere and one of 300 with 1,000-vertex outlines, and no outline
read. The cached checks follow every change, made in this process or in another.
"""

from __future__ import annotations

import json
import threading

from sqlalchemy import select

from app.core import database
from app.core.extensions import db
from app.models import Area, Campaign, Kommune
from app.services.result_cache import answer_stamps
from tests.support.app import make_app
from tests.support.factories import answer_payload, count_rows
from tests.support.sql import statements

URL = "/api/v1/responses"
#: In one write transaction: the link's row, then the response (its UUID's check folded into
#: the INSERT), its ratings, its comments and the campaign's change counter – on PostgreSQL
#: these four as one statement (app/services/answer_store.py). SQLite's BEGIN IMMEDIATE is a
#: statement of its own (psycopg's BEGIN is not sent through SQLAlchemy). A cold cache adds the
#: Quartiere and the themes. Before the Core path: 8 on SQLite, 6 on PostgreSQL.
WARM_STATEMENTS = {"sqlite": 5, "postgresql": 2}
COLD_EXTRA = 2


def backend(app) -> str:
    return app.config["SQLALCHEMY_DATABASE_URI"].split(":", 1)[0].split("+", 1)[0]


def outline(i: int, vertices: int = 1000) -> str:
    """A closed ring of ``vertices`` points: a big Quartier's outline as GeoJSON."""
    step = 0.0001
    ring = [[6.0 + 0.01 * i + step * (k % 100), 50.7 + step * (k // 100)] for k in range(vertices)]
    return json.dumps({"type": "Polygon", "coordinates": [[*ring, ring[0]]]})


def add_big_areas(campaign_id: int, count: int) -> None:
    campaign = db.session.get(Campaign, campaign_id)
    town = db.session.scalar(select(Kommune).where(Kommune.id == campaign.kommune_id))
    for i in range(count):
        area = Area(kommune=town, code=f"B{i:03d}", name=f"Groß {i}", geometry=outline(i))
        db.session.add(area)
        campaign.areas.append(area)
    db.session.commit()


def test_an_answer_costs_a_few_statements_however_many_outlines_the_town_has(app, client, survey):
    counts = []
    for extra_areas in (0, 300):
        if extra_areas:
            with app.app_context():
                add_big_areas(survey.campaign_id, extra_areas)
        cold, warm = answer_payload(survey), answer_payload(survey)
        with statements(app) as first:
            assert client.post(URL, json=cold).status_code == 201
        with statements(app) as second:
            assert client.post(URL, json=warm).status_code == 201
        assert not [s for s in first + second if "geometry" in s.lower()]
        counts.append((len(first), len(second)))
    # The cache was refreshed once after the areas changed, and never grows with them.
    assert counts[0] == counts[1]
    warm = WARM_STATEMENTS[backend(app)]
    assert counts[0] == (warm + COLD_EXTRA, warm), counts


def test_a_repeat_inserts_nothing_and_counts_no_change(app, client, survey):
    payload = answer_payload(survey)
    assert client.post(URL, json=payload).status_code == 201
    with app.app_context():
        stored, version = count_rows(), data_version(survey.campaign_id)
    with statements(app) as seen:
        assert client.post(URL, json=payload).status_code == 200
    # The link, the INSERT that finds the UUID taken, and the earlier answer for the reply.
    link, insert, earlier = [s for s in seen if not s.upper().startswith("BEGIN")]
    assert "FROM campaign" in link and "INSERT INTO response" in insert, seen
    assert "FROM response" in earlier, seen
    with app.app_context():
        assert (count_rows(), data_version(survey.campaign_id)) == (stored, version)


def data_version(campaign_id: int) -> int:
    return db.session.scalar(select(Campaign.data_version).where(Campaign.id == campaign_id))


def test_another_process_changing_the_quartiere_is_seen_at_the_next_answer(
    app, database_url, tmp_path, client, survey
):
    assert client.post(URL, json=answer_payload(survey, area="15 b")).status_code == 201
    other = make_app(database_url, tmp_path / "other")  # a second stateless app process
    with other.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        outside = db.session.scalar(select(Area).where(Area.code == "99"))
        campaign.areas = [a for a in campaign.areas if a.code != "15 b"] + [outside]
        db.session.commit()
        db.engine.dispose()
    assert client.post(URL, json=answer_payload(survey, area="99")).status_code == 201
    refused = client.post(URL, json=answer_payload(survey, area="15 b"))
    assert refused.status_code == 400
    assert [e["field"] for e in refused.get_json()["errors"]] == ["area"]


def test_a_changed_area_code_or_theme_scale_changes_the_settings_version(app, survey):
    with app.app_context():
        before = db.session.get(Campaign, survey.campaign_id).settings_version
        db.session.scalar(select(Area).where(Area.code == "1 a")).code = "1 A"
        db.session.commit()
        renamed = db.session.get(Campaign, survey.campaign_id).settings_version
        campaign = db.session.get(Campaign, survey.campaign_id)
        campaign.instrument.themes[0].scale_max = 5
        db.session.commit()
        rescaled = db.session.get(Campaign, survey.campaign_id).settings_version
    assert before < renamed < rescaled


def test_a_write_that_waits_too_long_for_the_sqlite_lock_is_a_503(app, client, survey, monkeypatch):
    with app.app_context():
        lock = database._write_locks.get(db.engine)
    if lock is None:  # PostgreSQL writes run side by side: nothing to wait for in the process
        assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
        return
    monkeypatch.setattr(database, "WRITE_WAIT_SECONDS", 0.2)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        reply = client.post(URL, json=answer_payload(survey))
    finally:
        release.set()
        holder.join()
    assert reply.status_code == 503 and reply.headers["Retry-After"] == "30"
    with app.app_context():
        assert count_rows() == (0, 0, 0)
    assert client.post(URL, json=answer_payload(survey)).status_code == 201


def test_an_answer_never_writes_the_campaign_row_and_is_still_seen(app, client, survey):
    # A counter on the campaign row made every answer of a campaign wait for the one before
    # to commit (issue 10 §3); pages count the answers instead.
    payload = answer_payload(survey)
    with app.app_context():
        before = data_version(survey.campaign_id), answer_stamps([survey.campaign_id])
    with statements(app) as seen:
        assert client.post(URL, json=payload).status_code == 201
    assert not [s for s in seen if "update campaign" in " ".join(s.lower().split())], seen
    with app.app_context():
        after = data_version(survey.campaign_id), answer_stamps([survey.campaign_id])
    assert after[0] == before[0]
    count, largest = after[1][survey.campaign_id]
    assert count == before[1][survey.campaign_id][0] + 1 and largest > 0
