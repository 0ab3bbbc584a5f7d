"""Score counts of counted answers, counted by the database (what the aggregates start from).

Two grouped queries instead of every rating: how many ratings gave each score per round,
Quartier, role and theme, and how many distinct people answered (and scored) per round,
Quartier and role. :func:`analysis.stats.aggregate.aggregate_counts` turns them into the same
suppressed tables as the raw ratings would give. The groups are formed on ids (integers group
faster than text in both databases); rounds, codes and slugs ride along with their ids.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import case, distinct, func, select

from app.core.extensions import db
from app.models import Area, Campaign, Rating, Response, Theme
from app.services.queries import COUNTED

COUNTS_DTYPES = {"round": "str", "area_code": "str", "role": "str", "theme": "str",
                 "score": "float64", "count": "int64"}  # fmt: skip
PEOPLE_DTYPES = {"round": "str", "area_code": "str", "role": "str",
                 "n_respondents": "int64", "n_scorers": "int64"}  # fmt: skip

#: Grouped by ids (integers group faster than text); the labels ride along (one per id).
_GROUP = (Response.campaign_id, Response.area_id, Response.role)
_LABELS = (Campaign.round_label, Area.code)


def _select(*columns, campaign_ids: Iterable[int], area_codes: Iterable[str] | None):
    """Counted ratings of the campaigns (of ``area_codes`` only, if given) with their round and
    Quartier; ``columns`` after those two."""
    ids = sorted({int(i) for i in campaign_ids})
    stmt = (
        select(*_LABELS, *columns)
        .select_from(Rating)
        .join(Response, Rating.response_id == Response.id)
        .join(Campaign, Response.campaign_id == Campaign.id)
        .join(Area, Response.area_id == Area.id)
        .where(Response.campaign_id.in_(ids), COUNTED)
    )
    if area_codes is not None:
        stmt = stmt.where(Area.code.in_(sorted(set(area_codes))))
    return stmt


def _frame(stmt, dtypes: dict[str, str]) -> pd.DataFrame:
    rows = db.session.execute(stmt).all()
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)


def score_counts_frame(
    campaign_ids: Iterable[int], area_codes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Counted ratings per round, area_code, role, theme and score (NaN: can't say): ``count``.

    ``area_codes`` limits them to those Quartiere.

    Examples
    --------
    With a database session (see the tests)::

        score_counts_frame([campaign.id], ["1 a"]).head(1)
        #    round area_code      role theme  score  count
        # 0   2026       1 a  resident  play    3.0      4
    """
    stmt = _select(Response.role, Theme.slug, Rating.score, func.count(),
                   campaign_ids=campaign_ids, area_codes=area_codes)  # fmt: skip
    stmt = stmt.join(Theme, Rating.theme_id == Theme.id)
    grouped = (*_GROUP, *_LABELS, Rating.theme_id, Theme.slug, Rating.score)
    return _frame(stmt.group_by(*grouped), COUNTS_DTYPES)


def people_frame(
    campaign_ids: Iterable[int], area_codes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Per round, area_code and role the counted people with a rating (``n_respondents``) and
    those with at least one score (``n_scorers``); of ``area_codes`` only, if given.

    Examples
    --------
    With a database session (see the tests)::

        people_frame([campaign.id]).iloc[0].to_dict()
        # {'round': '2026', 'area_code': '1 a', 'role': 'resident',
        #  'n_respondents': 5, 'n_scorers': 4}
    """
    scorer = case((Rating.score.is_not(None), Rating.response_id))
    counted = (func.count(distinct(Rating.response_id)), func.count(distinct(scorer)))
    stmt = _select(Response.role, *counted, campaign_ids=campaign_ids, area_codes=area_codes)
    return _frame(stmt.group_by(*_GROUP, *_LABELS), PEOPLE_DTYPES)
