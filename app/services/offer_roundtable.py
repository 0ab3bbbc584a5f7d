"""The round table's "what exists here": the offers in and near a Quartier, with its figures.

Called by the moderator's Quartier view next to the running measures (as
:func:`app.services.measure_pages.round_table_context` is). "Near" is within the category's
walking distance of the Quartier's outline, as the crow flies (the figures beside it say which
distance they use). Offers valid today; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analysis.coverage.distance import metric_crs
from app.core.i18n import localized
from app.models import Area, Campaign
from app.services.offer_catalogue import categories_with_offers
from app.services.offer_coverage import category_coverage, saved_target
from app.services.offer_networks import kommune_network
from app.services.offer_report import distance_method
from app.services.offers import OfferError, stored_offers
from app.services.queries import areas_frame


@dataclass
class OffersHere:
    """One category's offers in and near a Quartier and the Quartier's coverage figures."""

    name: str
    distance_m: int
    method: str
    figures: dict
    inside: list[dict]
    near: list[dict]
    #: Why the figures are missing (a sentence), if they are.
    note: str | None = None


def _listed(offers: pd.DataFrame) -> list[dict]:
    return [{"name": o.name, "capacity": None if pd.isna(o.capacity) else int(o.capacity),
             "provider": o.provider, "distance_m": round(float(o.distance))}
            for o in offers.sort_values(["distance", "name"]).itertuples()]  # fmt: skip


def _category(kommune, category, outline, code: str, network) -> OffersHere:
    target = saved_target(kommune, category)
    result = category_coverage(kommune, category, target=target, network=network)
    row = result.table[result.table["area_code"].astype(str) == code]
    figures = {} if row.empty else row.iloc[0].to_dict()
    offers = stored_offers(category, date.today())
    metric = offers.to_crs(outline.crs)
    offers = offers.assign(distance=metric.distance(outline.geometry.iloc[0]).to_numpy())
    inside = offers[offers["distance"] <= 0]
    near = offers[(offers["distance"] > 0) & (offers["distance"] <= category.distance_m)]
    return OffersHere(str(localized(category.name)), category.distance_m,
                      distance_method(result.params), figures, _listed(inside),
                      _listed(near))  # fmt: skip


def offers_here(campaign: Campaign, area: Area) -> list[OffersHere]:
    """Per category with offers: those in ``area`` and within its walking distance, and the
    area's figures (offers, places per 1,000, nearest, share within; along the Kommune's stored
    walking network when it has one, as the report's chapter). Empty without outline.

    With a database session (see the tests)::

        [(c.name, [o["name"] for o in c.inside]) for c in offers_here(campaign, west)]
    """
    areas = areas_frame(campaign.kommune).dropna(subset=["geometry"])
    own = areas[areas["code"] == area.code]
    if own.empty:
        return []
    outline = own.to_crs(metric_crs(areas))
    found = []
    network = kommune_network(campaign.kommune)  # the figures along it when one is stored
    for category in categories_with_offers(campaign.kommune):
        try:
            found.append(_category(campaign.kommune, category, outline, area.code, network))
        except OfferError as exc:  # shown with its reason, not left out
            found.append(OffersHere(str(localized(category.name)), category.distance_m, "", {},
                                    [], [], str(exc)))  # fmt: skip
    return found
