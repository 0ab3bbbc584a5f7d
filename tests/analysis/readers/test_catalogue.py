"""Indicator catalogue: built-in entries, planner additions and overrides, validation."""

import json

import pandas as pd
import pytest

from analysis.readers.catalogue import (
    CATALOGUE_COLUMNS,
    DOMAINS,
    CatalogueError,
    direction_sign,
    load_catalogue,
)

BUILTIN = [
    "sgb2_quote", "nef_u15", "arbeitslose", "altersarmut", "alleinerziehende", "jugendquotient",
    "altenquotient", "aging_index", "greying_index", "bevoelkerungsdichte",
    "S1", "S2", "S3", "S4", "D1", "D2", "D3", "D4", "erwerbsminderung", "aufstocker",
    "langzeitarbeitslose",
    "uebergewicht_seu", "sprachentwicklung_seu", "vorzeitige_sterblichkeit", "schwerbehinderung",
    "nahversorgung", "oepnv_anbindung",
]  # fmt: skip
#: Berlin MSS 2021 context indicators whose 2021 definition was found (docs/indicators.md);
#: K 01–07, 10, 16 and 17 stay out until their official definitions are at hand.
MSS_CONTEXT = ["KI_08", "KI_09", "KI_11", "KI_12", "KI_13", "KI_14", "KI_15"]
#: … and those whose wording comes from an earlier edition or a sister publication (each says so).
MSS_EARLIER = ["KI_01", "KI_03", "KI_04", "KI_16", "KI_06", "KI_17", "KI_10"]


def test_builtin_catalogue_is_complete_and_valid():
    cat = load_catalogue()
    assert list(cat.columns) == CATALOGUE_COLUMNS
    assert cat["key"].tolist() == BUILTIN + MSS_CONTEXT + MSS_EARLIER
    assert set(cat["domain"]) <= set(DOMAINS)
    assert set(cat["unit"]) == {"%", "per 100", "per km²", "per 100,000", "% per year",
                                "rooms per resident", "m² per resident",
                                "percentage points"}  # fmt: skip
    assert cat.set_index("key").loc["S4", "name_de"] == "MSS S4 Kinderarmut"
    assert cat.set_index("key").loc["sgb2_quote", "sdg"] == 1
    assert cat["definition_en"].str.len().gt(10).all()
    assert (cat["source"] == "builtin").all()


def test_planner_entries_from_list_json_and_csv(tmp_path):
    own = {
        "key": "spielflaeche", "name": {"de": "Spielfläche je Kind"}, "unit": "m²",
        "direction": "lower_is_more_need", "domain": "wohnen", "sdg": 11,
    }  # fmt: skip
    override = {"key": "S1", "name": "Arbeitslose (eigene Definition)", "unit": "%",
                "direction": "higher_is_more_need", "domain": "erwerb"}  # fmt: skip
    cat = load_catalogue([own, override]).set_index("key")
    assert cat.loc["spielflaeche", "name_en"] == "Spielfläche je Kind"
    assert cat.loc["S1", "name_de"] == "Arbeitslose (eigene Definition)"
    assert cat.loc["S1", "source"] == "planner"
    assert len(cat) == len(BUILTIN) + len(MSS_CONTEXT) + len(MSS_EARLIER) + 1

    path = tmp_path / "own.json"
    path.write_text(json.dumps([own]), encoding="utf-8")
    assert "spielflaeche" in load_catalogue(path)["key"].tolist()

    csv = tmp_path / "own.csv"
    csv.write_text(
        "key;name_de;unit;direction;domain;sdg\nu3_betreuung;U3-Betreuung;%;"
        "lower_is_more_need;bildung;4\n",
        encoding="utf-8",
    )
    row = load_catalogue(csv).set_index("key").loc["u3_betreuung"]
    assert row["direction"] == "lower_is_more_need" and row["sdg"] == 4


def test_invalid_entries_are_refused_with_the_indicator_named():
    base = {"key": "x1", "name": "X", "unit": "%", "direction": "higher_is_more_need",
            "domain": "armut"}  # fmt: skip
    with pytest.raises(CatalogueError, match="'x1' has direction 'up'"):
        load_catalogue([{**base, "direction": "up"}])
    with pytest.raises(CatalogueError, match="'x1' lacks the required field.*unit"):
        load_catalogue([{k: v for k, v in base.items() if k != "unit"}])
    with pytest.raises(CatalogueError, match="domain 'sport'"):
        load_catalogue([{**base, "domain": "sport"}])
    with pytest.raises(CatalogueError, match="defined twice"):
        load_catalogue([base, base])
    assert issubclass(CatalogueError, ValueError)


def test_direction_sign():
    cat = load_catalogue(
        [
            {
                "key": "gruen",
                "name": "Grünfläche",
                "unit": "%",
                "direction": "lower_is_more_need",
                "domain": "wohnen",
            }
        ]  # fmt: skip
    )
    assert direction_sign(cat, ["S1", "gruen"]) == {"S1": 1, "gruen": -1}
    with pytest.raises(CatalogueError, match="no indicator 'nope'"):
        direction_sign(cat, ["nope"])


def test_every_domain_of_the_nrw_practice_has_entries_with_its_sdg():
    cat = load_catalogue()
    sdg = {"armut": 1, "bildung": 4, "demografie": 11, "erwerb": 8, "gesundheit": 3, "wohnen": 11}
    for domain, goal in sdg.items():
        entries = cat[cat["domain"] == domain]
        assert len(entries) >= 2, domain
        assert set(entries["sdg"]) == {goal}, domain
    reach = cat.set_index("key").loc[["nahversorgung", "oepnv_anbindung"], "direction"]
    assert set(reach) == {"lower_is_more_need"}  # more residents near a shop or stop: less need


def test_mss_2021_context_entries_name_their_sources_and_no_direction():
    cat = load_catalogue().set_index("key").loc[MSS_CONTEXT]
    # Every entry says where its definition comes from (the Indikatorenheft of MSS 2021) …
    assert cat["references"].str.contains("mss_2021_indikatorenheft").all()
    assert cat["definition_de"].str.startswith("Berlin MSS 2021:").all()
    assert (cat["numerator"] != "").all() and (cat["denominator"] != "").all()
    # … and the MSS defines no "more need" side for them: a planner confirms one.
    assert cat["direction"].isna().all()
    assert cat.loc["KI_11", "reference_date"] == "31.12.2018 bis 31.12.2020 (Durchschnitt je Jahr)"
    assert cat.loc["KI_09", "reference_date"] == "31.12.2020"
    assert cat.loc["KI_15", "unit"] == "m² per resident"
    with pytest.raises(CatalogueError, match="no direction for 'KI_09'"):
        direction_sign(load_catalogue(), ["S1", "KI_09"])


def test_an_entry_may_leave_its_direction_open_but_not_invent_one():
    base = {"key": "x1", "name": "X", "unit": "%", "domain": "armut"}
    row = load_catalogue([{**base, "references": "Sozialbericht 2024, S. 12"}])
    entry = row.set_index("key").loc["x1"]
    assert pd.isna(entry["direction"]) and entry["references"] == "Sozialbericht 2024, S. 12"
    assert entry["definition_de"] == ""  # not the text "None"
    with pytest.raises(CatalogueError, match="direction 'mehr'"):
        load_catalogue([{**base, "direction": "mehr"}])
