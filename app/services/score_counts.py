"""Score counts of counted answers, counted by the database (what the aggregates start from).

Two grouped queries instead of every rating: how many ratings gave each score per round,
Quartier, role and theme, and how many distinct people answered (and scored) per round,
Quartier and role. :func:`analysis.stats.aggregate.aggregate_counts` turns them into the same
suppressed tables as the raw ratings would give. The groups are formed on ids (integers group
faster than text in both databases); codes, slugs and rounds are looked up afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import case, distinct, func, select

from app.core.extensions import db
from app.models import Area, Campaign, Rating, Response, Theme
from app.services.queries import COUNTED

KEYS = ["round", "area_code", "role"]
COUNTS_DTYPES = {"round": "str", "area_code": "str", "role": "str", "theme": "str",
                 "score": "float64", "count": "int64"}  # fmt: skip
PEOPLE_DTYPES = {"round": "str", "area_code": "str", "role": "str",
                 "n_respondents": "int64", "n_scorers": "int64"}  # fmt: skip

_GROUP = (Response.campaign_id, Response.area_id, Response.role)


def _where(stmt, campaign_ids: Iterable[int], area_codes: Iterable[str] | None):
    ids = sorted({int(i) for i in campaign_ids})
    stmt = stmt.join(Response, Rating.response_id == Response.id)
    stmt = stmt.where(Response.campaign_id.in_(ids), COUNTED)
    if area_codes is not None:
        codes = select(Area.id).where(Area.code.in_(sorted(set(area_codes))))
        stmt = stmt.where(Response.area_id.in_(codes))
    return stmt


def _labelled(rows: list, columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    """Rows keyed by campaign, area (and theme) ids with round, code (and slug) instead."""
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return pd.DataFrame(columns=list(dtypes)).astype(dtypes)
    rounds = dict(db.session.execute(select(Campaign.id, Campaign.round_label).where(
        Campaign.id.in_(frame["campaign_id"].unique().tolist()))).all())  # fmt: skip
    codes = dict(db.session.execute(select(Area.id, Area.code).where(
        Area.id.in_(frame["area_id"].unique().tolist()))).all())  # fmt: skip
    frame.insert(0, "round", frame.pop("campaign_id").map(rounds))
    frame.insert(1, "area_code", frame.pop("area_id").map(codes))
    if "theme_id" in frame:
        slugs = dict(db.session.execute(select(Theme.id, Theme.slug).where(
            Theme.id.in_(frame["theme_id"].unique().tolist()))).all())  # fmt: skip
        frame.insert(3, "theme", frame.pop("theme_id").map(slugs))
    return frame[list(dtypes)].astype(dtypes)


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
    columns = (*_GROUP, Rating.theme_id, Rating.score)
    stmt = _where(select(*columns, func.count()).select_from(Rating), campaign_ids, area_codes)
    rows = db.session.execute(stmt.group_by(*columns)).all()
    names = ["campaign_id", "area_id", "role", "theme_id", "score", "count"]
    return _labelled(rows, names, COUNTS_DTYPES)


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
    stmt = _where(select(*_GROUP, *counted).select_from(Rating), campaign_ids, area_codes)
    rows = db.session.execute(stmt.group_by(*_GROUP)).all()
    names = ["campaign_id", "area_id", "role", "n_respondents", "n_scorers"]
    return _labelled(rows, names, PEOPLE_DTYPES)
