"""Public survey links: the campaign and role behind a link token, and its Quartiere.

Public pages load their survey with ``@survey_link()``; an unknown or switched-off link and a
Quartier outside the survey answer 404 with a sentence the resident understands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from types import SimpleNamespace
from typing import Any, TypeVar

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Connection, bindparam, or_, select
from sqlalchemy.orm import defer

from app.core.database import BACKENDS, DriverText, run_on_driver
from app.core.extensions import db
from app.models import ROLES, Area, Campaign, campaign_areas
from app.models.survey import enabled_roles, survey_status

F = TypeVar("F", bound=Callable[..., Any])

# Built once: every answer and every survey page runs it.
_TOKEN = bindparam("token")
_TOKEN_MATCHES = or_(
    Campaign.resident_token == _TOKEN,
    Campaign.expert_token == _TOKEN,
    Campaign.group_token == _TOKEN,
)
_BY_TOKEN = select(Campaign).where(_TOKEN_MATCHES)
_LINK_COLUMNS = ("id", "instrument_id", "settings_version", "opens_on", "closes_on", "roles",
                 "resident_token", "expert_token", "group_token")  # fmt: skip
_LINK_BY_TOKEN = select(*(getattr(Campaign, name) for name in _LINK_COLUMNS)).where(_TOKEN_MATCHES)

# On the driver's own cursor, like the answer's INSERTs (app.core.database.run_on_driver).
_LINK_TEXT = {backend: DriverText(_LINK_BY_TOKEN, backend=backend) for backend in BACKENDS}


@dataclass(frozen=True)
class SurveyLink:
    """What the answer API needs of the campaign behind a link: one row, no ORM object.

    It has the attributes of a :class:`~app.models.Campaign` that
    :func:`app.services.answer_context.answer_context` reads, and the link's ``role``.
    """

    id: int
    instrument_id: int
    settings_version: int
    resident_token: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    role: str

    def status_on(self, day: dt.date) -> str:
        """``"open"``, ``"not_yet_open"`` or ``"closed"`` on the given day."""
        return survey_status(self.opens_on, self.closes_on, day)


def campaign_for_token(token: str) -> tuple[Campaign, str] | None:
    """The campaign and role a public link token stands for, or None.

    A link the planner switched off is not a valid link.
    """
    campaign = db.session.scalar(_BY_TOKEN, {"token": token})
    if campaign is None:
        return None
    role = _role_of(token, {r: campaign.token_for(r) for r in ROLES})
    if role not in campaign.enabled_roles:
        return None
    return campaign, role


def link_for_token(connection: Connection, token: str) -> SurveyLink | None:
    """The survey link ``token`` stands for, read as one row on ``connection``; or None.

    The answer API's :func:`campaign_for_token`: the same rule, without loading the campaign
    as an ORM object (which costs more CPU than storing the answer).

    Examples
    --------
    ``link_for_token(connection, "musterstadt-2025").role`` is ``"resident"``.
    """
    row = _link_row(connection, token)
    if row is None:
        return None
    tokens = {"resident": row.resident_token, "expert": row.expert_token, "group": row.group_token}
    role = _role_of(token, tokens)
    if role not in enabled_roles(row.roles):
        return None
    return SurveyLink(
        row.id,
        row.instrument_id,
        row.settings_version,
        row.resident_token,
        row.opens_on,
        row.closes_on,
        role,
    )


def _link_row(connection: Connection, token: str) -> Any:
    text = _LINK_TEXT[connection.dialect.name]
    found = run_on_driver(connection, text.sql, text.values({"token": token})).fetchone()
    if found is None:
        return None
    values = text.row(found)
    return SimpleNamespace(**dict(zip(_LINK_COLUMNS, values, strict=True)))


def _role_of(token: str, tokens: dict[str, str]) -> str:
    return next(role for role in ROLES if tokens[role] == token)


def find_area(campaign: Campaign, code: str) -> Area | None:
    """The campaign's area with this code (codes are the town's, e.g. ``1 a``), or None.

    One row, its outline left in the database until a page asks for it: a city's outlines
    are megabytes, and the survey form needs none of them.
    """
    return db.session.scalar(
        select(Area)
        .join(campaign_areas, campaign_areas.c.area_id == Area.id)
        .where(campaign_areas.c.campaign_id == campaign.id, Area.code == code)
        .options(defer(Area.geometry))
    )


def survey_link(*, area: Callable[[Campaign], str] | None = None) -> Callable[[F], F]:
    """Decorator for public pages: ``token`` becomes ``campaign`` and ``role`` (``token`` stays).

    With ``area`` the URL's ``area_code`` becomes ``area``. Unknown links and Quartiere outside
    the survey answer 404 with a sentence that says what to do; ``area(campaign)`` is the
    survey's own sentence for a Quartier outside it (a children's survey says "du":
    :func:`app.services.audience.not_in_survey`).
    """

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(**kwargs: Any) -> Any:
            found = campaign_for_token(kwargs["token"])
            if found is None:
                abort(
                    404,
                    description=_(
                        "This survey link is not valid. Please check the address or the QR code."
                    ),
                )
            kwargs["campaign"], kwargs["role"] = found
            if area is not None:
                kwargs["area"] = _public_area(found[0], kwargs.pop("area_code"), area)
            return view(**kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate


def _public_area(campaign: Campaign, code: str, not_in_survey: Callable[[Campaign], str]) -> Area:
    found = find_area(campaign, code)
    if found is None:
        abort(404, description=not_in_survey(campaign))
    return found
