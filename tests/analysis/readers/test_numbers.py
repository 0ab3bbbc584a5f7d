"""German numbers decided per column: separators, %, footnotes, Destatis symbols, bad cells."""

from __future__ import annotations

import pytest

from analysis.readers.errors import N_, InputFileError, Message
from analysis.readers.numbers import file_decimal, is_value, read_numbers
from analysis.readers.problems import CellProblem
from analysis.readers.symbols import DESTATIS_SYMBOLS, SYMBOL_VALUES
from tests.support.german_tables import table_of

NAN = None


@pytest.fixture(scope="module")
def zahlen():
    table = table_of("zahlen.csv")
    decimal = file_decimal(table.column(name) for name in table.header[1:])
    assert decimal == ","  # Punkt, Prozent, Fussnoten and Gemischt show decimal commas

    def read(name):
        return read_numbers(table.column(name), column=name, rows=table.lines, decimal=decimal)

    return read


def test_thousands_separated_by_space_no_break_and_narrow_no_break_space(zahlen):
    column = zahlen("Leerzeichen")  # 1 499 (no-break), 12 345 (narrow no-break), 1 000 000
    assert column.values == [1499.0, 12345.0, 987.0, 1000000.0, 2222.0, 5555.0]
    assert column.format.thousands == (" ", "\u00a0", "\u202f")
    assert column.problems == []


def test_dots_between_thousands_beside_a_decimal_comma(zahlen):
    column = zahlen("Punkt")  # 1.748, 2.001, 10.000.000, 3,5, 999, 4.321
    assert column.values == [1748.0, 2001.0, 10000000.0, 3.5, 999.0, 4321.0]
    assert (column.format.decimal, column.format.thousands) == (",", (".",))
    assert column.format.decided_by == "cells"


def test_percent_signs_are_counted_and_the_number_kept(zahlen):
    column = zahlen("Prozent")  # 43,00%  7,5 %  100%  0,25 %  12 %  1 %
    assert column.values == [43.0, 7.5, 100.0, 0.25, 12.0, 1.0]
    assert column.counts["percent"] == 6


def test_footnote_markers_and_brackets(zahlen):
    column = zahlen("Fussnoten")  # 123¹  12 a  12*  (8,1)  7 1)  9
    assert column.values == [123.0, 12.0, 12.0, 8.1, 7.0, 9.0]
    assert column.counts["footnote"] == 4
    assert column.counts["limited"] == 1  # Destatis: ( ) limited reliability


def test_destatis_symbols_nothing_is_zero_the_others_missing(zahlen):
    column = zahlen("Zeichen")  # –  .  x  /  …  ...
    assert column.values == [0.0, NAN, NAN, NAN, NAN, NAN]
    assert {k: column.counts[k] for k in SYMBOL_VALUES} == {
        "nothing": 1, "unknown": 1, "not_applicable": 1, "uncertain": 1, "later": 2,
    }  # fmt: skip
    assert column.read == 1 and column.problems == []


def test_sentinels_whatever_their_format(zahlen):
    column = zahlen("Sentinel")  # -9999, 17, -9.999 (German thousands dot), 3, 5, -9999
    assert column.values == [NAN, 17.0, NAN, 3.0, 5.0, NAN]
    assert column.counts["sentinel"] == 3
    assert column.format.decided_by == "file"  # -9.999 alone could be either


def test_one_bad_cell_is_reported_and_left_empty_the_column_is_read(zahlen):
    column = zahlen("Gemischt")  # 4,2  viel  1.748  (empty)  2,5  3.5
    assert column.values == [4.2, NAN, 1748.0, NAN, 2.5, NAN]
    assert [(p.row, p.column, p.text, str(p.why)) for p in column.problems] == [
        (3, "Gemischt", "viel", "'viel' is not a number."),
        (7, "Gemischt", "3.5", "'3.5' does not fit this column, where a comma is the decimal "
                               "mark and dots separate thousands."),
    ]  # fmt: skip
    assert column.counts["empty"] == 1 and column.counts["problem"] == 2


@pytest.mark.parametrize(
    ("texts", "values", "decimal"),
    [
        (["1.748", "4,2"], [1748.0, 4.2], ","),  # a decimal comma elsewhere: dots are thousands
        (["1.748", "2.5"], [1.748, 2.5], "."),  # 2.5 shows a decimal point
        (["1,234", "2.5"], [1234.0, 2.5], "."),  # English thousands comma
        (["1.234,5", "7"], [1234.5, 7.0], ","),
        (["12", "7"], [12.0, 7.0], ","),
    ],
)
def test_the_column_decides_what_dots_and_commas_mean(texts, values, decimal):
    column = read_numbers(texts)
    assert column.values == values
    assert column.format.decimal == decimal


def test_a_column_its_cells_leave_open_follows_the_file_else_german():
    assert read_numbers(["1.748", "2.001"], decimal=".").values == [1.748, 2.001]
    column = read_numbers(["1.748", "2.001"])
    assert column.values == [1748.0, 2001.0]
    assert column.format.decided_by == "default"


def test_the_same_cell_reads_differently_in_two_columns():
    # Berlin-style 5-decimal values make "2.785" a decimal; German counts make it 2785.
    assert read_numbers(["4.22594", "2.785"]).values == [4.22594, 2.785]
    assert read_numbers(["1.204", "2.785", "12,5"]).values == [1204.0, 2785.0, 12.5]


def test_typeset_minus_signs():
    assert read_numbers(["\u22121,5", "–2,5", "-0,5", "+3,0"]).values == [-1.5, -2.5, -0.5, 3.0]


def test_symbols_values_and_sentinels_are_configurable():
    town = {**DESTATIS_SYMBOLS, "-": "unknown"}  # a town that writes "-" for "no value"
    assert read_numbers(["-", "–", "3"], symbols=town).values == [NAN, 0.0, 3.0]
    zero = {**SYMBOL_VALUES, "not_applicable": 0.0}
    assert read_numbers(["x", "3"], values=zero).values == [0.0, 3.0]
    assert read_numbers(["-1", "3"], sentinels=("-1",)).values == [NAN, 3.0]
    assert read_numbers(["-9999"], sentinels=()).values == [-9999.0]
    with pytest.raises(ValueError, match="no value"):
        read_numbers(["?"], symbols={"?": "secret"})


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="decimal"):
        read_numbers(["1"], decimal=";")
    with pytest.raises(ValueError, match="one row number per cell"):
        read_numbers(["1", "2"], rows=[1])


def test_a_problem_becomes_the_readers_error_with_file_row_and_column():
    problem = CellProblem(
        7, "EW", "viel", Message(N_("'%(text)s' is not a number."), {"text": "viel"})
    )
    error = problem.as_error("uploads/upload-1.csv")
    assert isinstance(error, InputFileError)
    german = {"'%(text)s' is not a number.": "'%(text)s' ist keine Zahl.",
              "file '%(file)s', row %(row)s, column '%(column)s': %(message)s":
              "Datei '%(file)s', Zeile %(row)s, Spalte '%(column)s': %(message)s"}  # fmt: skip
    text = error.describe(lambda t: german.get(t, t), file_name="werte.csv")
    assert text == "Datei 'werte.csv', Zeile 7, Spalte 'EW': 'viel' ist keine Zahl."


def test_file_decimal_needs_a_majority_of_clear_columns():
    assert file_decimal([["4,2"], ["3,5"], ["1.5"]]) == ","
    assert file_decimal([["4,2"], ["1.5"]]) is None  # a tie decides nothing
    assert file_decimal([["1.748", "2.001"], ["12"]]) is None  # nothing clear


def test_is_value():
    assert [is_value(t) for t in ("1 499", "12¹", "(8,1)", "…", "", "Altstadt", "0-6 Jahre")] == [
        True, True, True, True, False, False, False,
    ]  # fmt: skip


def test_a_number_too_large_to_store_and_a_long_cell_are_reported_briefly():
    column = read_numbers(["1" * 400, "viel " * 30, "5"])
    assert column.values == [NAN, NAN, 5.0]
    assert [str(p.why) for p in column.problems] == [
        f"'{'1' * 39}…' is too large a number.",
        f"'{('viel ' * 8)[:39]}…' is not a number.",
    ]
    assert column.problems[1].text == ("viel " * 30).strip()  # the cell itself is kept whole
