"""The office tables speak the reader's language: headers, words for categories, rounded
numbers by one rule table, codes kept as text, formulas neutralised."""

import numpy as np
import pandas as pd
import pytest

from analysis.exports.office import RULES, column_header, office_table
from analysis.texts import Texts
from tests.support.texts import german_texts

DE, EN = german_texts(), Texts()
TITLES = {"play": "Spiel, Sport und Freizeit"}


def ratings() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "round": pd.Categorical(["2024", "2024"]),
            "area_code": ["01100101", "0002"],
            "role": ["resident", "expert"],
            "theme": ["play", "play"],
            "median": [3.25, np.nan],
            "share_low": [0.2349, np.nan],
            "suppressed": [False, True],
            "theme_title": ["Spiel, Sport und Freizeit"] * 2,
        }
    )


def test_numbers_are_rounded_by_the_one_rule_table():
    frame = pd.DataFrame(
        {
            "median": [3.25], "q1": [2.75], "resident_low": [3.04], "median_play": [4.55],
            "share_high": [0.675], "z_S1": [-1.23456], "index": [0.98765], "rho": [0.4567],
            "p_value": [0.012345], "value": [12.3456], "n": pd.array([12], dtype="Int64"),
        }
    )  # fmt: skip
    out = office_table(frame).frame.iloc[0]
    assert list(out) == pytest.approx(
        [3.2, 2.8, 3.0, 4.6, 68, -1.23, 0.99, 0.46, 0.012, 12.3456, 12], abs=1e-9
    )
    assert str(office_table(frame).frame["High ratings (%)"].dtype) == "Int64"
    assert [pattern for pattern, _ in RULES].count("role") == 1  # one rule per key


def test_categories_and_headers_in_german_and_english():
    german, english = office_table(ratings(), DE, TITLES), office_table(ratings(), EN, TITLES)
    assert list(german.frame.columns) == [
        "Runde", "Gebietskennung", "Gruppe", "Thema", "Median", "Niedrige Bewertungen (%)",
        "Ausgeblendet (weniger als k)",
    ]  # fmt: skip
    assert list(english.frame.columns) == [
        "Round", "Area code", "Group", "Theme", "Median", "Low ratings (%)",
        "Hidden (fewer than k)",
    ]  # fmt: skip
    assert german.frame["Gruppe"].tolist() == ["Bewohner:innen", "Fachleute"]
    assert english.frame["Group"].tolist() == ["Residents", "Professionals"]
    assert german.frame["Thema"].tolist() == ["Spiel, Sport und Freizeit"] * 2
    assert german.frame["Ausgeblendet (weniger als k)"].tolist() == ["nein", "ja"]
    assert english.frame["Hidden (fewer than k)"].tolist() == ["no", "yes"]
    assert german.keys == ["round", "area_code", "role", "theme", "median", "share_low",
                           "suppressed"]  # fmt: skip
    assert german.code_columns == ["Runde", "Gebietskennung"]
    assert german.frame["Gebietskennung"].tolist() == ["01100101", "0002"]


def test_validation_words_and_verdicts_are_translated():
    frame = pd.DataFrame(
        {
            "category": ["hidden", "unclear"], "reason": ["", "too_few_answers"],
            "overall_need": ["confirmed", ""], "need_play": ["not_confirmed", "unclear"],
            "kind": ["good", "improve"], "p_method": ["exact", "permutation"],
            "category_thresholds_up": ["resource", "confirmed"],
        }
    )  # fmt: skip
    german = office_table(frame, DE, TITLES).frame
    assert german.to_dict("list") == {
        "Kategorie": ["verdeckt", "unklar"],
        "Grund": ["", "zu wenige Antworten"],
        "Bedarf insgesamt": ["Bedarf bestätigt", ""],
        "Bedarf: Spiel, Sport und Freizeit": ["Bedarf nicht bestätigt", "Unklar"],
        "Art": ["Was ist gut", "Was könnte besser sein"],
        "Methode des p-Werts": ["exakt", "Permutation"],
        "Kategorie (Schwellen höher)": ["Ressource", "bestätigt"],
    }


def test_headers_of_named_columns_and_unknown_keys():
    assert column_header("z_S1", DE, {}) == "z-Wert S1"
    assert column_header("median_play", DE, TITLES) == "Median: Spiel, Sport und Freizeit"
    assert column_header("class_other_ddof", DE, {}) == "Klasse (andere Standardabweichung)"
    assert column_header("missing", DE, {}) == "Was fehlt konkret?"
    assert column_header("sozialraum_x", DE, {}) == "sozialraum_x"  # unknown: the key itself
    table = office_table(pd.DataFrame([[1, 2]], columns=["year", "Jahr"]), DE)
    assert list(table.frame.columns) == ["Jahr", "Jahr (Jahr)"]  # never two equal headers
