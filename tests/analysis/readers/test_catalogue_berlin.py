"""The catalogue against Berlin's real MSS 2021 files: every indicator column has a sourced
entry (or is named in docs/indicators.md as not found), and the values fit the definitions."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.readers.catalogue import load_catalogue
from tests.support.data import shared_data

FILES = ("mss_2021_index_indikatoren.csv", "mss_2021_kontext_indikatoren.csv")
INDICATOR = re.compile(r"^(KI_\d\d|[SD]\d)$")
#: Columns whose definition no public source at hand gives (docs/indicators.md says what was
#: searched); the test fails as soon as one of them gets an entry or another one loses its own.
NOT_FOUND = {"KI_02", "KI_05", "KI_07"}
DOCS = Path(__file__).resolve().parents[3] / "docs" / "indicators.md"


def _berlin(name: str) -> pd.DataFrame:
    table = pd.read_csv(shared_data("berlin", name), dtype={"PLR_ID": str})
    return table.replace(-9999, float("nan"))


def _columns() -> list[str]:
    return [c for name in FILES for c in _berlin(name).columns if INDICATOR.match(c)]


def test_every_berlin_indicator_column_has_an_entry_with_definition_and_source():
    cat = load_catalogue().set_index("key")
    columns = _columns()
    assert len(columns) == 8 + 17  # S1-S4, D1-D4 and K 01-17
    missing = {c for c in columns if c not in cat.index}
    assert missing == NOT_FOUND
    for key in sorted(set(columns) - NOT_FOUND):
        entry = cat.loc[key]
        assert len(entry["definition_de"]) > 40 and len(entry["definition_en"]) > 40, key
        assert "https://" in entry["references"], key
        assert entry["numerator"] and entry["denominator"] and entry["unit"], key


def test_what_is_not_found_is_named_in_the_docs():
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("**Not in the catalogue**", 1)[1].split("\n## ", 1)[0]
    assert all(f"`{key}`" in section for key in NOT_FOUND)


def test_no_share_in_the_files_leaves_0_to_100():
    cat = load_catalogue().set_index("key")
    for name in FILES:
        table = _berlin(name)
        shares = [c for c in table.columns if c in cat.index and cat.loc[c, "unit"] == "%"]
        assert {"S1", "KI_01", "KI_17"} & set(shares)
        for column in shares:
            assert table[column].dropna().between(0, 100).all(), column
        changes = [c for c in table.columns if c in cat.index
                   and cat.loc[c, "unit"] == "percentage points"]  # fmt: skip
        assert any(table[c].dropna().lt(0).any() for c in changes)  # a change, not a share


def test_k10_is_the_wohnatlas_share_of_five_years_at_one_address():
    """The Wohnatlas gives 65.61 % for Berlin on 31.12.2020; K 10 weighted by residents too."""
    table = _berlin("mss_2021_kontext_indikatoren.csv").dropna(subset=["KI_10"])
    berlin = (table["KI_10"] * table["EW"]).sum() / table["EW"].sum()
    assert abs(berlin - 65.61) < 0.05


def test_k17_is_a_share_of_foreign_nationals_not_of_residents():
    """Non-EU foreigners per 100 foreigners (MSS 2019 wording), not per 100 residents."""
    table = _berlin("mss_2021_kontext_indikatoren.csv").dropna(subset=["KI_16", "KI_17"])
    # As a share of residents K 17 could not exceed K 16 (foreigners among residents); as a
    # share of foreigners it does in most areas, as the MSS 2019 wording says.
    assert (table["KI_17"] > table["KI_16"]).mean() > 0.9
