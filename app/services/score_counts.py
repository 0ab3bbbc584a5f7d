"""Score counts of counted answers, counted by the database (what the aggregates start from).

Two grouped queries instead of every rating: how many ratings gave each score per round,
Quartier, role and theme, and how many distinct people answered (and scored) per round,
Quartier and role. :func:`analysis.stats.aggregate.aggregate_counts` turns them into the same
suppressed tables as the raw ratings would give. The groups are formed on ids (integers group
faster than text in both databases); rounds, codes and slugs ride along with their ids. The
comments waiting for review are counted the same way, per group.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import case, func, select

from app.core.extensions import db
from app.models import Area, Campaign, Comment, Rating, Response, Theme
from app.services.queries import COUNTED

COUNTS_DTYPES = {"round": "str", "area_code": "str", "role": "str", "theme": "str",
                 "score": "float64", "count": "int64"}  # fmt: skip
PEOPLE_DTYPES = {"round": "str", "area_code": "str", "role": "str",
                 "n_respondents": "int64", "n_scorers": "int64"}  # fmt: skip
UNREVIEWED_DTYPES = {"round": "str", "area_code": "str", "role": "str", "count": "int64"}

#: Grouped by ids only (integers group faster than text); labels are joined to the groups.
_GROUP = (Response.campaign_id, Response.area_id, Response.role)


def _counted(*columns, campaign_ids: Iterable[int], area_codes: Iterable[str] | None, of=Rating):
    """``columns`` of the campaigns' counted ratings (or comments: ``of=Comment``), of
    ``area_codes`` only, if given."""
    ids = sorted({int(i) for i in campaign_ids})
    stmt = (
        select(*columns)
        .select_from(of)
        .join(Response, of.response_id == Response.id)
        .where(Response.campaign_id.in_(ids), COUNTED)
    )
    if area_codes is not None:
        areas = select(Area.id).where(Area.code.in_(sorted(set(area_codes))))
        stmt = stmt.where(Response.area_id.in_(areas))
    return stmt


def _labelled(groups, *columns, dtypes: dict[str, str]) -> pd.DataFrame:
    """The grouped subquery ``groups`` with round and Quartier code instead of their ids."""
    stmt = (
        select(Campaign.round_label, Area.code, groups.c.role, *columns)
        .join(Campaign, Campaign.id == groups.c.campaign_id)
        .join(Area, Area.id == groups.c.area_id)
    )
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
    keys = (*_GROUP, Rating.theme_id, Rating.score)
    groups = _counted(*keys, func.count().label("n"), campaign_ids=campaign_ids,
                      area_codes=area_codes).group_by(*keys).subquery()  # fmt: skip
    slug = select(Theme.slug).where(Theme.id == groups.c.theme_id).scalar_subquery()
    return _labelled(groups, slug, groups.c.score, groups.c.n, dtypes=COUNTS_DTYPES)


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
    # Per response first (in the order of its primary key, no sort), then per group: three
    # times faster on SQLite than COUNT(DISTINCT …) over the ratings.
    scored = func.max(case((Rating.score.is_not(None), 1), else_=0)).label("scored")
    each = _counted(*_GROUP, scored, campaign_ids=campaign_ids, area_codes=area_codes)
    each = each.group_by(Response.id, *_GROUP).subquery()
    keys = (each.c.campaign_id, each.c.area_id, each.c.role)
    groups = select(*keys, func.count().label("n"), func.sum(each.c.scored).label("scorers"))
    groups = groups.group_by(*keys).subquery()
    return _labelled(groups, groups.c.n, groups.c.scorers, dtypes=PEOPLE_DTYPES)


def unreviewed_counts_frame(
    campaign_ids: Iterable[int], area_codes: Iterable[str] | None = None
) -> pd.DataFrame:
    """Counted comments nobody has reviewed yet, per round, area_code and role: ``count``.

    Counted by the database: the round table's "waiting for review" needs the number only, and
    a Quartier whose comments pile up unreviewed (thousands while an event runs) would otherwise
    send every one of them to each refresh (issue 10 §3, bench/README.md).

    Examples
    --------
    With a database session (see the tests)::

        unreviewed_counts_frame([campaign.id], ["1 a"]).iloc[0].to_dict()
        # {'round': '2026', 'area_code': '1 a', 'role': 'resident', 'count': 12}
    """
    each = _counted(*_GROUP, func.count().label("n"), campaign_ids=campaign_ids,
                    area_codes=area_codes, of=Comment)  # fmt: skip
    groups = each.where(Comment.review == "new").group_by(*_GROUP).subquery()
    return _labelled(groups, groups.c.n, dtypes=UNREVIEWED_DTYPES)
