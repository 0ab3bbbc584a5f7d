"""Keeping ``Campaign.settings_version`` honest: any ORM change of what checks need bumps it.

Processes cache what checking an answer needs (``app.services.answer_context``), keyed by the
campaign's ``settings_version``, which every request reads with the campaign itself. A change
of the campaign row or its Quartiere, of an area, or of an instrument or its themes increases the
counter in the same flush, so every process sees the change at its next answer.
"""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from app.models.instrument import Instrument, Theme
from app.models.places import Area
from app.models.survey import Campaign, campaign_areas

_TABLE = Campaign.__table__


@event.listens_for(Session, "before_flush")
def _bump_settings_versions(session: Session, _context, _instances) -> None:
    areas: set[int] = set()
    instruments: set[int] = set()
    for obj in (*session.dirty, *session.deleted, *session.new):
        if isinstance(obj, Campaign) and obj not in session.deleted:
            if obj in session.new or session.is_modified(obj, include_collections=True):
                obj.settings_version = (obj.settings_version or 0) + 1
        elif isinstance(obj, Area) and obj.id is not None:
            areas.add(obj.id)
        elif isinstance(obj, Theme) and obj.instrument_id is not None:
            instruments.add(obj.instrument_id)
        elif isinstance(obj, Instrument) and obj.id is not None:
            instruments.add(obj.id)
    if areas:
        linked = select(campaign_areas.c.campaign_id).where(campaign_areas.c.area_id.in_(areas))
        _bump(session, _TABLE.c.id.in_(linked))
    if instruments:
        _bump(session, _TABLE.c.instrument_id.in_(instruments))


def _bump(session: Session, where) -> None:
    # Core on the session's connection: an ORM statement here would autoflush inside the flush.
    bumped = update(_TABLE).where(where).values(settings_version=_TABLE.c.settings_version + 1)
    session.connection().execute(bumped)
