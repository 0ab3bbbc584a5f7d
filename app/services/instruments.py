"""Load rating instruments from data files, so a municipality can add one without code."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Instrument, Theme
from app.models.instrument import AUDIENCES

DATA = Path(__file__).resolve().parents[1] / "data"
PLACE_STANDARD = DATA / "place_standard.json"
#: The Place Standard's children's version (ages 6–12, scale 1–3).
CHILDREN = DATA / "place_standard_children.json"
#: Every instrument that ships with Quartierskompass, the adults' first.
SHIPPED = (PLACE_STANDARD, CHILDREN)


class InstrumentError(ValueError):
    """An instrument file that cannot be used; the message says what to fix."""


def read_instrument_file(path: str | Path) -> dict[str, Any]:
    """Read an instrument definition (JSON) and check its shape."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InstrumentError(f"{path}: cannot be read as JSON ({exc}).") from exc
    check_instrument(data)
    return data


def check_instrument(data: Mapping[str, Any]) -> None:
    """Raise InstrumentError unless ``data`` describes a usable instrument."""
    if not isinstance(data, Mapping):
        raise InstrumentError("An instrument must be a JSON object.")
    for key in ("slug", "title", "themes"):
        if not data.get(key):
            raise InstrumentError(f"The instrument needs a '{key}'.")
    _check_scale_and_audience(data)
    slugs: set[str] = set()
    for number, theme in enumerate(data["themes"], start=1):
        for key in ("slug", "title", "question"):
            if not theme.get(key):
                raise InstrumentError(f"Theme {number} needs a '{key}'.")
        if not isinstance(theme["title"], Mapping) or not isinstance(theme["question"], Mapping):
            raise InstrumentError(f"Theme {number}: 'title' and 'question' map languages to texts.")
        if theme["slug"] in slugs:
            raise InstrumentError(f"Theme slug '{theme['slug']}' appears twice.")
        slugs.add(theme["slug"])


def _check_scale_and_audience(data: Mapping[str, Any]) -> None:
    scale = data.get("scale", {})
    low, high = int(scale.get("min", 1)), int(scale.get("max", 7))
    if low >= high:
        raise InstrumentError("The scale's 'min' must be smaller than its 'max'.")
    if data.get("audience", "adults") not in AUDIENCES:
        raise InstrumentError(f"The 'audience' must be one of: {', '.join(AUDIENCES)}.")


def load_instrument(data: Mapping[str, Any]) -> Instrument:
    """Store an instrument unless one with the same slug exists; return the stored one.

    Loading is idempotent: running the seed twice creates nothing new.
    """
    check_instrument(data)
    existing = db.session.scalar(select(Instrument).where(Instrument.slug == data["slug"]))
    if existing is not None:
        return existing
    scale = data.get("scale", {})
    low, high = int(scale.get("min", 1)), int(scale.get("max", 7))
    with write_transaction():
        instrument = Instrument(
            slug=data["slug"],
            title=dict(data["title"]),
            description=dict(data.get("description", {})),
            scale_labels=dict(scale.get("labels", {})),
            scale_min=low,
            scale_max=high,
            audience=data.get("audience", "adults"),
        )
        for position, theme in enumerate(data["themes"], start=1):
            instrument.themes.append(
                Theme(
                    slug=theme["slug"],
                    position=position,
                    title=dict(theme["title"]),
                    question=dict(theme["question"]),
                    prompts=dict(theme.get("prompts", {})),
                    category=dict(theme.get("category", {})),
                    scale_min=low,
                    scale_max=high,
                )
            )
        db.session.add(instrument)
    return instrument


def load_place_standard() -> Instrument:
    """Store the 14-theme Place Standard instrument that ships with Quartierskompass."""
    return load_instrument(read_instrument_file(PLACE_STANDARD))


def load_shipped() -> list[Instrument]:
    """Store every shipped instrument (the Place Standard and its children's version).

    Examples
    --------
    >>> [path.name for path in SHIPPED]
    ['place_standard.json', 'place_standard_children.json']
    """
    return [load_instrument(read_instrument_file(path)) for path in SHIPPED]


def stored_instruments() -> list[Instrument]:
    """Every stored instrument, by slug."""
    return list(db.session.scalars(select(Instrument).order_by(Instrument.slug)))
