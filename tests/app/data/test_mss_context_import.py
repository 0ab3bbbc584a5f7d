"""Berlin's MSS 2021 context indicators through the real import: every KI column the catalogue
knows gets its catalogue name, unit and definition, no confirmed direction, plausible values."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from analysis.readers.catalogue import load_catalogue
from analysis.readers.indicator_file import read_indicator_file
from app.core.extensions import db
from app.models import Indicator
from app.services import indicators
from tests.support.data import berlin_mss, shared_data
from tests.support.indicator_files import import_indicators
from tests.support.stored import _kommune

KONTEXT = ("berlin", "mss_2021_kontext_indikatoren.csv")


def _context_columns(found) -> list[str]:
    """The indicator columns themselves (KI_09), not their class columns (KI_09_SD_GR)."""
    return [c for c in found.header if c.startswith("KI_") and c.count("_") == 1]


def test_the_real_file_holds_what_the_definitions_promise():
    found = read_indicator_file(shared_data(*KONTEXT), key_column="PLR_ID")
    kinds = {line.column: line.kind for line in found.columns}
    wide = found.values.pivot(index="area_code", columns="indicator", values="value")
    values = wide.dropna(subset=["KI_09", "KI_11", "KI_12", "KI_13"])
    assert len(_context_columns(found)) == 17 and set(found.values["year"]) == {2020}
    # K 08, 14, 15 are published for the 447 old Planungsräume only: empty in the 542 file.
    assert {kinds[k] for k in ("KI_08", "KI_14", "KI_15")} == {"empty"}
    assert values["KI_09"].between(0, 100).all()  # a share of residents
    # Volume (in + out) is never smaller than the balance (in - out), both per 100 residents.
    assert (values["KI_11"] >= values["KI_12"].abs()).all() and values["KI_11"].min() > 0
    assert values["KI_13"].between(-100, 200).all()  # per 100 children under 6 and year
    assert len(values) == 536 and len(wide) == 542  # 6 Planungsräume too small to report


@pytest.mark.slow
def test_importing_the_real_file_maps_every_known_ki_column_to_its_catalogue_entry(app, tmp_path):
    mss = berlin_mss()
    areas = pd.DataFrame({"code": mss["PLR_ID"], "name": mss["PLR_NAME"],
                          "population": mss["EW"]})  # fmt: skip
    catalogue = load_catalogue().set_index("key")
    with app.test_request_context():
        berlin = _kommune("Berlin", areas)
        import_indicators(shared_data(*KONTEXT), "Berlin", "PLR_ID")
        stored = {i.key: i for i in db.session.scalars(
            select(Indicator).where(Indicator.kommune_id == berlin.id))}  # fmt: skip
        unconfirmed = indicators.unconfirmed_directions(berlin, stored)
    found = read_indicator_file(shared_data(*KONTEXT), key_column="PLR_ID")
    imported = [c for c in _context_columns(found) if c in stored]
    known = [c for c in imported if c in catalogue.index]
    # Every catalogue KI with values; K 02, 05 and 07 have no sourced definition (docs).
    assert known == ["KI_01", "KI_03", "KI_04", "KI_16", "KI_06", "KI_17", "KI_09", "KI_10",
                     "KI_11", "KI_12", "KI_13"]  # fmt: skip
    for key in known:
        entry, indicator = catalogue.loc[key], stored[key]
        assert indicator.name == {"de": entry["name_de"], "en": entry["name_en"]}
        assert indicator.unit == entry["unit"] and indicator.domain == entry["domain"]
        assert indicator.definition["de"] == entry["definition_de"]
        assert indicator.direction_confirmed is False  # the MSS names no "more need" side
    assert set(known) <= set(unconfirmed)
    assert stored["KI_11"].unit == "% per year" and stored["KI_09"].unit == "%"
    assert stored["KI_06"].unit == "percentage points" and stored["KI_17"].unit == "%"
    # A KI the catalogue does not define keeps its header and an unknown unit.
    assert stored["KI_02"].name == {"de": "KI_02", "en": "KI_02"} and stored["KI_02"].unit is None
