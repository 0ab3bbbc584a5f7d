"""The report as an HTML page from a campaign's data: what the web page shows.

The PDF in :func:`analysis.outputs.build.build_outputs` is rendered from the same HTML
(:mod:`analysis.report.document`), so the page and the file carry the same chapters.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from analysis.outputs.data import CampaignData
from analysis.outputs.figures import area_compasses
from analysis.outputs.results import Results, compute_results
from analysis.report.context import report_context
from analysis.report.document import report_html
from analysis.report.sections import ReportSection
from analysis.texts import Texts

__all__ = ["report_page"]


def report_page(
    data: CampaignData,
    *,
    texts: Texts | None = None,
    sections: Sequence[ReportSection] = (),
    stylesheet: str | None = None,
    profiles: Collection[str] | None = None,
    results: Results | None = None,
) -> str:
    """The campaign's report as a complete HTML document (``stylesheet``: see
    :func:`analysis.report.document.report_html`; ``profiles``: the area codes with a profile,
    default all; ``results``: ``compute_results(data, texts)`` when already computed).

    Examples
    --------
    >>> from tests.support.synthetic import synthetic_campaign
    >>> page = report_page(synthetic_campaign(3, 90, seed=1), stylesheet="/report.css")
    >>> '<link rel="stylesheet" href="/report.css">' in page, "<style>" in page
    (True, False)
    """
    res = results if results is not None else compute_results(data, texts)
    compasses = area_compasses(res, res.areas["code"] if profiles is None else profiles)
    context = report_context(res, compasses, sections, profiles=profiles)
    return report_html(context, stylesheet=stylesheet)
