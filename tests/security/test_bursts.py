"""Fake answers cannot reveal a small group for good: a planner sets the burst aside, everywhere.

The attack (issue 8 §4): two fake expert answers lift an area's expert group over k and show a
real expert's unique comment at the round table.
"""

from __future__ import annotations

import io

import flask_migrate
import openpyxl
import pandas as pd
from sqlalchemy import select, text

from app.core.extensions import db
from app.models import Campaign, Response, SetAside
from app.services import bursts
from app.services.campaign_data import campaign_data
from tests.support.app import make_app
from tests.support.factories import answer_payload
from tests.support.output import pages_text
from tests.support.workbook import sheet_by_keys
from tests.support.workspace import add_outlines, csrf_of, login, make_user, show_comments

SECRET = "Nur ich kenne den Hinterhof"  # one real expert's comment, in a group below k


def _answer(client, survey, role: str, area: str, comment: str | None = None) -> None:
    token = {"resident": survey.resident, "expert": survey.expert}[role]
    payload = answer_payload(survey, token=token, area=area)
    payload["comments"] = {"nature": {"good": comment}} if comment else {}
    assert client.post("/api/v1/responses", json=payload).status_code == 201


def _attacked(app, survey):
    """Three real experts (interleaved with residents), then two fakes in a row."""
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
        make_user("mod@example.org", "moderator", ["Teststadt"])
        db.session.get(Campaign, survey.campaign_id).public_results = True
        db.session.commit()
        add_outlines()
    api = app.test_client()
    _answer(api, survey, "expert", "1 a", SECRET)
    _answer(api, survey, "resident", "1 a")
    _answer(api, survey, "expert", "1 a")
    _answer(api, survey, "resident", "15 b")
    _answer(api, survey, "expert", "1 a")
    for _ in range(4):
        _answer(api, survey, "resident", "1 a")
    _answer(api, survey, "expert", "1 a")  # the two fakes
    _answer(api, survey, "expert", "1 a")
    show_comments(app)


def _round_table(client, survey) -> str:
    base = f"/moderator/surveys/{survey.campaign_id}/areas/1%20a"
    page = client.get(base).get_data(as_text=True) + client.get(f"{base}/live").get_data(
        as_text=True
    )
    return page


def _expert_rows(client, survey) -> tuple[list, list]:
    reply = client.get(f"/planner/surveys/{survey.campaign_id}/download/results.xlsx")
    assert reply.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(reply.data))
    rows = sheet_by_keys(book, "Bewertungen").to_dict("records")
    experts = [r for r in rows if r["role"] == "Fachleute" and r["area_code"] == "1 a"]
    comments = (
        [str(c) for row in book["Kommentare"].values for c in row]
        if ("Kommentare" in book.sheetnames)
        else []
    )
    return experts, comments


def _report_text(client, survey) -> str:
    reply = client.get(f"/planner/surveys/{survey.campaign_id}/download/report.pdf")
    assert reply.status_code == 200
    return pages_text(reply.data)


def _everywhere(app, client, moderator, survey) -> dict:
    """What each read path shows of the expert group of 1 a."""
    experts, comments = _expert_rows(client, survey)
    with app.app_context():
        data = campaign_data(db.session.get(Campaign, survey.campaign_id))
        # The frames every export and the report are built from: the fakes are not in them.
        data_experts = data.ratings[(data.ratings["role"] == "expert")]["response_id"].nunique()
    results = client.get(f"/planner/surveys/{survey.campaign_id}/results").get_data(as_text=True)
    public = app.test_client().get(f"/results/{survey.campaign_id}").get_data(as_text=True)
    return {
        "public experts": public[public.index("Altstadt") :].split("</svg>")[0],
        "round table": SECRET in _round_table(moderator, survey),
        "xlsx medians": any(pd.notna(r["median"]) for r in experts),
        "xlsx comments": any(SECRET in c for c in comments),
        "report": SECRET in _report_text(client, survey),
        "campaign data experts": data_experts,
        "planner results": results.count("weniger als 5"),
    }


def test_setting_a_burst_aside_suppresses_the_group_everywhere_and_can_be_undone(app, survey):
    _attacked(app, survey)
    planner, moderator = app.test_client(), app.test_client()
    login(planner, "plan@example.org")
    login(moderator, "mod@example.org")

    before = _everywhere(app, planner, moderator, survey)
    assert before["round table"] and before["xlsx medians"] and before["xlsx comments"]
    assert before["report"]
    assert before["campaign data experts"] == 5

    page = planner.get(f"/planner/surveys/{survey.campaign_id}/bursts?min=2")
    assert page.status_code == 200
    assert "ohne diese Serie hat die Gruppe weniger als 5 Antworten" in page.get_data(as_text=True)
    with app.app_context():
        found = bursts.find_bursts(db.session.get(Campaign, survey.campaign_id), min_run=2)
        fakes = next(b for b in found if b.role == "expert")
        assert (fakes.size, fakes.area.code, fakes.decides_k, fakes.channels) == (
            2,
            "1 a",
            True,
            ("api",),
        )
    token = csrf_of(planner, f"/planner/surveys/{survey.campaign_id}/bursts")
    reply = planner.post(
        f"/planner/surveys/{survey.campaign_id}/bursts/set-aside",
        data={
            "csrf_token": token,
            "first": fakes.first_id,
            "last": fakes.last_id,
            "reason": "Zwei Fachantworten direkt nacheinander über die API",
            "min": 2,
        },
    )
    assert reply.status_code == 303

    after = _everywhere(app, planner, moderator, survey)
    assert not after["round table"] and not after["xlsx medians"] and not after["xlsx comments"]
    assert not after["report"]
    assert after["campaign data experts"] == 3
    assert after["planner results"] == before["planner results"] + 1
    assert after["public experts"] != before["public experts"]  # the compass lost a line
    with app.app_context():
        record = db.session.scalar(select(SetAside))
        assert (record.answers, record.set_by.email, record.restored_at) == (
            2,
            "plan@example.org",
            None,
        )
        assert record.reason.startswith("Zwei Fachantworten")
        # Set aside, not deleted: the answers are still there.
        assert db.session.query(Response).count() == 11
    history = planner.get(f"/planner/surveys/{survey.campaign_id}/bursts?min=2")
    assert "plan@example.org" in history.get_data(as_text=True)

    reply = planner.post(
        f"/planner/surveys/{survey.campaign_id}/bursts/restore",
        data={"csrf_token": token, "record": record.id},
    )
    assert reply.status_code == 303
    assert _everywhere(app, planner, moderator, survey) == before
    with app.app_context():
        record = db.session.scalar(select(SetAside))
        assert record.restored_by.email == "plan@example.org" and record.restored_at is not None


def test_only_a_whole_burst_can_be_set_aside_and_a_reason_is_needed(app, survey):
    _attacked(app, survey)
    planner = app.test_client()
    login(planner, "plan@example.org")
    token = csrf_of(planner, f"/planner/surveys/{survey.campaign_id}/bursts")
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        fakes = next(b for b in bursts.find_bursts(campaign, min_run=2) if b.role == "expert")
        first_real = db.session.scalar(select(Response.id).order_by(Response.id))
    url = f"/planner/surveys/{survey.campaign_id}/bursts/set-aside"
    attempts = [
        {"first": fakes.first_id, "last": fakes.last_id, "reason": "   "},
        {"first": first_real, "last": fakes.last_id, "reason": "alles"},  # not one run
        {"first": "x", "last": "<script>", "reason": "kaputt"},
        {"first": fakes.first_id, "last": fakes.last_id, "reason": "z" * 1001},
    ]
    for data in attempts:
        reply = planner.post(url, data={"csrf_token": token, **data}, follow_redirects=True)
        assert reply.status_code == 200
        assert "Bitte" in reply.get_data(as_text=True)
    restore = planner.post(
        f"/planner/surveys/{survey.campaign_id}/bursts/restore",
        data={"csrf_token": token, "record": "999"},
        follow_redirects=True,
    )
    assert "nicht zurückgestellt" in restore.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SetAside)) is None
        assert db.session.scalar(select(Response).where(Response.set_aside_id.is_not(None))) is None


def test_a_planner_of_another_kommune_cannot_set_aside(app, survey):
    _attacked(app, survey)
    with app.app_context():
        make_user("other@example.org", "planner", ["Anderstadt"])
        campaign = db.session.get(Campaign, survey.campaign_id)
        fakes = next(b for b in bursts.find_bursts(campaign, min_run=2) if b.role == "expert")
    other = app.test_client()
    login(other, "other@example.org")
    token = csrf_of(other, "/planner/")
    reply = other.post(
        f"/planner/surveys/{survey.campaign_id}/bursts/set-aside",
        data={"csrf_token": token, "first": fakes.first_id, "last": fakes.last_id, "reason": "x"},
    )
    assert reply.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(SetAside)) is None


def test_runs_are_cut_by_day_and_by_other_answers(app, survey):
    api = app.test_client()
    for area in ("1 a", "1 a", "15 b", "1 a", "1 a", "1 a"):
        _answer(api, survey, "resident", area)
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        assert [b.size for b in bursts.find_bursts(campaign, min_run=2)] == [3, 2]
        # The same answers spread over two days are two shorter runs.
        last = db.session.scalar(select(Response).order_by(Response.id.desc()))
        last.submitted_on = last.submitted_on.replace(year=last.submitted_on.year - 1)
        db.session.commit()
        assert sorted(b.size for b in bursts.find_bursts(campaign, min_run=2)) == [2, 2]
        assert bursts.find_bursts(campaign) == []  # the default shows runs of 3 and more


def test_the_upgrade_keeps_every_answer(empty_database_url, tmp_path):
    """The migration rebuilds ``response`` on SQLite; foreign keys must not cascade meanwhile."""
    app = make_app(empty_database_url, tmp_path)
    rows = [
        "INSERT INTO kommune (id, name) VALUES (1, 'K')",
        "INSERT INTO area (id, kommune_id, code, name) VALUES (1, 1, '1 a', 'A')",
        "INSERT INTO instrument (id, slug, title, description, scale_min, scale_max, scale_labels)"
        " VALUES (1, 'i', '{}', '{}', 1, 7, '{}')",
        "INSERT INTO theme (id, instrument_id, slug, position, title, question, prompts, category,"
        " scale_min, scale_max) VALUES (1, 1, 't', 1, '{}', '{}', '[]', '{}', 1, 7)",
        "INSERT INTO campaign (id, kommune_id, instrument_id, title, round_label, min_group_size,"
        " resident_token, expert_token, group_token, public_results)"
        " VALUES (1, 1, 1, 'c', '2025', 5, 'r', 'e', 'g', false)",
        "INSERT INTO response (id, uuid, campaign_id, area_id, role, channel, submitted_on)"
        " VALUES (1, 'u', 1, 1, 'resident', 'web', '2025-05-01')",
        "INSERT INTO rating (id, response_id, theme_id, score, scale_min, scale_max)"
        " VALUES (1, 1, 1, 3, 1, 7)",
        "INSERT INTO comment (id, response_id, theme_id, kind, text) VALUES (1, 1, 1, 'good', 'x')",
    ]

    def counts() -> tuple:
        with db.engine.connect() as connection:
            return tuple(
                connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("response", "rating", "comment")
            )

    try:
        with app.app_context():
            flask_migrate.upgrade(revision="0003")
            with db.engine.begin() as connection:
                for row in rows:
                    connection.execute(text(row))
            flask_migrate.upgrade()
            assert counts() == (1, 1, 1)
            flask_migrate.downgrade(revision="0003")
            assert counts() == (1, 1, 1)
    finally:
        with app.app_context():
            db.engine.dispose()
