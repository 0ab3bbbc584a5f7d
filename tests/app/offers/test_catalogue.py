"""The catalogue of offer categories: the standard one per Kommune, extensible."""

from __future__ import annotations

import pytest

from app.core.extensions import db
from app.models import Kommune, OfferCategory
from app.services.offer_catalogue import CategoryError, add_category, categories
from tests.support.offers import two_quartiere


def test_every_kommune_gets_the_standard_catalogue_in_german_and_english(app):
    with app.app_context():
        first, second = two_quartiere("A"), two_quartiere("B")
        slugs = [c.slug for c in categories(first)]
        assert {
            "kita",
            "grundschule",
            "spielplatz",
            "jugendzentrum",
            "familienzentrum",
            "beratungsstelle",
            "seniorentreff",
            "arztpraxis",
            "stadtteilcafe",
        } <= set(slugs)
        kita = next(c for c in categories(first) if c.slug == "kita")
        assert kita.name == {"de": "Kita", "en": "Day-care centre"}
        assert kita.target_group["de"] == "Kinder unter 6 Jahren" and kita.theme == "play"
        assert kita.distance_m == 500
        # Read again: stored once, not twice; the other Kommune has its own copy.
        assert [c.slug for c in categories(first)] == slugs
        categories(second)
        assert db.session.query(OfferCategory).count() == 2 * len(slugs)


def test_a_kommune_adds_a_category_of_its_own(app):
    with app.app_context():
        kommune, other = two_quartiere("A"), two_quartiere("B")
        added = add_category(kommune, "Bücherei", "alle", "facilities", 800)
        assert added.slug == "b-cherei" and added.distance_m == 800
        assert "b-cherei" in [c.slug for c in categories(kommune)]
        assert "b-cherei" not in [c.slug for c in categories(other)]
        with pytest.raises(CategoryError, match="schon eine Kategorie"):
            add_category(kommune, "bücherei", "alle", None, 800)
        with pytest.raises(CategoryError, match="Entfernung"):
            add_category(kommune, "Turnhalle", "alle", None, 0)
        with pytest.raises(CategoryError, match="Namen mit mindestens"):
            add_category(kommune, " / ", "alle", None, 500)
        assert db.session.get(Kommune, kommune.id) is not None
