"""The report as one document, two renderings: an accessible HTML page and a tagged PDF/UA.

:func:`report_html` renders the Jinja templates in ``analysis/report/templates/`` (autoescaped)
from :func:`analysis.report.context.report_context`; :func:`write_report_pdf` renders the same
HTML with WeasyPrint to a tagged PDF (PDF/UA-1: structure tree, document language, title,
embedded fonts). Charts are SVG; they are embedded as ``<img>`` with a text alternative, because
matplotlib's SVG styles its shapes with ``style`` attributes that the web pages'
Content-Security-Policy forbids inline, while an image keeps them (and stays vector in the PDF).
"""

from __future__ import annotations

import base64
from os import PathLike
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from analysis.figures.style import SERIES_CLASSES

__all__ = ["CSS", "report_css", "report_html", "svg_uri", "write_report_pdf"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The report's stylesheet (print and screen); the web page serves the same file.
CSS = _TEMPLATES / "report.css"


def svg_uri(svg: str) -> str:
    """An SVG as a ``data:`` URI for an ``<img>``.

    >>> svg_uri("<svg/>")
    'data:image/svg+xml;base64,PHN2Zy8+'
    """
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def report_css() -> str:
    """The report's stylesheet: :data:`CSS` and the compass legend's line styles, taken from
    :data:`analysis.figures.style.SERIES_CLASSES` (the compass's own colours and dashes).

    >>> ".key-experts" in report_css()
    True
    """
    dashes = {"-": "solid", "--": "dashed", ":": "dotted", "-.": "dashed"}
    rules = [
        f".key-{name} {{ border-top: 3px {dashes.get(str(style['linestyle']), 'solid')} "
        f"{style['color']}; }}"
        for name, style in SERIES_CLASSES.items()
    ]
    return CSS.read_text(encoding="utf-8") + "\n".join(rules) + "\n"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["svg_uri"] = svg_uri
    return env


_ENV = _environment()


def report_html(context: dict[str, Any], *, stylesheet: str | None = None) -> str:
    """The report as a complete HTML document.

    ``stylesheet`` is the URL of :func:`report_css` for a web page (whose policy forbids inline
    styles); without it the CSS is written into the document (for the PDF and a saved file).

    Examples
    --------
    >>> from tests.support.synthetic import synthetic_campaign
    >>> from analysis.outputs.results import compute_results
    >>> from analysis.report.context import report_context
    >>> html = report_html(report_context(compute_results(synthetic_campaign(3, 90, seed=1)), {}))
    >>> html.startswith("<!DOCTYPE html>"), '<html lang="en" dir="ltr">' in html
    (True, True)
    """
    css = "" if stylesheet else report_css()
    return _ENV.get_template("report.html").render(**context, css=css, stylesheet=stylesheet)


def _remember_page_references() -> None:
    """Make ``pydyf.PDF.page_references`` build its tuple once per page count.

    WeasyPrint's tagging asks for it for every tagged element, and pydyf rebuilds the tuple
    of all pages each time: quadratic in the pages (about 2 s of 25 for 160 pages, minutes
    for a 1,000-page report; bench/README.md). The pages are only ever appended, so the
    tuple for a given count never changes: the answer is the same, built once.
    """
    import pydyf

    if getattr(pydyf.PDF, "_qk_references", False):
        return
    built = pydyf.PDF.page_references.fget

    def page_references(pdf) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_qk_page_references")
        if cached is None or cached[0] != count:
            cached = (count, built(pdf))
            pdf.__dict__["_qk_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    pydyf.PDF._qk_references = True


def write_report_pdf(html: str, path: str | PathLike[str]) -> Path:
    """Render the report's HTML to a tagged PDF/UA-1 at ``path``.

    Language and title come from the document (``<html lang>``, ``<title>``); fonts are the
    machine's (DejaVu, Liberation), embedded as subsets.

    Examples
    --------
    >>> import tempfile, os
    >>> page = '<html lang="de"><head><title>T</title></head><body><p>A</p></body></html>'
    >>> write_report_pdf(page, os.path.join(tempfile.mkdtemp(), "r.pdf")).read_bytes()[:5]
    b'%PDF-'
    """
    from weasyprint import HTML  # imported here: loading pango costs time an HTML page never needs

    _remember_page_references()
    path = Path(path)
    HTML(string=html, base_url=str(_TEMPLATES)).write_pdf(
        path, pdf_variant="pdf/ua-1", uncompressed_pdf=False
    )
    return path
