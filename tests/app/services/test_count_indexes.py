"""One Quartier's score counts are read through indexes made for them (issue 10 §3).

A live refresh counts one Quartier's ratings. Without ``ix_response_campaign_area_role``
SQLite walked every response of the campaign to find the Quartier's, and without the covering
``ix_rating_response_theme_score`` it read each rating's row from the table; the plan is the
work count here (SQLite's planner decides without statistics, so the plan is stable).
"""

from __future__ import annotations

from sqlalchemy import event, inspect

from app.core.extensions import db
from app.services.score_counts import score_counts_frame
from tests.support.bulk_answers import add_random_answers


def test_both_indexes_exist_after_the_migrations(app):
    with app.app_context():
        found = inspect(db.engine)
        response = {ix["name"]: ix["column_names"] for ix in found.get_indexes("response")}
        rating = {ix["name"]: ix["column_names"] for ix in found.get_indexes("rating")}
    assert response["ix_response_campaign_area_role"] == ["campaign_id", "area_id", "role"]
    assert rating["ix_rating_response_theme_score"] == ["response_id", "theme_id", "score"]


def test_a_quartiers_counts_search_its_responses_and_read_ratings_from_an_index(app, survey):
    with app.app_context():
        add_random_answers(survey.campaign_id, 60, seed=3)
        sent: list[tuple[str, object]] = []
        listener = lambda _c, _cur, statement, params, *_a: sent.append((statement, params))  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            counts = score_counts_frame([survey.campaign_id], ["1 a"])
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert counts["count"].sum() > 0
        ((query, params),) = [(s, p) for s, p in sent if "GROUP BY" in s and "score" in s]
        explain = "EXPLAIN QUERY PLAN " if db.engine.dialect.name == "sqlite" else "EXPLAIN "
        cursor = db.session.connection().connection.cursor()
        if db.engine.dialect.name != "sqlite":
            # PostgreSQL decides by its statistics; without them it may scan a small table, so
            # only the indexes it could use are checked there (above), and the query's validity.
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(explain + query, params)
        plan = [str(row[-1]) for row in cursor.fetchall()]
        cursor.close()
    assert any("ix_response_campaign_area_role" in step for step in plan), plan
    if explain.startswith("EXPLAIN QUERY"):
        assert any("COVERING INDEX ix_rating_response_theme_score" in step for step in plan), plan
