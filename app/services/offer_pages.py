"""What the offers page shows and does: one category's offers, map and coverage; add, delete.

The page's map is the report's inline SVG (:func:`app.services.offer_report.category_page`),
so the page and the report cannot disagree. Changes come as one form with an ``action``.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _

from app.core.extensions import db
from app.core.i18n import localized
from app.models import Campaign, Kommune, Offer, OfferCategory
from app.services.offer_catalogue import categories, category_by_slug, choose_target
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


def offer_page(kommune: Kommune, args: Mapping[str, str]) -> dict:
    """The page's context: categories, the chosen one, its offers, indicators and coverage.

    With a database session (see the tests)::

        offer_page(koeln, {"category": "kita"})["offers"]   # the Kitas, by name
    """
    category = chosen_category(kommune, args.get("category"))
    offers = stored_offers(category)
    outlines = areas_frame(kommune)["geometry"].notna().any()
    page, error = None, None
    campaign = chosen_campaign(kommune, args.get("campaign"))
    if outlines:
        try:
            page = category_page(kommune, category, set(), campaign)
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
        "indicators": sorted(set(indicators_frame(kommune)["indicator"])),
        "page": page,
        "error": error if outlines else _("The Kommune's areas have no outlines; import them "
                                          "as geodata first."),
    }  # fmt: skip


def change_offers(kommune: Kommune, form: Mapping[str, str]) -> str:
    """Do what the form asks (``action`` add, delete or target); returns the sentence to show."""
    category = chosen_category(kommune, form.get("category"))
    action = form.get("action")
    if action == "add":
        offer = save_offer(category, dict(form))
        return _("'%(name)s' is added.", name=offer.name)
    if action == "delete":
        offer = db.session.get(Offer, int(form.get("offer_id") or 0)) if (
            form.get("offer_id") or "").isdigit() else None  # fmt: skip
        if offer is None or offer.category_id != category.id:
            raise OfferError(_("This offer is no longer there."))
        delete_offer(offer)
        return _("'%(name)s' is deleted.", name=offer.name)
    if action == "target":
        choose_target(kommune, category, form.get("indicator") or None)
        return _("The target group is saved.")
    raise OfferError(_("Please use the buttons of the page."))
