"""What the offers page shows and does: one category's offers, map and coverage; add, delete.

The page's map is the report's inline SVG (:func:`app.services.offer_report.category_page`),
so the page and the report cannot disagree. Changes come as one form with an ``action``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import gettext as _

from analysis.coverage.validity import parse_date
from app.core.extensions import db
from app.core.i18n import localized
from app.models import Campaign, Kommune, Offer, OfferCategory
from app.services.offer_catalogue import categories, category_by_slug, choose_target
from app.services.offer_networks import ALONG_STREETS, chosen_network, kommune_network
from app.services.offer_perceived import survey_campaigns
from app.services.offer_report import category_page
from app.services.offers import OfferError, delete_offer, save_offer, stored_offers
from app.services.queries import areas_frame, indicators_frame


def chosen_category(kommune: Kommune, slug: str | None) -> OfferCategory:
    """The Kommune's category with this slug, else its first one."""
    found = category_by_slug(kommune, slug or "") if slug else None
    return found or categories(kommune)[0]


def chosen_campaign(kommune: Kommune, value: str | None) -> Campaign | None:
    """The Kommune's survey with this id, else its newest (None: the Kommune has none)."""
    found = survey_campaigns(kommune)
    chosen = [c for c in found if str(c.id) == (value or "").strip()]
    return (chosen or found or [None])[0]


def _editing(kommune: Kommune, offer_id: str | None) -> Offer | None:
    try:
        return kommune_offer(kommune, offer_id) if offer_id else None
    except OfferError:
        return None


def offer_page(kommune: Kommune, args: Mapping[str, str]) -> dict:
    """The page's context: categories, the chosen one, its offers, indicators and coverage.

    With a database session (see the tests)::

        offer_page(koeln, {"category": "kita"})["offers"]   # the Kitas, by name
    """
    category = chosen_category(kommune, args.get("category"))
    offers = stored_offers(category)
    outlines = areas_frame(kommune)["geometry"].notna().any()
    page = None
    campaign = chosen_campaign(kommune, args.get("campaign"))
    editing, on, error = _editing(kommune, args.get("edit")), date.today(), None
    try:
        on = parse_date(args.get("on")) or on
    except ValueError:
        error = _("Please give the date as 2025-08-01 or 1.8.2025; the figures are for today.")
    network = chosen_network(kommune, args.get("distance"))
    if outlines:
        try:
            page = category_page(kommune, category, set(), campaign, on, network)
        except OfferError as exc:
            error = str(exc)
    listed = categories(kommune)
    return {
        "categories": listed,
        "labels": {c.id: localized(c.name) for c in listed},
        "target_group": localized(category.target_group),
        "category": category,
        "campaigns": survey_campaigns(kommune),
        "campaign": campaign,
        "offers": offers,
        "editing": editing,
        "on": on,
        "indicators": sorted(set(indicators_frame(kommune)["indicator"])),
        "page": page,
        "network": kommune_network(kommune),
        "distance": ALONG_STREETS if network is not None else "",
        "error": error if outlines else _("The Kommune's areas have no outlines; import them "
                                          "as geodata first."),
    }  # fmt: skip


def kommune_offer(kommune: Kommune, offer_id: object) -> Offer:
    """The Kommune's offer with this id (any category); an OfferError when there is none."""
    text = str(offer_id or "").strip()
    offer = db.session.get(Offer, int(text)) if text.isdigit() and len(text) < 12 else None
    if offer is None or offer.category.kommune_id != kommune.id:
        raise OfferError(_("This offer is no longer there."))
    return offer


def _edit(kommune: Kommune, form: Mapping[str, str]) -> str:
    offer = kommune_offer(kommune, form.get("offer_id"))
    target = category_by_slug(kommune, form.get("new_category") or "") or offer.category
    save_offer(target, dict(form), offer)
    return _("'%(name)s' is saved.", name=offer.name)


def change_offers(kommune: Kommune, form: Mapping[str, str]) -> str:
    """Do what the form asks (``action`` add, edit, delete or target); returns the sentence."""
    category = chosen_category(kommune, form.get("category"))
    action = form.get("action")
    if action == "add":
        offer = save_offer(category, dict(form))
        return _("'%(name)s' is added.", name=offer.name)
    if action == "edit":
        return _edit(kommune, form)
    if action == "delete":
        offer = kommune_offer(kommune, form.get("offer_id"))
        delete_offer(offer)
        return _("'%(name)s' is deleted.", name=offer.name)
    if action == "target":
        choose_target(kommune, category, form.get("indicator") or None)
        return _("The target group is saved.")
    raise OfferError(_("Please use the buttons of the page."))
