"""Durable means durable: what the app asks of each backend before it answers 201 (issue 10 §2)."""

from __future__ import annotations

from sqlalchemy import text

from app.core.extensions import db


def test_an_acknowledged_answer_is_synced_to_disk(app):
    with app.app_context(), db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            # 2 = FULL: the WAL is synced at every commit (1 = NORMAL would not survive power loss).
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
        else:
            assert connection.execute(text("SHOW synchronous_commit")).scalar() == "on"
