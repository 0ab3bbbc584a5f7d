"""Fixtures of the tests in this folder: Berlin's 542 Planungsräume with a saved index."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.services import index_versions
from tests.support.stored import store_berlin_two_years
from tests.support.workspace import make_user


@dataclass(frozen=True)
class Berlin:
    kommune_id: int
    version: str


@pytest.fixture
def berlin(app, tmp_path) -> Berlin:
    """Berlin stored (S1, S3, S4, EW of 2020), the MSS status index of 2020 saved as a version
    (areas under 300 residents left out, as the MSS does) and a planner of Berlin."""
    with app.test_request_context():
        kommune = store_berlin_two_years(tmp_path)
        settings = {"indicators": ["S1", "S3", "S4"], "year": 2020,
                    "options": {"min_population": 300}}  # fmt: skip
        result = index_versions.compute_index(kommune, ["S1", "S3", "S4"], 2020, min_population=300)
        index_versions.save_version(kommune, "MSS 2021", settings, result)
        make_user("plan@berlin.example", "planner", ["Berlin"])
        return Berlin(kommune.id, "MSS 2021")
