"""Hostile text for the browser and markup tests, and small builders that plant it."""

from __future__ import annotations

import json

from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Campaign, Indicator, IndicatorValue, Kommune

#: An area name that runs script wherever it is inserted as HTML (sets ``window.__xss``).
XSS_NAME = 'Altstadt"><img src=x onerror=window.__xss=1>'
#: A comment that does the same inside the round table's live fragment.
XSS_COMMENT = "<img src=x onerror=window.__xss=2> Bänke fehlen"

#: Text that markup engines would read as markup: mathtext, HTML and PDF-library tags, entities,
#: Python formatting, right-to-left script and emoji.
HOSTILE = {
    "math": r"Preis $\frac{$",
    "bold": "<b>fett</b>",
    "amp": "Tom & Jerry",
    "para": "<para>Absatz</para>",
    "format": "%(x)s 100%",
    "rtl": "حديقة الحي",
    "emoji": "Spielplatz 🌳",
}
HOSTILE_TEXTS = list(HOSTILE.values())


def assert_all_shown(text: str, texts: list[str] = HOSTILE_TEXTS) -> None:
    """Every hostile text is in ``text``; Arabic words may come out of a PDF in visual
    (reversed) order, so for them each word must be there."""
    for item in texts:
        if item == HOSTILE["rtl"]:
            assert all(word in text for word in item.split()), item
        else:
            assert item in text, item


def rename_area(code: str, name: str, kommune: str = "Teststadt") -> None:
    area = db.session.scalar(
        select(Area).join(Kommune).where(Kommune.name == kommune, Area.code == code)
    )
    area.name = name
    db.session.commit()


def retitle(campaign_id: int, title: str | None = None, round_label: str | None = None) -> None:
    campaign = db.session.get(Campaign, campaign_id)
    if title is not None:
        campaign.title = title
    if round_label is not None:
        campaign.round_label = round_label
    db.session.commit()


def add_indicator(kommune: str = "Teststadt", year: int = 2024) -> None:
    """One indicator with a value for every area of the Kommune (enough to compute an index)."""
    town = db.session.scalar(select(Kommune).where(Kommune.name == kommune))
    indicator = Indicator(kommune_id=town.id, key="sgb2_quote", name={"de": "SGB-II-Quote"})
    db.session.add(indicator)
    areas = db.session.scalars(select(Area).where(Area.kommune_id == town.id).order_by(Area.code))
    for i, area in enumerate(areas):
        indicator.values.append(IndicatorValue(area_id=area.id, year=year, value=5.0 + 4 * i))
    db.session.commit()


def areas_geojson(names: dict[str, str]) -> bytes:
    """A GeoJSON of squares near Aachen (WGS84) with properties SR_NR and SR_NAME."""
    features = []
    for i, (code, name) in enumerate(names.items()):
        x, y = 6.08 + 0.01 * i, 50.77
        ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {"SR_NR": code, "SR_NAME": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()
