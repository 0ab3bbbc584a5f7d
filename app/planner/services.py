"""Planner services: save surveys, and delete raw answers while keeping aggregated results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.database import write_transaction
from app.extensions import db
from app.models import AggregateSnapshot, Area, Campaign, Instrument, Kommune, Response
from app.models.accounts import utcnow
from app.models.survey import ROLES


class PlannerError(ValueError):
    """Input a planner can fix; the message is a translated sentence."""


def save_campaign(
    campaign: Campaign | None,
    kommune: Kommune,
    *,
    title: str,
    round_label: str,
    instrument_id: int,
    area_ids: Sequence[int],
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    min_group_size: int,
    public_results: bool,
    roles: Sequence[str] = ROLES,
) -> Campaign:
    """Create or update a survey of ``kommune``; raise PlannerError on inconsistent input."""
    if opens_on and closes_on and closes_on < opens_on:
        raise PlannerError(_("The survey cannot close before it opens."))
    if not area_ids:
        raise PlannerError(_("Please choose at least one Quartier."))
    if not roles or set(roles) - set(ROLES):
        raise PlannerError(_("Please choose at least one group of participants."))
    with write_transaction():
        instrument = db.session.get(Instrument, instrument_id)
        if instrument is None:
            raise PlannerError(_("Please choose an instrument."))
        areas = list(
            db.session.scalars(
                select(Area).where(Area.id.in_(area_ids), Area.kommune_id == kommune.id)
            )
        )
        if len(areas) != len(set(area_ids)):
            raise PlannerError(_("Please choose Quartiere of this Kommune only."))
        if campaign is None:
            campaign = Campaign(kommune=kommune)
            db.session.add(campaign)
        elif campaign.instrument_id != instrument.id and _has_answers(campaign):
            raise PlannerError(_("The instrument cannot change once answers have arrived."))
        campaign.title = title.strip()
        campaign.round_label = round_label.strip()
        campaign.instrument = instrument
        campaign.areas = areas
        campaign.opens_on, campaign.closes_on = opens_on, closes_on
        campaign.min_group_size = min_group_size
        campaign.public_results = public_results
        campaign.roles = ",".join(role for role in ROLES if role in set(roles))
    return campaign


def _has_answers(campaign: Campaign) -> bool:
    return (
        db.session.scalar(select(Response.id).where(Response.campaign_id == campaign.id).limit(1))
        is not None
    )


def answer_count(campaign: Campaign) -> int:
    from sqlalchemy import func

    return db.session.scalar(
        select(func.count()).select_from(Response).where(Response.campaign_id == campaign.id)
    )


def snapshot(campaign: Campaign) -> AggregateSnapshot | None:
    return db.session.scalar(
        select(AggregateSnapshot).where(AggregateSnapshot.campaign_id == campaign.id)
    )


def purge_raw_answers(campaign: Campaign) -> AggregateSnapshot:
    """Store the k-suppressed aggregates, then delete every response, rating and comment.

    Both happen in one transaction: either the aggregates are kept and the raw data gone,
    or nothing changes.
    """
    from analysis.stats.aggregate import aggregate_ratings, overall_scores
    from app.planner.aggregates import instrument_scale
    from app.planning.queries import ratings_frame

    ratings = ratings_frame([campaign.id])
    k, scale = campaign.min_group_size, instrument_scale(campaign)
    data = {"aggregated": [], "overall": []}
    if not ratings.empty:
        by = ("round", "area_code", "role")
        aggregated = aggregate_ratings(ratings, k=k, by=(*by, "theme"), scale=scale)
        overall = overall_scores(ratings, k=k, by=by, scale=scale)
        data = {"aggregated": _records(aggregated), "overall": _records(overall)}
    with write_transaction():
        kept = snapshot(campaign)
        if kept is None or kept.raw_deleted_at is None:
            if kept is None:
                kept = AggregateSnapshot(campaign_id=campaign.id, data=data)
                db.session.add(kept)
            else:
                kept.data = data
        kept.raw_deleted_at = utcnow()
        db.session.execute(delete(Response).where(Response.campaign_id == campaign.id))
    return kept


def _records(frame) -> list[dict]:
    """A frame as JSON-safe records: NaN and NA become None."""
    import json

    return json.loads(frame.astype(object).where(frame.notna(), None).to_json(orient="records"))
