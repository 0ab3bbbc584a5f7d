"""The report's chapter on offers: a page per category with a map (inline SVG) and a table.

A provider of :data:`app.services.report_sections.PROVIDERS`. Figures are computed now from the
offers valid today (see :mod:`app.services.offer_coverage`); the table lists the survey's
Quartiere, the map shows the whole Kommune (offers beyond a Quartier's border serve it too).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from flask import render_template
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from markupsafe import Markup

from analysis.coverage.svg import CLASS_COLOURS, class_limits, coverage_svg
from analysis.report.sections import ReportSection
from app.core.formatting import number
from app.core.i18n import localized
from app.models import Campaign, Kommune, OfferCategory, WalkingNetwork
from app.services.offer_catalogue import categories_with_offers
from app.services.offer_coverage import category_coverage, saved_target
from app.services.offer_networks import kommune_network
from app.services.offer_perceived import Perceived, perceived
from app.services.offers import OfferError
from app.services.queries import areas_frame


@dataclass
class CategoryPage:
    """What one category's page shows."""

    slug: str
    name: str
    target_group: str
    target_note: str | None
    method: str
    column: str
    svg: Markup
    legend: list[tuple[str, str]]
    table: pd.DataFrame
    #: Coverage against the survey's medians of the category's theme (None: no theme or survey).
    perceived: Perceived | None = None
    #: Why there is no comparison although the category has a theme (e.g. no validation yet).
    perceived_note: str | None = field(default=None)


def distance_method(params: dict) -> str:
    """The distance behind the figures, as a sentence part in the reader's language."""
    if params["method"] == "network" and params.get("network_date"):
        return _("along the street network of %(source)s (uploaded %(day)s)",
                 source=params["network_source"],
                 day=format_date(date.fromisoformat(params["network_date"])))  # fmt: skip
    if params["method"] == "network":
        return _("along the street network of %(source)s", source=params["network_source"])
    return _("straight line × %(detour)s (detour factor)", detour=number(params["detour"]))


def _legend(values: pd.Series) -> list[tuple[str, str]]:
    limits = class_limits(values)
    lower = [float(values.min()), *limits[:-1]]
    return [(colour, f"{number(low)} – {number(high)}")
            for colour, low, high in zip(CLASS_COLOURS, lower, limits, strict=False)]  # fmt: skip


def _compared(campaign: Campaign | None, category: OfferCategory, result, column: str):
    """The perceived-versus-measured comparison and the note why there is none."""
    if campaign is None:
        return None, None
    measure = "per_1000" if column == "per_1000" else "share_within"
    try:
        return perceived(campaign, category, result, measure=measure), None
    except OfferError as exc:
        return None, str(exc)


def category_page(
    kommune: Kommune,
    category: OfferCategory,
    codes: set[str],
    campaign: Campaign | None = None,
    on: date | None = None,
    network: WalkingNetwork | None = None,
) -> CategoryPage:
    """One category's page (the figures of the Kommune, the rows of ``codes`` or all) from the
    offers valid ``on`` (default today), with the comparison against ``campaign``'s medians of
    the category's theme when given; distances along ``network`` when given."""
    target = saved_target(kommune, category)
    result = category_coverage(kommune, category, target=target, on=on, network=network)
    column = "per_1000" if target is not None else "offers"
    values = result.table.set_index("area_code")[column]
    label = _("Map of %(category)s in %(kommune)s", category=localized(category.name),
              kommune=kommune.name)  # fmt: skip
    svg = coverage_svg(areas_frame(kommune).dropna(subset=["geometry"]), values,
                       result.offers, label)  # fmt: skip
    table = result.table[result.table["area_code"].isin(codes)] if codes else result.table
    note = None if target is None else _("%(key)s, %(year)s", key=target.key, year=target.year)
    method = distance_method(result.params)
    compared, why = _compared(campaign, category, result, column)
    # safe: coverage_svg escapes its one text and writes only numbers and fixed colours
    return CategoryPage(category.slug, localized(category.name), localized(category.target_group),
                        note, method, column, Markup(svg), _legend(values), table,
                        compared, why)  # fmt: skip


def offers_section(campaign: Campaign, lang: str) -> ReportSection | None:
    """The chapter "Angebote" of the survey's report; None when the Kommune has no offers.

    With a database session (see the tests)::

        offers_section(campaign, "de").title   # 'Angebote in den Quartieren'
    """
    with force_locale(lang):
        used = categories_with_offers(campaign.kommune)
        if not used or areas_frame(campaign.kommune)["geometry"].isna().all():
            return None
        codes = {area.code for area in campaign.areas}
        # A stored walking network is what the planner wants distances along; each page says so.
        network = kommune_network(campaign.kommune)
        pages = [category_page(campaign.kommune, category, codes, campaign, network=network)
                 for category in used]  # fmt: skip
        html = render_template("offers/report_section.html", pages=pages)
        return ReportSection("offers", _("Offers in the Quartiere"), html, order=40)
