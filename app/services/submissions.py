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
from sqlalchemy import Connection, bindparam, select

from app.core.database import write_connection, write_transaction
from app.core.extensions import db
from app.core.links import SurveyLink, link_for_token
from app.models import Area, Campaign, Response
from app.services.answer_checks import FieldError, SubmissionRejected, check_submission
from app.services.answer_context import answer_context
from app.services.answer_schema import check_shape, shape_errors
from app.services.answer_store import response_row, store_answer
from app.services.audience import spoken

# Built once: constructing a statement costs more CPU than running it (measured, issue 10).
_EARLIER = (
    select(Response.campaign_id, Area.code, Response.role, Response.submitted_on)
    .join(Area, Area.id == Response.area_id)
    .where(Response.uuid == bindparam("uuid"))
)


class CampaignNotOpen(Exception):
    """The survey is not open today; ``status`` is ``not_yet_open`` or ``closed``.

    ``audience`` is the survey's ("adults" or "children"): the message speaks to them.
    """

    def __init__(self, audience: str, status: str):
        self.audience, self.status = audience, status
        super().__init__(status)

    @property
    def message(self) -> str:
        closed = "not_yet_open" if self.status == "not_yet_open" else "closed"
        return spoken(self.audience, closed)


@dataclass(frozen=True)
class Outcome:
    """What happened to a submission: stored now (``created``) or already stored earlier.

    Plain values, built from what is in memory: the reply needs no reload after the commit.
    """

    uuid: str
    area: str
    role: str
    submitted_on: dt.date
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
    # One connection and one transaction for the whole answer, no ORM session: the link is one
    # row, the checks come from the process's cache, and the stores are plain statements.
    with write_connection() as connection:
        link = link_for_token(connection, body["token"])
        if link is None:
            raise UnknownLink()
        if body.get("role", link.role) != link.role:
            message = _("This link is for a different group of participants.")
            raise SubmissionRejected([FieldError("role", message)])
        return _submit(connection, link, link.role, body, channel=body.get("channel", "api"))


def submit(
    campaign: Campaign,
    role: str,
    raw: Mapping[str, Any],
    *,
    channel: str = "web",
    by_staff: bool = False,
) -> Outcome:
    """Store a submission exactly once; a repeat of the same UUID returns the stored response.

    ``raw`` has the API's JSON shape (forms are converted by :mod:`app.services.answer_forms`)
    and is checked against the schema first. A repeat is answered as before even after the
    survey closed: the first try arrived in time. ``by_staff`` is for staff typing in paper
    sheets or uploading a phone's file: they may do so after the closing day (never before the
    survey opened), and they read refusals as adults do, even of a children's survey.
    """
    speaker = "adults" if by_staff else campaign.instrument.audience
    try:
        check_shape(raw, speaker)
    except SubmissionRejected as exc:
        raise SubmissionRejected(
            exc.errors + _survey_errors(campaign, role, raw, exc.errors, speaker), speaker
        ) from None
    with write_transaction():
        connection = db.session.connection()
        return _submit(connection, campaign, role, raw, channel=channel, by_staff=by_staff)


def _survey_errors(
    campaign: Campaign, role: str, raw: Mapping[str, Any], wrong: list[FieldError], speaker: str
) -> list[FieldError]:
    """What the survey's checks say about the fields whose shape is right, so that a person sees
    every problem of a form at once (a score off the scale beside a comment too long).

    The fields named in ``wrong`` are left out first; if what remains still does not fit the
    schema (a missing token, a broken ``ratings``), there is nothing more to say.
    """
    kept = _without(raw, {e.field for e in wrong})
    if kept is None or shape_errors(kept):
        return []
    try:
        check_submission(answer_context(campaign), role, kept, speaker)
    except SubmissionRejected as exc:
        # "Rate at least one theme" would only be true of what was left out here.
        return [e for e in exc.errors if e.field != "ratings"]
    return []


def _without(raw: Mapping[str, Any], fields: set[str]) -> dict | None:
    """A copy of ``raw`` without the dotted ``fields`` (None where one is a whole key)."""
    if not isinstance(raw, Mapping):
        return None
    copy = {k: dict(v) if isinstance(v, Mapping) else v for k, v in raw.items()}
    for field in fields:
        key, _dot, rest = field.partition(".")
        part = copy.get(key)
        if not rest or not isinstance(part, dict):
            return None
        part.pop(rest.split(".")[0], None)
    return copy


def _submit(
    connection: Connection,
    campaign: Campaign | SurveyLink,
    role: str,
    raw: Mapping[str, Any],
    *,
    channel: str,
    by_staff: bool = False,
) -> Outcome:
    """Check and store ``raw`` in the write transaction of ``connection``.

    A repeat of a UUID is answered as at its first try, even after the survey closed or its
    Quartiere changed: the first try arrived in time and was checked then.
    """
    uuid = raw["uuid"].lower()  # the schema allows the hyphenated hex form only
    context = answer_context(campaign, connection)
    day = today()
    try:
        status = campaign.status_on(day)
        if status == "not_yet_open" or (status == "closed" and not by_staff):
            raise CampaignNotOpen(context.audience, status)
        checked = check_submission(context, role, raw, "adults" if by_staff else None)
    except (CampaignNotOpen, SubmissionRejected):
        earlier = _earlier(connection, campaign.id, uuid)
        if earlier is None:
            raise
        return earlier
    row = response_row(campaign.id, role, checked, channel, day)
    if store_answer(connection, context, checked, row) is None:
        # The UUID is taken: by this answer's earlier try (or a try racing it), or elsewhere.
        earlier = _earlier(connection, campaign.id, uuid)
        if earlier is None:  # pragma: no cover - the conflicting row was deleted meanwhile
            raise SubmissionRejected([FieldError("uuid", _("This answer ID is already in use."))])
        return earlier
    return Outcome(checked.uuid, checked.area_code, role, day, created=True)


def _earlier(connection: Connection, campaign_id: int, uuid: str) -> Outcome | None:
    """The outcome of an answer stored before under ``uuid`` in this campaign, or None.

    Raises SubmissionRejected if another campaign's answer has the UUID.
    """
    row = connection.execute(_EARLIER, {"uuid": uuid}).first()
    if row is None:
        return None
    if row.campaign_id != campaign_id:
        raise SubmissionRejected([FieldError("uuid", _("This answer ID is already in use."))])
    return Outcome(uuid, row.code, row.role, row.submitted_on, created=False)
