"""The dynamics page on Berlin's two stored years: 542 Planungsräume, Berlin's class counts."""

from __future__ import annotations

import pytest

from app.services import index_versions
from tests.support.data import berlin_indices
from tests.support.stored import store_berlin_two_years
from tests.support.workspace import login, make_user


@pytest.mark.slow
def test_the_dynamics_page_shows_berlins_classes_and_says_what_is_wrong(app, client, tmp_path):
    with app.test_request_context():
        berlin = store_berlin_two_years(tmp_path)
        kommune_id = berlin.id
        make_user("plan@example.org", "planner", ["Berlin"])
        settings = {"indicators": ["S1", "S3", "S4"], "year": 2020, "options": {}}
        status = index_versions.compute_index(berlin, ["S1", "S3", "S4"], 2020)
        version_id = index_versions.save_version(berlin, "MSS", settings, status).id
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/dynamics"
    query = {"indicators": ["S1", "S3", "S4"], "start": "2018", "end": "2020",
             "population": "EW", "min_population": "300"}  # fmt: skip
    html = client.get(url, query_string=query).get_data(as_text=True)
    assert html.count("<tr data-code=") == 542
    counts = html.split('id="dynamics"')[0]
    official = berlin_indices()["DI_N"].value_counts()
    assert f"<strong>stabil</strong>: {official[3]}" in counts
    wrong = client.get(url, query_string={**query, "start": "2017"}).get_data(as_text=True)
    assert "S1 hat keine Werte für 2017" in wrong
    words = client.get(url, query_string={**query, "end": "bald"}).get_data(as_text=True)
    assert "zwei Jahre als Zahlen" in words
    both = client.get(url, query_string={**query, "version": version_id}).get_data(as_text=True)
    assert "<th>Status/Dynamik</th>" in both and "mittel, negativ" in both
    gone = client.get(url, query_string={**query, "version": "999"}).get_data(as_text=True)
    assert "gespeicherte Index-Version" in gone
