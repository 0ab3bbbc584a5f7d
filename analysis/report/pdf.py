"""A printable A4 PDF report: cover, map, one page per area and its round-table record.

Built with matplotlib's PdfPages and plain Figures (no pyplot, nothing downloaded). Everything
passed in must already respect small-group suppression: the report draws what it is given; every
word comes from the caller's :class:`~analysis.texts.Texts`.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from analysis.figures.classes import INDEX_CMAP, Scheme
from analysis.figures.maps import choropleth
from analysis.figures.style import FONT, plain_text
from analysis.report.area import AreaPage, area_page
from analysis.report.roundtable import A4, has_content, write_pages
from analysis.report.validation import validation_page
from analysis.texts import Texts

__all__ = ["build_report_pdf"]


def _cover(pdf: PdfPages, title: str, subtitle: str, notes: list[str], as_of: str) -> None:
    fig = Figure(figsize=A4)
    fig.text(0.1, 0.78, textwrap.fill(title, 40), fontsize=24, fontweight="bold",
             fontfamily=FONT, va="top")  # fmt: skip
    fig.text(0.1, 0.66, subtitle, fontsize=15, fontfamily=FONT, va="top")
    fig.text(0.1, 0.62, as_of, fontsize=11, fontfamily=FONT, va="top")
    text = "\n\n".join(textwrap.fill(note, 85) for note in notes if note)
    fig.text(0.1, 0.45, text, fontsize=9, fontfamily=FONT, va="top", linespacing=1.4)
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
    map_title: str | None = None,
    map_scheme: Scheme = "index_classes",
    map_k: int = 4,
    map_legend_title: str | None = None,
    map_bins: Sequence[float] | None = None,
    map_labels: Sequence[str] | None = None,
    map_cmap: str = INDEX_CMAP,
    texts: Texts | None = None,
    validation: Any = None,
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
        Columns ``slug``, ``position``, ``title`` for the comment headings and round tables.
    source_note : str
        Data sources, printed on the map and at the foot of each page.
    generated_on : date
    method_note : str
        Method and privacy note for the cover (e.g. index method and k).
    map_title, map_scheme, map_k, map_legend_title, map_bins, map_labels, map_cmap
        Passed to :func:`analysis.figures.maps.choropleth` (as title, scheme, k, legend_title,
        bins, labels, cmap); title and legend title default to the index's words in ``texts``.
    texts : Texts, optional
        The reader's words, numbers and dates (default English).
    validation : ValidationResult, optional
        From :func:`analysis.stats.validate.validate_needs`: a page with its sentence, the
        quadrant and every area's interval and category follows the map
        (:mod:`analysis.report.validation`).

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
    texts = texts or Texts()
    path = Path(path)
    as_of = texts.report.as_of.format(date=texts.date(generated_on))
    foot = f"{title} · {subtitle} · {as_of} · {source_note}"
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
        _cover(pdf, title, subtitle, [method_note, source_note], as_of)
        fig = Figure(figsize=A4)
        choropleth(
            areas,
            map_column,
            scheme=map_scheme,
            k=map_k,
            title=map_title or texts.maps.index_title,
            source_note=source_note,
            ax=fig.add_axes((0.06, 0.12, 0.66, 0.76)),
            legend_title=map_legend_title or texts.report.map_legend,
            bins=map_bins,
            labels=map_labels,
            cmap=map_cmap,
            texts=texts,
        )
        pdf.savefig(fig)
        if validation is not None:
            labels = areas["name"] if "name" in areas else areas["code"]
            names = dict(zip(areas["code"].astype(str), labels.astype(str), strict=True))
            validation_page(pdf, validation.areas, validation.params, validation.summary, names,
                            foot, texts)  # fmt: skip
        ordered = themes.sort_values("position") if "position" in themes else themes
        titles = dict(zip(ordered["slug"], ordered["title"], strict=True))
        for page in pages:
            if isinstance(page, Mapping):
                page = AreaPage(**page)
            area_page(pdf, page, titles, foot, texts)
            if has_content(page.round_table):
                heading = f"{page.name} ({page.code})"
                sheet = texts.workbook.sheets["round_table"]
                write_pages(pdf, heading, page.round_table, titles, foot, texts.round_table, sheet)
    return path
