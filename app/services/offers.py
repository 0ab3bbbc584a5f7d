"""Offers of a Kommune: the import (mapping preview, rejected rows, outside, duplicates) and edits.

The uploaded file is read by the confined worker (:func:`analysis.coverage.files.read_offer_file`);
:func:`plan_offers` maps its fields and says what would be stored and what not; :func:`store_offers`
stores exactly that plan. Nothing is dropped silently: rows without usable coordinates or with an
impossible capacity are listed, offers outside every area are stored and listed (they count for no
Quartier), duplicates (same name within 10 m, in the file or already stored) are listed and stored
only once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import or_, select

from analysis.coverage import find_duplicates, locate_offers, read_offer_points
from analysis.coverage.files import OfferFile
from analysis.coverage.validity import parse_date, read_validity
from analysis.readers.preview import guess_field
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Kommune, Offer, OfferCategory
from app.services.queries import areas_frame

#: Our fields, in the order the mapping form asks for them.
MAPPED = ("name", "lat", "lon", "x", "y", "capacity", "provider", "valid_from", "valid_to")
_HINTS = {
    "name": ("name", "bez", "titel"),
    "lat": ("lat", "breite"),
    "lon": ("lon", "lng", "länge"),
    "x": ("x", "rechts", "east"),
    "y": ("y", "hoch", "north"),
    "capacity": ("platz", "plätze", "kapaz", "capac", "places"),
    "provider": ("träger", "provider", "operator"),
    "valid_from": ("valid_from", "gültig ab", "gültig_ab", "gueltig_ab", "start_date"),
    "valid_to": ("valid_to", "gültig bis", "gültig_bis", "gueltig_bis", "end_date"),
}


class OfferError(ValueError):
    """An offer or import a planner asked for cannot be stored; the message is for them."""


@dataclass
class OfferPlan:
    """What an import would store (``offers`` with ``row``, ``name``, ``capacity``, ``provider``,
    ``area_code``), what it leaves out (``rejected``, ``duplicates``) and what is ``outside``."""

    offers: gpd.GeoDataFrame
    rejected: pd.DataFrame
    outside: gpd.GeoDataFrame
    duplicates: pd.DataFrame
    params: dict = field(default_factory=dict)


def guess_mapping(found: OfferFile) -> dict[str, str]:
    """A first guess of which field holds what (the planner confirms it in the preview).

    Example: fields ``Name;Breite;Länge;Plätze`` give ``{"name": "Name", "lat": "Breite", …}``.
    """
    fields = [f for f in found.fields]
    lower = {f: f.lower() for f in fields}
    guess: dict[str, str] = {}
    for key, hints in _HINTS.items():
        hit = next((f for hint in hints for f in fields if hint in lower[f]), "")
        guess[key] = hit if hit and hit not in guess.values() else ""
    if found.kind == "geodata":
        guess.update(lat="lat", lon="lon", x="", y="")
    if not guess["name"]:
        guess["name"] = guess_field([f for f in fields if f not in guess.values()], ("name",))
    return guess


def _check_mapping(found: OfferFile, mapping: dict[str, str]) -> dict[str, str | None]:
    chosen = {key: (mapping.get(key) or None) for key in (*MAPPED, "crs")}
    for key in MAPPED:
        if chosen[key] is not None and chosen[key] not in found.fields:
            raise OfferError(_("The file has no field '%(field)s'.", field=chosen[key]))
    if chosen["name"] is None:
        raise OfferError(_("Please choose the field with the offers' names."))
    latlon, xy = chosen["lat"] and chosen["lon"], chosen["x"] and chosen["y"]
    if bool(latlon) == bool(xy):
        raise OfferError(_("Please choose either latitude and longitude or x and y with a CRS."))
    if xy and not chosen["crs"]:
        raise OfferError(
            _("Please name the coordinate reference system of x and y, e.g. EPSG:25832.")
        )
    return chosen


def _read_points(found: OfferFile, chosen: dict[str, str | None]):
    try:
        return read_offer_points(
            found.frame, lat=chosen["lat"], lon=chosen["lon"], x=chosen["x"], y=chosen["y"],
            crs=chosen["crs"], name=chosen["name"], capacity=chosen["capacity"],
        )  # fmt: skip
    except ValueError:
        raise OfferError(
            _(
                "'%(crs)s' is not a coordinate reference system we know, e.g. EPSG:25832.",
                crs=chosen["crs"] or "",
            )
        ) from None


def stored_offers(category: OfferCategory, on: date | None = None) -> gpd.GeoDataFrame:
    """The category's offers: ``id``, ``name``, ``capacity``, ``provider``, ``valid_from``,
    ``valid_to`` and points (WGS 84).

    With ``on``, only the offers valid on that day (no validity given: always valid).
    """
    stmt = select(Offer.id, Offer.name, Offer.capacity, Offer.provider, Offer.valid_from,
                  Offer.valid_to, Offer.lon, Offer.lat)  # fmt: skip
    stmt = stmt.where(Offer.category_id == category.id)
    if on is not None:
        stmt = stmt.where(or_(Offer.valid_from.is_(None), Offer.valid_from <= on))
        stmt = stmt.where(or_(Offer.valid_to.is_(None), Offer.valid_to >= on))
    rows = db.session.execute(stmt.order_by(Offer.name, Offer.id)).all()
    columns = ["id", "name", "capacity", "provider", "valid_from", "valid_to", "lon", "lat"]
    frame = pd.DataFrame(rows, columns=columns).astype({"valid_from": object, "valid_to": object})
    points = gpd.points_from_xy(frame.pop("lon").astype(float), frame.pop("lat").astype(float))
    frame["capacity"] = frame["capacity"].astype("float64")
    return gpd.GeoDataFrame(frame, geometry=points, crs="EPSG:4326")


def _duplicates(new: gpd.GeoDataFrame, old: gpd.GeoDataFrame) -> pd.DataFrame:
    """Duplicates within the file, and of offers already stored (``duplicate_of`` = "stored")."""
    stored = pd.Series([f"stored {i}" for i in old["id"]], index=old.index, dtype=object)
    both = pd.concat([old.assign(row=stored), new.astype({"row": object})], ignore_index=True)
    found = find_duplicates(gpd.GeoDataFrame(both[["row", "name", "geometry"]], crs="EPSG:4326"))
    return found[~found["row"].astype(str).str.startswith("stored ")].reset_index(drop=True)


def _with_validity(found: OfferFile, chosen: dict, offers: gpd.GeoDataFrame, rejected):
    """The offers with ``valid_from``/``valid_to``; rows whose dates are unusable move to the
    rejected rows (problem ``validity``)."""
    dates, bad = read_validity(found.frame, offers["row"], chosen["valid_from"], chosen["valid_to"])
    offers = pd.concat([offers, dates], axis=1)
    left_out = pd.DataFrame({"row": bad, "problem": "validity", "reason": "unusable validity"})
    rejected = pd.concat([rejected, left_out], ignore_index=True).sort_values("row")
    return offers[~offers["row"].isin(bad)], rejected.reset_index(drop=True)


def plan_offers(
    kommune: Kommune, category: OfferCategory, found: OfferFile, mapping: dict[str, str]
) -> OfferPlan:
    """What importing ``found`` with ``mapping`` into ``category`` would store, and why not.

    With a database session (see the tests)::

        found = read_offer_file(path)
        plan = plan_offers(kommune, kita, found, {"name": "Name", "lat": "lat", "lon": "lon"})
        len(plan.offers), plan.rejected["row"].tolist(), plan.outside["name"].tolist()
    """
    chosen = _check_mapping(found, mapping)
    points = _read_points(found, chosen)
    offers = points.offers
    offers["name"] = offers["name"].fillna(_("(no name)"))
    provider = found.frame[chosen["provider"]] if chosen["provider"] else None
    offers["provider"] = None if provider is None else provider.loc[offers["row"]].to_numpy()
    offers, rejected = _with_validity(found, chosen, offers, points.rejected)
    duplicates = _duplicates(offers, stored_offers(category))
    offers = offers[~offers["row"].isin(duplicates["row"])]
    located = locate_offers(offers, areas_frame(kommune).dropna(subset=["geometry"]))
    params = {**points.params, "mapping": chosen, "kind": found.kind}
    return OfferPlan(located.offers, rejected, located.outside, duplicates, params)


def _text(value: object, limit: int) -> str | None:
    return None if value is None or pd.isna(value) else str(value).strip()[:limit] or None


def store_offers(category: OfferCategory, plan: OfferPlan, source: str) -> int:
    """Store the plan's offers in the category; returns how many were stored."""
    rows = [
        Offer(category_id=category.id, name=_text(r.name, 300) or _("(no name)"),
              lon=float(r.geometry.x), lat=float(r.geometry.y),
              capacity=None if pd.isna(r.capacity) else int(r.capacity),
              provider=_text(r.provider, 300), source=source[:300],
              valid_from=r.valid_from, valid_to=r.valid_to)
        for r in plan.offers.itertuples()
    ]  # fmt: skip
    with write_transaction():
        db.session.add_all(rows)
    return len(rows)


def _number(text: object, what: str) -> float:
    try:
        return float(str(text or "").strip().replace(",", "."))
    except ValueError:
        raise OfferError(_("%(what)s must be a number, e.g. 50,94.", what=what)) from None


def _capacity(text: object) -> int | None:
    raw = str(text or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise OfferError(_("The places must be a whole number of at least 0."))
    return int(raw)


def _validity(form: dict[str, str]):
    try:
        start, end = parse_date(form.get("valid_from")), parse_date(form.get("valid_to"))
    except ValueError:
        raise OfferError(
            _("Please give the validity as dates, e.g. 2025-08-01 or 1.8.2025.")
        ) from None
    if start is not None and end is not None and end < start:
        raise OfferError(_("The offer cannot end before it starts."))
    return start, end


def save_offer(category: OfferCategory, form: dict[str, str], offer: Offer | None = None) -> Offer:
    """Add an offer (``offer`` None) or change one (also into ``category``), from a form: name,
    lat, lon, capacity, provider, valid_from, valid_to.

    With a database session (see the tests)::

        save_offer(kita, {"name": "Kita Nord", "lat": "50,95", "lon": "6,96", "capacity": "40"})
    """
    name = _text(form.get("name"), 300)
    if not name:
        raise OfferError(_("Please give the offer a name."))
    lat, lon = _number(form.get("lat"), _("Latitude")), _number(form.get("lon"), _("Longitude"))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise OfferError(_("Latitude lies between -90 and 90, longitude between -180 and 180."))
    valid_from, valid_to = _validity(form)
    capacity = _capacity(form.get("capacity"))
    with write_transaction():
        if offer is None:
            offer = Offer(category_id=category.id, source="web")
            db.session.add(offer)
        offer.category_id, offer.valid_from, offer.valid_to = category.id, valid_from, valid_to
        offer.name, offer.lat, offer.lon = name, lat, lon
        offer.capacity = capacity
        offer.provider = _text(form.get("provider"), 300)
    return offer


def delete_offer(offer: Offer) -> None:
    """Delete one offer."""
    with write_transaction():
        db.session.delete(offer)


def problem_sentence(key: str) -> str:
    """The planner's sentence for a rejected row's ``problem`` key (see ``PROBLEMS``)."""
    sentences = {
        "coordinates": _("no usable coordinates"),
        "capacity": _("the places are not a whole number of at least 0"),
        "validity": _(
            "the validity is not a date (e.g. 2025-08-01 or 1.8.2025) or ends before it starts"
        ),
    }
    return sentences.get(key, key)
