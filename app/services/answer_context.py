"""What checking and storing an answer needs of its campaign, loaded once per settings version.

An answer needs the campaign's Quartiere (code → id) and its themes (slug → id and scale) –
never the outlines, never the ORM objects. Each process keeps them per campaign, keyed by
``Campaign.settings_version`` (which the request reads with the campaign anyway, and which
``app.models.versions`` increases on every change), so a change made by any process is seen by
every other at its next answer.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import Connection, select

from app.core.extensions import db
from app.models import Area, Instrument, Theme, campaign_areas

EXTENSION = "qk_answer_contexts"


@dataclass(frozen=True)
class ThemeScale:
    """A theme as an answer needs it."""

    id: int
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class AnswerContext:
    """The campaign's Quartiere and themes, as plain values that outlive any session."""

    key: tuple[int, int, str]
    areas: MappingProxyType[str, int]
    themes: MappingProxyType[str, ThemeScale]
    #: The instrument's audience ("adults" or "children"): it decides the allowed age bands.
    audience: str = "adults"


class CampaignKeys(Protocol):
    """What the context needs of a campaign: a :class:`~app.models.Campaign` or a
    :class:`~app.core.links.SurveyLink` row."""

    id: int
    instrument_id: int
    settings_version: int
    resident_token: str


def answer_context(campaign: CampaignKeys, connection: Connection | None = None) -> AnswerContext:
    """The campaign's answer context, from this process's cache while its settings are unchanged.

    A change is read on ``connection`` if given (the answer's own), else on the session.

    Examples
    --------
    ``answer_context(campaign).areas["1 a"]`` is the id of Quartier "1 a";
    ``answer_context(campaign).themes["moving"].scale_max`` is 7 for the Place Standard.
    """
    key = (campaign.id, campaign.settings_version, campaign.resident_token)
    cache, lock = _cache()
    found = cache.get(campaign.id)
    if found is not None and found.key == key:
        return found
    loaded = _load(db.session if connection is None else connection, campaign, key)
    with lock:
        cache[campaign.id] = loaded
    return loaded


def _cache() -> tuple[dict[int, AnswerContext], threading.Lock]:
    # Per app, not per module: two apps (tests, or two databases) never share contexts.
    store: Any = current_app.extensions.get(EXTENSION)
    if store is None:
        store = current_app.extensions.setdefault(EXTENSION, ({}, threading.Lock()))
    return store


def _load(reader: Any, campaign: CampaignKeys, key: tuple[int, int, str]) -> AnswerContext:
    areas = reader.execute(
        select(Area.code, Area.id)
        .join(campaign_areas, campaign_areas.c.area_id == Area.id)
        .where(campaign_areas.c.campaign_id == campaign.id)
    )
    # The instrument's audience comes with its themes: one statement, not two.
    themes = reader.execute(
        select(Theme.slug, Theme.id, Theme.scale_min, Theme.scale_max, Instrument.audience)
        .join(Instrument, Instrument.id == Theme.instrument_id)
        .where(Theme.instrument_id == campaign.instrument_id)
        .order_by(Theme.position)
    ).all()
    return AnswerContext(
        key=key,
        areas=MappingProxyType({code: id_ for code, id_ in areas}),
        themes=MappingProxyType({slug: ThemeScale(*rest) for slug, *rest, _ in themes}),
        audience=themes[0].audience if themes else "adults",
    )
