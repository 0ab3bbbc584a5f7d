"""The report as an HTML page from a campaign's data: what the web page shows.

The PDF in :func:`analysis.outputs.build.build_outputs` is rendered from the same HTML
(:mod:`analysis.report.document`), so the page and the file carry the same chapters.
"""

from __future__ import annotations

from collections.abc import Sequence

from analysis.outputs.data import CampaignData
from analysis.outputs.figures import area_compass
from analysis.outputs.results import compute_results
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
) -> str:
    """The campaign's report as a complete HTML document (``stylesheet``: see
    :func:`analysis.report.document.report_html`).

    Examples
    --------
    >>> from tests.support.synthetic import synthetic_campaign
    >>> page = report_page(synthetic_campaign(3, 90, seed=1), stylesheet="/report.css")
    >>> '<link rel="stylesheet" href="/report.css">' in page, "<style>" in page
    (True, False)
    """
    res = compute_results(data, texts)
    compasses = {code: area_compass(res, code) for code in res.areas["code"]}
    return report_html(report_context(res, compasses, sections), stylesheet=stylesheet)
