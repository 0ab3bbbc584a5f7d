"""One area's page of the report: name and index, compass, indicators and comments."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis.figures.compass import Compass
from analysis.figures.compass_png import draw_compass
from analysis.figures.style import FONT
from analysis.report.roundtable import A4
from analysis.texts import Texts

__all__ = ["AreaPage", "area_page"]

_LINE = 0.0125  # height of one 8-pt text line as a fraction of the A4 page
_TOP, _BOTTOM = 0.445, 0.05  # where the comments may go


@dataclass
class AreaPage:
    """What one area's page shows.

    Attributes
    ----------
    code, name : str
    compass : Compass, optional
        The area's compass (:func:`analysis.figures.compass.compass`; its lines' names are the
        legend, e.g. "Residents (n = 37)"); None leaves the place empty.
    indicators : DataFrame
        Ready-to-print table with headers in the reader's language; numbers are written in the
        reader's format.
    comments : DataFrame
        Columns ``theme``, ``kind`` ("good"/"improve"), ``text``; already filtered for small groups.
    index_value : float, optional
    index_class_label : str, optional
    round_table : mapping, optional
        The round table's record for the area (see :mod:`analysis.report.roundtable`); when it
        holds anything, one or two pages with the questions and need verdicts follow the area.
    """

    code: str
    name: str
    compass: Compass | None = None
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)
    comments: pd.DataFrame = field(default_factory=pd.DataFrame)
    index_value: float | None = None
    index_class_label: str | None = None
    round_table: Mapping[str, Any] | None = None


def _table_cells(frame: pd.DataFrame, texts: Texts) -> list[list[str]]:
    def cell(value: Any) -> str:
        if isinstance(value, float):
            return texts.number(value, 1)
        return "" if value is None or value is pd.NA else textwrap.fill(str(value), 24)

    return [[cell(v) for v in row] for row in frame.itertuples(index=False)]


def _column_widths(n_columns: int) -> list[float]:
    """The first column (indicator names) gets half the table width."""
    if n_columns == 1:
        return [1.0]
    return [0.5] + [0.5 / (n_columns - 1)] * (n_columns - 1)


def comment_lines(
    comments: pd.DataFrame, titles: Mapping[str, str], width: int, texts: Texts
) -> list[tuple[str, str]]:
    """(text, style) lines in theme order: theme heading, question, bullet lines.

    Examples
    --------
    >>> frame = pd.DataFrame({"theme": ["b", "a"], "kind": ["good", "improve"],
    ...                       "text": ["Schöner Park", "Mehr Bänke"]})
    >>> comment_lines(frame, {"a": "Wege", "b": "Grün"}, 40, Texts())
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Wege', 'theme'), ('What could be better:', 'kind'), ('• Mehr Bänke', 'comment_start'),
     ('Grün', 'theme'), ('What is good:', 'kind'), ('• Schöner Park', 'comment_start')]
    """
    lines: list[tuple[str, str]] = []
    if comments.empty:
        return lines
    order = {slug: i for i, slug in enumerate(titles)}
    frame = comments.assign(_o=comments["theme"].map(order).fillna(len(order)))
    frame = frame.sort_values(["_o", "kind"], kind="stable")
    for theme, group in frame.groupby("theme", sort=False):
        lines.append((titles.get(theme, str(theme)), "theme"))
        for kind, label in texts.report.comment_kinds.items():
            said = group.loc[group["kind"] == kind, "text"].dropna().astype(str)
            if said.empty:
                continue
            lines.append((f"{label}:", "kind"))
            for text in said:
                wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
                lines.append(("• " + wrapped[0], "comment_start"))
                lines.extend(("  " + rest, "comment") for rest in wrapped[1:])
    return lines


def _status(page: AreaPage, texts: Texts) -> str:
    words = texts.report
    if page.index_value is None or pd.isna(page.index_value):
        return words.not_computed
    status = words.status.format(value=texts.number(page.index_value, 2))
    if isinstance(page.index_class_label, str) and page.index_class_label:
        status = words.status_class.format(status=status, label=page.index_class_label)
    return status


def _indicator_table(fig: Figure, frame: pd.DataFrame, texts: Texts) -> None:
    tax = fig.add_axes((0.62, 0.56, 0.34, 0.32))
    tax.set_axis_off()
    headers = [str(c) for c in frame.columns]
    table = tax.table(cellText=_table_cells(frame, texts), colLabels=headers, loc="upper center",
                      cellLoc="left", colLoc="left",
                      colWidths=_column_widths(frame.shape[1]))  # fmt: skip
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    for (row, _), cell in table.get_celld().items():
        cell.get_text().set_fontfamily(FONT)
        cell.set_height(0.075 if row else 0.06)
        if row == 0:
            cell.get_text().set_fontweight("bold")


def _fitting(lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The lines that fit; room is kept for the "more" note, and the cut never leaves half a
    comment or a bare heading."""
    budget = int((_TOP - _BOTTOM) / _LINE)
    if len(lines) <= budget:
        return lines
    shown = lines[: budget - 1]
    while shown and (lines[len(shown)][1] == "comment" or shown[-1][1] in ("theme", "kind")):
        shown = shown[:-1]
    return shown


def _comments(fig: Figure, lines: list[tuple[str, str]], texts: Texts) -> None:
    words = texts.report
    fig.text(0.06, 0.47, words.comments, fontsize=11, fontweight="bold", fontfamily=FONT, va="top")
    if not lines:
        fig.text(0.06, _TOP, words.no_comments, fontsize=8, fontfamily=FONT, va="top",
                 style="italic")  # fmt: skip
    shown = _fitting(lines)
    styles = {"theme": {"fontweight": "bold"}, "kind": {"style": "italic"}}
    for i, (text, style) in enumerate(shown):
        fig.text(0.06 if style == "theme" else 0.08, _TOP - i * _LINE, text, fontsize=8,
                 fontfamily=FONT, va="top", **styles.get(style, {}))  # fmt: skip
    hidden = sum(1 for _, style in lines[len(shown) :] if style == "comment_start")
    if hidden:
        fig.text(0.06, _TOP - len(shown) * _LINE, words.more_comments.format(n=hidden),
                 fontsize=8, fontfamily=FONT, va="top", fontweight="bold")  # fmt: skip


def area_page(
    pdf: PdfPages, page: AreaPage, titles: Mapping[str, str], foot: str, texts: Texts
) -> None:
    """Add ``page`` to ``pdf``; ``titles`` are the theme titles by slug in instrument order."""
    fig = Figure(figsize=A4)
    fig.text(0.06, 0.965, f"{page.name} ({page.code})", fontsize=15, fontweight="bold",
             fontfamily=FONT, va="top")  # fmt: skip
    fig.text(0.06, 0.935, _status(page, texts), fontsize=10, fontfamily=FONT, va="top")
    if page.compass is not None and page.compass.series:
        draw_compass(page.compass, ax=fig.add_axes((0.02, 0.55, 0.58, 0.36)), font_size=6)
    if not page.indicators.empty:
        _indicator_table(fig, page.indicators, texts)
    _comments(fig, comment_lines(page.comments, titles, 115, texts), texts)
    fig.text(0.06, 0.025, foot, fontsize=6.5, fontfamily=FONT, color="0.35")
    pdf.savefig(fig)
