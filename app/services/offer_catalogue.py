"""A Kommune's catalogue of offer categories: the standard one, extended by its planners.

Each Kommune gets its own copy of :data:`STANDARD` the first time its catalogue is read, so a
planner can change a default distance or add a category without touching other Kommunen.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Indicator, Kommune, Offer, OfferCategory

#: slug, name (de, en), target group (de, en), theme slug, walking distance in metres.
STANDARD: list[tuple[str, tuple[str, str], tuple[str, str], str | None, int]] = [
    ("kita", ("Kita", "Day-care centre"),
     ("Kinder unter 6 Jahren", "children under 6"), "play", 500),
    ("grundschule", ("Grundschule", "Primary school"),
     ("Kinder von 6 bis 10 Jahren", "children aged 6 to 10"), "facilities", 1000),
    ("spielplatz", ("Spielplatz", "Playground"),
     ("Kinder unter 12 Jahren", "children under 12"), "play", 400),
    ("jugendzentrum", ("Jugendzentrum", "Youth centre"),
     ("Jugendliche von 12 bis 21 Jahren", "young people aged 12 to 21"), "play", 1000),
    ("familienzentrum", ("Familienzentrum", "Family centre"),
     ("Familien mit Kindern", "families with children"), "facilities", 1000),
    ("beratungsstelle", ("Beratungsstelle", "Counselling service"),
     ("alle Einwohnerinnen und Einwohner", "all residents"), "facilities", 1500),
    ("seniorentreff", ("Seniorentreff", "Senior citizens' centre"),
     ("Menschen ab 65 Jahren", "people aged 65 and over"), "social", 500),
    ("arztpraxis", ("Arztpraxis", "Doctor's practice"),
     ("alle Einwohnerinnen und Einwohner", "all residents"), "facilities", 1000),
    ("stadtteilcafe", ("Stadtteilcafé", "Neighbourhood café"),
     ("alle Einwohnerinnen und Einwohner", "all residents"), "social", 800),
]  # fmt: skip
_SLUG = re.compile(r"[^a-z0-9]+")


class CategoryError(ValueError):
    """A category a planner asked for cannot be stored; the message is a sentence for them."""


def _standard_rows(kommune: Kommune) -> list[OfferCategory]:
    return [
        OfferCategory(kommune_id=kommune.id, slug=slug, name={"de": de, "en": en},
                      target_group={"de": t_de, "en": t_en}, theme=theme, distance_m=distance)
        for slug, (de, en), (t_de, t_en), theme, distance in STANDARD
    ]  # fmt: skip


def categories(kommune: Kommune) -> list[OfferCategory]:
    """The Kommune's categories by slug; the standard catalogue is stored on first use.

    With a database session (see the tests)::

        [c.slug for c in categories(kommune)][:2]   # ['arztpraxis', 'beratungsstelle']
    """
    query = select(OfferCategory).where(OfferCategory.kommune_id == kommune.id)
    found = list(db.session.scalars(query.order_by(OfferCategory.slug)))
    if found:
        return found
    try:
        with write_transaction():
            db.session.add_all(_standard_rows(kommune))
    except IntegrityError:
        pass  # another request stored the catalogue at the same moment: read theirs
    return list(db.session.scalars(query.order_by(OfferCategory.slug)))


def categories_with_offers(kommune: Kommune) -> list[OfferCategory]:
    """The Kommune's categories that have at least one offer, by slug (reads only)."""
    has_offers = select(Offer.id).where(Offer.category_id == OfferCategory.id).exists()
    query = select(OfferCategory).where(OfferCategory.kommune_id == kommune.id, has_offers)
    return list(db.session.scalars(query.order_by(OfferCategory.slug)))


def category_by_slug(kommune: Kommune, slug: str) -> OfferCategory | None:
    """The Kommune's category with this slug, or None."""
    return next((c for c in categories(kommune) if c.slug == slug), None)


def slug_of(name: str) -> str:
    """A category's slug from its name: lower case, letters and digits joined by ``-``.

    Examples
    --------
    >>> slug_of("Offene Tür / Jugendtreff")
    'offene-t-r-jugendtreff'
    """
    return _SLUG.sub("-", name.strip().lower()).strip("-")[:80]


def add_category(
    kommune: Kommune, name: str, target_group: str, theme: str | None, distance_m: int
) -> OfferCategory:
    """Add a category to the Kommune's catalogue (the same name in every language).

    With a database session (see the tests)::

        add_category(kommune, "Bücherei", "alle", "facilities", 800).slug   # 'b-cherei'
    """
    slug = slug_of(name or "")
    if not slug:
        raise CategoryError(_("A category needs a name with at least one letter or digit."))
    if not 0 < distance_m <= 50_000:
        raise CategoryError(_("The distance must be between 1 and 50,000 metres."))
    if category_by_slug(kommune, slug) is not None:
        raise CategoryError(
            _("The catalogue already has a category '%(name)s'.", name=name.strip())
        )
    category = OfferCategory(
        kommune_id=kommune.id, slug=slug, name={"de": name.strip(), "en": name.strip()},
        target_group={"de": target_group.strip(), "en": target_group.strip()},
        theme=theme or None, distance_m=distance_m,
    )  # fmt: skip
    with write_transaction():
        db.session.add(category)
    return category


def choose_target(kommune: Kommune, category: OfferCategory, key: str | None) -> None:
    """Save which stored indicator holds the category's target group (None: none).

    With a database session (see the tests)::

        choose_target(koeln, kita, "unter_6")
    """
    if key:
        known = db.session.scalar(
            select(Indicator.key).where(Indicator.kommune_id == kommune.id, Indicator.key == key)
        )
        if known is None:
            raise CategoryError(_("There is no stored indicator '%(key)s'.", key=key))
    with write_transaction():
        category.target_indicator = key or None
