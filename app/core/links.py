"""Public survey links: the campaign and role behind a link token, and its Quartiere.

Public pages load their survey with ``@survey_link()``; an unknown or switched-off link and a
Quartier outside the survey answer 404 with a sentence the resident understands.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import defer

from app.core.extensions import db
from app.models import Area, Campaign, campaign_areas

F = TypeVar("F", bound=Callable[..., Any])

# Built once: every answer and every survey page runs it.
_TOKEN = bindparam("token")
_BY_TOKEN = select(Campaign).where(
    or_(
        Campaign.resident_token == _TOKEN,
        Campaign.expert_token == _TOKEN,
        Campaign.group_token == _TOKEN,
    )
)


def campaign_for_token(token: str) -> tuple[Campaign, str] | None:
    """The campaign and role a public link token stands for, or None.

    A link the planner switched off is not a valid link.
    """
    campaign = db.session.scalar(_BY_TOKEN, {"token": token})
    if campaign is None:
        return None
    role = next(r for r in ("resident", "expert", "group") if campaign.token_for(r) == token)
    if role not in campaign.enabled_roles:
        return None
    return campaign, role


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
