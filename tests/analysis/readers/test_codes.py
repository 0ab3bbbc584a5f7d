"""Codes that differ only by form, names, rows that are not areas, and crosswalks."""

from __future__ import annotations

import pytest

from analysis.readers.codes import match_codes, name_key, propose_rule
from analysis.readers.crosswalks import Crosswalk, match_crosswalk, read_crosswalk
from analysis.readers.sheet import find_table
from tests.support.german_tables import table_of
from tests.support.texts import german_catalogue

STUTTGART = {"STGT01": "Mitte", "STGT02": "Nord", "STGT03": "Ost", "STGT12": "Süd"}


def _not_areas(match):
    return [(n.code, str(n.why)) for n in match.not_areas]


@pytest.mark.parametrize(
    ("codes", "areas", "rule", "links"),
    [
        (["0930", "0920"], {"0930": "", "0920": ""}, "exact", {"0930": "0930", "0920": "0920"}),
        (["0930", "0920"], {"930": "", "920": ""}, "padding", {"0930": "930", "0920": "920"}),
        (["1100101"], {"01100101": ""}, "padding", {"1100101": "01100101"}),
        (["1A", "15_b"], {"1 a": "", "15 b": ""}, "padding", {"1A": "1 a", "15_b": "15 b"}),
        (["03", "12"], STUTTGART, "affix", {"03": "STGT03", "12": "STGT12"}),
        (["SR_3", "SR_12"], {"3": "", "12": ""}, "affix", {"SR_3": "3", "SR_12": "12"}),
        (["3", "12", "1"], STUTTGART, "digits", {"3": "STGT03", "12": "STGT12", "1": "STGT01"}),
    ],
)
def test_codes_that_differ_only_by_form(codes, areas, rule, links):
    match = match_codes(codes, areas, rule=rule)
    assert {code: area for code, (area,) in match.links.items()} == links
    assert match.unmatched == [] and match.not_areas == []


def test_each_rule_says_how_many_codes_match():
    match = match_codes(["3", "12", "99"], STUTTGART, rule="digits")
    assert str(match.summary()) == "2 of 3 codes match areas of this Kommune by their digits alone."
    assert match.unmatched == ["99"]
    assert match.missing == ["STGT01", "STGT02"]
    affix = match_codes(["03"], STUTTGART, rule="affix")
    assert (
        str(affix.summary()) == "1 of 1 code matches areas of this Kommune when 'STGT' is dropped."
    )


def test_names_match_across_case_umlauts_sz_hyphens_underscores_and_a_leading_number():
    areas = {"1": "Mülheim-Süd", "2": "Groß Buchholz", "3": "Altstadt/Nord", "4": "St. Georg"}
    table = ["MUELHEIM_SUED", "03 Groß-Buchholz", "altstadt nord", "Sankt Georg"]
    match = match_codes(table, areas, rule="name")
    assert match.links == {"MUELHEIM_SUED": ("1",), "03 Groß-Buchholz": ("2",),
                           "altstadt nord": ("3",)}  # fmt: skip
    assert match.unmatched == ["Sankt Georg"]  # a different word is not a different form
    assert name_key("Straße") == name_key("STRASSE") == "strasse"
    assert name_key("Café Müller") == "cafemueller"


def test_a_table_with_codes_and_names_can_be_matched_by_its_names():
    match = match_codes(["7", "8"], {"A": "Nordstadt", "B": "Südstadt"}, rule="name",
                        names=["Nordstadt", "Suedstadt"])  # fmt: skip
    assert match.links == {"7": ("A",), "8": ("B",)}


def test_a_code_that_fits_two_areas_is_ambiguous_and_not_matched():
    match = match_codes(["1", "2"], {"1 a": "", "1 b": "", "2": ""}, rule="digits")
    assert match.ambiguous == {"1": ("1 a", "1 b")}
    assert match.links == {"2": ("2",)}


def test_the_best_rule_is_proposed_first_with_the_others_behind_it():
    proposals = propose_rule(["3", "12", "1", "Gesamt"], STUTTGART,
                             names=["Ost", "Süd", "Mitte", "Stadt gesamt"])  # fmt: skip
    assert [(m.rule, m.matched) for m in proposals] == [
        ("affix", 3), ("digits", 3), ("name", 3), ("exact", 0), ("padding", 0)
    ]  # fmt: skip
    best = proposals[0]
    assert _not_areas(best) == [("Gesamt", "the total of the whole town")]
    assert best.missing == ["STGT02"]


def test_affix_is_not_proposed_when_there_is_no_affix():
    assert "affix" not in [m.rule for m in propose_rule(["1", "2"], {"1": "", "2": ""})]


def test_rows_that_are_not_areas_a_total_a_higher_level_and_a_name_on_two_levels():
    areas = {"101": "Altstadt", "102": "Neustadt", "201": "Porz", "202": "Urbach"}
    codes = ["000", "001", "101", "102", "201", "202", "002", "999", "X"]
    names = ["Stadt Köln", "Innenstadt", "Altstadt", "Neustadt", "Porz", "Urbach", "Porz-Bezirk",
             "Unbekannt", "Porz"]  # fmt: skip
    match = match_codes(codes, areas, names=names)
    assert match.matched == 4
    assert _not_areas(match) == [
        ("000", "the total of the whole town"),
        ("001", "a higher level: the codes of 2 matched rows begin with it"),
        ("002", "a higher level: the codes of 2 matched rows begin with it"),
        ("X", "its name is also the name of area '201' (another level)"),
    ]
    assert match.unmatched == ["999"]


def test_a_conflict_is_settled_when_all_but_one_code_are_not_areas():
    # By name, Köln's Bezirk Porz (007) and Stadtteil Porz (706) both fit the area Porz.
    areas = {"706": "Porz", "707": "Urbach", "708": "Zündorf"}
    names = ["Porz", "Porz", "Urbach", "Zündorf"]
    match = match_codes(["007", "706", "707", "708"], areas, rule="name", names=names)
    assert match.links == {"707": ("707",), "708": ("708",), "706": ("706",)}
    assert _not_areas(match) == [
        ("007", "a higher level: the codes of 2 matched rows begin with it")
    ]
    by_code = match_codes(["007", "706"], {"706": "Porz"}, names=["Porz", "Porz"])
    assert by_code.links == {"706": ("706",)}
    assert _not_areas(by_code) == [
        ("007", "its name is also the name of area '706' (another level)")
    ]
    by_name = match_codes(["007", "706"], {"706": "Porz"}, rule="name", names=["Porz", "Porz"])
    assert by_name.conflicts == {"706": ("007", "706")} and by_name.links == {}
    twice = match_codes(["A", "B"], {"1": "Porz"}, rule="name", names=["Porz", "Porz"])
    assert twice.conflicts == {"1": ("A", "B")} and twice.links == {}


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="rule must be one of"):
        match_codes(["1"], {"1": ""}, rule="fuzzy")
    with pytest.raises(ValueError, match="one name per code"):
        match_codes(["1"], {"1": ""}, names=[])


def test_a_crosswalk_file_with_several_codes_to_one_area_and_one_code_to_several():
    crosswalk = read_crosswalk(table_of("ortsteile_crosswalk.csv"))
    assert crosswalk.links == {"11": ("1",), "12": ("1",), "20": ("2", "3")}
    assert crosswalk.population == {("11", "1"): 300.0, ("12", "1"): 200.0,
                                    ("20", "2"): 150.0, ("20", "3"): 50.0}  # fmt: skip
    assert crosswalk.problems == []
    match = match_crosswalk(["11", "12", "20", "0"], {"1": "Nord", "2": "Süd", "3": "Ost"},
                            crosswalk, names=["a", "b", "c", "Gesamtstadt"])  # fmt: skip
    assert match.links == {"11": ("1",), "12": ("1",), "20": ("2", "3")}
    assert str(match.summary()) == (
        "3 of 4 codes match areas of this Kommune through the crosswalk."
    )
    assert _not_areas(match) == [("0", "the total of the whole town")]


def test_a_crosswalks_problems_are_reported_not_fatal():
    table = find_table([["von", "nach", "EW"], ["11", "1", "300"], ["", "1", "5"],
                        ["11", "1", "300"], ["12", "9", "viel"]])  # fmt: skip
    crosswalk = read_crosswalk(table)
    assert crosswalk.links == {"11": ("1",), "12": ("9",)}
    assert [(p.row, str(p.why)) for p in crosswalk.problems] == [
        (5, "'viel' is not a number."),
        (3, "the row has no table code or no area code."),
        (4, "the link from '11' to '1' is given again (row 2)."),
    ]
    match = match_crosswalk(["11", "12"], {"1": "Nord"}, crosswalk)
    assert [str(p) for p in match.problems] == [
        "the crosswalk sends '12' to '9', which is not an area of this Kommune."
    ]
    assert match.unmatched == ["12"]
    named = read_crosswalk(table, code_column="nach", area_column="von", population_column="")
    assert named.population == {} and named.links["1"] == ("11",)


def test_a_crosswalk_without_residents():
    assert Crosswalk({"1": ("A",)}).population == {}
    crosswalk = read_crosswalk(find_table([["Code", "Gebiet"], ["1", "A"], ["2", "A"]]))
    assert crosswalk.links == {"1": ("A",), "2": ("A",)} and crosswalk.population == {}


def test_the_summary_reads_in_german():
    catalogue = german_catalogue()
    match = match_codes(["03", "12", "Gesamt"], STUTTGART, rule="affix", names=["", "", "Gesamt"])
    assert match.summary().render(catalogue.gettext, plural=catalogue.ngettext) == (
        "2 von 3 Schlüsseln passen zu Gebieten dieser Kommune, wenn „STGT“ weggelassen wird."
    )
    one = match_codes(["03"], STUTTGART, rule="affix").summary()
    assert one.render(catalogue.gettext, plural=catalogue.ngettext) == (
        "1 von 1 Schlüssel passt zu Gebieten dieser Kommune, wenn „STGT“ weggelassen wird."
    )
    assert match.not_areas[0].why.render(catalogue.gettext) == "die Summe der ganzen Kommune"
