"""A small Kommune with two square Quartiere near Köln, with outlines, for the offers tests."""

from __future__ import annotations

import json

import shapely

from analysis.coverage.files import read_offer_file
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Kommune
from app.services.areas import import_areas
from app.services.offer_catalogue import category_by_slug
from app.services.offers import plan_offers, store_offers
from tests.support.data import shared_data
from tests.support.stored import store_koeln

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


def koeln_with_kitas(folder) -> Kommune:
    """Köln's 86 Stadtteile with outlines and population (2005–2012) and its 246 OSM Kitas,
    imported as a planner would: areas file, indicator table, offers file through the worker."""
    kommune = store_koeln(folder)
    import_areas(shared_data("koeln", "stadtteile.zip"), "Köln", "STT_NR", "STT_NAME")
    kita = category_by_slug(kommune, "kita")
    found = read_offer_file(shared_data("koeln", "osm_kindergarten.geojson"))
    plan = plan_offers(kommune, kita, found, {"name": "tags/name", "lat": "lat", "lon": "lon"})
    store_offers(kita, plan, "osm_kindergarten.geojson")
    return kommune
