"""Counting the SQL an app sends: the cost tests of the answer path and the live view."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from app.core.extensions import db


@contextmanager
def statements(app) -> Iterator[list[str]]:
    """Collect the SQL statements the app sends inside the block."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
