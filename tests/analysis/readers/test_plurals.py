"""Counts in the readers' messages choose their words by the number: a plural-aware
translation (ngettext) is passed in by the caller; without one, English rules apply."""

import pytest

from analysis.readers.codes import match_codes
from analysis.readers.errors import InputFileError, Message, Nn_
from analysis.readers.indicator_file import read_indicator_file
from analysis.readers.tables import read_cells

FORMS = Nn_("%(count)s cell is empty.", "%(count)s cells are empty.")


def test_a_counted_message_follows_its_number_in_english():
    assert Message.counted(FORMS, {"count": 1}).render() == "1 cell is empty."
    assert Message.counted(FORMS, {"count": 0}).render() == "0 cells are empty."
    assert Message.counted(FORMS, {"count": 2000}).render(number="{:,}".format) == (
        "2,000 cells are empty."
    )


def test_the_callers_ngettext_chooses_the_form():
    asked = []

    def ngettext(singular, plural, n):
        asked.append((singular, plural, n))
        return "%(count)s Zelle ist leer." if n == 1 else "%(count)s Zellen sind leer."

    assert Message.counted(FORMS, {"count": 1}).render(plural=ngettext) == "1 Zelle ist leer."
    assert Message.counted(FORMS, {"count": 4}).render(plural=ngettext) == "4 Zellen sind leer."
    assert asked == [(*FORMS, 1), (*FORMS, 4)]


def test_a_counted_message_crosses_the_worker_boundary_whole():
    message = Message.counted(FORMS, {"count": 1, "k": 1}, count="k")
    again = Message.from_plain(message.to_plain())
    assert again == message and again.render() == "1 cell is empty."
    assert Message.from_plain(Message("plain").to_plain()) == Message("plain")


def test_more_problems_are_counted():
    one = InputFileError("x.csv", "bad.", row=2, more=1)
    two = InputFileError("x.csv", "bad.", row=2, more=2)
    assert str(one) == "file 'x.csv', row 2: bad. (and 1 more problem)"
    assert str(two) == "file 'x.csv', row 2: bad. (and 2 more problems)"


def test_code_summaries_and_text_columns_count_right(tmp_path):
    single = match_codes(["1 a"], {"1 a": "Altstadt"}).summary().render()
    assert single == "1 of 1 code matches areas of this Kommune as it is."
    both = match_codes(["1 a", "9"], {"1 a": "Altstadt"}).summary().render()
    assert both == "1 of 2 codes match areas of this Kommune as they are."
    path = tmp_path / "t.csv"
    path.write_text("Gebiet;SGB2;Notiz\n1 a;1,5;viel\n1 b;2,5;\n", encoding="utf-8")
    notes = {c.column: c for c in read_indicator_file(path, key_column="Gebiet").columns}
    assert notes["Notiz"].reason.render() == "text: 1 of 1 cells is not a number (such as 'viel')"


def test_a_raised_error_counts_too_and_keeps_its_forms_across_the_boundary(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("Gebiet\n1 a\n1 b;9\n", encoding="utf-8")
    with pytest.raises(InputFileError) as raised:
        read_cells(path)
    copy = InputFileError.from_plain(raised.value.to_plain())
    assert str(copy) == "file 'one.csv', row 3: expected 1 field like the header line but found 2."
