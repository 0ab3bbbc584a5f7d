"""Deterministic demo data: the fictitious town of Musterstadt with two survey rounds and the
demo accounts of its planner and moderator (documented in docs/workspace.md)."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid

from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import (
    AGE_BANDS_BY_AUDIENCE,
    GENDERS,
    YEARS_IN_AREA,
    Area,
    Campaign,
    Comment,
    Indicator,
    IndicatorValue,
    Kommune,
    Rating,
    Response,
)
from app.services.accounts import create_user, find_user
from app.services.instruments import load_shipped

KOMMUNE = "Musterstadt"
# code, name, population, latent need (0 = little, 1 = much); codes follow NRW habits ("1 a").
AREAS = [
    ("1 a", "Altstadt", 6200, 0.45),
    ("1 b", "Am Markt", 3100, 0.30),
    ("2", "Bahnhofsviertel", 5400, 0.85),
    ("3 a", "Nordstadt", 8800, 0.95),
    ("3 b", "Nordpark", 4100, 0.60),
    ("4", "Lindenhof", 2900, 0.15),
    ("5", "Rosenhügel", 3600, 0.05),
    ("6 a", "Südhang", 7100, 0.35),
    ("6 b", "Neue Mitte", 5200, 0.70),
    ("7", "Am Stadtpark", 4500, 0.25),
    ("8", "Gewerbegebiet Ost", 2100, 0.75),
    ("9", "Feldrand", 2400, 0.10),
]
# key, German name, English name, base value, effect of need, direction
INDICATORS = [
    ("sgb2_quote", "SGB II-Quote", "SGB II rate", 4.0, 18.0, "higher_is_more_need"),
    (
        "nef_u15",
        "NEF-Quote unter 15",
        "Child poverty (NEF under 15)",
        6.0,
        30.0,
        "higher_is_more_need",
    ),
    ("alo_anteil", "Arbeitslosenanteil", "Unemployment share", 2.5, 9.0, "higher_is_more_need"),
    ("alleinerziehende", "Alleinerziehende", "Single parents", 12.0, 20.0, "higher_is_more_need"),
    (
        "altenquotient",
        "Altenquotient",
        "Old-age dependency ratio",
        38.0,
        -8.0,
        "higher_is_more_need",
    ),
]
ROUNDS = [
    # round, opens, closes, resident token, expert token, group token, residents, experts
    (
        "2024",
        dt.date(2024, 5, 1),
        dt.date(2024, 7, 31),
        "musterstadt-2024",
        "musterstadt-2024-fach",
        "musterstadt-2024-gruppe",
        300,
        48,
    ),
    (
        "2025",
        dt.date(2025, 5, 1),
        None,
        "musterstadt-2025",
        "musterstadt-2025-fach",
        "musterstadt-2025-gruppe",
        330,
        54,
    ),
]
COMMENTS = {
    "moving": ("Breite Gehwege an der Hauptstraße.", "Radweg endet plötzlich vor der Schule."),
    "transport": ("Der Bus fährt alle 10 Minuten.", "Abends fährt kaum noch ein Bus."),
    "traffic": ("Tempo 30 vor der Kita hilft.", "Autos parken auf dem Gehweg."),
    "streets": ("Der Marktplatz ist schön geworden.", "Keine Bänke zum Ausruhen."),
    "nature": ("Der Stadtpark ist nah.", "Zu wenig Bäume, im Sommer sehr heiß."),
    "play": ("Neuer Spielplatz am Park.", "Für Jugendliche gibt es nichts."),
    "facilities": ("Ärztehaus gut erreichbar.", "Die Beratungsstelle hat kaum Termine."),
    "work": ("Viele kleine Läden.", "Leerstand in der Einkaufsstraße."),
    "housing": ("Gute Nachbarschaft im Haus.", "Mieten sind zu hoch, Wohnungen feucht."),
    "social": ("Das Stadtteilcafé ist toll.", "Es fehlt ein Treffpunkt für Ältere."),
    "identity": ("Ich wohne gern hier.", "Das Viertel hat einen schlechten Ruf."),
    "safety": ("Tagsüber fühle ich mich sicher.", "Die Unterführung ist nachts unheimlich."),
    "maintenance": ("Die Stadt räumt schnell auf.", "Müll an den Containern."),
    "influence": ("Das Quartiersbüro hört zu.", "Wir werden nie gefragt."),
}
#: Demo logins: public on purpose, for a laptop demo only. Never load the demo in production.
DEMO_ACCOUNTS = (
    ("planung@musterstadt.example", "planner", "Musterstadt-Planung"),
    ("moderation@musterstadt.example", "moderator", "Musterstadt-Moderation"),
)
THEME_EFFECT = {"transport": 0.4, "nature": 0.3, "work": -0.5, "housing": -0.4, "influence": -0.6}


def demo_present() -> bool:
    return db.session.scalar(select(Kommune).where(Kommune.name == KOMMUNE)) is not None


def load_demo(seed: int = 2025) -> bool:
    """Create Musterstadt unless it exists; True if data was created. Same seed, same data.

    Both shipped instruments are stored, so a planner can set up a children's survey at once.
    """
    instrument = load_shipped()[0]
    if demo_present():
        return False
    rng = random.Random(seed)
    with write_transaction():
        kommune = Kommune(name=KOMMUNE)
        db.session.add(kommune)
        areas = _areas(kommune)
        _indicators(kommune, areas, rng)
        for round_spec in ROUNDS:
            _campaign(kommune, instrument, areas, round_spec, rng)
    return True


def _square(column: int, row: int) -> str:
    lon, lat, step = 7.10 + column * 0.012, 51.20 - row * 0.008, (0.012, 0.008)
    ring = [
        [lon, lat],
        [lon + step[0], lat],
        [lon + step[0], lat - step[1]],
        [lon, lat - step[1]],
        [lon, lat],
    ]
    return json.dumps(
        {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}
    )


def _areas(kommune: Kommune) -> list[tuple[Area, float]]:
    result = []
    for index, (code, name, population, need) in enumerate(AREAS):
        area = Area(
            kommune=kommune,
            code=code,
            name=name,
            population=population,
            geometry=_square(index % 4, index // 4),
            area_km2=0.74,
        )
        db.session.add(area)
        result.append((area, need))
    return result


def _indicators(kommune: Kommune, areas: list[tuple[Area, float]], rng: random.Random) -> None:
    for key, name_de, name_en, base, effect, direction in INDICATORS:
        indicator = Indicator(
            kommune=kommune,
            key=key,
            name={"de": name_de, "en": name_en},
            unit="%",
            direction=direction,
            source="Musterstadt, Statistikstelle (fiktiv)",
        )
        db.session.add(indicator)
        for area, need in areas:
            for year, drift in ((2023, 0.0), (2024, 0.3)):
                value = base + effect * need + drift + rng.gauss(0, abs(effect) * 0.05)
                indicator.values.append(IndicatorValue(area=area, year=year, value=round(value, 2)))


def _campaign(kommune, instrument, areas, spec, rng: random.Random) -> None:
    label, opens, closes, token_r, token_e, token_g, n_residents, n_experts = spec
    campaign = Campaign(
        kommune=kommune,
        instrument=instrument,
        title=f"Quartierscheck Musterstadt {label}",
        round_label=label,
        opens_on=opens,
        closes_on=closes,
        min_group_size=5,
        resident_token=token_r,
        expert_token=token_e,
        group_token=token_g,
    )
    campaign.areas = [area for area, _ in areas]
    db.session.add(campaign)
    db.session.flush()
    improvement = 0.25 if label == "2025" else 0.0
    weights = [area.population for area, _ in areas]
    for role, count in (("resident", n_residents), ("expert", n_experts)):
        for _ in range(count):
            area, need = rng.choices(areas, weights=weights)[0]
            _response(campaign, instrument, area, need, role, improvement, opens, rng)


def _response(
    campaign, instrument, area, need, role, improvement, opens, rng: random.Random
) -> None:
    resident = role == "resident"
    bands = AGE_BANDS_BY_AUDIENCE[instrument.audience]
    response = Response(
        uuid=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        campaign=campaign,
        area=area,
        role=role,
        channel="web",
        submitted_on=opens + dt.timedelta(days=rng.randrange(0, 60)),
        age_band=rng.choice((None, *bands)) if resident else None,
        gender=rng.choice((None, *GENDERS)) if resident else None,
        years_in_area=rng.choice((None, *YEARS_IN_AREA)) if resident else None,
    )
    # Professionals see need a little more sharply than residents do.
    sharpness = 3.4 if role == "expert" else 2.8
    for theme in instrument.themes:
        if rng.random() < 0.05:
            score = None
        else:
            mean = 5.6 - sharpness * need + THEME_EFFECT.get(theme.slug, 0.0) + improvement
            score = min(7, max(1, round(rng.gauss(mean, 1.1))))
        response.ratings.append(Rating(theme_id=theme.id, score=score, scale_min=1, scale_max=7))
        if rng.random() < 0.06:
            good, improve = COMMENTS[theme.slug]
            kind, text = ("good", good) if score and score >= 5 else ("improve", improve)
            # The closed round was reviewed; in the open one some comments still wait for review.
            review = "shown" if improvement == 0.0 or theme.position % 3 else "new"
            response.comments.append(
                Comment(theme_id=theme.id, kind=kind, text=text, review=review)
            )
    db.session.add(response)


def create_demo_accounts(kommune: str = KOMMUNE) -> list[tuple[str, str, str]]:
    """Create the demo planner and moderator if missing; return (email, role, password)."""
    for email, role, password in DEMO_ACCOUNTS:
        if find_user(email) is None:
            create_user(email, role, [kommune], password)
    return list(DEMO_ACCOUNTS)
