"""The one PDF engine of the app's printed matter: HTML + print CSS rendered by WeasyPrint.

Posters and the paper questionnaire are Jinja templates under ``app/templates/paper/``
(autoescaped: a title is text, never markup) with print style sheets beside them (``print.css``
for all, ``<name>.css`` for one; no inline style, as in every template); this module turns the
HTML into a tagged PDF (PDF/UA-1) with the document's language set, so screen readers and text
extraction read it in order, and Arabic is shaped and laid out right to left.
"""

from __future__ import annotations

import segno
from flask import render_template
from weasyprint import CSS, HTML

from app.core.i18n import text_direction


def render_pdf(template: str, *, lang: str, title: str, **context: object) -> bytes:
    """Render ``paper/<template>`` in ``lang`` to a tagged A4 PDF.

    The style sheets ``paper/print.css`` and ``paper/<name>.css`` are Jinja templates too (they
    see ``context``), so a size such as the QR code's width has one source.

    Examples
    --------
    With an application context (see the tests)::

        data = render_pdf("posters.html", lang="de", title="Quartierscheck", posters=[])
        assert data.startswith(b"%PDF")
    """
    html = render_template(
        f"paper/{template}", lang=lang, text_dir=text_direction(lang), title=title, **context
    )
    sheets = [
        CSS(string=render_template(f"paper/{name}", **context))
        for name in ("print.css", template.replace(".html", ".css"))
    ]
    return HTML(string=html).write_pdf(
        stylesheets=sheets, pdf_variant="pdf/ua-1", pdf_identifier=None
    )


def qr_svg_path(url: str) -> tuple[str, int]:
    """The QR code of ``url`` as one SVG path (a filled rectangle per run of dark modules).

    Filled rectangles in module units, not strokes, keep the code exact in any renderer.

    Examples
    --------
    >>> path, size = qr_svg_path("https://example.org/s/abc")
    >>> size, path.startswith("M")
    (25, True)
    """
    matrix = segno.make(url, error="m", boost_error=False).matrix
    parts = []
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):
            if not line[col]:
                col += 1
                continue
            start = col
            while col < len(line) and line[col]:
                col += 1
            parts.append(f"M{start} {row}h{col - start}v1h{start - col}z")
    return "".join(parts), len(matrix)
