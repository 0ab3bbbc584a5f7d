"""The databases the answer benchmark runs on: migrated, with the demo, and filled in bulk.

Everything goes through the app's own command line (``flask db upgrade``, ``flask demo``) or
through tables reflected from the migrated database, so the benchmark does not depend on how
the app's Python modules are laid out.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import subprocess
import uuid
from dataclasses import dataclass

from sqlalchemy import MetaData, create_engine, func, insert, select, text

from bench.serving import BIN, ROOT

#: The demo's open round: Musterstadt 2025, 12 Quartiere, the 14 Place Standard themes.
TOKEN = "musterstadt-2025"
MODERATOR = ("moderation@musterstadt.example", "Musterstadt-Moderation")
PLANNER = ("planung@musterstadt.example", "Musterstadt-Planung")


@dataclass
class World:
    """One database with the demo: its URL, the campaign's id and an area code to answer for."""

    url: str
    campaign_id: int
    area_code: str
    themes: list[str]

    def answer_json(self, channel: str = "offline") -> str:
        """An answer as the offline queue sends it, with ``UUID`` where the fresh UUID goes."""
        ratings = {slug: (i % 7) + 1 for i, slug in enumerate(self.themes)}
        ratings[self.themes[-3]] = None  # one "can't say"
        body = {
            "token": TOKEN,
            "area": self.area_code,
            "role": "resident",
            "uuid": "UUID",
            "ratings": ratings,
            "comments": {self.themes[4]: {"good": "Der Park ist schön.", "improve": "Mehr Bänke."}},
            "demographics": {"age_band": "30_44", "gender": "", "years_in_area": "5_9"},
            "channel": channel,
        }
        return json.dumps(body, ensure_ascii=False)

    def answers(self) -> int:
        """How many answers the campaign has."""
        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                return connection.scalar(
                    text("SELECT count(*) FROM response WHERE campaign_id = :c"),
                    {"c": self.campaign_id},
                )
        finally:
            engine.dispose()


def flask(url: str, *args: str) -> None:
    env = {**os.environ, "QK_DATABASE_URL": url, "FLASK_APP": "wsgi"}
    subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=env, check=True, capture_output=True)


def build(url: str, areas: int = 0, vertices: int = 1000) -> World:
    """Migrate ``url``, load the demo, and optionally add ``areas`` Quartiere with big outlines."""
    flask(url, "db", "upgrade")
    flask(url, "demo")
    engine = create_engine(url)
    tables = _reflect(engine)
    campaign, area = tables["campaign"], tables["area"]
    with engine.begin() as connection:
        row = connection.execute(
            select(campaign.c.id, campaign.c.kommune_id, campaign.c.instrument_id).where(
                campaign.c.resident_token == TOKEN
            )
        ).one()
        if areas:
            _add_areas(connection, tables, row.id, row.kommune_id, areas, vertices)
        code = connection.scalar(
            select(area.c.code).where(area.c.kommune_id == row.kommune_id).order_by(area.c.code)
        )
        themes = list(
            connection.scalars(
                select(tables["theme"].c.slug)
                .where(tables["theme"].c.instrument_id == row.instrument_id)
                .order_by(tables["theme"].c.position)
            )
        )
    engine.dispose()
    return World(url, row.id, code, themes)


def _reflect(engine) -> dict:
    metadata = MetaData()
    metadata.reflect(engine)
    return metadata.tables


def outline(index: int, vertices: int) -> str:
    """A closed ring of ``vertices`` points around a grid cell, as GeoJSON in WGS84."""
    lon, lat = 13.1 + (index % 24) * 0.02, 52.6 - (index // 24) * 0.012
    ring = [
        [
            round(lon + 0.009 * math.cos(2 * math.pi * k / vertices), 6),
            round(lat + 0.005 * math.sin(2 * math.pi * k / vertices), 6),
        ]
        for k in range(vertices)
    ]
    ring.append(ring[0])
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def _add_areas(connection, tables, campaign_id, kommune_id, count, vertices) -> None:
    area, link = tables["area"], tables["campaign_area"]
    rows = [
        {
            "kommune_id": kommune_id,
            "code": f"{11000000 + i:08d}",
            "name": f"Planungsraum {i + 1}",
            "population": 6000,
            "geometry": outline(i, vertices),
            "area_km2": 1.2,
        }
        for i in range(count)
    ]
    ids = connection.execute(insert(area).returning(area.c.id), rows).scalars().all()
    connection.execute(insert(link), [{"campaign_id": campaign_id, "area_id": i} for i in ids])


def fill(world: World, total: int, seed: int = 10) -> int:
    """Add answers in bulk until the campaign has ``total``; returns how many were added."""
    engine = create_engine(world.url)
    tables = _reflect(engine)
    response, rating, comment = tables["response"], tables["rating"], tables["comment"]
    rng = random.Random(seed)
    with engine.begin() as connection:
        have = connection.scalar(
            select(func.count()).where(response.c.campaign_id == world.campaign_id)
        )
        missing = max(0, total - have)
        if not missing:
            return 0
        area_ids = list(
            connection.scalars(
                select(tables["campaign_area"].c.area_id).where(
                    tables["campaign_area"].c.campaign_id == world.campaign_id
                )
            )
        )[:12]
        campaign = tables["campaign"]
        instrument = connection.scalar(
            select(campaign.c.instrument_id).where(campaign.c.id == world.campaign_id)
        )
        theme = tables["theme"]
        themes = connection.execute(
            select(theme.c.id, theme.c.scale_min, theme.c.scale_max).where(
                theme.c.instrument_id == instrument
            )
        ).all()
        day = dt.date(2025, 6, 1)
        for start in range(0, missing, 2000):
            batch = [
                {
                    "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "campaign_id": world.campaign_id,
                    "area_id": rng.choice(area_ids),
                    "role": rng.choice(("resident",) * 5 + ("expert",)),
                    "channel": "web",
                    "submitted_on": day,
                }
                for _ in range(min(2000, missing - start))
            ]
            ids = connection.execute(insert(response).returning(response.c.id), batch)
            ids = ids.scalars().all()
            ratings = [
                {
                    "response_id": rid,
                    "theme_id": tid,
                    "score": None if rng.random() < 0.05 else rng.randint(low, high),
                    "scale_min": low,
                    "scale_max": high,
                }
                for rid in ids
                for tid, low, high in themes
            ]
            connection.execute(insert(rating), ratings)
            notes = [
                {"response_id": rid, "theme_id": themes[rid % len(themes)][0], "kind": "good"}
                | {"text": "Gut."}
                for rid in ids
                if rid % 5 == 0
            ]
            if notes:
                connection.execute(insert(comment), notes)
    if engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load: without it the planner takes the
        # tables for empty and probes the comments once per response (10,000 times), which was
        # most of PostgreSQL's 650 ms live fragment after a change in the earlier runs.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    engine.dispose()
    return missing
