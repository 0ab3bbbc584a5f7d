"""Fixtures of the tests in this folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.outputs.build import build_outputs
from tests.support.synthetic import (
    campaign_with_small_groups,
)
from tests.support.texts import german_texts

DE = german_texts()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> tuple[Path, list[Path]]:
    outdir = tmp_path_factory.mktemp("campaign")
    return outdir, build_outputs(campaign_with_small_groups(), outdir, texts=DE)
