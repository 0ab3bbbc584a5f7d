"""Taking in survey answers: one place that checks and stores a submission."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app.database import write_transaction
from app.extensions import db
from app.models import AGE_BANDS, GENDERS, YEARS_IN_AREA, Area, Campaign, Comment, Rating, Response
from app.models.survey import COMMENT_KINDS, MAX_COMMENT_LENGTH

MAX_GROUP_SIZE = 500
API_CHANNELS = ("api", "web", "offline", "file")
DEMOGRAPHICS = {"age_band": AGE_BANDS, "gender": GENDERS, "years_in_area": YEARS_IN_AREA}


@dataclass(frozen=True)
class FieldError:
    """A problem with one field of a submission, in the user's language."""

    field: str
    message: str


class SubmissionRejected(Exception):
    """Bad input: nothing was stored. ``errors`` lists what to fix, field by field."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


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


@dataclass
class Submission:
    """A checked submission, ready to store."""

    uuid: str
    area: Area
    ratings: dict[str, int | None]
    comments: dict[str, dict[str, str]] = field(default_factory=dict)
    demographics: dict[str, str | None] = field(default_factory=dict)
    group_code: str | None = None
    group_size: int | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to a submission: stored now (``created``) or already stored earlier."""

    response: Response
    created: bool


def today() -> dt.date:
    """The current day in the app's time zone (answers carry the day only)."""
    return dt.datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def campaign_for_token(token: str) -> tuple[Campaign, str] | None:
    """The campaign and role a public link token stands for, or None."""
    campaign = db.session.scalar(
        select(Campaign).where(
            or_(
                Campaign.resident_token == token,
                Campaign.expert_token == token,
                Campaign.group_token == token,
            )
        )
    )
    if campaign is None:
        return None
    role = next(r for r in ("resident", "expert", "group") if campaign.token_for(r) == token)
    if role not in campaign.enabled_roles:
        return None  # a link the planner switched off is not a valid link
    return campaign, role


def find_area(campaign: Campaign, code: str) -> Area | None:
    """The campaign's area with this code (codes are the town's, e.g. ``1 a``), or None."""
    return next((area for area in campaign.areas if area.code == code), None)


def existing_response(uuid: str) -> Response | None:
    return db.session.scalar(select(Response).where(Response.uuid == uuid))


def check_submission(campaign: Campaign, role: str, raw: Mapping[str, Any]) -> Submission:
    """Check raw input (form or JSON shape) against the campaign; raise SubmissionRejected.

    ``raw`` has ``uuid``, ``area``, ``ratings`` ({slug: score, None for "can't say"}),
    ``comments`` ({slug: {"good": text, "improve": text}}), ``demographics`` and, for groups,
    ``group`` ({"code": ..., "size": ...}).
    """
    errors: list[FieldError] = []
    uuid = _check_uuid(raw.get("uuid"), errors)
    area = find_area(campaign, str(raw.get("area") or ""))
    if area is None:
        errors.append(
            FieldError("area", _("Please choose a Quartier that belongs to this survey."))
        )
    themes = {theme.slug: theme for theme in campaign.instrument.themes}
    ratings = _check_ratings(raw.get("ratings") or {}, themes, errors)
    comments = _check_comments(raw.get("comments") or {}, themes, errors)
    if not errors and not ratings and not comments:
        errors.append(FieldError("ratings", _("Please rate at least one theme.")))
    demographics = _check_demographics(raw.get("demographics") or {}, errors)
    group_code, group_size = None, None
    if role == "group":
        group_code, group_size = _check_group(raw.get("group") or {}, errors)
    if errors:
        raise SubmissionRejected(errors)
    return Submission(uuid, area, ratings, comments, demographics, group_code, group_size)


def submit(
    campaign: Campaign,
    role: str,
    raw: Mapping[str, Any],
    *,
    channel: str = "web",
    accept_closed: bool = False,
) -> Outcome:
    """Store a submission exactly once; a repeat of the same UUID returns the stored response.

    A repeat is answered as before even after the survey closed: the first try arrived in time.
    ``accept_closed`` lets staff type in paper sheets after the closing day (never before the
    survey opened).
    """
    uuid = str(raw.get("uuid") or "").strip().lower()
    earlier = existing_response(uuid) if uuid else None
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


def _check_uuid(value: Any, errors: list[FieldError]) -> str:
    try:
        return str(uuidlib.UUID(str(value or "").strip()))
    except ValueError:
        errors.append(
            FieldError("uuid", _("The answer ID is missing or invalid. Please reload the page."))
        )
        return ""


def _check_ratings(raw: Any, themes: Mapping, errors: list[FieldError]) -> dict[str, int | None]:
    if not isinstance(raw, Mapping):
        errors.append(FieldError("ratings", _("Ratings must be given per theme.")))
        return {}
    ratings: dict[str, int | None] = {}
    for slug, value in raw.items():
        theme = themes.get(slug)
        if theme is None:
            errors.append(FieldError(f"ratings.{slug}", _("This theme is not part of the survey.")))
            continue
        if value is None or value == "na":
            ratings[slug] = None
            continue
        score = _as_int(value)
        if score is None or not theme.scale_min <= score <= theme.scale_max:
            errors.append(
                FieldError(
                    f"ratings.{slug}",
                    _(
                        'Please choose a value from %(low)d to %(high)d, or "can\'t say".',
                        low=theme.scale_min,
                        high=theme.scale_max,
                    ),
                )
            )
            continue
        ratings[slug] = score
    return ratings


def _check_comments(
    raw: Any, themes: Mapping, errors: list[FieldError]
) -> dict[str, dict[str, str]]:
    if not isinstance(raw, Mapping):
        errors.append(FieldError("comments", _("Comments must be given per theme.")))
        return {}
    comments: dict[str, dict[str, str]] = {}
    for slug, texts in raw.items():
        if slug not in themes:
            errors.append(
                FieldError(f"comments.{slug}", _("This theme is not part of the survey."))
            )
            continue
        if not isinstance(texts, Mapping):
            errors.append(FieldError(f"comments.{slug}", _("Comments must be given per theme.")))
            continue
        for kind, text in texts.items():
            name = f"comments.{slug}.{kind}"
            if kind not in COMMENT_KINDS:
                errors.append(FieldError(name, _("Unknown kind of comment.")))
            elif not isinstance(text, str):
                errors.append(FieldError(name, _("A comment must be text.")))
            elif len(text.strip()) > MAX_COMMENT_LENGTH:
                errors.append(
                    FieldError(
                        name,
                        _(
                            "Please shorten your comment to at most %(max)d characters "
                            "(it has %(length)d).",
                            max=MAX_COMMENT_LENGTH,
                            length=len(text.strip()),
                        ),
                    )
                )
            elif text.strip():
                comments.setdefault(slug, {})[kind] = text.strip()
    return comments


def _check_demographics(raw: Any, errors: list[FieldError]) -> dict[str, str | None]:
    if not isinstance(raw, Mapping):
        errors.append(FieldError("demographics", _("Unknown answer.")))
        return {}
    chosen: dict[str, str | None] = {}
    for name, allowed in DEMOGRAPHICS.items():
        value = raw.get(name) or None
        if value is not None and value not in allowed:
            errors.append(
                FieldError(f"demographics.{name}", _("Please choose one of the options."))
            )
        chosen[name] = value
    unknown = set(raw) - set(DEMOGRAPHICS)
    for name in sorted(unknown):
        errors.append(
            FieldError(f"demographics.{name}", _("This question is not part of the survey."))
        )
    return chosen


def _check_group(raw: Any, errors: list[FieldError]) -> tuple[str | None, int | None]:
    if not isinstance(raw, Mapping):
        raw = {}
    code = str(raw.get("code") or "").strip()
    size = _as_int(raw.get("size"))
    if not code or len(code) > 40:
        errors.append(
            FieldError("group.code", _("Please enter the group ID the moderator gave you."))
        )
    if size is None or not 2 <= size <= MAX_GROUP_SIZE:
        errors.append(
            FieldError(
                "group.size",
                _(
                    "Please enter how many people are in the group (%(low)d to %(high)d).",
                    low=2,
                    high=MAX_GROUP_SIZE,
                ),
            )
        )
    return (code or None), size


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None
