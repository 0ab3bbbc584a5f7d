"""Fixtures of the analysis tests: the real Berlin open data beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.data import shared_data


@pytest.fixture(scope="session")
def berlin() -> Path:
    """The folder with Berlin's MSS 2021 and LOR 2021 files; the tests fail without it."""
    return shared_data("berlin")
