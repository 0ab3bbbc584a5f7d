"""Taking in survey answers: the one place that stores a submission, exactly once.

Every way an answer arrives – the form, the JSON API, the offline queue, a hand-over file, a
typed-in paper sheet, a moderated group – ends in :func:`submit`; the checks are in
:mod:`app.services.answer_checks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.database import write_transaction
from app.core.extensions import db
from app.core.links import campaign_for_token
from app.models import Campaign, Comment, Rating, Response
from app.services.answer_checks import FieldError, Submission, SubmissionRejected, check_submission
from app.services.answer_schema import check_shape


class CampaignNotOpen(Exception):
    """The survey is not open today; ``status`` is ``not_yet_open`` or ``closed``."""

    def __init__(self, campaign: Campaign, status: str):
        self.campaign, self.status = campaign, status
        super().__init__(status)

    @property
    def message(self) -> str:
        if self.status == "not_yet_open":
            return _("This survey has not started yet. Please come back later.")
        return _("This survey has closed. Thank you for your interest.")


@dataclass(frozen=True)
class Outcome:
    """What happened to a submission: stored now (``created``) or already stored earlier."""

    response: Response
    created: bool


def today() -> dt.date:
    """The current day in the app's time zone (answers carry the day only)."""
    return dt.datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def existing_response(uuid: str) -> Response | None:
    return db.session.scalar(select(Response).where(Response.uuid == uuid))


class UnknownLink(Exception):
    """The token belongs to no survey, or to a link the planner switched off."""

    @property
    def message(self) -> str:
        return _("This survey link is not valid. Please check the address or the QR code.")


def submit_json(body: Any) -> Outcome:
    """Store an answer sent as JSON (the API): its shape first, then its link, then the rest.

    The whole body is checked against the schema before its token is looked up, so nothing
    malformed reaches the database, not even as a search term.

    Raises SubmissionRejected, UnknownLink or CampaignNotOpen.

    Examples
    --------
    ``submit_json({"token": "…", "area": "1 a", "uuid": "…", "ratings": {"moving": 5}})``
    returns ``Outcome(response, created=True)``; the same body again ``created=False``.
    """
    check_shape(body)
    found = campaign_for_token(body["token"])
    if found is None:
        raise UnknownLink()
    campaign, role = found
    if body.get("role", role) != role:
        message = _("This link is for a different group of participants.")
        raise SubmissionRejected([FieldError("role", message)])
    return _submit(campaign, role, body, channel=body.get("channel", "api"))


def submit(
    campaign: Campaign,
    role: str,
    raw: Mapping[str, Any],
    *,
    channel: str = "web",
    accept_closed: bool = False,
) -> Outcome:
    """Store a submission exactly once; a repeat of the same UUID returns the stored response.

    ``raw`` has the API's JSON shape (forms are converted by :mod:`app.services.answer_forms`)
    and is checked against the schema first. A repeat is answered as before even after the
    survey closed: the first try arrived in time. ``accept_closed`` lets staff type in paper
    sheets after the closing day (never before the survey opened).
    """
    check_shape(raw)
    return _submit(campaign, role, raw, channel=channel, accept_closed=accept_closed)


def _submit(
    campaign: Campaign,
    role: str,
    raw: Mapping[str, Any],
    *,
    channel: str,
    accept_closed: bool = False,
) -> Outcome:
    uuid = raw["uuid"].lower()  # the schema allows the hyphenated hex form only
    earlier = existing_response(uuid)
    if earlier is not None and earlier.campaign_id == campaign.id:
        return Outcome(earlier, created=False)
    if earlier is not None:
        raise SubmissionRejected([FieldError("uuid", _("This answer ID is already in use."))])
    status = campaign.status_on(today())
    if status == "not_yet_open" or (status == "closed" and not accept_closed):
        raise CampaignNotOpen(campaign, status)
    checked = check_submission(campaign, role, raw)
    try:
        with write_transaction():
            response = _store(campaign, role, checked, channel)
    except IntegrityError:
        # Two tries of the same answer raced; the other one won and holds the same content.
        again = existing_response(checked.uuid)
        if again is None or again.campaign_id != campaign.id:
            raise
        return Outcome(again, created=False)
    return Outcome(response, created=True)


def _store(campaign: Campaign, role: str, checked: Submission, channel: str) -> Response:
    themes = {theme.slug: theme for theme in campaign.instrument.themes}
    response = Response(
        uuid=checked.uuid,
        campaign_id=campaign.id,
        area_id=checked.area.id,
        role=role,
        group_code=checked.group_code,
        group_size=checked.group_size,
        channel=channel,
        submitted_on=today(),
        **checked.demographics,
    )
    for slug, score in checked.ratings.items():
        theme = themes[slug]
        response.ratings.append(
            Rating(
                theme_id=theme.id, score=score, scale_min=theme.scale_min, scale_max=theme.scale_max
            )
        )
    for slug, texts in checked.comments.items():
        for kind, text in texts.items():
            response.comments.append(Comment(theme_id=themes[slug].id, kind=kind, text=text))
    db.session.add(response)
    db.session.flush()
    return response
