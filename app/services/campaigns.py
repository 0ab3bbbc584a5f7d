"""Surveys (campaigns): set them up, find them, and delete raw answers while keeping aggregates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from app.core.database import write_transaction
from app.core.extensions import db
from app.core.links import campaign_for_token
from app.models import AggregateSnapshot, Area, Campaign, Instrument, Kommune, Response
from app.models.accounts import utcnow
from app.models.survey import ROLES
from app.services import aggregates
from app.services.submissions import today


class CampaignError(ValueError):
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
    privacy: tuple[str, str] = ("", ""),
) -> Campaign:
    """Create or update a survey of ``kommune``; raise CampaignError on inconsistent input.

    ``privacy`` is the body responsible for the data and the address of its privacy
    statement, both shown in the residents' privacy notice.
    """
    privacy_body, privacy_url = (part.strip() for part in privacy)
    if privacy_url and urlsplit(privacy_url).scheme not in ("http", "https"):
        raise CampaignError(
            _("The privacy statement's address must start with https:// or http://.")
        )
    if opens_on and closes_on and closes_on < opens_on:
        raise CampaignError(_("The survey cannot close before it opens."))
    if not area_ids:
        raise CampaignError(_("Please choose at least one Quartier."))
    if not roles or set(roles) - set(ROLES):
        raise CampaignError(_("Please choose at least one group of participants."))
    with write_transaction():
        instrument = db.session.get(Instrument, instrument_id)
        if instrument is None:
            raise CampaignError(_("Please choose an instrument."))
        areas = list(
            db.session.scalars(
                select(Area).where(Area.id.in_(area_ids), Area.kommune_id == kommune.id)
            )
        )
        if len(areas) != len(set(area_ids)):
            raise CampaignError(_("Please choose Quartiere of this Kommune only."))
        if campaign is None:
            campaign = Campaign(kommune=kommune)
            db.session.add(campaign)
        elif campaign.instrument_id != instrument.id and _has_answers(campaign):
            raise CampaignError(_("The instrument cannot change once answers have arrived."))
        campaign.title = title.strip()
        campaign.round_label = round_label.strip()
        campaign.instrument = instrument
        campaign.areas = areas
        campaign.opens_on, campaign.closes_on = opens_on, closes_on
        campaign.min_group_size = min_group_size
        campaign.public_results = public_results
        campaign.roles = ",".join(role for role in ROLES if role in set(roles))
        campaign.privacy_body, campaign.privacy_url = privacy_body, privacy_url
    return campaign


def _has_answers(campaign: Campaign) -> bool:
    return (
        db.session.scalar(select(Response.id).where(Response.campaign_id == campaign.id).limit(1))
        is not None
    )


def answer_count(campaign: Campaign) -> int:
    """How many raw answers the campaign holds (set-aside ones included)."""
    return db.session.scalar(
        select(func.count()).select_from(Response).where(Response.campaign_id == campaign.id)
    )


def purge_raw_answers(campaign: Campaign) -> AggregateSnapshot:
    """Store the k-suppressed aggregates, then delete every response, rating and comment.

    Both happen in one transaction: either the aggregates are kept and the raw data gone,
    or nothing changes.
    """
    data = aggregates.snapshot_data(campaign)
    with write_transaction():
        kept = aggregates.snapshot(campaign)
        if kept is None or kept.raw_deleted_at is None:
            if kept is None:
                kept = AggregateSnapshot(campaign_id=campaign.id, data=data)
                db.session.add(kept)
            else:
                kept.data = data
        kept.raw_deleted_at = utcnow()
        db.session.execute(delete(Response).where(Response.campaign_id == campaign.id))
    return kept


#: Open surveys first, then those still to come, then the closed ones.
STATUS_ORDER = {"open": 0, "not_yet_open": 1, "closed": 2}


def open_first(campaigns: Sequence[Campaign], day: dt.date) -> list[Campaign]:
    """The surveys with the open ones first and the closed ones last, otherwise as given.

    Examples
    --------
    With a database session (see the tests)::

        [c.round_label for c in open_first(campaigns, dt.date(2025, 6, 1))]
        # ['2025', '2024']
    """
    return sorted(campaigns, key=lambda c: STATUS_ORDER[c.status_on(day)])


def campaigns_of(kommune_ids: list[int]) -> list[Campaign]:
    """The surveys of these Kommunen, open ones first, then newest round first and by title."""
    found = db.session.scalars(
        select(Campaign)
        .where(Campaign.kommune_id.in_(kommune_ids))
        .order_by(Campaign.round_label.desc(), Campaign.title)
    )
    return open_first(list(found), today())


def current_round(campaign: Campaign, day: dt.date) -> Campaign | None:
    """Another survey of the same Kommune that residents can answer on ``day`` (newest round
    first), for the start page of a closed survey; None if there is none.

    Examples
    --------
    With a database session (see the tests)::

        current_round(closed_2024, dt.date(2025, 6, 1)).round_label
        # '2025'
    """
    others = db.session.scalars(
        select(Campaign)
        .where(Campaign.kommune_id == campaign.kommune_id, Campaign.id != campaign.id)
        .order_by(Campaign.round_label.desc(), Campaign.id.desc())
    )
    return next(
        (c for c in others if c.status_on(day) == "open" and "resident" in c.enabled_roles),
        None,
    )


def all_campaigns() -> list[Campaign]:
    """Every survey of every Kommune, by round."""
    return list(db.session.scalars(select(Campaign).order_by(Campaign.round_label)))


def find_campaign(token: str) -> Campaign:
    """The campaign one of whose links (resident, expert or group) uses this token."""
    found = campaign_for_token(token.strip())
    if found is None:
        raise CampaignError(_("No survey uses the link token '%(token)s'.", token=token))
    return found[0]
