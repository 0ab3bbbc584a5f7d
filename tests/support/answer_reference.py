"""A second, independent judge of an answer: what the API must reply, and what it must store.

Written from the issue's rules and the OpenAPI description, without the app's code (no
jsonschema, no service): if both agree over thousands of generated bodies, neither is likely to
be wrong in the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

TOP_LEVEL = {
    "token",
    "area",
    "role",
    "uuid",
    "channel",
    "ratings",
    "comments",
    "demographics",
    "group",
}
REQUIRED = {"token", "area", "uuid"}
ROLES = ("resident", "expert", "group")
CHANNELS = ("api", "web", "offline", "file")
#: Children's bands fit the shape; only a survey on the children's instrument takes them.
CHILD_BANDS = {"6_7", "8_9", "10_12"}
DEMOGRAPHICS = {
    "age_band": {"", "under_18", "18_29", "30_44", "45_64", "65_79", "80_plus", *CHILD_BANDS},
    "gender": {"", "female", "male", "diverse"},
    "years_in_area": {"", "under_1", "1_4", "5_9", "10_plus"},
}
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
SLUG = re.compile(r"[a-z0-9_-]{1,40}")


@dataclass
class World:
    """What the reference knows of the survey: its tokens, Quartiere, themes and stored UUIDs."""

    tokens: dict[str, str]  # token -> role
    areas: set[str]
    themes: set[str]
    stored: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Verdict:
    """The status the API must answer and the rows (responses, ratings, comments) it adds."""

    status: int
    rows: tuple[int, int, int] = (0, 0, 0)


def _forbidden(char: str, multiline: bool) -> bool:
    code = ord(char)
    if multiline and char in "\t\n":
        return False
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF


def is_text(value: Any, max_length: int, *, multiline: bool = False, min_length: int = 0) -> bool:
    """A str of bounded length without control characters or lone surrogates."""
    if type(value) is not str or not min_length <= len(value) <= max_length:
        return False
    return not any(_forbidden(char, multiline) for char in value)


def is_whole(value: Any, low: int, high: int) -> bool:
    """A JSON integer (JSON Schema counts 5.0 as one; never a bool) in [low, high]."""
    if type(value) is float and value.is_integer():
        value = int(value)
    return type(value) is int and low <= value <= high


def _ratings_ok(ratings: Any) -> bool:
    if type(ratings) is not dict or len(ratings) > 60:
        return False
    return all(
        type(key) is str
        and SLUG.fullmatch(key) is not None
        and (value is None or value == "na" or is_whole(value, -1000, 1000))
        for key, value in ratings.items()
    )


def _comments_ok(comments: Any) -> bool:
    if type(comments) is not dict or len(comments) > 60:
        return False
    for key, texts in comments.items():
        if SLUG.fullmatch(key) is None or type(texts) is not dict:
            return False
        if set(texts) - {"good", "improve"}:
            return False
        if not all(is_text(text, 2000, multiline=True) for text in texts.values()):
            return False
    return True


def _demographics_ok(demographics: Any) -> bool:
    if type(demographics) is not dict or set(demographics) - set(DEMOGRAPHICS):
        return False
    return all(
        type(value) is str and value in DEMOGRAPHICS[name] for name, value in demographics.items()
    )


def _group_ok(group: Any) -> bool:
    if type(group) is not dict or set(group) != {"code", "size"}:
        return False
    return is_text(group["code"], 40, min_length=1) and is_whole(group["size"], 2, 500)


_PARTS = {
    "token": lambda v: is_text(v, 64, min_length=1),
    "area": lambda v: is_text(v, 64),
    "role": lambda v: type(v) is str and v in ROLES,
    "uuid": lambda v: type(v) is str and UUID.fullmatch(v) is not None,
    "channel": lambda v: type(v) is str and v in CHANNELS,
    "ratings": _ratings_ok,
    "comments": _comments_ok,
    "demographics": _demographics_ok,
    "group": _group_ok,
}


def shape_ok(body: Any) -> bool:
    """Whether ``body`` has the shape of an answer (the schema's rules, written out by hand)."""
    if type(body) is not dict or set(body) - TOP_LEVEL or not set(body) >= REQUIRED:
        return False
    return all(_PARTS[name](value) for name, value in body.items())


def _content(body: dict, world: World, role: str) -> tuple[int, int] | None:
    """(ratings, comments) to store, or None if the survey refuses the answer."""
    ratings = body.get("ratings", {})
    comments = body.get("comments", {})
    if body["area"] not in world.areas or set(ratings) - world.themes:
        return None
    if not all(
        value is None or value == "na" or is_whole(value, 1, 7) for value in ratings.values()
    ):
        return None  # the Place Standard's scale
    if body.get("demographics", {}).get("age_band") in CHILD_BANDS:
        return None  # an adults' survey
    if set(comments) - world.themes:
        return None
    kept = sum(1 for texts in comments.values() for text in texts.values() if text.strip())
    if not ratings and not kept:
        return None
    if role == "group":
        group = body.get("group")
        if group is None or not group["code"].strip():
            return None
    return len(ratings), kept


def verdict(body: Any, world: World) -> Verdict:
    """What the API must do with ``body``; records a stored UUID in ``world``."""
    if not shape_ok(body):
        return Verdict(400)
    role = world.tokens.get(body["token"])
    if role is None:
        return Verdict(404)
    if body.get("role", role) != role:
        return Verdict(400)
    uuid = body["uuid"].lower()
    if uuid in world.stored:
        return Verdict(200)
    content = _content(body, world, role)
    if content is None:
        return Verdict(400)
    world.stored.add(uuid)
    return Verdict(201, (1, *content))
