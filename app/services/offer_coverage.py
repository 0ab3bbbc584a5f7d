"""Coverage of one category of offers per Quartier, computed on demand from the stored offers.

Nothing is saved: the figures follow the offers and indicators as they are now. Straight-line
results are kept in this process (:mod:`app.services.result_cache`) under a digest of everything
they are computed from – the valid offers (every field and point), the areas' codes and
outlines, the target values, the distance and the day – so the page, its map, the round table
and the downloads compute the Köln Stadtteile with 246 Kitas (about 2.5 s on 2 cores) once, and
any change of an input makes a new key. Every result names its distance method
(``params["distance_note"]``). Along the Kommune's stored walking network
(:mod:`app.services.offer_networks`) the key also holds the network's digest, name and upload
time; an OpenStreetMap file given by path (the CLI) is read by the confined worker (not cached).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import shapely
from flask_babel import gettext as _

from analysis.coverage import Coverage, coverage
from analysis.coverage.distance import metric_crs
from analysis.coverage.files import read_network_file
from app.models import Kommune, OfferCategory, WalkingNetwork
from app.services import result_cache
from app.services.offer_networks import network_key, network_model
from app.services.offers import OfferError, stored_offers
from app.services.queries import areas_frame, indicators_frame


@dataclass
class Target:
    """The target group per area code from a stored indicator, and the year it is from."""

    key: str
    year: int
    values: pd.Series


def target_values(kommune: Kommune, key: str, year: int | None = None) -> Target:
    """The stored indicator ``key`` per area code in ``year`` (default: its newest year).

    With a database session (see the tests)::

        target_values(koeln, "unter_6").year   # 2012
    """
    frame = indicators_frame(kommune, [key]).dropna(subset=["value", "year"])
    if frame.empty:
        raise OfferError(_("There are no stored values of the indicator '%(key)s'.", key=key))
    chosen = int(frame["year"].max()) if year is None else int(year)
    rows = frame[frame["year"] == chosen]
    if rows.empty:
        raise OfferError(
            _("The indicator '%(key)s' has no values for %(year)s.", key=key, year=chosen)
        )
    return Target(key, chosen, rows.set_index("area_code")["value"].astype("float64"))


def category_coverage(
    kommune: Kommune,
    category: OfferCategory,
    *,
    target: Target | None = None,
    distance_m: float | None = None,
    network: str | Path | WalkingNetwork | None = None,
    on: date | None = None,
) -> Coverage:
    """Coverage of the category's offers valid ``on`` (default today) in the Kommune's areas.

    ``distance_m`` defaults to the category's; ``network`` is the Kommune's stored walking
    network or an OpenStreetMap file (straight line × detour factor without one).

    With a database session (see the tests)::

        result = category_coverage(koeln, kita, target=target_values(koeln, "unter_6"))
        result.table[["area_code", "offers", "per_1000"]]; result.params["distance_note"]
    """
    areas = areas_frame(kommune).dropna(subset=["geometry"])
    if areas.empty:
        raise OfferError(_("The Kommune's areas have no outlines; import them as geodata first."))
    distance = float(distance_m or category.distance_m)
    if not 0 < distance <= 50_000:
        raise OfferError(_("The distance must be between 1 and 50,000 metres."))
    offers = stored_offers(category, on or date.today())
    values = None if target is None else target.values
    key = (category.id, distance, _digest(areas, offers, values))
    if isinstance(network, WalkingNetwork):
        crs = metric_crs(areas)
        return result_cache.cached(
            "offer_coverage", (*key, *network_key(network), str(crs)),
            lambda: coverage(areas, offers, distance_m=distance, target=values,
                             model=network_model(network, crs)),
        )  # fmt: skip
    if network is not None:
        model = read_network_file(network, metric_crs(areas))
        return coverage(areas, offers, distance_m=distance, model=model, target=values)
    return result_cache.cached(
        "offer_coverage", key,
        lambda: coverage(areas, offers, distance_m=distance, target=values),
    )  # fmt: skip


def _digest(areas, offers, target: pd.Series | None) -> str:
    """A digest of every input of a straight-line coverage (see the module's docstring)."""
    digest = hashlib.sha256()
    digest.update(areas["code"].astype(str).str.cat(sep="\x1f").encode())
    digest.update(b"".join(shapely.to_wkb(areas.geometry.values)))
    columns = pd.DataFrame(offers.drop(columns="geometry")).astype(str)
    columns = columns.assign(x=offers.geometry.x, y=offers.geometry.y)
    digest.update(pd.util.hash_pandas_object(columns, index=False).to_numpy().tobytes())
    if target is not None:
        digest.update(pd.util.hash_pandas_object(target).to_numpy().tobytes())
    return digest.hexdigest()


def saved_target(kommune: Kommune, category: OfferCategory) -> Target | None:
    """The target group the planner chose for the category, or None (none chosen or stored)."""
    if not category.target_indicator:
        return None
    try:
        return target_values(kommune, category.target_indicator)
    except OfferError:
        return None
