"""The parsing core on real tables: Köln's long table and Berlin's MSS 2021 (shared/data)."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pandas as pd
import pyogrio
import pytest

from analysis.readers.aggregate import aggregate, find_prefix, prefix_links
from analysis.readers.codes import match_codes, propose_rule
from analysis.readers.columns import report_columns
from analysis.readers.long import detect_long, read_long
from analysis.readers.sheet import find_table
from analysis.readers.wide import wide_values
from tests.support.data import shared_data
from tests.support.german_tables import rows_of

KOELN_CSV = ("koeln", "bevoelkerung_2005_2012.csv")
MSS_CSV = ("berlin", "mss_2021_index_indikatoren.csv")


@cache
def _koeln():
    rows = rows_of(shared_data(*KOELN_CSV), delimiter=",")
    table = find_table(rows, source="bevoelkerung_2005_2012.csv")
    return rows, table, read_long(table, detect_long(table, area_column="raum_id"))


@cache
def _koeln_stadtteile() -> dict[str, str]:
    path = f"/vsizip/{shared_data('koeln', 'stadtteile.zip')}"
    frame = pyogrio.read_dataframe(path, read_geometry=False)
    return dict(zip(frame["STT_NR"], frame["STT_NAME"], strict=True))


@cache
def _mss():
    table = find_table(rows_of(shared_data(*MSS_CSV), delimiter=","), source="mss.csv")
    return table, report_columns(table, key_column="PLR_ID", name_column="PLR_NAME")


def test_koeln_long_table_eight_years_ages_as_category():
    rows, table, long = _koeln()
    layout = long.layout
    assert (layout.area, layout.indicator, layout.year, layout.category, layout.value) == (
        "raum_id", "tabelle", "jahr", "zeile", "zahl",
    )  # fmt: skip
    assert layout.unused == ("id", "tab_id", "raum", "zei_id")
    assert table.skipped == [] and long.problems == []
    assert len(long.values) == len(rows) - 1 == 29135
    assert long.numbers.format.decimal == "."  # 1023101.0
    assert sorted(long.values["year"].unique()) == list(range(2005, 2013))
    assert long.values["area_code"].nunique() == 96
    ages = long.indicators[long.indicators["indicator"] == "Einwohner nach Alter"]
    assert len(ages) == 13 and ages["category"].iloc[0] == "00 - < 03"
    assert set(ages["years"]) == {tuple(range(2005, 2013))}
    assert len(long.indicators) == 38


@pytest.mark.parametrize(
    ("area", "key", "year", "value"),
    [
        ("000", "Einwohner_in_Koeln_Einwohner", 2005, 1023101.0),  # row 2 of the file
        ("000", "Einwohner_in_Koeln_Einwohner", 2012, 1044555.0),
        ("101", "Einwohner_in_Koeln_Einwohner", 2012, 27515.0),
        ("101", "Einwohner_nach_Alter_00_03", 2012, 521.0),
        ("706", "Einwohner_nach_Alter_75_und_aelter", 2012, 1394.0),
        ("007", "Einwohner_nach_Alter_75_und_aelter", 2012, 9789.0),
    ],
)
def test_koeln_values_are_the_source_cells(area, key, year, value):
    values = _koeln()[2].values
    found = values[
        (values["area_code"] == area) & (values["key"] == key) & (values["year"] == year)
    ]
    assert found["value"].tolist() == [value]


def test_koeln_every_value_equals_its_cell():
    rows, table, long = _koeln()
    cells = [float(rows[line - 1][8]) for line in long.values["row"]]
    np.testing.assert_array_equal(long.values["value"].to_numpy(), cells)


def test_koeln_codes_match_the_stadtteile_city_and_bezirk_rows_are_not_areas():
    rows, table, long = _koeln()
    stadtteile = _koeln_stadtteile()
    assert len(stadtteile) == 86
    names = table.column("raum")
    best = propose_rule(table.column("raum_id"), stadtteile, names=names)[0]
    assert (best.rule, str(best.summary())) == (
        "exact", "86 of 96 codes match areas of this Kommune as they are.",
    )  # fmt: skip
    assert best.unmatched == [] and best.missing == []
    said = {n.code: (n.name, str(n.why)) for n in best.not_areas}
    assert said["000"] == ("Stadt Köln", "the total of the whole town")
    assert said["007"] == ("Porz", "a higher level: the codes of 16 matched rows begin with it")
    assert sorted(said) == ["000", "001", "002", "003", "004", "005", "006", "007", "008", "009"]
    # They are what the rules say: each Bezirk row is the sum of its Stadtteile, 000 of all.
    ew = long.values[(long.values["key"] == "Einwohner_in_Koeln_Einwohner")
                     & (long.values["year"] == 2012)].set_index("area_code")["value"]  # fmt: skip
    parts = ew[list(stadtteile)]
    for bezirk in range(1, 10):
        assert ew[f"00{bezirk}"] == parts[parts.index.str[0] == str(bezirk)].sum()
    assert ew["000"] == parts.sum()


def test_koeln_by_names_porz_on_two_levels():
    table = _koeln()[1]
    match = match_codes(table.column("raum_id"), _koeln_stadtteile(), rule="name",
                        names=table.column("raum"))  # fmt: skip
    assert match.matched == 86
    assert match.links["706"] == ("706",)  # the Stadtteil Porz keeps its area
    said = {n.code: str(n.why) for n in match.not_areas}
    assert said["007"].startswith("a higher level")  # the Bezirk Porz, same name
    assert len(said) == 10


def test_berlin_mss_column_report():
    table, reports = _mss()
    by_name = {r.name: r for r in reports}
    names = ("ZEIT", "PLR_ID", "PLR_NAME", "BEZ_ID", "KOM", "S2")
    assert [(n, by_name[n].kind) for n in names] == [
        ("ZEIT", "year"), ("PLR_ID", "key"), ("PLR_NAME", "names"), ("BEZ_ID", "codes"),
        ("KOM", "text"), ("S2", "empty"),
    ]  # fmt: skip
    s1 = by_name["S1"]
    # 7 cells such as "2.785" have three decimals; the column's 5-decimal cells decide.
    assert s1.numbers.format.decimal == "." and s1.numbers.format.decided_by == "cells"
    assert (s1.key, s1.years, s1.values_read, s1.numbers.counts["sentinel"]) == (
        "S1",
        (2020,),
        536,
        6,
    )
    assert s1.numbers.values[0] == 4.22594  # 01100101, row 2
    ew = by_name["EW"]
    assert (ew.values_read, ew.numbers.counts["empty"], ew.problems) == (541, 1, [])
    indicators = [r for r in reports if r.kind == "indicator"]
    assert len(indicators) == 19  # EW, and S1, S3, S4, D1, D3, D4 with their two class columns
    assert all(not r.problems for r in indicators)


def test_berlin_planungsraeume_aggregate_to_the_58_prognoseraeume():
    table, reports = _mss()
    long = wide_values(table, reports)
    long = long[long["indicator"].isin(["EW", "S1", "S3", "S4"])]
    geojson = json.loads(shared_data("berlin", "lor_prognoseraeume_2021_epsg25833.geojson")
                         .read_text(encoding="utf-8"))  # fmt: skip
    prognoseraeume = {f["properties"]["PGR_ID"] for f in geojson["features"]}
    assert match_codes(long["area_code"], dict.fromkeys(prognoseraeume, "")).matched == 0
    assert find_prefix(long["area_code"], prognoseraeume) == (4, 542)
    result = aggregate(long, prefix_links(long["area_code"], 4), source="mss.csv",
                       shares=["S1", "S3", "S4"], weight="EW")  # fmt: skip
    wide = result.values.pivot(index="area_code", columns="indicator", values="value")
    assert set(wide.index) == prognoseraeume and len(wide) == 58

    mss = pd.DataFrame({name: table.column(name) for name in ("PLR_ID", "EW", "S1", "S3", "S4")})
    mss = mss.replace({"-9999": np.nan, "": np.nan}).astype({c: float for c in mss.columns[1:]})
    mss["PGR"] = mss["PLR_ID"].str[:4]
    ew = mss.groupby("PGR")["EW"].sum(min_count=1)
    gaps = mss.groupby("PGR")["EW"].apply(lambda s: s.isna().any())
    assert list(gaps[gaps].index) == ["0340"]  # 03400831 has no residents' figure
    np.testing.assert_allclose(wide["EW"].drop("0340"), ew.drop("0340"))
    assert pd.isna(wide.loc["0340", "EW"])
    for share in ("S1", "S3", "S4"):
        usable = mss[mss[share].notna() & (mss["EW"] > 0)]
        weighted = (usable[share] * usable["EW"]).groupby(usable["PGR"]).sum()
        expected = weighted / usable.groupby("PGR")["EW"].sum()
        np.testing.assert_allclose(wide[share], expected[wide.index])
    said = [str(p) for p in result.problems]
    assert said[0] == "EW of area '0340' in 2020 is left empty: no value for 03400831."
    assert (
        "S1 of area '1010' in 2020 is averaged without 10100205 (no value or no residents)." in said
    )
    assert len(said) == 1 + 3 * 6  # one count gap; six PLR without S1, S3, S4


def test_berlin_z_value_table_with_bom_semicolons_and_german_headers():
    path = shared_data("berlin", "mss_2021_index-indikatoren_z-werte_plr.csv")
    table = find_table(rows_of(path), source=path.name)
    assert table.header[:7] == ["PLR-ID", "PLR-Name", "EW 31.12.2020", "zS1", "zS3", "zS4",
                                "Statussumme"]  # fmt: skip
    assert ("Status-summe", "Statussumme") in table.renamed
    reports = {
        r.name: r for r in report_columns(table, key_column="PLR-ID", name_column="PLR-Name")
    }
    ew = reports["EW 31.12.2020"]
    assert (ew.key, ew.years, ew.year_rule) == ("EW", (2020,), "date")
    assert reports["zS1"].numbers.values[:2] == [-0.25, -1.30]
    assert reports["Zuordnung Klasse Status-Index"].kind == "text"
    assert len(table.rows) == 542
