"""The real public data in ``shared/data/`` (Berlin MSS 2021, Köln 2005-2012), found from here.

The folder ``shared/`` lies beside the repository (``../shared``), found relative to this
file, never by a machine's absolute path; a test that needs it fails – never skips – when it is
missing (:func:`shared_data` raises).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd

from analysis.readers.indicators import read_table

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """The path of ``shared/data/<parts>`` beside the repository; FileNotFoundError if absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: the tests need the public data beside the "
                                "repository (../shared/data).")  # fmt: skip
    return path


@cache
def berlin_mss() -> pd.DataFrame:
    """Berlin MSS 2021 index indicators: 542 Planungsräume, S1/S3/S4, D1/D3/D4, EW, BEZ_ID."""
    return read_table(shared_data("berlin", "mss_2021_index_indikatoren.csv"), id_column="PLR_ID")


@cache
def berlin_indices() -> pd.DataFrame:
    """Berlin's published classes per Planungsraum: SI_N, DI_N (1/3/5), SDI, SDI_N."""
    return read_table(shared_data("berlin", "mss_2021_indizes.csv"), id_column="PLR_ID")


@cache
def koeln_population() -> pd.DataFrame:
    """Köln 2005-2012 as a long frame: ``EW``, ``unter 6`` (counts), ``Anteil unter 6`` (%).

    One row per ``raum_id`` (as ``area_code``), indicator and year, with ``level``
    (``stadt`` for 000, ``bezirk`` for 001-009, ``stadtteil`` for the 86 others) and
    ``bezirk`` (the first digit of a Stadtteil's code, ``00<digit>`` as the Bezirk rows).
    """
    raw = pd.read_csv(
        shared_data("koeln", "bevoelkerung_2005_2012.csv"),
        dtype={"raum_id": "str", "tab_id": "str"},
    )
    total = raw[(raw["tabelle"] == "Einwohner in Köln") & (raw["zeile"] == "Einwohner")]
    young = raw[
        (raw["tabelle"] == "Einwohner nach Alter") & raw["zeile"].isin(["00 - < 03", "03 - < 06"])
    ]
    keys = ["raum_id", "jahr"]
    ew = total.groupby(keys)["zahl"].sum()
    under6 = young.groupby(keys)["zahl"].sum()
    parts = {"EW": ew, "unter 6": under6, "Anteil unter 6": 100 * under6 / ew}
    frames = [s.rename("value").reset_index().assign(indicator=name) for name, s in parts.items()]
    long = pd.concat(frames, ignore_index=True).rename(
        columns={"raum_id": "area_code", "jahr": "year"}
    )
    code = long["area_code"]
    long["level"] = code.map(
        lambda c: "stadt" if c == "000" else "bezirk" if c.startswith("00") else "stadtteil"
    )
    long["bezirk"] = "00" + code.str[0]
    return long[["area_code", "indicator", "year", "value", "level", "bezirk"]]


#: Berlin's 58 Prognoseräume (LOR 2021) in shared/data/berlin.
LOR = "lor_prognoseraeume_2021_epsg25833.geojson"
#: The status indicators of Berlin's MSS 2021.
SHARES = ["S1", "S3", "S4"]
