"""Real data: Köln's Kitas (OSM, 2017) in its 86 Stadtteile, per 1,000 children under 6 (2012)."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from analysis.coverage import find_duplicates


def test_all_86_stadtteile_and_all_children_are_there(result, children):
    assert len(result.table) == 86
    assert result.table["area_code"].is_unique
    # The 86 Stadtteile hold the city's 29,838 + 27,866 children under 6 (city row 000).
    assert result.table["target_population"].sum() == children.sum() == 57704


def test_every_kita_is_in_a_stadtteil_or_listed_outside(result, stadtteile, kitas):
    city = shapely.union_all(stadtteile.to_crs(4326).geometry.values)
    inside = int(kitas.within(city).sum())
    assert result.table["offers"].sum() == inside == 132
    assert result.params["offers_outside"] == len(result.outside) == 246 - 132
    assert result.params["offers_total"] == 246
    # OSM gives no capacities: supply is the number of Kitas, and the table says so.
    assert result.params["supply"] == "offers"
    assert result.table["capacity_missing"].sum() == 132


def test_neustadt_sued_by_hand(result):
    """Neustadt/Süd (102): 3 Kitas in the export (Fröbel Kindergarten Eifelstraße, Katholische
    Kindertagesstätte Herz Jesu and one without a name); 1,003 children under 3 and 740 aged
    3 to 6 in 2012 = 1,743; 3 / 1,743 × 1,000 = 1.72 Kitas per 1,000 children under 6."""
    row = result.table.set_index("area_code").loc["102"]
    assert row["area_name"] == "Neustadt/Süd"
    assert row["offers"] == 3
    assert row["target_population"] == 1743
    assert row["per_1000"] == pytest.approx(3 / 1743 * 1000)
    names = set(result.offers.loc[result.offers["area_code"] == "102", "name"])
    assert names == {
        "Fröbel Kindergarten Eifelstraße",
        "Katholische Kindertagesstätte Herz Jesu",
        "",
    }


def test_figures_are_plausible(result):
    t = result.table
    assert t["share_within"].between(0, 1).all()
    # A Stadtteil with a Kita has some of its surface within 500 m of one.
    assert (t.loc[t["offers"] > 0, "share_within"] > 0).all()
    # Nearest Kita: from a few hundred metres in the centre to a few km at the edge.
    assert t["nearest_m"].between(100, 6000).all()
    assert t.loc[t["area_code"] == "102", "nearest_m"].item() < t["nearest_m"].median()
    # 2SFCA shares the 132 Kitas among the children within reach: never more than there are.
    shared = (t["supply_2sfca"] * t["target_population"] / 1000).sum()
    assert 0 < shared <= 132 + 1e-9
    assert result.params["distance_note"] == "straight line × 1.3 (detour factor)"
    assert np.isfinite(t["supply_2sfca"]).all()


def test_the_osm_export_has_no_duplicate_kitas(kitas):
    assert find_duplicates(kitas, tolerance_m=50).empty
