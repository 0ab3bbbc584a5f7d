"""Coverage per Stadtteil from stored offers and a stored indicator: Köln's Kitas (real data)."""

from __future__ import annotations

from datetime import date, timedelta

import geopandas as gpd
import pandas as pd
import pytest

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Kommune, Offer
from app.services.offer_catalogue import category_by_slug
from app.services.offer_coverage import Target, category_coverage, target_values
from app.services.offers import OfferError, save_offer
from tests.support.coverage import STREETS
from tests.support.data import shared_data
from tests.support.offers import koeln_with_kitas, two_quartiere


@pytest.fixture
def koeln(app, tmp_path):
    with app.app_context():
        yield koeln_with_kitas(tmp_path)


def test_kitas_per_1000_children_under_6_in_koeln(koeln):
    kita = category_by_slug(koeln, "kita")
    assert db.session.query(Offer).count() == 246  # every OSM Kita, 114 of them outside Köln
    target = target_values(koeln, "unter_6")
    assert target.year == 2012
    result = category_coverage(koeln, kita, target=target)
    table = result.table.set_index("area_code")
    assert len(table) == 86
    # Independently: the Kitas of the file within the Stadtteile of the file.
    stadtteile = gpd.read_file(shared_data("koeln", "stadtteile.zip")).to_crs(4326)
    kitas = gpd.read_file(shared_data("koeln", "osm_kindergarten.geojson"))
    joined = gpd.sjoin(kitas, stadtteile, predicate="within")
    assert table["offers"].sum() == len(joined) == 132
    assert table["offers"].to_dict() == {
        code: int((joined["STT_NR"] == code).sum()) for code in table.index
    }
    # Neustadt/Süd (102): 3 Kitas, 1,003 + 740 children under 6 in 2012.
    assert table.loc["102", "target_population"] == 1743
    assert table.loc["102", "per_1000"] == pytest.approx(3 / 1743 * 1000)
    assert result.params["distance_note"] == "straight line × 1.3 (detour factor)"
    assert result.params["distance_m"] == 500.0


def test_a_street_network_is_named_and_bad_input_is_a_sentence(app):
    with app.app_context():
        kommune = two_quartiere()
        kita = category_by_slug(kommune, "kita")
        offer = save_offer(kita, {"name": "Kita West", "lat": "50.935", "lon": "6.955"})
        with pytest.raises(OfferError, match="keine gespeicherten Werte"):
            target_values(kommune, "unter_6")
        with pytest.raises(OfferError, match="Entfernung"):
            category_coverage(kommune, kita, distance_m=-5)
        result = category_coverage(kommune, kita, network=STREETS)
        assert "coverage_streets.osm" in result.params["distance_note"]
        assert category_coverage(kommune, kita).table["offers"].tolist() == [1, 0]
        with write_transaction():
            offer.valid_to = date.today() - timedelta(days=1)  # closed yesterday: not counted
        assert category_coverage(kommune, kita).table["offers"].tolist() == [0, 0]
        assert category_coverage(kommune, kita, on=offer.valid_to).table["offers"].sum() == 1
        assert db.session.get(Kommune, kommune.id) is not None


def test_straight_line_figures_are_kept_until_an_input_changes(app):
    with app.app_context():
        kommune = two_quartiere()
        kita = category_by_slug(kommune, "kita")
        offer = save_offer(kita, {"name": "Kita West", "lat": "50,935", "lon": "6,955"})
        first = category_coverage(kommune, kita)
        assert category_coverage(kommune, kita) is first  # the same inputs: computed once
        # Each input makes a new result: an offer's place, name, a new offer, the distance,
        # the day (validity), the target group.
        save_offer(kita, {"name": "Kita West", "lat": "50,935", "lon": "6,965"}, offer)
        moved = category_coverage(kommune, kita)
        assert moved is not first and moved.table["offers"].tolist() == [0, 1]
        save_offer(kita, {"name": "Kita Ost", "lat": "50,935", "lon": "6,965"}, offer)
        renamed = category_coverage(kommune, kita)
        assert renamed is not moved and renamed.offers["name"].tolist() == ["Kita Ost"]
        assert category_coverage(kommune, kita, distance_m=300) is not renamed
        save_offer(kita, {"name": "Kita Neu", "lat": "50,935", "lon": "6,955",
                          "valid_from": "2030-01-01"})  # fmt: skip
        assert category_coverage(kommune, kita) is renamed  # not valid yet: the same figures
        later = category_coverage(kommune, kita, on=date(2030, 1, 1))
        assert later.table["offers"].tolist() == [1, 1]
        target = Target("kinder", 2024, pd.Series({"1": 100.0, "2": 50.0}))
        assert category_coverage(kommune, kita, target=target) is not renamed
