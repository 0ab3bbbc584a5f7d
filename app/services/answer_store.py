"""The statements that store one checked answer: few, built once, and no ORM objects.

:mod:`app.services.submissions` decides *whether* to store (checks, repeats, the survey's
dates); this module writes, on the connection of the caller's write transaction, the response
(its UUID's uniqueness checked by the same statement: ``INSERT … ON CONFLICT (uuid) DO NOTHING
RETURNING id``, so a repeat inserts nothing), its ratings and its comments. It does not touch
the campaign row: pages see new answers by counting them
(:func:`app.services.result_cache.answer_stamps`), so answers never wait for each other on a
row lock.

- SQLite: three statements (sqlite3 runs in this process; a statement costs little but
  SQLAlchemy's share, and its ``executemany`` is native), compiled once from the tables to
  sqlite3's SQL text and run on its own cursor (:func:`app.core.database.run_on_driver`):
  SQLAlchemy's execution around them cost about as much CPU as the rest of the answer.
- PostgreSQL: **one** statement, the three as data-modifying ``WITH`` parts: ratings and
  comments arrive as one JSON text each (``json_to_recordset``), and the other parts read the
  new response's id from the first. A statement costs psycopg and SQLAlchemy about as much CPU
  as the rest of an answer together; psycopg's ``executemany`` costs as much per row, a
  multi-row ``VALUES`` of 70 parameters is parsed anew each time (psycopg caches statements of
  at most 50), and psycopg turns a Python list into an array in Python (seven arrays cost
  more than ``json.dumps`` of two lists). It also runs on the driver's own cursor.

Measured: bench/README.md ("CPU per answer", branch f10-answer-cpu; "An answer on psycopg's
own cursor").
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    Text,
    bindparam,
    cast,
    column,
    func,
    insert,
    select,
    true,
)
from sqlalchemy.dialects import postgresql, sqlite

from app.core.database import DriverText, run_on_driver
from app.models import Comment, Rating, Response
from app.services.answer_checks import Submission
from app.services.answer_context import AnswerContext

_RESPONSES = Response.__table__
_RATINGS, _COMMENTS = Rating.__table__, Comment.__table__
#: The values of a response's own row (:func:`response_row`).
RESPONSE_COLUMNS = (
    "uuid",
    "campaign_id",
    "area_id",
    "role",
    "group_code",
    "group_size",
    "channel",
    "submitted_on",
    "age_band",
    "gender",
    "years_in_area",
)
_RATED = ("theme_id", "score", "scale_min", "scale_max")
_NOTED = {"note_theme_id": Integer, "note_kind": Text, "note_text": Text}

# SQLite, built and compiled once: constructing a statement costs more CPU than running it.
_INSERT_RESPONSE = DriverText(
    sqlite.insert(_RESPONSES)
    .on_conflict_do_nothing(index_elements=[_RESPONSES.c.uuid])
    .returning(_RESPONSES.c.id),
    RESPONSE_COLUMNS,
)
_INSERT_RATINGS = DriverText(insert(_RATINGS), ("response_id", *_RATED))
_COMMENTED = ("response_id", "theme_id", "kind", "text")
_INSERT_COMMENTS = DriverText(insert(_COMMENTS), _COMMENTED)


def _records(names: dict[str, Any], alias: str):
    """Rows given as one JSON text parameter named ``alias``: a list of objects with ``names``."""
    given = func.json_to_recordset(cast(bindparam(alias, type_=Text), postgresql.JSON))
    columns = (column(name, type_) for name, type_ in names.items())
    return given.table_valued(*columns).render_derived(name=alias, with_types=True)


def _one_statement():
    """PostgreSQL: the response, its ratings and its comments, as one statement."""
    values = {name: bindparam(name, type_=_RESPONSES.c[name].type) for name in RESPONSE_COLUMNS}
    new = (
        postgresql.insert(_RESPONSES)
        .values(values)
        .on_conflict_do_nothing(index_elements=[_RESPONSES.c.uuid])
        .returning(_RESPONSES.c.id)
        .cte("new")
    )
    rated = _records(dict.fromkeys(_RATED, Integer), "rated")
    noted = _records(_NOTED, "noted")
    ratings = insert(_RATINGS).from_select(
        ["response_id", *_RATED],
        select(new.c.id, *rated.c).select_from(new.join(rated, true())),
        include_defaults=False,
    )
    comments = insert(_COMMENTS).from_select(
        ["response_id", "theme_id", "kind", "text"],
        select(new.c.id, *noted.c).select_from(new.join(noted, true())),
        include_defaults=False,  # the database's own defaults (a comment's review: "new")
    )
    parts = (ratings.cte("ratings"), comments.cte("comments"))
    return select(new.c.id).add_cte(*parts)


_ONE_STATEMENT = DriverText(_one_statement(), backend="postgresql")


def store_answer(
    connection: Connection, context: AnswerContext, checked: Submission, row: dict[str, Any]
) -> int | None:
    """Store ``checked`` with its response ``row``; the new response's id, or None if its UUID
    is taken (then nothing was written).

    Examples
    --------
    ``store_answer(connection, context, checked, response_row(7, "resident", checked, "api",
    day))`` returns the id of the new response.
    """
    themes = context.themes
    rated = [(themes[slug], score) for slug, score in checked.ratings.items()]
    noted = [
        (themes[slug].id, kind, text)
        for slug, texts in checked.comments.items()
        for kind, text in texts.items()
    ]
    if connection.dialect.name == "postgresql":
        rows = {
            "rated": [
                {"theme_id": theme.id, "score": score}
                | {"scale_min": theme.scale_min, "scale_max": theme.scale_max}
                for theme, score in rated
            ],
            "noted": [dict(zip(_NOTED, note, strict=True)) for note in noted],
        }
        # The texts are checked (valid Unicode, no NUL: app.services.answer_schema), so
        # PostgreSQL reads back from the JSON exactly what was sent.
        records = {name: json.dumps(given, ensure_ascii=False) for name, given in rows.items()}
        params = _ONE_STATEMENT.values({**row, **records})
        found = run_on_driver(connection, _ONE_STATEMENT.sql, params).fetchone()
        return None if found is None else found[0]
    # SQLite: three statements on sqlite3's own cursor, the ratings and comments as one
    # executemany each (app.core.database.run_on_driver says why).
    found = run_on_driver(connection, _INSERT_RESPONSE.sql, _INSERT_RESPONSE.values(row))
    first = found.fetchone()
    if first is None:
        return None
    response_id = first[0]
    if rated:
        ratings = [
            _INSERT_RATINGS.values(
                {"response_id": response_id, "theme_id": theme.id, "score": score}
                | {"scale_min": theme.scale_min, "scale_max": theme.scale_max}
            )
            for theme, score in rated
        ]
        run_on_driver(connection, _INSERT_RATINGS.sql, ratings, many=True)
    if noted:
        comments = [
            _INSERT_COMMENTS.values(dict(zip(_COMMENTED, (response_id, *note), strict=True)))
            for note in noted
        ]
        run_on_driver(connection, _INSERT_COMMENTS.sql, comments, many=True)
    return response_id


def response_row(
    campaign_id: int, role: str, checked: Submission, channel: str, day: dt.date
) -> dict[str, Any]:
    """The values of the response's own row (:data:`RESPONSE_COLUMNS`)."""
    row = {
        "uuid": checked.uuid,
        "campaign_id": campaign_id,
        "area_id": checked.area_id,
        "role": role,
        "group_code": checked.group_code,
        "group_size": checked.group_size,
        "channel": channel,
        "submitted_on": day,
        **checked.demographics,
    }
    return {name: row.get(name) for name in RESPONSE_COLUMNS}
