"""The round table's conclusion for one area as report page(s): questions, need verdicts, notes.

A record is a plain mapping as in the XLSX sheet of round tables: the five questions NRW round
tables work through (:data:`QUESTION_KEYS`), ``overall_need`` and ``overall_note``, and per theme
``need_<slug>`` and ``note_<slug>``. Verdicts are ``confirmed``, ``not_confirmed`` or ``unclear``.
Long texts are cut with a note that the XLSX export holds them in full.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis.figures.style import FONT, plain_text
from analysis.texts import RoundTableTexts

__all__ = ["A4", "QUESTION_KEYS", "has_content", "round_table_lines", "write_pages"]

A4 = (8.27, 11.69)
#: The record's fields of the five questions NRW round tables work through (DOMAIN.md §1).
QUESTION_KEYS = (
    "matches_statistics",
    "target_groups",
    "existing_offers",
    "missing",
    "contributors",
)
WIDTH = 110  # characters per line at 8 pt
ANSWER_LINES, NOTE_LINES, MAX_PAGES = 12, 4, 2
_LINE, _TOP, _BOTTOM = 0.0125, 0.90, 0.06
CUT = "[…]"


def _text(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value).strip()
    return "" if text in ("None", "nan", "<NA>") else text


def _wrapped(text: str, limit: int, indent: str = "  ") -> tuple[list[str], bool]:
    """Paragraph-preserving wrap, cut after ``limit`` lines (marked with […])."""
    lines = [
        indent + line
        for para in text.splitlines()
        for line in (textwrap.wrap(" ".join(para.split()), WIDTH) or [""])
    ]
    while lines and not lines[-1].strip():
        lines.pop()
    if len(lines) <= limit:
        return lines, False
    return [*lines[: limit - 1], lines[limit - 1] + " " + CUT], True


def has_content(record: Mapping[str, Any] | None) -> bool:
    """Whether a record holds any answer, verdict or note worth a report page."""
    if not record:
        return False
    keys = [*QUESTION_KEYS, "overall_need", "overall_note"]
    keys += [k for k in record if str(k).startswith(("need_", "note_"))]
    return any(_text(record, k) for k in keys)


def round_table_lines(
    record: Mapping[str, Any], titles: Mapping[str, str], words: RoundTableTexts
) -> tuple[list[tuple[str, str]], bool]:
    """(text, style) lines of one record and whether a text was cut.

    Styles: ``heading`` (bold, larger), ``label`` (bold), ``text``, ``empty`` (italic).
    ``titles`` maps theme slugs to titles in instrument order.

    Examples
    --------
    >>> lines, cut = round_table_lines({"missing": "Ein Jugendtreff"}, {}, RoundTableTexts())
    >>> lines[7], lines[8], cut
    (('What, concretely, is missing?', 'label'), ('  Ein Jugendtreff', 'text'), False)
    """
    lines: list[tuple[str, str]] = [(words.questions_heading, "heading")]
    cut = False
    for key in QUESTION_KEYS:
        lines.append((words.questions[key], "label"))
        answer = _text(record, key)
        if not answer:
            lines.append(("  " + words.no_answer, "empty"))
            continue
        wrapped, was_cut = _wrapped(answer, ANSWER_LINES)
        lines.extend((line, "text") for line in wrapped)
        cut |= was_cut
    lines += [("", "text"), (words.overall, "heading")]
    verdict = _text(record, "overall_need")
    lines.append((words.verdicts.get(verdict, verdict) or words.no_verdict, "label"))
    note, was_cut = _wrapped(_text(record, "overall_note"), NOTE_LINES)
    lines.extend((line, "text") for line in note)
    cut |= was_cut
    themes = [
        (title, _text(record, f"need_{slug}"), _text(record, f"note_{slug}"))
        for slug, title in titles.items()
    ]
    themes = [t for t in themes if t[1] or t[2]]
    if themes:
        lines += [("", "text"), (words.by_theme, "heading")]
    for title, need, text in themes:
        lines.append((f"{title}: {words.verdicts.get(need, need) or words.no_verdict}", "label"))
        note, was_cut = _wrapped(text, NOTE_LINES)
        lines.extend((line, "text") for line in note)
        cut |= was_cut
    return lines, cut


_STYLES = {
    "heading": {"fontweight": "bold", "fontsize": 10},
    "label": {"fontweight": "bold"},
    "empty": {"style": "italic", "color": "0.4"},
}


@plain_text
def write_pages(
    pdf: PdfPages,
    heading: str,
    record: Mapping[str, Any],
    titles: Mapping[str, str],
    foot: str,
    words: RoundTableTexts,
    sheet: str,
) -> int:
    """Add the record's page(s) (at most :data:`MAX_PAGES`) to ``pdf``; returns pages written.

    ``sheet`` is the name of the workbook's sheet that holds the records in full.
    """
    lines, cut = round_table_lines(record, titles, words)
    per_page = int((_TOP - _BOTTOM) / _LINE)
    if len(lines) > per_page * MAX_PAGES:
        lines = [*lines[: per_page * MAX_PAGES - 1], (words.more_cut, "empty")]
        cut = True
    if cut:
        lines.append((words.cut_note.format(sheet=sheet), "empty"))
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    when = _text(record, "updated_at")
    for number, chunk in enumerate(pages, 1):
        fig = Figure(figsize=A4)
        title = words.page_title.format(area=heading)
        if number > 1:
            title = words.continued.format(title=title, n=number)
        fig.text(0.06, 0.965, title, fontsize=15, fontweight="bold", fontfamily=FONT, va="top")
        sub = words.saved.format(result=words.result, when=when) if when else words.result
        fig.text(0.06, 0.935, sub, fontsize=10, fontfamily=FONT, va="top")
        for i, (text, style) in enumerate(chunk):
            style_options = {"fontsize": 8, **_STYLES.get(style, {})}
            fig.text(0.06, _TOP - i * _LINE, text, fontfamily=FONT, va="top", **style_options)
        fig.text(0.06, 0.025, foot, fontsize=6.5, fontfamily=FONT, color="0.35")
        pdf.savefig(fig)
    return len(pages)
