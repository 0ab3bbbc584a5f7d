"""A small Kommune with two square Quartiere near Köln, with outlines, for the offers tests."""

from __future__ import annotations

import json
from datetime import date

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


def two_quartiere(name: str = "Kompassstadt", codes: tuple[str, str] = ("1", "2")) -> Kommune:
    """A Kommune with Quartiere "1" (West) and "2" (Ost) and their outlines (or other
    ``codes`` for the same two boxes)."""
    with write_transaction():
        kommune = Kommune(name=name)
        db.session.add(kommune)
        for code, (key, box) in zip(codes, BOXES.items(), strict=True):
            outline = json.loads(shapely.to_geojson(shapely.box(*box)))
            db.session.add(Area(kommune=kommune, code=code, name="West" if key == "1" else "Ost",
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


#: Musterstadt's Quartiere of the comparison test: playground or not, the residents' scores of
#: "play" and the experts'. Expected labels in the test, from these numbers alone.
PLAY_PLAN = {
    "1 a": (True, [2] * 12, [6] * 12),  # offers, rated low: unseen offers; experts agree
    "3 a": (True, [6] * 12, []),  # offers, rated well: matched
    "3 b": (True, [2] * 7, []),  # 7 scores: published (k = 5), too few for an interval
    "1 b": (False, [6] * 12, []),  # none, rated well: unnoticed gap
    "2": (False, [2] * 12, []),  # none, rated low: confirmed gap
    "4": (False, [2] * 3, []),  # 3 people: suppressed
}


def play_survey(kommune: Kommune, plan=PLAY_PLAN):
    """A survey of ``plan``'s Quartiere with exactly the given "play" scores (no other theme),
    and a playground at the centre of each Quartier marked True."""
    from app.models import Campaign, Rating, Response, Theme
    from app.services.instruments import load_place_standard
    from app.services.offers import save_offer

    instrument = load_place_standard()
    areas = {a.code: a for a in db.session.query(Area).filter_by(kommune_id=kommune.id)}
    play = db.session.query(Theme).filter_by(instrument_id=instrument.id, slug="play").one()
    with write_transaction():
        campaign = Campaign(kommune=kommune, instrument=instrument, title="Spielcheck",
                            round_label="2026", min_group_size=5)  # fmt: skip
        campaign.areas = [areas[code] for code in plan]
        db.session.add(campaign)
        db.session.flush()
        for code, (_offer, residents, experts) in plan.items():
            for role, scores in (("resident", residents), ("expert", experts)):
                for i, score in enumerate(scores):
                    response = Response(uuid=f"{code}-{role}-{i}".ljust(36, "x"),
                                        campaign_id=campaign.id, area_id=areas[code].id,
                                        role=role, channel="web",
                                        submitted_on=date(2026, 5, 1))  # fmt: skip
                    db.session.add(response)
                    db.session.flush()
                    db.session.add(Rating(response_id=response.id, theme_id=play.id,
                                          scale_min=1, scale_max=7, score=score))  # fmt: skip
    spielplatz = category_by_slug(kommune, "spielplatz")
    for code, (offer, _r, _e) in plan.items():
        if offer:
            centre = shapely.from_geojson(areas[code].geometry).centroid
            save_offer(spielplatz, {"name": f"Spielplatz {code}", "lat": str(centre.y),
                                    "lon": str(centre.x)})  # fmt: skip
    return campaign


#: Node 6 (0, 400) and node 1 (0, 0) of tests/data/coverage_streets.osm (WGS 84).
NODE_6 = (6.95028420, 50.94221957)
NODE_1 = (6.95044230, 50.93862484)


def street_town(name: str = "Straßenstadt"):
    """A Kommune of two Quartiere, boxes of about 1 m around nodes 6 and 1 of the test streets
    (the only demand point of each is its centre, on the node), and a Kita at node 1: from
    Quartier "6" 400 m as the crow flies, 1,600 m along the walkable streets (see
    tests/analysis/coverage/test_network.py)."""
    from app.services.offers import save_offer

    half = 0.000005
    with write_transaction():
        kommune = Kommune(name=name)
        db.session.add(kommune)
        for code, (lon, lat) in (("1", NODE_1), ("6", NODE_6)):
            outline = shapely.box(lon - half, lat - half, lon + half, lat + half)
            db.session.add(Area(kommune=kommune, code=code, name=f"Knoten {code}",
                                population=100, geometry=shapely.to_geojson(outline)))  # fmt: skip
    save_offer(category_by_slug(kommune, "kita"),
               {"name": "Kita Eins", "lat": str(NODE_1[1]), "lon": str(NODE_1[0])})  # fmt: skip
    return kommune
