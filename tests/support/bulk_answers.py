"""Many random answers stored in bulk (one INSERT per table), for aggregate tests at scale."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from sqlalchemy import insert, select, text

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Campaign, Rating, Response, SetAside, Theme


def add_random_answers(
    campaign_id: int, count: int, seed: int, *, cant_say: float = 0.1, set_aside: int = 0
) -> None:
    """``count`` random answers to the campaign (residents, experts, some themes skipped, some
    "can't say") and ``set_aside`` more that a planner set aside (they must count nowhere)."""
    rng = random.Random(seed)
    campaign = db.session.get(Campaign, campaign_id)
    areas = [area.id for area in campaign.areas]
    themes = db.session.execute(
        select(Theme.id, Theme.scale_min, Theme.scale_max).where(
            Theme.instrument_id == campaign.instrument_id)).all()  # fmt: skip
    with write_transaction():
        burst = None
        if set_aside:
            burst = SetAside(campaign_id=campaign_id, area_id=areas[0], role="resident",
                             answers=set_aside, reason="Test")  # fmt: skip
            db.session.add(burst)
            db.session.flush()
        people = [
            {"uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
             "campaign_id": campaign_id, "area_id": rng.choice(areas),
             "role": rng.choice(("resident", "resident", "expert")), "channel": "web",
             "submitted_on": dt.date(2026, 5, 1),
             "set_aside_id": burst.id if burst is not None and i < set_aside else None}
            for i in range(count + set_aside)
        ]  # fmt: skip
        ids = db.session.execute(insert(Response).returning(Response.id), people).scalars().all()
        ratings = [
            {"response_id": rid, "theme_id": tid, "scale_min": low, "scale_max": high,
             "score": None if rng.random() < cant_say else rng.randint(low, high)}
            for rid in ids
            for tid, low, high in themes
            if rng.random() < 0.9
        ]  # fmt: skip
        db.session.execute(insert(Rating), ratings)
        if db.session.get_bind().dialect.name == "postgresql":
            # As autovacuum would within a minute: without statistics the planner takes the
            # tables for empty and joined 140,000 ratings by nested loops for over 13 minutes.
            db.session.execute(text("ANALYZE response, rating"))
