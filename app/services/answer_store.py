"""The statements that store one checked answer: few, built once, and no ORM objects.

:mod:`app.services.submissions` decides *whether* to store (checks, repeats, the survey's
dates); this module writes, on the connection of the caller's write transaction:

1. the response, with the UUID's uniqueness checked by the same statement
   (``INSERT … ON CONFLICT (uuid) DO NOTHING RETURNING id``: a repeat inserts nothing);
2. its ratings and 3. its comments, one statement each;
4. the campaign's ``data_version`` (live views and results use it as their ETag).

Why each is built the way it is, measured: bench/README.md ("answer CPU", branch f10-answer-cpu).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, Integer, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.models import Campaign, Comment, Rating, Response
from app.services.answer_checks import Submission
from app.services.answer_context import AnswerContext

_RESPONSES, _CAMPAIGNS = Response.__table__, Campaign.__table__
_RATINGS, _COMMENTS = Rating.__table__, Comment.__table__
# Built once: constructing a statement costs more CPU than running it (measured, issue 10).
_INSERT_RESPONSE = {
    name: dialect.insert(_RESPONSES)
    .on_conflict_do_nothing(index_elements=[_RESPONSES.c.uuid])
    .returning(_RESPONSES.c.id)
    for name, dialect in (("postgresql", postgresql), ("sqlite", sqlite))
}
_INSERT_RATINGS, _INSERT_COMMENTS = insert(_RATINGS), insert(_COMMENTS)
_RATED = ("theme_id", "score", "scale_min", "scale_max")
_GIVEN = (
    func.unnest(*(bindparam(name, type_=postgresql.ARRAY(Integer)) for name in _RATED))
    .table_valued(*_RATED)
    .render_derived(name="given")
)
#: PostgreSQL: the scores as four arrays in one short statement. psycopg's executemany costs
#: about as much CPU per row as a statement, and a multi-row VALUES of 14 × 5 parameters is
#: parsed anew every time (psycopg caches statements of at most 50 parameters).
_UNNEST_RATINGS = insert(_RATINGS).from_select(
    ["response_id", *_RATED],
    select(bindparam("response_id", type_=Integer), *(_GIVEN.c[name] for name in _RATED)),
)
_COUNT_CHANGE = (
    update(_CAMPAIGNS)
    .where(_CAMPAIGNS.c.id == bindparam("campaign"))
    .values(data_version=_CAMPAIGNS.c.data_version + 1)
)


def store_answer(
    connection: Connection,
    context: AnswerContext,
    checked: Submission,
    row: dict[str, Any],
) -> int | None:
    """Store ``checked`` with its response ``row``; the new response's id, or None if its UUID
    is taken (then nothing was written).

    Examples
    --------
    ``store_answer(connection, context, checked, response_row(7, "resident", checked, "api",
    day))`` returns the id of the new response.
    """
    response_id = connection.execute(_INSERT_RESPONSE[connection.dialect.name], row).scalar()
    if response_id is None:
        return None
    _insert_ratings(connection, response_id, context, checked)
    comments = [
        {"response_id": response_id, "theme_id": context.themes[slug].id, "kind": kind}
        | {"text": text}
        for slug, texts in checked.comments.items()
        for kind, text in texts.items()
    ]
    if comments:
        connection.execute(_INSERT_COMMENTS, comments)
    connection.execute(_COUNT_CHANGE, {"campaign": row["campaign_id"]})
    return response_id


def response_row(
    campaign_id: int, role: str, checked: Submission, channel: str, day: dt.date
) -> dict[str, Any]:
    """The values of the response's own row."""
    return {
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


def _insert_ratings(
    connection: Connection, response_id: int, context: AnswerContext, checked: Submission
) -> None:
    rated = [(context.themes[slug], score) for slug, score in checked.ratings.items()]
    if not rated:
        return
    if connection.dialect.name == "postgresql":
        arrays = {
            "response_id": response_id,
            "theme_id": [theme.id for theme, _score in rated],
            "score": [score for _theme, score in rated],
            "scale_min": [theme.scale_min for theme, _score in rated],
            "scale_max": [theme.scale_max for theme, _score in rated],
        }
        connection.execute(_UNNEST_RATINGS, arrays)
        return
    rows = [
        {"response_id": response_id, "theme_id": theme.id, "score": score}
        | {"scale_min": theme.scale_min, "scale_max": theme.scale_max}
        for theme, score in rated
    ]
    # One executemany, native in sqlite3 (the ORM would split rows whose score is None).
    connection.execute(_INSERT_RATINGS, rows)
