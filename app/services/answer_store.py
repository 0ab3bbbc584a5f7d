"""The statements that store one checked answer: few, built once, and no ORM objects.

:mod:`app.services.submissions` decides *whether* to store (checks, repeats, the survey's
dates); this module writes, on the connection of the caller's write transaction, the response
(its UUID's uniqueness checked by the same statement: ``INSERT … ON CONFLICT (uuid) DO NOTHING
RETURNING id``, so a repeat inserts nothing), its ratings and its comments. It does not touch
the campaign row: pages see new answers by counting them
(:func:`app.services.result_cache.answer_stamps`), so answers never wait for each other on a
row lock.

- SQLite: three statements (sqlite3 runs in this process; a statement costs little but
  SQLAlchemy's share, and its ``executemany`` is native).
- PostgreSQL: **one** statement, the three as data-modifying ``WITH`` parts: ratings and
  comments arrive as arrays (``unnest``), and the other parts read the new response's id from
  the first. A statement costs psycopg and SQLAlchemy about as much CPU as the rest of an
  answer together; psycopg's ``executemany`` costs as much per row, and a multi-row ``VALUES``
  of 70 parameters is parsed anew each time (psycopg caches statements of at most 50).

Measured: bench/README.md ("CPU per answer", branch f10-answer-cpu).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Integer, Text, bindparam, func, insert, select, true
from sqlalchemy.dialects import postgresql, sqlite

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

# SQLite, built once: constructing a statement costs more CPU than running it (issue 10).
_INSERT_RESPONSE = (
    sqlite.insert(_RESPONSES)
    .on_conflict_do_nothing(index_elements=[_RESPONSES.c.uuid])
    .returning(_RESPONSES.c.id)
)
_INSERT_RATINGS, _INSERT_COMMENTS = insert(_RATINGS), insert(_COMMENTS)


def _arrays(names: dict[str, Any], alias: str):
    given = func.unnest(*(bindparam(n, type_=postgresql.ARRAY(t)) for n, t in names.items()))
    return given.table_valued(*names).render_derived(name=alias)


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
    rated = _arrays(dict.fromkeys(_RATED, Integer), "rated")
    noted = _arrays(_NOTED, "noted")
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


_ONE_STATEMENT = _one_statement()


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
        arrays = {
            "theme_id": [theme.id for theme, _score in rated],
            "score": [score for _theme, score in rated],
            "scale_min": [theme.scale_min for theme, _score in rated],
            "scale_max": [theme.scale_max for theme, _score in rated],
            **{name: [note[i] for note in noted] for i, name in enumerate(_NOTED)},
        }
        return connection.execute(_ONE_STATEMENT, {**row, **arrays}).scalar()
    response_id = connection.execute(_INSERT_RESPONSE, row).scalar()
    if response_id is None:
        return None
    ratings = [
        {"response_id": response_id, "theme_id": theme.id, "score": score}
        | {"scale_min": theme.scale_min, "scale_max": theme.scale_max}
        for theme, score in rated
    ]
    # One executemany each, native in sqlite3 (the ORM would split rows whose score is None).
    if ratings:
        connection.execute(_INSERT_RATINGS, ratings)
    if noted:
        comments = [dict(zip(("theme_id", "kind", "text"), note, strict=True)) for note in noted]
        connection.execute(_INSERT_COMMENTS, [{"response_id": response_id} | c for c in comments])
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
