"""A small Kommune with two square Quartiere near Köln, with outlines, for the offers tests."""

from __future__ import annotations

import json

import shapely

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Kommune

#: West (1) and Ost (2): 0.01° × 0.01° boxes side by side (about 700 m × 1,100 m).
BOXES = {"1": (6.95, 50.93, 6.96, 50.94), "2": (6.96, 50.93, 6.97, 50.94)}


def two_quartiere(name: str = "Kompassstadt") -> Kommune:
    """A Kommune with Quartiere "1" (West) and "2" (Ost) and their outlines."""
    with write_transaction():
        kommune = Kommune(name=name)
        db.session.add(kommune)
        for code, box in BOXES.items():
            outline = json.loads(shapely.to_geojson(shapely.box(*box)))
            db.session.add(Area(kommune=kommune, code=code, name="West" if code == "1" else "Ost",
                                population=1000, geometry=json.dumps(outline)))  # fmt: skip
    return kommune
