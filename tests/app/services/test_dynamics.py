"""The dynamics index from stored years, through the real import: Berlin MSS 2021, 536/536.

As in ``tests/analysis/stats/test_dynamics.py``: the published tables hold S1, S3, S4 of 2020
and their two-year changes D1, D3, D4; 2018 is stored as S - D. Here those two years go through
the app's import into the database, and the dynamics classes are computed from what is stored.
"""

from __future__ import annotations

import pytest

from app.services import dynamics, index_versions
from app.services.index_settings import IndexSettingsError
from tests.support.data import berlin_indices
from tests.support.stored import store_berlin_two_years

OFFICIAL_DYNAMICS = {1: 1, 3: 2, 5: 3}  # DI_N 1/3/5 = positiv/stabil/negativ


@pytest.mark.slow
def test_berlin_dynamics_classes_536_of_536_from_the_stored_years(app, tmp_path):
    with app.test_request_context():
        berlin = store_berlin_two_years(tmp_path)
        result = dynamics.dynamics(berlin, ["S1", "S3", "S4"], 2018, 2020, population="EW",
                                   min_population=300)  # fmt: skip
        settings = {"indicators": ["S1", "S3", "S4"], "year": 2020,
                    "options": {"min_population": 300}}  # fmt: skip
        status = index_versions.compute_index(berlin, ["S1", "S3", "S4"], 2020, min_population=300)
        version = index_versions.save_version(berlin, "MSS 2021", settings, status)
        both = dynamics.combined(result, version)
        with pytest.raises(IndexSettingsError, match="2017"):
            dynamics.dynamics(berlin, ["S1"], 2017, 2020)
    official = berlin_indices()
    merged = result.table.merge(official, left_on="area_code", right_on="PLR_ID")
    included = merged[merged["excluded_reason"] == ""]
    assert len(merged) == 542 and len(included) == 536
    assert (included["DI_N"].map(OFFICIAL_DYNAMICS) == included["class"].astype("int64")).all()
    combined = both.merge(official, left_on="area_code", right_on="PLR_ID")
    valid = combined[combined["KOM"] == "gültig"]
    assert len(valid) == 536 and (valid["status_dynamics_code"] == valid["SDI"]).all()
