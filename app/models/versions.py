"""Keeping a campaign's change counters honest: any ORM change of what they cover bumps them.

- ``settings_version``: what checking an answer needs (the campaign row and its Quartiere, an
  area, an instrument or its themes). Processes key their cached checks by it
  (``app.services.answer_context``).
- ``data_version``: what the campaign's live view and results show besides the campaign itself
  (answers changed through the ORM and comments' reviews, set-aside bursts, the kept snapshot,
  the Kommune's indicators and index versions). The answer path, which writes with Core
  statements, does not increase it: pages count the answers instead
  (``app.services.result_cache.answer_stamps``), so answers never queue on the campaign row.

Both are increased in the same flush as the change, so every process sees it at its next request.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from app.models.bursts import SetAside
from app.models.indicators import Indicator, IndicatorValue
from app.models.instrument import Instrument, Theme
from app.models.places import Area
from app.models.roundtable import AggregateSnapshot, IndexVersion
from app.models.survey import Campaign, Comment, Rating, Response, campaign_areas

_TABLE = Campaign.__table__


@event.listens_for(Session, "before_flush")
def _bump_versions(session: Session, _context, _instances) -> None:
    changed = [*session.dirty, *session.deleted, *session.new]
    _bump_settings(session, changed)
    _bump_data(session, changed)


def _bump_settings(session: Session, changed: list[object]) -> None:
    for obj in changed:
        if not isinstance(obj, Campaign) or obj in session.deleted:
            continue
        if obj in session.new or session.is_modified(obj, include_collections=True):
            obj.settings_version = (obj.settings_version or 0) + 1
    areas = _ids(changed, Area, "id")
    instruments = _ids(changed, Theme, "instrument_id") | _ids(changed, Instrument, "id")
    if areas:
        linked = select(campaign_areas.c.campaign_id).where(campaign_areas.c.area_id.in_(areas))
        _bump(session, "settings_version", _TABLE.c.id.in_(linked))
    if instruments:
        _bump(session, "settings_version", _TABLE.c.instrument_id.in_(instruments))


def _bump_data(session: Session, changed: list[object]) -> None:
    campaigns = _ids(changed, SetAside, "campaign_id") | _ids(changed, Response, "campaign_id")
    campaigns |= _ids(changed, AggregateSnapshot, "campaign_id")
    responses = _ids(changed, Comment, "response_id") | _ids(changed, Rating, "response_id")
    kommunen = _ids(changed, Indicator, "kommune_id") | _ids(changed, IndexVersion, "kommune_id")
    indicators = _ids(changed, IndicatorValue, "indicator_id")
    if campaigns:
        _bump(session, "data_version", _TABLE.c.id.in_(campaigns))
    if responses:  # e.g. a comment reviewed
        of = select(Response.campaign_id).where(Response.id.in_(responses))
        _bump(session, "data_version", _TABLE.c.id.in_(of))
    if indicators:
        owners = select(Indicator.kommune_id).where(Indicator.id.in_(indicators))
        _bump(session, "data_version", _TABLE.c.kommune_id.in_(owners))
    if kommunen:
        _bump(session, "data_version", _TABLE.c.kommune_id.in_(kommunen))


def _ids(objects: Iterable[object], kind: type, attribute: str) -> set[int]:
    found = (getattr(obj, attribute) for obj in objects if isinstance(obj, kind))
    return {value for value in found if value is not None}


def _bump(session: Session, counter: str, where) -> None:
    # Core on the session's connection: an ORM statement here would autoflush inside the flush.
    column = _TABLE.c[counter]
    session.connection().execute(update(_TABLE).where(where).values({counter: column + 1}))
