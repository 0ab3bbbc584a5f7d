"""QR posters: one A4 page per Quartier with a vector QR code of the Quartier's survey link.

The page is ``app/templates/paper/posters.html``, rendered by the one PDF engine
(:mod:`app.services.printing`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from app.core.i18n import current_locale
from app.models import Area, Campaign
from app.services.audience import spoken
from app.services.printing import qr_svg_path, render_pdf

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


def posters_pdf(posters: Sequence[Poster], lang: str) -> bytes:
    """One A4 PDF page per poster; the QR codes are vector paths, never raster images.

    Titles and area names are text in an autoescaped template, whatever they contain.

    Examples
    --------
    With an application context (see the tests)::

        poster = Poster("Altstadt", "1 a", "https://example.org/s/x/1%20a", "Check", "Scan", "")
        assert posters_pdf([poster], "de").startswith(b"%PDF")
    """
    pages = []
    for poster in posters:
        path, size = qr_svg_path(poster.url)
        label = _("QR code of the link %(url)s", url=poster.url)
        pages.append({**poster.__dict__, "qr_path": path, "qr_size": size, "qr_label": label})
    title = posters[0].title if posters else ""
    return render_pdf(
        "posters.html", lang=lang, title=title, posters=pages, qr_width_cm=QR_WIDTH_CM
    )


def campaign_posters(campaign: Campaign, link: Callable[[Area], str]) -> bytes:
    """The posters of every Quartier of the survey; ``link`` gives a Quartier's public address.

    Raises LookupError when the survey has no resident link: posters invite residents.
    """
    if "resident" not in campaign.enabled_roles:
        raise LookupError("no resident link")
    audience = campaign.instrument.audience
    sheets = [
        Poster(
            area_name=area.name,
            area_code=area.code,
            url=link(area),
            title=campaign.title,
            call=spoken(audience, "poster_call"),
            privacy=spoken(audience, "poster_privacy", k=campaign.min_group_size),
        )
        for area in campaign.areas
    ]
    return posters_pdf(sheets, current_locale())
