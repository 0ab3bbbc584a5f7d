"""Checking a submission (form or JSON shape) against its campaign, field by field."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from app.core.links import find_area
from app.models import AGE_BANDS, GENDERS, YEARS_IN_AREA, Area, Campaign
from app.models.survey import COMMENT_KINDS, MAX_COMMENT_LENGTH

MAX_GROUP_SIZE = 500
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
