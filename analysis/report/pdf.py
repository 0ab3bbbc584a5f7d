"""A printable A4 PDF report: cover, index map, one page per area and its round-table record.

Built with matplotlib's PdfPages and plain Figures (no pyplot, nothing downloaded). Everything
passed in must already respect small-group suppression: the report draws what it is given.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis.figures.compass import Compass
from analysis.figures.compass_png import draw_compass
from analysis.figures.maps import Scheme, choropleth
from analysis.figures.style import FONT, format_de, plain_text
from analysis.report.roundtable import A4, has_content, write_pages

__all__ = ["A4", "COMMENT_KINDS", "AreaPage", "build_report_pdf"]

#: Headings for the two comment questions of the StadtRaumMonitor.
COMMENT_KINDS = {"good": "Was ist gut", "improve": "Was könnte besser sein"}
_LINE = 0.0125  # height of one 8-pt text line as a fraction of the A4 page


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
        Ready-to-print table, e.g. columns Indikator, Jahr, Wert; floats are printed German-style.
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


def _date_de(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _cover(pdf: PdfPages, title: str, subtitle: str, notes: list[str], day: dt.date) -> None:
    fig = Figure(figsize=A4)
    fig.text(
        0.1,
        0.78,
        textwrap.fill(title, 40),
        fontsize=24,
        fontweight="bold",
        fontfamily=FONT,
        va="top",
    )
    fig.text(0.1, 0.66, subtitle, fontsize=15, fontfamily=FONT, va="top")
    fig.text(0.1, 0.62, f"Stand: {_date_de(day)}", fontsize=11, fontfamily=FONT, va="top")
    text = "\n\n".join(textwrap.fill(note, 85) for note in notes if note)
    fig.text(0.1, 0.45, text, fontsize=9, fontfamily=FONT, va="top", linespacing=1.4)
    pdf.savefig(fig)


def _table_cells(frame: pd.DataFrame) -> list[list[str]]:
    def cell(value: Any) -> str:
        if isinstance(value, float):
            return format_de(value, 1)
        return "" if value is None or value is pd.NA else textwrap.fill(str(value), 24)

    return [[cell(v) for v in row] for row in frame.itertuples(index=False)]


def _column_widths(n_columns: int) -> list[float]:
    """The first column (indicator names) gets half the table width."""
    if n_columns == 1:
        return [1.0]
    return [0.5] + [0.5 / (n_columns - 1)] * (n_columns - 1)


def _comment_lines(comments: pd.DataFrame, titles: Mapping[str, str], width: int) -> list[tuple]:
    """(text, style) lines in theme order: theme heading, question, bullet lines."""
    lines: list[tuple[str, str]] = []
    if comments.empty:
        return lines
    order = {slug: i for i, slug in enumerate(titles)}
    frame = comments.assign(_o=comments["theme"].map(order).fillna(len(order)))
    for theme, group in frame.sort_values(["_o", "kind"], kind="stable").groupby(
        "theme", sort=False
    ):
        lines.append((titles.get(theme, str(theme)), "theme"))
        for kind, label in COMMENT_KINDS.items():
            texts = group.loc[group["kind"] == kind, "text"].dropna().astype(str)
            if texts.empty:
                continue
            lines.append((f"{label}:", "kind"))
            for text in texts:
                wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
                lines.append(("• " + wrapped[0], "comment_start"))
                lines.extend(("  " + rest, "comment") for rest in wrapped[1:])
    return lines


def _area_page(pdf: PdfPages, page: AreaPage, themes: pd.DataFrame, foot: str) -> None:
    fig = Figure(figsize=A4)
    fig.text(
        0.06,
        0.965,
        f"{page.name} ({page.code})",
        fontsize=15,
        fontweight="bold",
        fontfamily=FONT,
        va="top",
    )
    if page.index_value is not None and not pd.isna(page.index_value):
        status = f"Status-Index: {format_de(page.index_value, 2)}"
        if isinstance(page.index_class_label, str) and page.index_class_label:
            status += f" – Klasse „{page.index_class_label}“"
    else:
        status = "Status-Index: nicht berechnet"
    fig.text(0.06, 0.935, status, fontsize=10, fontfamily=FONT, va="top")
    if page.compass is not None and page.compass.series:
        draw_compass(page.compass, ax=fig.add_axes((0.02, 0.55, 0.58, 0.36)), font_size=6)
    if not page.indicators.empty:
        tax = fig.add_axes((0.62, 0.56, 0.34, 0.32))
        tax.set_axis_off()
        table = tax.table(
            cellText=_table_cells(page.indicators),
            colLabels=[str(c) for c in page.indicators.columns],
            loc="upper center",
            cellLoc="left",
            colLoc="left",
            colWidths=_column_widths(page.indicators.shape[1]),
        )
        table.auto_set_font_size(False)
        table.set_fontsize(7)
        for (row, _), cell in table.get_celld().items():
            cell.get_text().set_fontfamily(FONT)
            cell.set_height(0.075 if row else 0.06)
            if row == 0:
                cell.get_text().set_fontweight("bold")
    titles = dict(zip(themes["slug"], themes["title"], strict=True))
    lines = _comment_lines(page.comments, titles, width=115)
    fig.text(0.06, 0.47, "Kommentare", fontsize=11, fontweight="bold", fontfamily=FONT, va="top")
    top, bottom = 0.445, 0.05
    budget = int((top - bottom) / _LINE)
    if not lines:
        fig.text(
            0.06,
            top,
            "Keine Kommentare vorhanden oder ausgewiesen.",
            fontsize=8,
            fontfamily=FONT,
            va="top",
            style="italic",
        )
    shown = lines
    if len(lines) > budget:
        # Keep a line for the "more" note; never end with half a comment or a bare heading.
        shown = lines[: budget - 1]
        while shown and (lines[len(shown)][1] == "comment" or shown[-1][1] in ("theme", "kind")):
            shown = shown[:-1]
    styles = {"theme": {"fontweight": "bold"}, "kind": {"style": "italic"}}
    for i, (text, style) in enumerate(shown):
        x = 0.06 if style == "theme" else 0.08
        fig.text(
            x, top - i * _LINE, text, fontsize=8, fontfamily=FONT, va="top", **styles.get(style, {})
        )
    hidden = sum(1 for _, style in lines[len(shown) :] if style == "comment_start")
    if hidden:
        fig.text(
            0.06,
            top - len(shown) * _LINE,
            f"… weitere {hidden} Kommentare",
            fontsize=8,
            fontfamily=FONT,
            va="top",
            fontweight="bold",
        )
    fig.text(0.06, 0.025, foot, fontsize=6.5, fontfamily=FONT, color="0.35")
    pdf.savefig(fig)


@plain_text
def build_report_pdf(
    path: str | PathLike[str],
    *,
    title: str,
    subtitle: str,
    areas: gpd.GeoDataFrame,
    map_column: str,
    pages: Iterable[AreaPage | Mapping[str, Any]],
    themes: pd.DataFrame,
    source_note: str,
    generated_on: dt.date,
    method_note: str = "",
    map_title: str = "Status-Index",
    map_scheme: Scheme = "index_classes",
    map_k: int = 4,
    map_legend_title: str | None = "Status-Index-Klasse",
    map_bins: Sequence[float] | None = None,
    map_cmap: str = "OrRd",
) -> Path:
    """Write the report: cover page, a map page and one A4 page per area (plus its round table).

    Parameters
    ----------
    path : path
        Output PDF.
    title, subtitle : str
        Report title and subtitle (e.g. the Kommune and survey round).
    areas : GeoDataFrame
        Areas with ``map_column`` for the map page (e.g. the index class).
    map_column : str
    pages : iterable of AreaPage (or dicts with its fields)
        One page per item, in the given order.
    themes : DataFrame
        Columns ``slug``, ``position``, ``title`` for the compass and comment headings.
    source_note : str
        Data sources, printed on the map and at the foot of each page.
    generated_on : date
    method_note : str
        Method and privacy note for the cover (e.g. index method and k).
    map_title, map_scheme, map_k, map_legend_title, map_bins, map_cmap
        Passed to :func:`analysis.figures.maps.choropleth` (as title, scheme, k, legend_title, bins,
        cmap).

    Returns
    -------
    Path

    Examples
    --------
    >>> import datetime, tempfile, os
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"code": ["1"], "c": [4]}, geometry=[box(13, 52, 13.1, 52.1)],
    ...                      crs="EPSG:4326")
    >>> t = pd.DataFrame({"slug": ["a", "b", "c"], "position": [1, 2, 3], "title": ["A", "B", "C"]})
    >>> p = build_report_pdf(os.path.join(tempfile.mkdtemp(), "r.pdf"), title="Bericht",
    ...     subtitle="Musterstadt", areas=g, map_column="c", pages=[AreaPage("1", "Mitte")],
    ...     themes=t, source_note="Daten: Musterstadt", generated_on=datetime.date(2025, 1, 31))
    >>> p.read_bytes()[:4]
    b'%PDF'
    """
    if not isinstance(generated_on, dt.date):
        raise TypeError("generated_on must be a datetime.date")
    if not isinstance(areas, gpd.GeoDataFrame):
        raise TypeError("areas must be a GeoDataFrame")
    path = Path(path)
    foot = f"{title} · {subtitle} · Stand {_date_de(generated_on)} · {source_note}"
    stamp = dt.datetime.combine(generated_on, dt.time(), tzinfo=dt.UTC)
    metadata = {
        "Title": title,
        "Subject": subtitle,
        "CreationDate": stamp,
        "ModDate": stamp,
        "Creator": "Quartierskompass",
        "Producer": None,
    }
    with PdfPages(path, metadata=metadata) as pdf:
        _cover(pdf, title, subtitle, [method_note, source_note], generated_on)
        fig = Figure(figsize=A4)
        ax = fig.add_axes((0.06, 0.12, 0.66, 0.76))
        choropleth(
            areas,
            map_column,
            scheme=map_scheme,
            k=map_k,
            title=map_title,
            source_note=source_note,
            ax=ax,
            legend_title=map_legend_title,
            bins=map_bins,
            cmap=map_cmap,
        )
        pdf.savefig(fig)
        ordered = themes.sort_values("position") if "position" in themes else themes
        titles = dict(zip(ordered["slug"], ordered["title"], strict=True))
        for page in pages:
            if isinstance(page, Mapping):
                page = AreaPage(**page)
            _area_page(pdf, page, themes, foot)
            if has_content(page.round_table):
                write_pages(pdf, f"{page.name} ({page.code})", page.round_table, titles, foot)
    return path
