"""QR posters: one A4 page per Quartier with a vector QR code of the Quartier's survey link."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import segno
from flask_babel import gettext as _
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from analysis.figures.style import plain_text, wrap_lines
from app.models import Area, Campaign

A4_INCHES = (8.27, 11.69)
CM = 1 / 2.54
#: Width of the QR code on paper (modules only, without the quiet zone); at least 6 cm.
QR_WIDTH_CM = 12.0


@dataclass(frozen=True)
class Poster:
    """What one poster shows (texts already in the poster's language)."""

    area_name: str
    area_code: str
    url: str
    title: str
    call: str
    privacy: str


def qr_path(url: str) -> tuple[Path, int]:
    """The QR code of ``url`` as one compound path in module units (y down), and its size."""
    matrix = segno.make(url, error="m", boost_error=False).matrix
    vertices, codes = [], []
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):
            if not line[col]:
                col += 1
                continue
            start = col
            while col < len(line) and line[col]:
                col += 1
            # One rectangle per run of dark modules keeps the file small.
            vertices += [(start, row), (col, row), (col, row + 1), (start, row + 1), (start, row)]
            codes += [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
    return Path(vertices, codes), len(matrix)


def _page(pdf: PdfPages, poster: Poster) -> None:
    width, height = A4_INCHES
    fig = Figure(figsize=A4_INCHES)
    title = wrap_lines(poster.title, 45)
    fig.text(0.5, 0.93, title, ha="center", va="top", fontsize=20, multialignment="center")
    fig.text(0.5, 0.87, poster.area_name, ha="center", va="top", fontsize=34, weight="bold")
    fig.text(0.5, 0.815, poster.call, ha="center", va="top", fontsize=16)
    path, size = qr_path(poster.url)
    side = QR_WIDTH_CM * CM  # inches
    left = (width - side) / 2 / width
    bottom = 0.30
    ax = fig.add_axes((left, bottom, side / width, side / height))
    ax.add_patch(PathPatch(path, facecolor="black", edgecolor="none", linewidth=0))
    ax.set_xlim(0, size)
    ax.set_ylim(size, 0)
    ax.set_axis_off()
    fig.text(0.5, 0.26, poster.url, ha="center", va="top", fontsize=12, family="monospace")
    privacy = wrap_lines(poster.privacy, 85)
    fig.text(0.5, 0.08, privacy, ha="center", va="bottom", fontsize=11, multialignment="center")
    pdf.savefig(fig)


@plain_text
def posters_pdf(posters: Sequence[Poster]) -> bytes:
    """One A4 PDF page per poster; the QR codes are vector paths, never raster images.

    Titles and area names are drawn as plain text (never mathtext), whatever they contain.
    """
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": posters[0].title if posters else ""}) as pdf:
        for poster in posters:
            _page(pdf, poster)
    return buffer.getvalue()


def campaign_posters(campaign: Campaign, link: Callable[[Area], str]) -> bytes:
    """The posters of every Quartier of the survey; ``link`` gives a Quartier's public address.

    Raises LookupError when the survey has no resident link: posters invite residents.
    """
    if "resident" not in campaign.enabled_roles:
        raise LookupError("no resident link")
    sheets = [
        Poster(
            area_name=area.name,
            area_code=area.code,
            url=link(area),
            title=campaign.title,
            call=_("Rate your Quartier: scan the code with your phone."),
            privacy=_(
                "Anonymous: we do not store your name, IP address or device. "
                "Results are only shown for groups of at least %(k)d people.",
                k=campaign.min_group_size,
            ),
        )
        for area in campaign.areas
    ]
    return posters_pdf(sheets)
