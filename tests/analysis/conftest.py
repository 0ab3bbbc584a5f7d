"""Shared fixtures for the analysis tests: paths to the real Berlin open data."""

from pathlib import Path

import pytest

BERLIN = Path("/work/shared/data/berlin")


@pytest.fixture(scope="session")
def berlin() -> Path:
    """Directory with the Berlin MSS 2021 and LOR 2021 files (read-only)."""
    if not BERLIN.is_dir():
        pytest.skip("Berlin reference data not available")
    return BERLIN
