"""The report's validation page: the council sentence, the quadrant and every area's verdict.

The numbers are those of :func:`analysis.stats.validate.validate_needs` (the same as the
validation sheets): the residents' median over all themes with its interval, the category, and
for *unclear* areas the reason. Words come from the caller's :class:`~analysis.texts.Texts`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import FONT
from analysis.report.roundtable import A4
from analysis.texts import Texts

__all__ = ["validation_cells", "validation_page"]

ROWS_PER_PAGE = 22


def validation_cells(areas: pd.DataFrame, names: Mapping[str, str], texts: Texts) -> list[list]:
    """One row per area: name, index class, n, median [interval], category (with reason).

    Examples
    --------
    >>> areas = pd.DataFrame({"area_code": ["1"], "class": [4], "resident_n": [30],
    ...     "resident_median": [3.0], "resident_low": [2.0], "resident_high": [3.0],
    ...     "category": ["confirmed"], "reason": [""]})
    >>> validation_cells(areas, {"1": "Mitte"}, Texts())
    [['Mitte (1)', '4', '30', '3.0 [2.0–3.0]', 'confirmed']]
    """
    words = texts.quadrant
    rows = []
    for r in areas.rename(columns={"class": "index_class"}).itertuples(index=False):
        code = str(r.area_code)
        if code not in names:
            continue
        median = texts.number(r.resident_median) or "–"
        if pd.notna(r.resident_low):
            median += f" [{texts.number(r.resident_low)}–{texts.number(r.resident_high)}]"
        category = words.categories.get(r.category, r.category)
        if r.category == "unclear" and r.reason:
            category += f" ({words.reasons.get(r.reason, r.reason)})"
        klass = "–" if pd.isna(r.index_class) else str(int(r.index_class))
        n = "–" if pd.isna(r.resident_n) else str(int(r.resident_n))
        rows.append([f"{names[code]} ({code})", klass, n, median, category])
    return rows


def validation_page(
    pdf: PdfPages,
    areas: pd.DataFrame,
    params: Mapping,
    summary: str,
    names: Mapping[str, str],
    foot: str,
    texts: Texts,
) -> None:
    """Add the validation page(s): sentence, quadrant, then the areas' table (continued)."""
    words = texts.report
    rule = words.validation_rule.format(
        level=texts.number(100 * params["level"], 0), low=texts.number(params["thresholds"][0], 2),
        high=texts.number(params["thresholds"][1], 2), min=params["scale"][0],
        max=params["scale"][1],
    )  # fmt: skip
    cells = validation_cells(areas, names, texts)
    labels = [words.validation_columns[k] for k in ("area", "index_class", "n", "median",
                                                     "category")]  # fmt: skip
    first = True
    for start in range(0, max(len(cells), 1), ROWS_PER_PAGE):
        fig = Figure(figsize=A4)
        fig.text(0.08, 0.95, words.validation_title, fontsize=15, fontweight="bold",
                 fontfamily=FONT, va="top")  # fmt: skip
        top = 0.91
        if first:
            fig.text(0.08, top, textwrap.fill(summary, 95), fontsize=9, fontfamily=FONT,
                     va="top", linespacing=1.4)  # fmt: skip
            ax = fig.add_axes((0.1, 0.55, 0.5, 0.28))
            quadrant_chart(areas, label_column="area_code", scale=tuple(params["scale"]),
                           low_median=params["thresholds"][0],
                           need_classes=tuple(params["need_classes"]), ax=ax,
                           texts=texts)  # fmt: skip
            top = 0.47
        fig.text(0.08, top, textwrap.fill(rule, 105), fontsize=7.5, fontfamily=FONT, va="top")
        chunk = cells[start : start + ROWS_PER_PAGE]
        if chunk:
            table_ax = fig.add_axes((0.08, 0.06, 0.84, top - 0.1))
            table_ax.axis("off")
            widths = [0.25, 0.07, 0.06, 0.18, 0.44]
            table = table_ax.table(cellText=chunk, colLabels=labels, loc="upper left",
                                   colWidths=widths, cellLoc="left")  # fmt: skip
            table.auto_set_font_size(False)
            table.set_fontsize(7.5)
        fig.text(0.08, 0.025, foot, fontsize=6.5, fontfamily=FONT, color="0.4")
        pdf.savefig(fig)
        first = False
