"""Results computed when a server process starts, so that a planner's first download is fast.

A fresh process keeps no result (:mod:`app.services.result_cache`): its first results.xlsx of
a survey with 10,000 answers reads every rating, computes each Quartier's piece and the
validation's bootstrap (about 0.9 s, bench/README.md), where the next one only writes the file
(about 0.3 s). :func:`start_warm_up` does that first computation in a daemon thread right after
the process has loaded the app, for the surveys a planner is likely to open: those with counted
answers that are open today or were answered in the last :data:`RECENT_DAYS` days, the most
recently answered first, at most as many as the cache keeps whole computations
(``result_cache.SIZES["exports"]``: warming more would push out the first ones again). Per
survey it keeps what the downloads, the report and the results page read first: the computed
results in the default language (with every round's Quartier pieces), the aggregates and the
validation.

It only reads, in its own app context and session, and ends the read transaction after each
survey, so answers are never kept waiting. A failure is logged with the survey's id, the
exception's type and the code lines it passed through (never its message, which may quote an
answer) and never raised: the page then computes what it needs as it would without this.
``QK_WARM_RESULTS`` switches it off (None, the default: on, except in tests).
"""

from __future__ import annotations

import datetime as dt
import threading
import traceback

from flask import Flask, current_app
from flask_babel import force_locale
from sqlalchemy import and_, func, or_, select

from app.core.extensions import db
from app.models import Campaign, Response
from app.services import aggregates, exports, result_cache, validation
from app.services.queries import COUNTED

#: A survey answered within so many days is warmed even after it closed: the planner writes
#: the report in the weeks after the last walk.
RECENT_DAYS = 28


def surveys_to_warm(day: dt.date, limit: int | None = None) -> list[int]:
    """Ids of the surveys whose results are worth computing before anybody asks: with counted
    answers, open on ``day`` or answered in the :data:`RECENT_DAYS` before it; the most recently
    answered first, at most ``limit`` (default: as many as the cache keeps whole computations).

    One grouped query over the answers.

    Examples
    --------
    With a database session (see the tests)::

        surveys_to_warm(dt.date.today())
        # [7, 3]
    """
    limit = result_cache.SIZES["exports"] if limit is None else limit
    answered = (
        select(Response.campaign_id, func.max(Response.id).label("last_id"),
               func.max(Response.submitted_on).label("last_day"))
        .where(COUNTED)
        .group_by(Response.campaign_id)
        .subquery()
    )  # fmt: skip
    is_open = and_(
        or_(Campaign.opens_on.is_(None), Campaign.opens_on <= day),
        or_(Campaign.closes_on.is_(None), Campaign.closes_on >= day),
    )
    recent = answered.c.last_day >= day - dt.timedelta(days=RECENT_DAYS)
    stmt = (
        select(Campaign.id)
        .join(answered, answered.c.campaign_id == Campaign.id)
        .where(or_(is_open, recent))
        .order_by(answered.c.last_id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(stmt))


def warm_survey(campaign: Campaign) -> None:
    """Compute and keep, in the current language, what the survey's first download, report
    and results page read: the computed results (and so each round's Quartier pieces), the
    aggregates and the validation.

    Examples
    --------
    In an app context (see the tests)::

        warm_survey(db.session.get(Campaign, 7))
    """
    exports.keep_results(campaign)
    aggregates.aggregates(campaign).overall  # noqa: B018 (computed when first read)
    validation.survey_validation(campaign)


def warm_up(app: Flask) -> list[int]:
    """Warm the results of :func:`surveys_to_warm` in ``app`` (in the default language, in an
    app context and session of its own, removed at the end); the ids warmed.

    Never raises: a survey that fails is logged and the next one is warmed.

    Examples
    --------
    ::

        warm_up(app)  # in the thread of start_warm_up
        # [7, 3]
    """
    warmed: list[int] = []
    try:
        with app.app_context(), force_locale(app.config["LANGUAGES"][0]):
            try:
                ids = surveys_to_warm(dt.date.today())
                db.session.rollback()
                for campaign_id in ids:
                    if _warm_one(campaign_id):
                        warmed.append(campaign_id)
            finally:
                db.session.remove()
    except Exception as exc:  # no database, no app context: the pages compute as without this
        _log_failure(app, None, exc)
    return warmed


def _warm_one(campaign_id: int) -> bool:
    try:
        campaign = db.session.get(Campaign, campaign_id)
        if campaign is None:  # deleted since it was chosen
            return False
        warm_survey(campaign)
        return True
    except Exception as exc:
        _log_failure(current_app, campaign_id, exc)
        return False
    finally:
        db.session.rollback()  # end the read transaction: no snapshot kept while warming on


def _log_failure(app: Flask, campaign_id: int | None, exc: Exception) -> None:
    # The type and the code lines, not the message: a message may quote an answer or comment.
    where = "".join(traceback.format_tb(exc.__traceback__)).rstrip("\n")
    what = "the surveys to warm" if campaign_id is None else f"survey {campaign_id}"
    app.logger.error("Warming the results of %s failed (%s):\n%s", what, type(exc).__name__, where)


def start_warm_up(app: Flask) -> threading.Thread | None:
    """Start :func:`warm_up` in a daemon thread (once per server process, after it loaded the
    app); the thread, or None when ``QK_WARM_RESULTS`` is off (None: on, except in tests).

    Requests are served meanwhile; one that needs a result before the thread has kept it
    computes it itself, as it would without warming.

    Examples
    --------
    ::

        start_warm_up(app)  # serve.py, in each worker
    """
    wanted = app.config.get("QK_WARM_RESULTS")
    if not (not app.testing if wanted is None else wanted):
        return None
    thread = threading.Thread(target=warm_up, args=(app,), name="qk-warm-results", daemon=True)
    thread.start()
    return thread
