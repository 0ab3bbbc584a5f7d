"""The Sozialatlas: classes, legend, table, PNG/SVG and the change map, on Köln's stored years."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.services import atlas
from app.services.index_settings import IndexSettingsError
from tests.support.data import koeln_population
from tests.support.stored import store_koeln
from tests.support.workspace import login, make_user


def _ew_2012():
    long = koeln_population()
    rows = long[(long["level"] == "stadtteil") & (long["indicator"] == "EW")]
    return rows[rows["year"] == 2012].set_index("area_code")["value"]


def test_own_limits_put_a_value_on_a_limit_into_that_limits_class(app, tmp_path):
    ew = _ew_2012()
    limit = float(ew.loc["101"])  # a class limit exactly at Altstadt-Süd's value
    top = float(ew.max())
    with app.test_request_context():
        koeln = store_koeln(tmp_path)
        data = atlas.atlas(koeln, atlas.Choice("EW", 2012, scheme="manual",
                                               limits=[limit, limit + 5000, top]))  # fmt: skip
    table = data.table.set_index("code")
    assert table.loc["101", "class"] == 1
    assert table.loc["101", "label"] == data.legend[0][0]
    assert data.legend[0][0].endswith(f"{limit:,.0f}".replace(",", "."))  # German numbers
    above = ew[(ew > limit) & (ew <= limit + 5000)].index
    assert (table.loc[above, "class"] == 2).all()
    assert (table["colour"] == table["class"].map(lambda c: data.legend[c - 1][1])).all()
    with app.test_request_context(), pytest.raises(IndexSettingsError, match="größte Wert"):
        atlas.atlas(koeln, atlas.Choice("EW", 2012, scheme="manual", limits=[limit]))


@pytest.mark.parametrize("scheme", ["quantiles", "equal_interval", "natural_breaks"])
def test_every_scheme_gives_k_classes_and_the_table_holds_every_quartier(app, tmp_path, scheme):
    with app.test_request_context():
        koeln = store_koeln(tmp_path)
        data = atlas.atlas(koeln, atlas.Choice("Anteil_unter_6", 2012, scheme=scheme, k=4))
    assert len(data.legend) == 4 and len(data.table) == 86
    assert sorted(data.table["class"].unique()) == [1, 2, 3, 4]


def test_the_change_map_classifies_the_change_in_points(app, tmp_path):
    with app.test_request_context():
        koeln = store_koeln(tmp_path)
        data = atlas.atlas(koeln, atlas.Choice("Anteil_unter_6", 2012, start=2005, k=3))
    long = koeln_population()
    share = long[(long["level"] == "stadtteil") & (long["indicator"] == "Anteil unter 6")]
    wide = share.pivot(index="area_code", columns="year", values="value")
    table = data.table.set_index("code")
    assert table["value"].round(6).equals((wide[2012] - wide[2005]).round(6).loc[table.index])
    assert data.unit == "Prozentpunkte" and "2005–2012" in data.title


def test_the_page_and_its_png_and_svg(app, client, tmp_path):
    with app.test_request_context():
        koeln = store_koeln(tmp_path)
        kommune_id = koeln.id
        make_user("plan@example.org", "planner", ["Köln"])
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/atlas"
    query = {"indicator": "EW", "year": "2012", "scheme": "natural_breaks", "k": "5"}
    page = client.get(url, query_string=query).get_data(as_text=True)
    assert page.count('<li data-class="') == 6 and 'id="atlas-table"' in page
    assert "data-geojson=" in page
    png = client.get(f"/planner/kommune/{kommune_id}/atlas.png", query_string=query)
    assert png.status_code == 200 and Image.open(io.BytesIO(png.data)).format == "PNG"
    svg = client.get(f"/planner/kommune/{kommune_id}/atlas.svg", query_string=query)
    assert svg.data.lstrip().startswith(b"<?xml") and b"<svg" in svg.data
    bad = client.get(url, query_string={**query, "scheme": "manual", "limits": "viel"})
    assert "Klassengrenzen müssen Zahlen sein" in bad.get_data(as_text=True)
    refused = client.get(f"/planner/kommune/{kommune_id}/atlas.png",
                         query_string={**query, "year": "1990"})  # fmt: skip
    assert refused.status_code == 409 and "1990" in refused.get_data(as_text=True)
    assert client.get(f"/planner/kommune/{kommune_id}/atlas.pdf").status_code == 404
    backwards = {"indicator": "EW", "mode": "change", "start": "2012", "year": "2005"}
    text = client.get(url, query_string=backwards).get_data(as_text=True)
    assert "Das erste Jahr muss vor dem zweiten liegen." in text
    nostart = client.get(url, query_string={"indicator": "EW", "mode": "change", "start": "x"})
    assert "erste Jahr der Veränderung" in nostart.get_data(as_text=True)
