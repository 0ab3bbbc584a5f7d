"""Checking a submission of the schema's shape against its campaign, field by field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from app.models import AGE_BANDS, AGE_BANDS_BY_AUDIENCE, CHILD_AGE_BANDS, GENDERS, YEARS_IN_AREA
from app.services.answer_context import AnswerContext
from app.services.audience import spoken

MAX_GROUP_SIZE = 500
#: Every value the answer schema lets through; the age bands are then narrowed to the
#: instrument's audience (:data:`app.models.AGE_BANDS_BY_AUDIENCE`).
DEMOGRAPHICS = {
    "age_band": AGE_BANDS + CHILD_AGE_BANDS,
    "gender": GENDERS,
    "years_in_area": YEARS_IN_AREA,
}


@dataclass(frozen=True)
class FieldError:
    """A problem with one field of a submission, in the user's language."""

    field: str
    message: str


class SubmissionRejected(Exception):
    """Bad input: nothing was stored. ``errors`` lists what to fix, field by field;
    ``audience`` is the survey's, once it is known (a summary speaks to children as "du")."""

    def __init__(self, errors: list[FieldError], audience: str = "adults"):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors, self.audience = errors, audience


@dataclass
class Submission:
    """A checked submission, ready to store."""

    uuid: str
    area_code: str
    area_id: int
    ratings: dict[str, int | None]
    comments: dict[str, dict[str, str]] = field(default_factory=dict)
    demographics: dict[str, str | None] = field(default_factory=dict)
    group_code: str | None = None
    group_size: int | None = None


def check_submission(
    context: AnswerContext, role: str, raw: Mapping[str, Any], speaker: str | None = None
) -> Submission:
    """Check an answer of the schema's shape against its campaign; raise SubmissionRejected.

    ``raw`` has passed :func:`app.services.answer_schema.check_shape`, so its types and sizes
    are right: ``uuid``, ``area``, ``ratings`` ({slug: score, None or "na" for "can't say"}),
    ``comments`` ({slug: {"good": text, "improve": text}}), ``demographics`` and, for groups,
    ``group`` ({"code": ..., "size": ...}). What is checked here needs the campaign: its
    Quartiere, its themes and their scales, and that something was answered at all. Refusals
    speak to ``speaker`` (an audience; the survey's by default, "adults" for staff typing in).
    """
    errors: list[FieldError] = []
    audience = speaker or context.audience
    area_id = context.areas.get(raw["area"])
    if area_id is None:
        errors.append(FieldError("area", spoken(audience, "area")))
    themes = context.themes
    ratings = _check_ratings(raw.get("ratings", {}), themes, errors, audience)
    comments = _check_comments(raw.get("comments", {}), themes, errors)
    if not errors and not ratings and not comments:
        errors.append(FieldError("ratings", spoken(audience, "rate_one")))
    demographics = {name: raw.get("demographics", {}).get(name) or None for name in DEMOGRAPHICS}
    band = demographics["age_band"]
    if band is not None and band not in AGE_BANDS_BY_AUDIENCE[context.audience]:
        errors.append(FieldError("demographics.age_band", spoken(audience, "age_band")))
    group_code, group_size = None, None
    if role == "group":
        group_code, group_size = _check_group(raw.get("group"), errors, audience)
    if errors:
        raise SubmissionRejected(errors, audience)
    uuid = raw["uuid"].lower()
    return Submission(
        uuid, raw["area"], area_id, ratings, comments, demographics, group_code, group_size
    )


def _check_ratings(
    raw: Mapping[str, Any], themes: Mapping, errors: list[FieldError], audience: str
) -> dict[str, int | None]:
    ratings: dict[str, int | None] = {}
    for slug, value in raw.items():
        theme = themes.get(slug)
        if theme is None:
            errors.append(FieldError(f"ratings.{slug}", _("This theme is not part of the survey.")))
        elif value is None or value == "na":
            ratings[slug] = None
        elif theme.scale_min <= value <= theme.scale_max:
            # JSON Schema counts 5.0 as an integer; the database stores 5.
            ratings[slug] = int(value)
        else:
            message = spoken(audience, "scale", low=theme.scale_min, high=theme.scale_max)
            errors.append(FieldError(f"ratings.{slug}", message))
    return ratings


def _check_comments(
    raw: Mapping[str, Mapping[str, str]], themes: Mapping, errors: list[FieldError]
) -> dict[str, dict[str, str]]:
    comments: dict[str, dict[str, str]] = {}
    for slug, texts in raw.items():
        if slug not in themes:
            errors.append(
                FieldError(f"comments.{slug}", _("This theme is not part of the survey."))
            )
            continue
        for kind, text in texts.items():
            if text.strip():
                comments.setdefault(slug, {})[kind] = text.strip()
    return comments


def _check_group(
    raw: Mapping[str, Any] | None, errors: list[FieldError], audience: str
) -> tuple[str | None, int | None]:
    code = str((raw or {}).get("code") or "").strip()
    size = (raw or {}).get("size")
    if not code:
        errors.append(FieldError("group.code", spoken(audience, "group_code")))
    if size is None:
        message = spoken(audience, "group_size", low=2, high=MAX_GROUP_SIZE)
        errors.append(FieldError("group.size", message))
    return (code or None), (None if size is None else int(size))
